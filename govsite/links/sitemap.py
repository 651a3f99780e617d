"""What the portal serves, known from the sources alone (no build).

The docs tree MkDocs builds from is ``content/`` (the portal's own pages) plus every
unit folder mounted at ``<unit-id>/`` (``units/<unit-id>/...`` without ``unit.yml``),
plus the generated pages: ``<unit>/index.md`` (the unit's home), ``<unit>/<column>/index.md``
(a column's list) and ``<unit>/<column>/page/<n>.md`` (its further pages). A Markdown
source ``a/b.md`` is served at ``/a/b/`` and ``a/index.md`` at ``/a/``
(``use_directory_urls``).
"""

from __future__ import annotations

import math
import posixpath
from functools import cached_property
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from govsite.core.errors import GovsiteError
from govsite.core.paths import PagePath
from govsite.core.project import CONTENT_DIR, UNITS_DIR, Project

# Served by the theme or by MkDocs itself, not by a source file.
THEME_PATHS = ("assets/", "search/", "pagefind/", "sitemap.xml", "sitemap.xml.gz", "404.html", "javascripts/", "stylesheets/")


class SiteMap:
    """Answers "does the portal serve this?" for source paths and addresses."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.root = project.root
        self._counts: dict[tuple[str, str], int] = {}

    # -- source paths ---------------------------------------------------------
    @staticmethod
    def docs_uri(rel: str) -> str | None:
        """``units/u/c/s.md`` -> ``u/c/s.md``; ``content/x.md`` -> ``x.md``; else None."""
        return PagePath(rel).docs_uri

    @cached_property
    def unit_ids(self) -> set[str]:
        return set(self.project.unit_ids())

    def _list_columns(self, unit_id: str) -> dict[str, str] | None:
        """Columns of a unit that have a generated list page (id -> kind); None if
        unit.yml does not load. Link columns have none."""
        try:
            unit = self.project.unit(unit_id)
        except GovsiteError:
            return None
        return {c.id: c.kind for c in unit.columns if c.has_folder or c.kind == "generated"}

    def generated(self, uri: str) -> bool:
        """Whether ``uri`` is a page the hooks generate (unit home, column lists)."""
        parts = PurePosixPath(uri).parts
        if not parts or parts[0] not in self.unit_ids:
            return False
        if parts[1:] == ("index.md",):
            return True
        columns = self._list_columns(parts[0])
        if columns is None or len(parts) < 3 or parts[1] not in columns:
            return False
        if parts[2:] == ("index.md",):
            return True
        if len(parts) == 4 and parts[2] == "page" and parts[3].endswith(".md"):
            number = parts[3][:-3]
            if not number.isdigit():
                return False
            pages = max(1, math.ceil(self._listed(parts[0], parts[1], columns[parts[1]]) / self.project.settings.page_size))
            return 2 <= int(number) <= pages
        return False

    def _listed(self, unit_id: str, column_id: str, kind: str) -> int:
        """How many pages a list page counts; once per list: counting for every link to
        one of its pages made the link check O(list pages × column size)."""
        key = (unit_id, column_id)
        if key not in self._counts:
            if kind == "generated":  # e.g. 政府信息公开目录: lists the whole unit
                self._counts[key] = len(self.project.page_paths(unit_id))
            else:
                self._counts[key] = len(self.project.column_pages(unit_id, column_id))
        return self._counts[key]

    def source(self, uri: str) -> Path | None:
        """The authored file behind a docs-tree path, if any."""
        if not uri or uri.startswith("../") or uri in (".", ".."):
            return None
        parts = PurePosixPath(uri).parts
        if any(p.startswith(".") for p in parts):
            return None
        content = self.root / CONTENT_DIR / uri
        if content.is_file():
            return content
        if parts[0] in self.unit_ids and parts[1:] != ("unit.yml",) and len(parts) > 1:
            unit_file = self.root / UNITS_DIR / uri
            if unit_file.is_file():
                return unit_file
        return None

    def exists(self, uri: str) -> bool:
        """Whether the docs tree has ``uri`` (authored or generated)."""
        return self.source(uri) is not None or self.generated(uri)

    def is_dir(self, uri: str) -> bool:
        uri = uri.rstrip("/")
        if not uri or uri == ".":
            return True
        return (self.root / CONTENT_DIR / uri).is_dir() or (
            PurePosixPath(uri).parts[0] in self.unit_ids and (self.root / UNITS_DIR / uri).is_dir())

    @staticmethod
    def join(from_uri: str, path: str) -> str:
        """The docs-tree path a relative link of ``from_uri`` points to (may start with ../)."""
        return posixpath.normpath(posixpath.join(posixpath.dirname(from_uri), path))

    # -- addresses ------------------------------------------------------------
    @staticmethod
    def served_url(uri: str) -> str:
        """The address of a docs-tree Markdown path: ``a/b.md`` -> ``/a/b/``."""
        if not uri.endswith(".md"):
            return "/" + uri
        stem = uri[:-3]
        if stem == "index" or stem.endswith("/index"):
            stem = stem[:-5]
            return "/" + stem
        return "/" + stem + "/"

    def serves(self, address: str) -> bool:
        """Whether a site-absolute address (``/a/b/``, ``/a/img.png``) is served."""
        path = unquote(urlsplit(address).path).lstrip("/")
        if path.startswith(THEME_PATHS) or path in THEME_PATHS:
            return True
        return any(self.exists(candidate) for candidate in self.candidates(path))

    @staticmethod
    def candidates(path: str) -> list[str]:
        """Docs-tree paths that could be served at ``path`` (relative to the site root)."""
        path = posixpath.normpath(path) if path else ""
        if path in ("", "."):
            return ["index.md", "README.md"]
        if path.startswith(".."):
            return []
        last = path.rsplit("/", 1)[-1]
        if last.endswith(".html"):
            stem = path[:-5]
            if stem == "index" or stem.endswith("/index"):
                base = stem[:-5].rstrip("/")
                return [f"{base}/index.md" if base else "index.md", f"{base}.md" if base else "index.md"]
            return [f"{stem}.md"]
        if "." in last:
            return [path]
        return [f"{path}/index.md", f"{path}.md", f"{path}/README.md"]

"""Where a page lives and where it is served, parsed in one place.

A unit's page is ``units/<unit-id>/<column-id>/<slug>.md``, served at
``/<unit-id>/<column-id>/<slug>/``; a portal page is ``content/<path>.md``, served at
``/<path>/`` (``content/index.md`` at ``/``). A new-media post is
``units/<unit-id>/newmedia/<account-id>/<slug>.md``: it belongs to its unit (the same
roster signs it) but to no column, and it is never served as a web page (第十一条: it
goes through the same gate, then to the platform by ``govsite newmedia export``). Both are mounted in the docs tree MkDocs
builds without their first folder. That shape is a contract (docs/design.md): code
that needs the unit, the column, the slug, the address or the docs-tree path of a page
asks :class:`PagePath` instead of splitting the path by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

UNITS_DIR = "units"
CONTENT_DIR = "content"
PAGE_SUFFIX = ".md"
NEWMEDIA_DIR = "newmedia"  # units/<unit>/newmedia/<account>/: a unit's new-media posts, never a column
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class PagePath:
    """A repository-relative POSIX path, read as a page path.

    Only a path of exactly four segments under ``units/`` (none empty, ``.`` or ``..``)
    has a unit and a column. :attr:`is_unit_page` is stricter: a page that can be
    signed also has no control character in any name (names are data: a record or a
    pull request naming ``q\n::stop-commands::`` is not a page path).
    """

    rel: str

    @cached_property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.rel.split("/"))

    @property
    def name(self) -> str:
        return self.parts[-1]

    @property
    def slug(self) -> str:
        """The file name without ``.md`` (the last segment of the address)."""
        name = self.name
        if name.endswith(PAGE_SUFFIX) and len(name) > len(PAGE_SUFFIX):
            return name[: -len(PAGE_SUFFIX)]
        stem, dot, _ = name.rpartition(".")
        return stem if dot and stem else name

    @property
    def in_units(self) -> bool:
        """Somewhere under ``units/`` (a page there is published, wherever it lies)."""
        return len(self.parts) > 1 and self.parts[0] == UNITS_DIR

    @property
    def in_content(self) -> bool:
        """Somewhere under ``content/`` (the portal's own pages)."""
        return len(self.parts) > 1 and self.parts[0] == CONTENT_DIR

    @cached_property
    def _unit_column(self) -> tuple[str, str] | None:
        parts = self.parts
        if len(parts) != 4 or parts[0] != UNITS_DIR or any(p in ("", ".", "..") for p in parts):
            return None
        return parts[1], parts[2]

    @property
    def _signable_name(self) -> bool:
        """A Markdown file with a name before ``.md`` and no control character in its path."""
        return self.name.endswith(PAGE_SUFFIX) and len(self.name) > len(PAGE_SUFFIX) and not _CONTROL_RE.search(self.rel)

    @cached_property
    def _post(self) -> tuple[str, str] | None:
        parts = self.parts
        if (len(parts) != 5 or parts[0] != UNITS_DIR or parts[2] != NEWMEDIA_DIR
                or any(p in ("", ".", "..") for p in parts)):
            return None
        return parts[1], parts[3]

    @property
    def unit(self) -> str | None:
        """The unit id of ``units/<unit>/<column>/<file>`` or of a post
        ``units/<unit>/newmedia/<account>/<file>``; None for any other shape."""
        found = self._unit_column or self._post
        return found[0] if found else None

    @property
    def account(self) -> str | None:
        """The account id of a post ``units/<unit>/newmedia/<account>/<file>``; None otherwise."""
        found = self._post
        return found[1] if found else None

    @property
    def in_newmedia(self) -> bool:
        """Anywhere under ``units/<unit>/newmedia/``: posts, their images and post logs,
        none of which is published on the website."""
        parts = self.parts
        return len(parts) > 3 and parts[0] == UNITS_DIR and parts[2] == NEWMEDIA_DIR

    @property
    def is_post(self) -> bool:
        """Exactly ``units/<unit>/newmedia/<account>/<slug>.md``: a post that can be reviewed and signed."""
        return self._post is not None and self._signable_name

    @property
    def column(self) -> str | None:
        """The column id of ``units/<unit>/<column>/<file>``; None for any other shape."""
        found = self._unit_column
        return found[1] if found else None

    @property
    def is_unit_page(self) -> bool:
        """Exactly ``units/<unit>/<column>/<slug>.md``: a page that can be reviewed and signed."""
        return self._unit_column is not None and self._signable_name

    @property
    def is_portal_page(self) -> bool:
        """``content/<path>.md`` that can be reviewed and signed (by the portal owner's roster):
        any depth, no empty segment, none starting with a dot, no control character."""
        parts = self.parts
        return (self.in_content and self.name.endswith(PAGE_SUFFIX) and len(self.name) > len(PAGE_SUFFIX)
                and all(p and not p.startswith(".") for p in parts[1:]) and not _CONTROL_RE.search(self.rel))

    @property
    def portal_path(self) -> str | None:
        """``content/zwgk/about.md`` -> ``zwgk/about`` for a portal page; None otherwise."""
        if not self.is_portal_page:
            return None
        return "/".join(self.parts[1:])[: -len(PAGE_SUFFIX)]

    @property
    def docs_uri(self) -> str | None:
        """Path in the docs tree: ``units/u/c/s.md`` -> ``u/c/s.md``, ``content/x.md`` -> ``x.md``;
        None for a path outside both."""
        if self.in_units or self.in_content:
            return "/".join(self.parts[1:])
        return None

    @property
    def mounted(self) -> str:
        """:attr:`docs_uri` of a path known to be under ``units/`` or ``content/``."""
        uri = self.docs_uri
        if uri is None:
            raise ValueError(f"{self.rel} is not under {UNITS_DIR}/ or {CONTENT_DIR}/")
        return uri

    @property
    def url(self) -> str | None:
        """The served address: ``/<unit>/<column>/<slug>/`` for a unit's page, ``/<path>/``
        for a portal page (``/`` for ``content/index.md``); None for other paths."""
        if self.is_unit_page:
            return f"/{self.unit}/{self.column}/{self.slug}/"
        if self.in_content and self.name.endswith(PAGE_SUFFIX):
            inner = "/".join(self.parts[1:-1] + (self.slug,))
            inner = inner[: -len("index")] if inner == "index" or inner.endswith("/index") else inner + "/"
            return "/" + inner
        return None

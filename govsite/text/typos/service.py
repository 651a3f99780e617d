"""What the typo rules share within one process: the detector, the rulebook and each
project's archive of published pages (built from ``units/**/*.md`` and cached under
the user's cache directory (``~/.cache/govsite/typo/``, never the work tree) keyed by the
pages' paths, sizes and modification times).

Pages over the size limits (FIL011) stay out of the archive: reading them would make
the check of every other page as slow as the largest file."""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

from govsite.core.diskcache import cache_root
from govsite.core.errors import ConfigError
from govsite.core.memo import memo
from govsite.core.pages import DEFAULT_LIMITS, FRONTMATTER_RE, Limits
from govsite.core.project import Project
from govsite.text.typos.archive import EMPTY, Archive, ArchiveView, fingerprint
from govsite.text.typos.detector import Detector
from govsite.text.typos.names import KnownNames
from govsite.text.typos.names import builtin as builtin_names
from govsite.text.typos.resources import tables

_lock = threading.Lock()
_detector: Detector | None = None
_archives: dict[str, tuple[str, Archive]] = {}


def detector() -> Detector:
    global _detector
    with _lock:
        if _detector is None:
            _detector = Detector(tables())  # per-user cache: the tables do not depend on the site
    return _detector


def _page_files(root: Path) -> list[tuple[str, int, int]]:
    units = root / "units"
    out: list[tuple[str, int, int]] = []
    if not units.is_dir():
        return out
    for folder, dirs, files in os.walk(units):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.endswith(".md"):
                path = Path(folder) / name
                try:
                    st = path.stat()
                except OSError:
                    continue
                out.append((path.relative_to(root).as_posix(), st.st_size, st.st_mtime_ns))
    return out


def _body(raw: str) -> str:
    m = FRONTMATTER_RE.match(raw)
    return raw[m.end():] if m else raw


# Only the Chinese n-grams of a page count in the archive, so its text is taken from the
# Markdown source without a full parse (which cost ten times the counting): code, HTML
# comments and tags are dropped, and inline markup (** _ ~ ` [ ]) is removed so that it
# does not split a phrase the reader sees whole.
_NOT_PROSE = re.compile(r"^(```|~~~).*?^\1[^\n]*$|<!--.*?-->|<[^>\n]*>", re.S | re.M)
_INLINE_MARKUP = re.compile(r"[*_~`\[\]]")


def archive_text(body: str) -> str:
    """The text of a page's Markdown body as far as its Chinese n-grams go."""
    return _INLINE_MARKUP.sub("", _NOT_PROSE.sub("\n", body))


def _within(raw: str, limits: Limits) -> bool:
    return len(raw) <= limits.line_chars or max(map(len, raw.split("\n"))) <= limits.line_chars


def archive(root: Path, limits: Limits = DEFAULT_LIMITS) -> Archive:
    """The archive of a project's pages, rebuilt only when a page changed."""
    root = root.resolve()
    entries = [e for e in _page_files(root) if e[1] <= limits.page_bytes]
    key = fingerprint([*entries, (f"limits:{limits.page_bytes}:{limits.line_chars}", 0, 0)])
    with _lock:
        memo = _archives.get(str(root))
        if memo and memo[0] == key:
            return memo[1]
    # The user's cache directory, never the work tree: a pickle is code, and nothing a
    # pull request carries may be loaded as one (nor vouch for a page).
    site = hashlib.sha256(str(root).encode()).hexdigest()[:16]
    path = cache_root() / "typo" / site / f"archive-{key}.pickle"
    arch = Archive.load(path)
    if arch is None:
        def docs() -> Iterator[tuple[str, str]]:
            for rel, _size, _mtime in entries:
                try:
                    raw = (root / rel).read_text("utf-8")
                except (OSError, UnicodeDecodeError):
                    continue
                if len(raw) <= limits.page_bytes and _within(raw, limits):
                    yield rel, archive_text(_body(raw))

        arch = Archive.build(docs())
        try:
            for old in path.parent.glob("archive-*.pickle"):
                old.unlink()
            arch.save(path)
        except OSError:
            pass
    with _lock:
        _archives[str(root)] = (key, arch)
    return arch


def _project_archive(project: Project) -> Archive:
    return archive(project.root, project.limits)


_PIECES = re.compile(r"[\u4e00-\u9fff]{2,}")


def _known_names(project: Project) -> KnownNames:
    """The built-in place names plus what this site knows: its units, their people (names
    and the Chinese phrases of their titles), the portal, and ``typos.terms``."""
    extra: list[str] = []
    try:
        settings = project.settings
        extra += [str(t) for t in settings.typos.terms]
        extra += [settings.portal.name or "", settings.portal.organizer or ""]
        units = project.units()
    except (ConfigError, OSError):
        units = []  # the config rules report the error; names then come from the list only
    for unit in units:
        extra += [unit.name, unit.short_name]
        for person in unit.people:
            extra.append(person.name)
            extra += _PIECES.findall(person.title or "")
    return builtin_names().extended(extra)


def known_names(project: Project) -> KnownNames:
    """Once per project object (one check run)."""
    return memo(project, _known_names)


def archive_view(project: Project, rel: str, body_prose: str) -> ArchiveView:
    """The archive seen from one page. The archive is looked up once per project object
    (one check run, one build): walking every page for every page checked was quadratic."""
    try:
        return memo(project, _project_archive).view(rel, body_prose)
    except OSError:
        return EMPTY

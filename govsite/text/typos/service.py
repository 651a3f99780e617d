"""What the typo rules share within one process: the detector, the rulebook and each
project's archive of published pages (``units/**/*.md``), cached under the user's cache
directory (``~/.cache/govsite/typo/``, never the work tree).

The archive is what the site has *published*: the pages of the base branch's commit
in a pull request's check, of the last commit otherwise, read from git and keyed by
that commit's tree. So pages a pull request adds or edits never vouch for their own
phrases (twenty new pages repeating a typo do not make it look usual), an edit does not
make the next check count the whole district again (a preview server, a ten-page pull
request), and two checks of one commit share one archive. Outside git, or before the
first commit, the pages of the work tree are counted instead (keyed by their paths,
sizes and modification times). A page is judged against the archive without its own
archived version.

Pages over the size limits (FIL011) stay out of the archive: reading them would make
the check of every other page as slow as the largest file."""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from govsite.core import buildcache, gitio
from govsite.core.diskcache import cache_root
from govsite.core.errors import ConfigError
from govsite.core.memo import memo
from govsite.core.pages import DEFAULT_LIMITS, FRONTMATTER_RE, Limits
from govsite.core.project import UNITS_DIR, Project
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


def _load_or_build(root: Path, key: str, docs: Callable[[], Iterator[tuple[str, str]]]) -> Archive:
    """The archive ``key`` names: from this process, the user's cache, or counted now."""
    with _lock:
        memo_ = _archives.get(str(root))
        if memo_ and memo_[0] == key:
            return memo_[1]
    # The user's cache directory, never the work tree: a pickle is code, and nothing a
    # pull request carries may be loaded as one (nor vouch for a page).
    site = hashlib.sha256(str(root).encode()).hexdigest()[:16]
    path = cache_root() / "typo" / site / f"archive-{key}.pickle"
    kept = buildcache.usable(path.parent)
    arch = Archive.load(path) if kept else None
    if arch is None:
        arch = Archive.build(docs())
        if kept:
            try:
                for old in path.parent.glob("archive-*.pickle"):
                    old.unlink()
                arch.save(path)
            except OSError:
                pass
    with _lock:
        _archives[str(root)] = (key, arch)
    return arch


def _prose(raw: str, limits: Limits) -> str | None:
    """A page's text as the archive counts it; None for a page over the size limits."""
    if len(raw) > limits.page_bytes or not _within(raw, limits):
        return None
    return archive_text(_body(raw))


def archive(root: Path, limits: Limits = DEFAULT_LIMITS) -> Archive:
    """The archive of the pages of the work tree, counted again only when a page changed."""
    root = root.resolve()
    entries = [e for e in _page_files(root) if e[1] <= limits.page_bytes]
    key = fingerprint([*entries, (f"limits:{limits.page_bytes}:{limits.line_chars}", 0, 0)])

    def docs() -> Iterator[tuple[str, str]]:
        for rel, _size, _mtime in entries:
            try:
                text = _prose((root / rel).read_text("utf-8"), limits)
            except (OSError, UnicodeDecodeError):
                continue
            if text is not None:
                yield rel, text

    return _load_or_build(root, key, docs)


BATCH = 2000  # blobs read from git at a time: a district's pages never sit in memory at once


def published_archive(root: Path, commit: str, limits: Limits = DEFAULT_LIMITS) -> Archive:
    """The archive of the pages of ``commit``, keyed by its tree of ``units/``."""
    blobs = gitio.tree_blobs(root, commit, UNITS_DIR)
    pages = sorted((rel, sha) for rel, sha in blobs.items() if rel.endswith(".md"))
    digest = hashlib.sha256(f"limits:{limits.page_bytes}:{limits.line_chars}\n".encode())
    for rel, sha in pages:
        digest.update(f"{rel}\0{sha}\n".encode())
    key = "git-" + digest.hexdigest()[:20]

    def docs() -> Iterator[tuple[str, str]]:
        for start in range(0, len(pages), BATCH):
            batch = pages[start:start + BATCH]
            data = dict(gitio.read_blobs(root, [sha for _, sha in batch]))
            for rel, sha in batch:
                raw = data.get(sha)
                if raw is None or len(raw) > limits.page_bytes:
                    continue
                try:
                    text = _prose(raw.decode("utf-8"), limits)
                except UnicodeDecodeError:
                    continue
                if text is not None:
                    yield rel, text

    return _load_or_build(root, key, docs)


def _published_commit(project: Project) -> str | None:
    """The commit whose pages are the published site: the base branch's in a pull
    request's check, else the last commit; None outside git or before the first commit."""
    try:
        return project.base_sha or gitio.head_sha(project.root)
    except gitio.NotARepository:
        return None


@dataclass(frozen=True)
class _SiteArchive:
    archive: Archive
    commit: str | None  # the commit counted; None: the work tree


def _project_archive(project: Project) -> _SiteArchive:
    commit = _published_commit(project)
    if commit is None:
        return _SiteArchive(archive(project.root, project.limits), None)
    return _SiteArchive(published_archive(project.root, commit, project.limits), commit)  # root as tree_blobs is keyed


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
    """The archive seen from one page: every other page, that is, without the page's own
    archived version (its text as counted, not as edited since). The archive is looked up
    once per project object (one check run, one build): walking every page for every page
    checked was quadratic."""
    try:
        site = memo(project, _project_archive)
        if site.commit is None:
            return site.archive.view(rel, body_prose)
        if rel not in site.archive.members:
            return site.archive.view(None, body_prose)
        raw = project.page(rel).raw
        if gitio.blob_sha(raw) != gitio.tree_blobs(project.root, site.commit, UNITS_DIR).get(rel):
            raw = gitio.blob_at(project.root, site.commit, rel) or b""  # edited since: as counted
        return site.archive.view(rel, _prose(raw.decode("utf-8", "replace"), project.limits) or "")
    except OSError:
        return EMPTY

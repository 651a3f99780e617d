"""Every unit page's life on the protected branch, read once from git.

One ``git log --first-parent --raw`` gives, for every page, each version that entered the
branch (when, which blob); one ``git cat-file --batch`` reads those blobs' front-matter;
one ``git log --no-merges`` gives when each page was first written (the author date of
its first commit, on whatever branch). A page's state on any day of a quarter is then
looked up in memory, never by checking out that day.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import cached_property

from govsite.core import gitio
from govsite.core.dates import as_date, is_expired
from govsite.core.pages import page_from_bytes
from govsite.core.paths import PagePath
from govsite.core.project import Project
from govsite.core.withdrawal import is_withdrawn
from govsite.report.quarter import CST, local_day

UNITS = "units"
BATCH = 2000  # blobs read per git cat-file


@dataclass(frozen=True)
class Version:
    """One state of a page on the branch, from ``at`` until the next version."""

    at: dt.datetime  # when it entered the branch (committer time on the first-parent line)
    sha: str
    path: str
    blob: str | None  # None: the page was deleted
    meta: dict

    @property
    def day(self) -> dt.date:
        return local_day(self.at)

    @property
    def date(self) -> dt.date | None:
        """The page's publish date (``date``) as this version gave it."""
        return as_date(self.meta.get("date")) if self.blob else None

    def live_on(self, day: dt.date) -> bool:
        """On the site that day: present, not expired, not taken down."""
        return self.blob is not None and not is_expired(self.meta, day) and not is_withdrawn(self.meta)


@dataclass
class PageHistory:
    path: str  # the page's latest path
    versions: list[Version] = field(default_factory=list)  # oldest first
    first_written: dt.datetime | None = None  # author date of the first commit that wrote it

    @property
    def unit(self) -> str:
        return PagePath(self.path).unit or ""

    @property
    def column(self) -> str:
        return PagePath(self.path).column or ""

    @property
    def published(self) -> Version:
        """The version that first put the page on the branch."""
        return self.versions[0]

    @cached_property
    def _ends(self) -> list[dt.datetime]:
        return [v.at for v in self.versions]

    def on(self, day: dt.date) -> Version | None:
        """The version in effect at the end of ``day`` (district time), None before the page existed."""
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), CST)
        index = bisect_right(self._ends, end - dt.timedelta(microseconds=1))
        return self.versions[index - 1] if index else None


class SiteHistory:
    """The history of every unit page below ``units/``."""

    def __init__(self, project: Project, since: dt.datetime | None = None, until: dt.datetime | None = None) -> None:
        """``since`` / ``until``: the period asked about. Versions after ``until`` are left
        out, and of those before ``since`` only each page's last one (its state as the
        period began) has its front-matter read: a district's whole history is never
        held in memory."""
        self.project, self.since, self.until = project, since, until
        self.pages: list[PageHistory] = []
        self.first_day: dt.date | None = None  # the first day the branch had unit pages
        if not gitio.is_repository(project.root):
            raise gitio.NotARepository(f"{project.root}: 不是 git 仓库；季度报告从版本历史计算，请在仓库中运行")
        self._read()

    def _read(self) -> None:
        root = self.project.root
        log = gitio.branch_log(root, UNITS, first_parent=True)
        self.first_day = min((local_day(c.committed) for c in log), default=None)
        if self.until is not None:
            log = [c for c in log if c.committed < self.until]
        live: dict[str, PageHistory] = {}
        gone: list[PageHistory] = []
        for commit in log:
            for change in commit.changes:
                if not PagePath(change.path).is_unit_page:
                    continue
                if change.status == "D":
                    page = live.pop(change.path, None)
                    if page is not None:
                        page.versions.append(Version(commit.committed, commit.sha, change.path, None, {}))
                        gone.append(page)
                    continue
                if change.status == "R" and change.old_path in live:
                    page = live.pop(change.old_path)  # moved: the same page, published earlier
                    page.path = change.path
                else:
                    page = live.get(change.path) or PageHistory(change.path)
                page.versions.append(Version(commit.committed, commit.sha, change.path, change.blob, {}))
                live[change.path] = page
        self.pages = gone + list(live.values())
        for page in self.pages:  # a branch's commit times need not rise with its order
            page.versions.sort(key=lambda v: v.at)
        self._read_meta(root)
        self._authored(root)

    def _read_meta(self, root) -> None:
        """Front-matter of the versions the period needs, read in batches of blobs."""
        needed: dict[str, list[tuple[PageHistory, int]]] = {}
        for page in self.pages:
            since = self.since
            last_before = max((i for i, v in enumerate(page.versions) if since is not None and v.at < since), default=-1)
            for index, version in enumerate(page.versions):
                if version.blob and (since is None or version.at >= since or index == last_before):
                    needed.setdefault(version.blob, []).append((page, index))
        blobs = sorted(needed)
        for start in range(0, len(blobs), BATCH):
            for sha, raw in gitio.read_blobs(root, blobs[start:start + BATCH]):
                for page, index in needed.get(sha, ()):
                    version = page.versions[index]
                    meta = page_from_bytes(root, version.path, raw, self.project.limits).meta
                    page.versions[index] = replace(version, meta=dict(meta))

    def _authored(self, root) -> None:
        first: dict[str, dt.datetime] = {}
        for commit in gitio.branch_log(root, UNITS, first_parent=False):
            for change in commit.changes:
                for name in (change.path, change.old_path):
                    if name and name not in first:
                        first[name] = commit.authored
        for page in self.pages:
            times = [first[v.path] for v in page.versions if v.path in first]
            page.first_written = min(times) if times else page.published.at

    def of_unit(self, unit_id: str) -> list[PageHistory]:
        return [p for p in self.pages if p.unit == unit_id]

    def of_column(self, unit_id: str, column_id: str) -> list[PageHistory]:
        return [p for p in self.pages if p.unit == unit_id and p.column == column_id]

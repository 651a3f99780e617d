"""What every section of the report reads: the project, the quarter, the history, and
the district as it stood at a commit (a temporary checkout), each computed once."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from govsite.core import gitio
from govsite.core.project import Project
from govsite.core.units import Unit
from govsite.report.history import SiteHistory
from govsite.report.quarter import Quarter


@dataclass
class ReportContext:
    project: Project
    quarter: Quarter
    links_report: Path | None = None  # the last link patrol's JSON (govsite links --output x.json)
    _memo: dict[str, Any] = field(default_factory=dict)
    _checkout: gitio.Checkout | None = None
    _tmp: Path | None = None

    @cached_property
    def history(self) -> SiteHistory:
        return SiteHistory(self.project, self.quarter.start_time, self.quarter.end_time)

    @cached_property
    def units(self) -> list[Unit]:
        return self.project.units()

    def unit_name(self, unit_id: str) -> str:
        return next((u.name for u in self.units if u.id == unit_id), unit_id)

    @property
    def as_of(self) -> dt.date:
        """The last day the report covers: the quarter's end, or today while it runs."""
        return min(self.quarter.end, self.project.today)

    @property
    def first(self) -> dt.date:
        """The first day the report judges: the quarter's, or the day the district's
        history begins when that is later (before it the site was not on this platform)."""
        begun = self.history.first_day
        return max(self.quarter.start, begun) if begun else self.quarter.start

    def days(self) -> list[dt.date]:
        """The days of the quarter the history covers, up to :attr:`as_of`."""
        return [d for d in self.quarter.days() if self.first <= d <= self.as_of]

    def weeks(self) -> list[tuple[dt.date, dt.date]]:
        """The weeks of the quarter, cut to the days the history covers."""
        return [(max(a, self.first), min(b, self.as_of)) for a, b in self.quarter.weeks()
                if b >= self.first and a <= self.as_of]

    def coverage_note(self) -> str:
        if self.first > self.quarter.start:
            return f"版本历史始于 {self.first}，此前的日期不作统计。"
        return ""

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """A value several sections share (computed by the first that asks)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @cached_property
    def start_sha(self) -> str | None:
        """The branch as the quarter began (None: the history starts inside the quarter)."""
        return gitio.last_commit_before(self.project.root, self.quarter.start_time)

    @cached_property
    def end_sha(self) -> str | None:
        """The branch as the quarter ended (or now, for the running quarter)."""
        return gitio.last_commit_before(self.project.root, self.quarter.end_time)

    @contextmanager
    def checkouts(self) -> Iterator[None]:
        """One worktree for the whole report, turned from commit to commit by :meth:`at`."""
        with tempfile.TemporaryDirectory(prefix="govsite-report-") as tmp:
            self._tmp = Path(tmp)
            try:
                yield
            finally:
                if self._checkout is not None:
                    self._checkout.__exit__(None, None, None)
                self._checkout, self._tmp = None, None

    @contextmanager
    def at(self, sha: str, today: dt.date) -> Iterator[Project]:
        """The district as commit ``sha`` left it, read with the ordinary code."""
        if self._tmp is None:  # outside checkouts(): a worktree of its own
            with self.checkouts(), self.at(sha, today) as project:
                yield project
            return
        if self._checkout is None:
            self._checkout = gitio.Checkout(self.project.root, sha, self._tmp)
            self._checkout.__enter__()
        where = self._checkout.move(sha) if self._checkout.sha != sha else self._checkout.path
        yield Project(where, today=today)

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

    @cached_property
    def history(self) -> SiteHistory:
        return SiteHistory(self.project)

    @cached_property
    def units(self) -> list[Unit]:
        return self.project.units()

    def unit_name(self, unit_id: str) -> str:
        return next((u.name for u in self.units if u.id == unit_id), unit_id)

    @property
    def as_of(self) -> dt.date:
        """The last day the report covers: the quarter's end, or today while it runs."""
        return min(self.quarter.end, self.project.today)

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
    def at(self, sha: str, today: dt.date) -> Iterator[Project]:
        """The district as commit ``sha`` left it, read with the ordinary code."""
        with tempfile.TemporaryDirectory(prefix="govsite-report-") as tmp, \
                gitio.Checkout(self.project.root, sha, Path(tmp)) as where:
            yield Project(where, today=today)

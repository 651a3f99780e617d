"""The update deadlines of ``govsite/data/freshness.yml``: its schema, and the
:class:`Rules` that :mod:`.freshness` evaluates columns against.

Every number in the file names its source (a key of ``sources:``), so the loader checks
that each reference exists, and that the columns named are standard columns with a folder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from govsite.core.columns import standard_columns
from govsite.core.schema import Issue, Opt, Schema
from govsite.core.yamlio import Located, load_config_file, load_config_text

DATA_FILE = "govsite/data/freshness.yml"
# Sources the evaluation names by key, whatever the columns say.
REQUIRED_SOURCES = ("veto_columns", "veto_empty")


def _at_least_one(value: int) -> str | None:
    return None if value >= 1 else "应为正整数"


class ColumnLine(Schema):
    warn_after_days = Opt(int, check=_at_least_one)
    """Warn when the newest page is more than this many days old (the 办法's own duty)."""
    warn_source = Opt(str)
    """Key in ``sources`` of the warning's rule; required with ``warn_after_days``."""
    line_days = Opt(int, check=_at_least_one)
    """The column counts as not updated this many days after its newest page."""
    line_months = Opt(int, check=_at_least_one)
    """The same line in calendar months (give ``line_days`` or ``line_months``)."""
    line_source = Opt(str, required=True)
    """Key in ``sources`` of the line's rule."""

    def validate(self) -> Iterator[Issue]:
        if (self.line_days is None) == (self.line_months is None):
            yield None, "应有 line_days 或 line_months 之一", "请只写一个时限：天数（line_days）或月数（line_months）"
        if (self.warn_after_days is None) != (self.warn_source is None):
            yield "warn_after_days" if self.warn_after_days is not None else "warn_source", \
                "warn_after_days 和 warn_source 须同时写出", "请补充另一个，或两个都删去"


class SiteLimits(Schema):
    stale_columns_veto = Opt(int, required=True, check=_at_least_one)
    """Columns over their line, across the portal, that make a veto."""
    empty_columns_veto = Opt(int, required=True, check=_at_least_one)
    """Empty columns, across the portal, that make a veto."""


class HomeLine(Schema):
    columns = Opt(list, required=True, items=str, check=lambda v: None if v else "至少需要一个栏目")
    """Columns whose newest page shows on the portal's home page."""
    line_days = Opt(int, required=True, check=_at_least_one)
    """The home page counts as not updated this many days after its newest item."""
    line_source = Opt(str, required=True)
    """Key in ``sources`` of the rule."""


def _month(value: int) -> str | None:
    return None if 1 <= value <= 12 else "应为 1 到 12 的整数"


class AnnualReport(Schema):
    column = Opt(str, required=True)
    """Column of the annual reports (政府信息公开年报)."""
    due_month = Opt(int, required=True, check=_month)
    """Month of the deadline, in the year after the one reported on."""
    due_day = Opt(int, required=True, check=_at_least_one)
    """Day of the deadline (inclusive)."""
    source = Opt(str, required=True)
    """Key in ``sources`` of the rule."""

    def validate(self) -> Iterator[Issue]:
        try:
            dt.date(2025, self.due_month, self.due_day)  # a common year: no 29 February
        except ValueError:
            yield "due_day", f"{self.due_month} 月没有 {self.due_day} 日", "请写出每年都有的日期"


class Guide(Schema):
    column = Opt(str, required=True)
    """Column of the 政府信息公开指南; at least one page."""
    source = Opt(str, required=True)
    """Key in ``sources`` of the rule."""


class FreshnessFile(Schema):
    sources = Opt(dict, required=True, values=str)
    """Key -> the text of a rule (article and wording), named by every threshold."""
    columns = Opt(dict, dict, values=ColumnLine)
    """Standard column id -> its lines; columns not listed are only checked for being empty."""
    site = Opt(SiteLimits, required=True)
    """Portal-wide veto counts."""
    home = Opt(HomeLine, required=True)
    """The portal's home page."""
    annual_report = Opt(AnnualReport, required=True)
    """The annual report's deadline."""
    guide = Opt(Guide, required=True)
    """The 政府信息公开指南."""

    def validate(self) -> Iterator[Issue]:
        known = ", ".join(self.sources)
        for key in REQUIRED_SOURCES:
            if key not in self.sources:
                yield "sources", f"sources 缺少 {key}", "该出处由巡网的全站否决项使用，请补充"
        refs: list[tuple[tuple, str | None]] = []
        for cid, line in self.columns.items():
            refs += [(("columns", cid, "line_source"), line.line_source), (("columns", cid, "warn_source"), line.warn_source)]
        refs += [(("home", "line_source"), self.home.line_source), (("annual_report", "source"), self.annual_report.source),
                 (("guide", "source"), self.guide.source)]
        for where, ref in refs:
            if ref is not None and ref not in self.sources:
                yield where, f"出处 {ref!r} 不在 sources 中", f"可用：{known}"
        folders = {c.id for c in standard_columns() if c.has_folder}
        named: list[tuple[tuple, str]] = [(("columns", cid), cid) for cid in self.columns]
        named += [(("home", "columns", i), cid) for i, cid in enumerate(self.home.columns)]
        named += [(("annual_report", "column"), self.annual_report.column), (("guide", "column"), self.guide.column)]
        for where, cid in named:
            if cid not in folders:
                yield where, f"{cid!r} 不是有文件夹的标准栏目", f"可用：{', '.join(sorted(folders))}"


@dataclass(frozen=True)
class ColumnRule:
    column: str
    warn_after_days: int | None
    warn_source: str
    line_days: int | None
    line_months: int | None
    line_source: str

    def line_text(self) -> str:
        return f"{self.line_days} 天" if self.line_days else f"{self.line_months} 个月"


@dataclass(frozen=True)
class Rules:
    columns: dict[str, ColumnRule]
    sources: dict[str, str]
    stale_columns_veto: int
    empty_columns_veto: int
    home_columns: tuple[str, ...]
    home_line_days: int
    home_source: str
    annual_column: str
    annual_due: tuple[int, int]
    annual_source: str
    guide_column: str
    guide_source: str


def rules_of(located: Located, rel: str) -> Rules:
    """The rules of a parsed freshness file; ConfigError naming ``rel`` and the line."""
    spec = FreshnessFile.load(located.data, located, rel)
    sources = spec.sources
    columns = {cid: ColumnRule(cid, c.warn_after_days, sources.get(c.warn_source, ""), c.line_days, c.line_months,
                               sources[c.line_source]) for cid, c in spec.columns.items()}
    home, annual, guide = spec.home, spec.annual_report, spec.guide
    return Rules(columns, sources, spec.site.stale_columns_veto, spec.site.empty_columns_veto,
                 tuple(home.columns), home.line_days, sources[home.line_source],
                 annual.column, (annual.due_month, annual.due_day), sources[annual.source],
                 guide.column, sources[guide.source])


def load_rules(path: Path, rel: str) -> Rules:
    """Read a freshness file from disk (the shipped one is read by :func:`rules`)."""
    return rules_of(load_config_file(path, rel), rel)


@lru_cache(maxsize=1)
def rules() -> Rules:
    text = resources.files("govsite.data").joinpath("freshness.yml").read_text("utf-8")
    return rules_of(load_config_text(text, DATA_FILE), DATA_FILE)

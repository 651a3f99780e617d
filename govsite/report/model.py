"""What a section of the report is made of: tables, charts, and named units.

Every output (the site page, the workbook, the 通报) is rendered from these values
alone, so all three say the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

Cell = str | int | float | None


@dataclass
class Table:
    id: str  # ASCII, unique in the report: the workbook's sheet name and anchors
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    note: str = ""


@dataclass
class Chart:
    id: str  # file name without .svg
    title: str
    kind: str  # "bar" (one value per label, ranked) | "line" (series over labels)
    labels: list[str]
    series: list[tuple[str, list[float]]]
    unit: str = ""  # what the values count, e.g. 篇


@dataclass
class Mention:
    """A unit named in the 通报: praised, or to rectify, with the reason."""

    unit: str  # the unit's name
    reason: str


@dataclass
class Section:
    id: str
    title: str
    summary: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    praise: list[Mention] = field(default_factory=list)
    rectify: list[Mention] = field(default_factory=list)


@dataclass
class QuarterReport:
    quarter: str  # 2026Q3
    label: str  # 2026年第三季度
    district: str
    start: dt.date
    end: dt.date
    head: str  # the commit the history was read from
    sections: list[Section]
    issued: dt.date  # the day the report was made (the page's date)

    @property
    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]

    @property
    def charts(self) -> list[Chart]:
        return [c for s in self.sections for c in s.charts]

    def praised(self) -> list[str]:
        """Units praised by every section that names praise and rectified by none."""
        rectified = {m.unit for s in self.sections for m in s.rectify}
        seen: list[str] = []
        for s in self.sections:
            for m in s.praise:
                if m.unit not in rectified and m.unit not in seen:
                    seen.append(m.unit)
        return seen

    def rectified(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for s in self.sections:
            for m in s.rectify:
                out.setdefault(m.unit, []).append(m.reason)
        return out

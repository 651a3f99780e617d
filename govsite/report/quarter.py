"""A calendar quarter (``2026Q3``) and the district's clock (China Standard Time)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from govsite.core.errors import UsageError

CST = dt.timezone(dt.timedelta(hours=8), "CST")  # the district's days run on Beijing time
QUARTER_RE = re.compile(r"\A(\d{4})[Qq]([1-4])\Z")


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        match = QUARTER_RE.match(text.strip())
        if not match:
            raise UsageError(f"季度 {text!r} 的写法不对；请写成 2026Q3（年份 + Q + 1 到 4）")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        return f"{self.year}年第{'一二三四'[self.number - 1]}季度"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        """The quarter's last day."""
        following = dt.date(self.year + 1, 1, 1) if self.number == 4 else dt.date(self.year, 3 * self.number + 1, 1)
        return following - dt.timedelta(days=1)

    @property
    def start_time(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time(), CST)

    @property
    def end_time(self) -> dt.datetime:
        """The first instant after the quarter."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), CST)

    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    def weeks(self) -> list[tuple[dt.date, dt.date]]:
        """(first, last day) of each week of the quarter, Monday to Sunday, cut at its ends."""
        out, day = [], self.start
        while day <= self.end:
            last = min(day + dt.timedelta(days=6 - day.weekday()), self.end)
            out.append((day, last))
            day = last + dt.timedelta(days=1)
        return out

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def local_day(when: dt.datetime) -> dt.date:
    """The district's calendar day of a commit time."""
    return when.astimezone(CST).date()

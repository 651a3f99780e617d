"""China's working-day calendar: official holidays and make-up workdays (调休).

第十三条 of the 办法 counts deadlines in working days (工作日): an interpretation within
20 working days of a policy's issuance, a message acknowledged within 1 and answered
within 5. A working day is a Monday to Friday that is not a public holiday, or a
weekend day the State Council has declared a make-up workday (调休上班).

Two sources, in this order:

1. ``holidays.yml`` at the root of the site repository: a year written there is taken
   from there, whole (the platform owner adds the coming year as soon as the State
   Council's notice 《国务院办公厅关于 YYYY 年部分节假日安排的通知》 appears, usually in
   November, or corrects a year);
2. the ``chinesecalendar`` package, which covers the years it was released for.

A year neither covers gets a **provisional** schedule computed from the statutory
holidays of the law (:mod:`govsite.regulation.statutory`: the days the law fixes, and 补假
for those on a weekend, but never a 调休 working weekend): checks and builds go on, and
every deadline computed from a provisional year says so and asks for the official
schedule (DDL004). Only a year before the law's 2024 revision took effect, and missing
from both sources, is a :class:`~govsite.core.errors.ConfigError` naming ``holidays.yml``.

Counting follows the usual rule for periods in Chinese administrative law: the day of
the event is not counted; the period ends at the end of its last working day. So the
deadline of "20 working days from 2025-09-26" is the 20th working day after that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from govsite.core.dates import as_date
from govsite.core.errors import ConfigError
from govsite.core.yamlio import Located, load_config_file
from govsite.regulation import statutory

HOLIDAYS_FILE = "holidays.yml"

# 第十三条: 文件印发之日起20个工作日内 (the figure the deadline rules use).
INTERPRETATION_WORKDAYS = 20


@dataclass(frozen=True)
class YearSchedule:
    """One year's official schedule: days off and make-up workdays, with the notice."""

    year: int
    source: str
    holidays: dict[dt.date, str] = field(default_factory=dict)  # date -> holiday name
    workdays: dict[dt.date, str] = field(default_factory=dict)  # weekend day worked -> holiday name
    provisional: bool = False  # computed from the statutory holidays, not an official notice

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays


def load_holidays(path: Path, rel: str = HOLIDAYS_FILE) -> dict[int, YearSchedule]:
    """Read and validate ``holidays.yml``; every error names its line and the fix.

    Schema::

        years:
          2027:
            source: 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔…〕…号）
            holidays:                 # days off; a range or one day
              - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
              - {name: 清明节, date: 2027-04-05}
            workdays:                 # 调休: weekend days that are working days
              - {name: 春节, date: 2027-02-06}
    """
    located = load_config_file(path, rel)
    data = located.data
    if data is None:
        return {}
    if not isinstance(data, dict) or set(data) - {"years"}:
        raise ConfigError(rel, 1, "顶层应只有 years: 一个键", "请按文件开头注释中的格式书写（years: 下按年份列出 holidays 和 workdays）")
    years = data.get("years") or {}
    if not isinstance(years, dict):
        raise ConfigError(rel, located.line("years"), "years 应为映射（年份: 安排）", "例如 years: {2027: {source: …, holidays: […], workdays: […]}}")
    out: dict[int, YearSchedule] = {}
    for year, entry in years.items():
        ykey = str(year)  # line lookups use the key as written
        line = located.line("years", ykey)
        if not isinstance(year, int) or not 1949 < year < 2200:
            raise ConfigError(rel, line, f"年份 {year!r} 无效", "年份写成四位整数，如 2027:")
        if not isinstance(entry, dict):
            raise ConfigError(rel, line, f"{year} 年的安排应为映射", "应包含 source、holidays 和 workdays")
        unknown = set(entry) - {"source", "url", "holidays", "workdays"}
        if unknown:
            key = sorted(map(str, unknown))[0]
            raise ConfigError(rel, located.line("years", ykey, key), f"{year} 年下有未知的键 {key!r}", "可用的键：source、url、holidays、workdays")
        source = entry.get("source")
        if not isinstance(source, str) or not source.strip():
            raise ConfigError(rel, line, f"{year} 年缺少 source", "请写明依据的通知名称和文号，如 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕…号）")
        holidays: dict[dt.date, str] = {}
        for index, item in enumerate(_items(entry, "holidays", rel, located, year)):
            here = ("years", ykey, "holidays", index)
            name = _name(item, rel, located, here)
            if "date" in item:
                first = last = _day(item, "date", rel, located, here, year)
            else:
                first = _day(item, "from", rel, located, here, year)
                last = _day(item, "to", rel, located, here, year)
                if last < first:
                    raise ConfigError(rel, located.line(*here), f"{name} 的 to（{last}）早于 from（{first}）", "请交换或改正起止日期")
            day = first
            while day <= last:
                holidays[day] = name
                day += dt.timedelta(days=1)
        workdays: dict[dt.date, str] = {}
        for index, item in enumerate(_items(entry, "workdays", rel, located, year)):
            here = ("years", ykey, "workdays", index)
            name = _name(item, rel, located, here)
            day = _day(item, "date", rel, located, here, year)
            if day.weekday() < 5:
                raise ConfigError(rel, located.line(*here), f"调休上班日 {day} 是工作日（周一至周五），不是周末",
                                  "workdays 只列调休上班的周六、周日；请核对通知原文")
            if day in holidays:
                raise ConfigError(rel, located.line(*here), f"{day} 同时列为放假日和调休上班日", "请核对通知原文，删去其中一项")
            workdays[day] = name
        out[year] = YearSchedule(year, source.strip(), holidays, workdays)
    return out


def _items(entry: dict, key: str, rel: str, located: Located, year: int) -> list[dict]:
    value = entry.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(i, dict) for i in value):
        raise ConfigError(rel, located.line("years", str(year), key), f"{year} 年的 {key} 应为列表，每项是映射",
                          "例如 - {name: 春节, from: 2027-02-06, to: 2027-02-12}")
    return value


def _name(item: dict, rel: str, located: Located, here: tuple) -> str:
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(rel, located.line(*here), "缺少 name（节日名称）", "请写明节日名称，如 name: 春节")
    return name.strip()


def _day(item: dict, key: str, rel: str, located: Located, here: tuple, year: int) -> dt.date:
    value = item.get(key)
    day = as_date(value)
    if day is None:
        raise ConfigError(rel, located.line(*here, key) if key in item else located.line(*here),
                          f"{key} 的值 {value!r} 不是日期", f"请写成 YYYY-MM-DD，如 {key}: {year}-01-01")
    if day.year != year:
        raise ConfigError(rel, located.line(*here, key), f"{day} 不在 {year} 年内", f"请把它写到 {day.year}: 下，或改正年份")
    return day


class Calendar:
    """Working days from ``holidays.yml`` (when present) and ``chinesecalendar``."""

    def __init__(self, schedules: dict[int, YearSchedule] | None = None, *, file_rel: str = HOLIDAYS_FILE,
                 use_package: bool = True, provisional: bool = True) -> None:
        self.schedules = dict(schedules or {})
        self.file_rel = file_rel
        self.use_package = use_package
        self.allow_provisional = provisional

    @classmethod
    def for_root(cls, root: Path) -> Calendar:
        path = root / HOLIDAYS_FILE
        return cls(load_holidays(path) if path.is_file() else {})

    # -- coverage ---------------------------------------------------------------
    def source(self, year: int) -> str:
        """Where a year's schedule comes from (for messages and reports)."""
        schedule = self._schedule(year)
        if schedule is not None and schedule.provisional:
            return schedule.source
        if schedule is not None:
            return f"{self.file_rel}：{schedule.source}"
        return "chinesecalendar 软件包（国务院办公厅节假日安排通知）"

    def is_provisional(self, year: int) -> bool:
        """Is ``year`` computed from the statutory holidays (no official schedule yet)?"""
        schedule = self._schedule(year)
        return schedule is not None and schedule.provisional

    def provisional_between(self, start: dt.date, end: dt.date) -> tuple[int, ...]:
        """The provisional years a period from ``start`` to ``end`` reaches into."""
        return tuple(y for y in range(start.year, end.year + 1) if self.is_provisional(y))

    def _schedule(self, year: int) -> YearSchedule | None:
        """The year's schedule from holidays.yml or the provisional computation; None when
        ``chinesecalendar`` has the year; ConfigError when nothing can say."""
        schedule = self.schedules.get(year)
        if schedule is not None:
            return schedule
        if self._package_has(year):
            return None
        if self.allow_provisional and year >= statutory.FIRST_YEAR:
            schedule = YearSchedule(year, f"按{statutory.LAW}推算的临时安排（尚无国务院办公厅通知，不含调休上班日）",
                                    statutory.provisional_days_off(year), {}, provisional=True)
            self.schedules[year] = schedule
            return schedule
        self._missing(year)
        return None

    def _package_has(self, year: int) -> bool:
        if not self.use_package:
            return False
        import chinese_calendar

        try:
            chinese_calendar.is_workday(dt.date(year, 6, 30))
            return True
        except NotImplementedError:
            return False

    def covers(self, year: int) -> bool:
        """Is the official schedule of ``year`` known (not provisional, not missing)?"""
        try:
            return not self.is_provisional(year)
        except ConfigError:
            return False

    def _missing(self, year: int) -> None:
        day = dt.date(year, 1, 1)
        raise ConfigError(
            self.file_rel, None,
            f"{day.year} 年的法定节假日和调休安排未知（chinesecalendar 软件包不含该年，{self.file_rel} 中也没有），无法计算工作日",
            f"请在站点仓库根目录的 {self.file_rel} 中按国务院办公厅关于{day.year}年部分节假日安排的通知添加 years: {day.year}: "
            "（source 写通知名称和文号，holidays 列放假日，workdays 列调休上班的周末）；或升级 chinesecalendar")

    # -- days -------------------------------------------------------------------
    def is_workday(self, day: dt.date) -> bool:
        schedule = self.schedules.get(day.year) or self._schedule(day.year)
        if schedule is not None:
            return schedule.is_workday(day)
        import chinese_calendar

        return chinese_calendar.is_workday(day)

    def add_workdays(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
        if count < 1:
            raise ValueError("count must be at least 1")
        day, seen = start, 0
        while seen < count:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                seen += 1
        return day

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in ``(start, end]``: how many have passed since ``start`` by ``end``."""
        if end <= start:
            return 0
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            count += self.is_workday(day)
        return count


_CACHE: dict[Path, tuple[float | None, Calendar]] = {}


def calendar(root: Path) -> Calendar:
    """The site's calendar, reloaded when ``holidays.yml`` changes."""
    path = root / HOLIDAYS_FILE
    try:
        stamp: float | None = path.stat().st_mtime_ns
    except OSError:
        stamp = None
    cached = _CACHE.get(root)
    if cached is None or cached[0] != stamp:
        cached = (stamp, Calendar.for_root(root))
        _CACHE[root] = cached
    return cached[1]


@dataclass(frozen=True)
class Deadline:
    """Where a working-day period stands on a given day."""

    start: dt.date
    workdays: int
    elapsed: int  # working days passed in (start, today]
    provisional: tuple[int, ...] = ()  # years counted from the statutory holidays only

    @property
    def left(self) -> int:
        """Working days left, counting today when it is one (0: today is the last day)."""
        return self.workdays - self.elapsed

    @property
    def passed(self) -> bool:
        return self.elapsed > self.workdays


def deadline_status(cal: Calendar, start: dt.date, today: dt.date, workdays: int = INTERPRETATION_WORKDAYS) -> Deadline:
    """How much of a ``workdays`` period from ``start`` has passed by ``today``.

    Only the days up to ``today`` are looked up, so a period whose end falls in a year
    not yet in the calendar can still be reported on until that year begins.
    """
    if today <= start:
        return Deadline(start, workdays, 0)
    # Stop counting once the period is over: no need to look further ahead.
    count, day = 0, start
    while day < today and count <= workdays:
        day += dt.timedelta(days=1)
        count += cal.is_workday(day)
    return Deadline(start, workdays, count, cal.provisional_between(start, day))

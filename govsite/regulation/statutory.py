"""The statutory holidays, for a year whose official schedule is not known yet.

Each November the State Council's office publishes the coming year's schedule
(《国务院办公厅关于 YYYY 年部分节假日安排的通知》): the days off, and the weekends worked in
exchange (调休). Until the platform owner types it into ``holidays.yml`` (or a new
``chinesecalendar`` release carries it), the calendar must still answer, or every check
and build of the district stops on 1 January. This module gives the provisional answer
the law itself fixes:

《全国年节及纪念日放假办法》 (2024 revision, in force from 1 January 2025), 第二条 — holidays
for all citizens:

* 元旦 1 day (1 January);
* 春节 4 days (农历除夕、正月初一、初二、初三);
* 清明节 1 day (农历清明当日: the solar term 清明);
* 劳动节 2 days (1 and 2 May);
* 端午节 1 day (农历端午当日, the 5th of the 5th lunar month);
* 中秋节 1 day (农历中秋当日, the 15th of the 8th lunar month);
* 国庆节 3 days (1 to 3 October).

第六条: a holiday for all citizens that falls on a Saturday or Sunday is made up on a working
day (补假); it is taken here on the first following weekday that is not itself a holiday,
as the State Council's notices have always placed it. What is **not** guessed: the
weekends worked in exchange for bridged days (调休上班). Those depend on the notice alone;
a provisional year has none, and every deadline computed from it says so.

Lunar dates and the solar term come from ``lunar-python`` (the Shouxing calendar
algorithm, maintained by 6tail). The rules apply from 2025; an earlier year the
calendar lacks is not computed (the 2013 revision had other days, and ``chinesecalendar``
covers those years).
"""

from __future__ import annotations

import datetime as dt

from lunar_python import Lunar

FIRST_YEAR = 2025  # the 2024 revision is in force from 2025-01-01
LAW = "《全国年节及纪念日放假办法》（2024年修订）"


def _solar(lunar: Lunar) -> dt.date:
    solar = lunar.getSolar()
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def statutory_days(year: int) -> dict[dt.date, str]:
    """The days off for all citizens that the law fixes in ``year`` (no 补假)."""
    spring = _solar(Lunar.fromYmd(year, 1, 1))  # 正月初一 of the lunar year that begins in this year
    qingming = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    days = {
        dt.date(year, 1, 1): "元旦",
        dt.date(qingming.getYear(), qingming.getMonth(), qingming.getDay()): "清明节",
        dt.date(year, 5, 1): "劳动节",
        dt.date(year, 5, 2): "劳动节",
        _solar(Lunar.fromYmd(year, 5, 5)): "端午节",
        _solar(Lunar.fromYmd(year, 8, 15)): "中秋节",
        dt.date(year, 10, 1): "国庆节",
        dt.date(year, 10, 2): "国庆节",
        dt.date(year, 10, 3): "国庆节",
    }
    for offset in range(-1, 3):  # 除夕 and 初一 to 初三
        days[spring + dt.timedelta(days=offset)] = "春节"
    return {day: name for day, name in days.items() if day.year == year}


def provisional_days_off(year: int) -> dict[dt.date, str]:
    """Statutory days plus 补假: a statutory day on a weekend moves to the next free weekday."""
    days = dict(statutory_days(year))
    for day, name in sorted(statutory_days(year).items()):
        if day.weekday() < 5:
            continue
        substitute = day + dt.timedelta(days=1)
        while substitute.weekday() >= 5 or substitute in days:
            substitute += dt.timedelta(days=1)
        days[substitute] = f"{name}（补假）"
    return days

"""The working-day calendar (第十三条): official holidays and make-up workdays (调休),
a repository holidays.yml for years the package lacks, and a clear error for a year
neither covers."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import chinese_calendar
import pytest
from rulekit import BASE_SITE
from sitekit import govsite

from govsite.core.errors import ConfigError
from govsite.core.project import Project
from govsite.engine.runner import run
from govsite.regulation.workdays import Calendar, calendar, deadline_status, load_holidays

D = dt.date
REPO = Path(__file__).resolve().parent.parent


def reference_deadline(start: dt.date, count: int) -> dt.date:
    """The count-th working day after start, straight from chinesecalendar's own API."""
    days = chinese_calendar.get_workdays(start + dt.timedelta(days=1), start + dt.timedelta(days=count * 2 + 20))
    return days[count - 1]


# -- Spring Festival and National Day with their 调休 weekend days --------------------

def test_spring_festival_2025_with_makeup_sunday_and_saturday():
    cal = Calendar()
    assert cal.is_workday(D(2025, 1, 26))  # Sunday, 调休上班
    assert cal.is_workday(D(2025, 2, 8))   # Saturday, 调休上班
    assert not cal.is_workday(D(2025, 1, 28)) and not cal.is_workday(D(2025, 2, 4))  # 春节假期
    # Issued Monday 2025-01-20: Jan 21-24 (4), Sun Jan 26 (5), Jan 27 (6), holiday Jan 28-Feb 4,
    # Feb 5-7 (9), Sat Feb 8 (10), Feb 10-14 (15), Feb 17-21 (20).
    assert cal.add_workdays(D(2025, 1, 20), 20) == D(2025, 2, 21)
    assert reference_deadline(D(2025, 1, 20), 20) == D(2025, 2, 21)


def test_national_day_2025_with_makeup_sunday_and_saturday():
    cal = Calendar()
    assert cal.is_workday(D(2025, 9, 28)) and cal.is_workday(D(2025, 10, 11))
    assert not any(cal.is_workday(D(2025, 10, d)) for d in range(1, 9))
    # Issued 2025-09-22: Sep 23-26 (4), Sun Sep 28 (5), Sep 29-30 (7), holiday Oct 1-8,
    # Oct 9-10 (9), Sat Oct 11 (10), Oct 13-17 (15), Oct 20-24 (20).
    assert cal.add_workdays(D(2025, 9, 22), 20) == D(2025, 10, 24)
    assert cal.workdays_between(D(2025, 9, 22), D(2025, 10, 24)) == 20


def test_spring_festival_and_national_day_2026():
    cal = Calendar()
    assert cal.is_workday(D(2026, 2, 14)) and cal.is_workday(D(2026, 2, 28))  # 春节调休周六
    assert cal.is_workday(D(2026, 9, 20)) and cal.is_workday(D(2026, 10, 10))  # 国庆调休
    assert not cal.is_workday(D(2026, 9, 25))  # 中秋节
    assert cal.add_workdays(D(2026, 2, 10), 20) == reference_deadline(D(2026, 2, 10), 20) == D(2026, 3, 16)
    assert cal.add_workdays(D(2026, 9, 1), 20) == D(2026, 9, 29)


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_start_day_agrees_with_chinesecalendar(year):
    cal = Calendar()
    day = D(year, 1, 1)
    while day <= D(year, 10, 31):
        assert cal.add_workdays(day, 20) == reference_deadline(day, 20), day
        assert cal.add_workdays(day, 1) == reference_deadline(day, 1), day
        day += dt.timedelta(days=1)


def test_deadline_status_counts_left_and_passed():
    cal = Calendar()
    start = D(2026, 9, 1)  # deadline 2026-09-29
    assert deadline_status(cal, start, D(2026, 9, 28)).left == 1
    last = deadline_status(cal, start, D(2026, 9, 29))
    assert last.left == 0 and not last.passed
    assert deadline_status(cal, start, D(2026, 9, 30)).passed
    # Over the Mid-Autumn Friday and the weekend nothing is used up.
    assert deadline_status(cal, start, D(2026, 9, 24)).elapsed == deadline_status(cal, start, D(2026, 9, 27)).elapsed


# -- a year missing from the calendar -------------------------------------------------

def test_year_beyond_the_package_is_provisional_from_the_statutory_holidays():
    cal = Calendar()
    assert cal.is_provisional(2027) and not cal.covers(2027)
    assert "全国年节及纪念日放假办法" in cal.source(2027)
    # 元旦 2027 is a Friday: off; the Monday after is a working day (no 补假 needed).
    assert not cal.is_workday(D(2027, 1, 1)) and cal.is_workday(D(2027, 1, 4))
    # 春节 2027: 除夕 Feb 5 (Fri), 初一 to 初三 Feb 6-8 (Sat-Mon); the weekend days are made
    # up on Tue 9 and Wed 10 (补假); Thursday Feb 11 works again.
    assert [cal.is_workday(D(2027, 2, d)) for d in range(4, 12)] == [True, False, False, False, False, False, False, True]
    # 国庆 2027: Oct 1-3 (Fri-Sun), 补假 Mon 4 and Tue 5; Wed 6 works.
    assert [cal.is_workday(D(2027, 10, d)) for d in range(1, 7)] == [False, False, False, False, False, True]
    # 调休 working weekends are never guessed: every Saturday and Sunday is a day off.
    day = D(2027, 1, 2)
    while day.year == 2027:
        assert not cal.is_workday(day)
        day += dt.timedelta(days=7)
    # a period from 2026 into 2027 runs on both: Dec 2026 21-25 (5), 28-31 (9), Jan 2027 4-8 (14), 11-15 (19), 18 (20)
    assert cal.add_workdays(D(2026, 12, 18), 20) == D(2027, 1, 18)
    assert cal.provisional_between(D(2026, 12, 18), D(2027, 1, 18)) == (2027,)


@pytest.mark.parametrize("year", [2025, 2026])
def test_statutory_days_agree_with_the_official_schedules(year):
    """The lunar and solar-term arithmetic checked against the State Council's own
    schedules of the years chinesecalendar carries: every day the law (and its 补假)
    gives off was off in the official schedule."""
    from govsite.regulation.statutory import provisional_days_off, statutory_days

    days = provisional_days_off(year)
    assert len(statutory_days(year)) == 13  # 1 + 4 + 1 + 2 + 1 + 1 + 3
    assert [d for d in days if chinese_calendar.is_workday(d)] == []
    names = set(statutory_days(year).values())
    assert names == {"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"}


def test_official_schedule_replaces_the_provisional_one(tmp_path):
    (tmp_path / "holidays.yml").write_text(TEST_2027, "utf-8")
    cal = calendar(tmp_path)
    assert cal.covers(2027) and not cal.is_provisional(2027)
    assert cal.is_workday(D(2027, 1, 31))  # a 调休 Sunday the notice (here: the test file) declares


def test_year_before_the_package_is_a_config_error_too():
    with pytest.raises(ConfigError, match="2003"):
        Calendar().is_workday(D(2003, 6, 2))


# Test data only: a made-up schedule in the shape of a State Council notice, to show that
# holidays.yml extends the calendar. It is not the official 2027 schedule.
TEST_2027 = """\
years:
  2027:
    source: 测试用虚构安排（非官方）
    holidays:
      - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
      - {name: 春节, from: 2027-02-06, to: 2027-02-13}
    workdays:
      - {name: 春节, date: 2027-01-31}
      - {name: 春节, date: 2027-02-20}
"""


def test_holidays_yml_adds_a_year(tmp_path):
    (tmp_path / "holidays.yml").write_text(TEST_2027, "utf-8")
    cal = Calendar.for_root(tmp_path)
    assert not cal.is_workday(D(2027, 1, 1)) and not cal.is_workday(D(2027, 2, 8))
    assert cal.is_workday(D(2027, 1, 31)) and cal.is_workday(D(2027, 2, 20))  # Sundays/Saturdays worked
    assert cal.is_workday(D(2027, 1, 4))
    assert "holidays.yml" in cal.source(2027) and "chinesecalendar" in cal.source(2026)
    # A period running from 2026 into 2027 uses both sources.
    # Dec 2026: 21-25 (5), 28-31 (9); Jan 2027: 4-8 (14), 11-15 (19), 18 (20).
    assert cal.add_workdays(D(2026, 12, 18), 20) == D(2027, 1, 18)
    # 2028 is in neither: provisional. 元旦 2028 is a Saturday, made up on Monday 3 January.
    assert cal.is_provisional(2028) and not cal.is_workday(D(2028, 1, 3)) and cal.is_workday(D(2028, 1, 4))


def test_holidays_yml_overrides_a_year_whole(tmp_path):
    (tmp_path / "holidays.yml").write_text(
        "years:\n  2026:\n    source: 测试\n    holidays: []\n    workdays: []\n", "utf-8")
    assert Calendar.for_root(tmp_path).is_workday(D(2026, 10, 1))


@pytest.mark.parametrize("text,line,needle", [
    ("years:\n  2027:\n    holidays: []\n", 2, "source"),
    ("years:\n  2027:\n    source: x\n    workdays:\n      - {name: 春节, date: 2027-02-03}\n", 5, "周末"),
    ("years:\n  2027:\n    source: x\n    holidays:\n      - {name: 春节, from: 2027-02-06, to: 2026-02-13}\n", 5, "2026"),
    ("years:\n  2027:\n    source: x\n    holidays:\n      - {name: 元旦, date: 2027-1-1}\n", 5, "YYYY-MM-DD"),
    ("years:\n  2027:\n    source: x\n    holiday: []\n", 4, "holidays"),
    ("years:\n  2027:\n    source: x\n    holidays:\n      - {date: 2027-01-01}\n", 5, "name"),
    ("years: [\n", 2, "YAML"),
])
def test_holidays_yml_errors_name_the_line_and_fix(tmp_path, text, line, needle):
    path = tmp_path / "holidays.yml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError) as err:
        load_holidays(path)
    assert err.value.path == "holidays.yml"
    assert err.value.line == line, str(err.value)
    assert needle in str(err.value)


def test_repository_holidays_yml_is_valid_and_invents_nothing():
    schedules = load_holidays(REPO / "holidays.yml")
    # The 2027 notice was not known when the file was written: no guessed schedule.
    assert 2027 not in schedules


def test_calendar_reloads_when_holidays_yml_changes(tmp_path):
    assert not calendar(tmp_path).covers(2027)
    (tmp_path / "holidays.yml").write_text(TEST_2027, "utf-8")
    assert calendar(tmp_path).covers(2027)


# -- through the rules and the command line -------------------------------------------

POLICY = """---
title: 关于印发示例方案的通知
date: {date}
issued: {date}
needs_interpretation: true
---

正文。
"""


def _site(tmp_path: Path, issued: str, today: str) -> Path:
    root = tmp_path / "site"
    shutil.copytree(BASE_SITE, root)
    (root / "units/demo/zcwj/case.md").write_text(POLICY.format(date=issued), "utf-8")
    settings = (root / "govsite.yml").read_text("utf-8").replace('today: "2026-11-26"', f'today: "{today}"')
    (root / "govsite.yml").write_text(settings, "utf-8")
    return root


def test_deadline_in_an_unknown_year_still_warns_with_days_left(tmp_path):
    root = _site(tmp_path, "2026-12-21", "2026-12-23")
    report = run(Project(root), [str(root / "units/demo/zcwj/case.md")], codes={"DDL001"}, use_cache=False)
    [finding] = report.findings
    assert "还剩 18 个工作日" in finding.message
    # Dec 2026: 22-25 (4), 28-31 (8); Jan 2027 (provisional): 4-8 (13), 11-15 (18), 18-19 (20)
    assert "截止日期 2027-01-19" in finding.message and "2027 年按法定节假日临时推算" in finding.message


def test_check_in_an_unknown_year_goes_on_and_warns_provisional(tmp_path):
    root = _site(tmp_path, "2027-01-05", "2027-01-20")
    proc = govsite(root, "check", "--select", "DDL001,DDL002,DDL004", "units/demo/zcwj/case.md")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # Jan 6-8 (3), 11-15 (8), 18-20 (11): 9 working days left, and the date says it is provisional.
    assert "还剩 9 个工作日" in proc.stdout and "2027 年按法定节假日临时推算" in proc.stdout
    assert "DDL004" in proc.stdout and "holidays.yml" in proc.stdout


def test_whole_demo_checks_in_2027(tmp_path):
    """From 1 January 2027 the district's builds must not stop for a missing schedule."""
    proc = govsite(REPO, "check", "--no-cache", env={"GOVSITE_TODAY": "2027-01-20"})
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and "法定节假日和调休安排未知" not in proc.stdout + proc.stderr


def test_check_in_a_year_added_to_holidays_yml_works(tmp_path):
    root = _site(tmp_path, "2027-01-05", "2027-01-20")
    (root / "holidays.yml").write_text(TEST_2027, "utf-8")
    proc = govsite(root, "check", "--select", "DDL001,DDL002", "units/demo/zcwj/case.md")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # Jan 6-8 (3), 11-15 (8), 18-20 (11): 9 working days left.
    assert "还剩 9 个工作日" in proc.stdout

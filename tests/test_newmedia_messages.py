"""Public messages (第十三条): the log's format, personal data, working-day deadlines
around a holiday and a make-up Saturday, a provisional 2027 calendar, and the patrol's
early warning."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sitekit import REPO, govsite, make_portal

from govsite.core.project import Project
from govsite.newmedia.messages import acknowledgement, pending, read_log, result
from govsite.regulation.workdays import Calendar

HEAD = "编号,收到时间,受理回复时间,办结反馈时间,事项\n"
CAL = Calendar({})


def one(row: str, today: str = "2026-11-26"):
    log = read_log((HEAD + row + "\n").encode("utf-8"), dt.date.fromisoformat(today))
    assert not log.problems and not log.personal, log
    (message,) = log.messages
    return message


def test_received_at_17_before_the_national_day_holiday():
    # 2026-09-30 (Wed) 17:00; 10-1..10-7 off; 10-8 Thu is the first working day after
    m = one("M1,2026-09-30 17:00,,,咨询")
    assert acknowledgement(CAL, m).due == dt.date(2026, 10, 8)
    # 10-8, 10-9, 10-10 (a Saturday worked, 调休), 10-12, 10-13
    assert result(CAL, m).due == dt.date(2026, 10, 13)


def test_the_day_of_receipt_never_counts_whatever_the_hour():
    early, late = one("M1,2026-11-02 00:05,,,咨询"), one("M2,2026-11-02 23:55,,,咨询")
    assert acknowledgement(CAL, early).due == acknowledgement(CAL, late).due == dt.date(2026, 11, 3)


def test_a_message_on_a_weekend_is_due_on_monday():
    m = one("M1,2026-11-21 10:00,2026-11-23 18:00,,咨询")  # Saturday; acknowledged Monday evening
    due = acknowledgement(CAL, m)
    assert due.due == dt.date(2026, 11, 23) and not due.late


def test_a_result_acknowledges_too():
    m = one("M1,2026-11-20 16:00,,2026-11-23 09:00,咨询")
    assert not acknowledgement(CAL, m).late and not result(CAL, m).late


def test_a_2027_deadline_is_provisional():
    m = one("M1,2027-02-04 10:00,,,咨询", today="2027-02-04")  # Spring Festival 2027 from the lunar calendar
    due = result(CAL, m)
    assert due.provisional == (2027,)
    assert due.due > dt.date(2027, 2, 11)  # the holiday week is not counted


@pytest.mark.parametrize("text,needle", [
    ("编号,收到时间,受理回复时间,事项\n", "缺少“replied”"),
    ("id,received,acknowledged,replied,topic,留言人\nM1,2026-11-02 09:00,,,咨询,张三\n", None),
    (HEAD + "M1,2026/11/02 9:00,,,咨询\n", "不是时间"),
    (HEAD + "M1,2026-11-02 09:00,,,咨询,多余\n", "这一行有 6 列"),
])
def test_format_problems_name_their_line(text, needle):
    log = read_log(text.encode("utf-8"), dt.date(2026, 11, 26))
    if needle is None:
        assert [p.message for p in log.personal] == ["表头“留言人”看来是留言人的个人信息；留言记录不得登记个人信息，请删除整列"]
    else:
        assert any(needle in p.message for p in log.problems), log.problems


def test_an_id_number_in_a_note_is_personal_data():
    text = "编号,收到时间,受理回复时间,办结反馈时间,事项,备注\nM1,2026-11-02 09:00,,,咨询,身份证 11010519491231002X\n"
    log = read_log(text.encode("utf-8"), dt.date(2026, 11, 26))
    assert [p.line for p in log.personal] == [2] and "110105" in log.personal[0].message


def test_a_log_not_in_utf8_says_how_to_save_it():
    log = read_log((HEAD + "M1,2026-11-02 09:00,,,咨询\n").encode("gb18030"), dt.date(2026, 11, 26))
    assert "CSV UTF-8" in log.problems[0].message


# -- on a copy of the demo district ---------------------------------------------------------------

@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return make_portal(tmp_path / "portal", REPO)


def add_message(root: Path, row: str) -> None:
    with open(root / "units/czj/newmedia/qjcz-wx/messages.csv", "a", encoding="utf-8") as fh:
        fh.write(row + "\n")


def test_patrol_warns_of_a_message_due_today_and_fails_on_an_overdue_one(demo):
    add_message(demo, "CZ20261125-09,2026-11-25 15:00,,,咨询非税收入缴款方式")  # Wed: acknowledgement due Thu 11-26
    env = {"GOVSITE_TODAY": "2026-11-26"}
    proc = govsite(demo, "patrol", env=env)
    assert proc.returncode == 0, proc.stdout
    assert "[预警] units/czj/newmedia/qjcz-wx/messages.csv:5 留言 CZ20261125-09" in proc.stdout and "今天到期" in proc.stdout
    proc = govsite(demo, "patrol", "--format", "json", env={"GOVSITE_TODAY": "2026-12-03"})
    assert proc.returncode == 1
    (item,) = json.loads(proc.stdout)["newmedia_messages"]
    assert (item["id"], item["stage"], item["overdue"]) == ("CZ20261125-09", "受理回复", True)


def test_an_unanswered_message_past_five_working_days_fails_check_and_patrol(demo):
    add_message(demo, "CZ20261116-05,2026-11-16 10:00,2026-11-16 11:00,,反映财政票据查验问题")
    env = {"GOVSITE_TODAY": "2026-11-26"}
    proc = govsite(demo, "check", "units/czj", env=env)
    assert proc.returncode == 1
    assert ("units/czj/newmedia/qjcz-wx/messages.csv:5: NMD013 [错误] 留言 CZ20261116-05（2026-11-16 10:00 收到）"
            "至今未反馈办理结果，已超过 5 个工作日（应在 2026-11-23 当天结束前）") in proc.stdout
    proc = govsite(demo, "patrol", env=env)
    assert proc.returncode == 1
    assert "[超期] units/czj/newmedia/qjcz-wx/messages.csv:5 留言 CZ20261116-05" in proc.stdout


def test_pending_lists_nothing_for_the_demo():
    project = Project(REPO)
    assert pending(project, project.today) == []


def test_a_hostile_log_gives_findings_never_tracebacks():
    huge = HEAD + "M1,2026-11-02 09:00,,,\"" + "咨" * 200000 + "\"\n"
    for text in (huge, "\x00\x01", "编号\n\"未闭合", HEAD + "M1,2026-13-45 25:61,,,咨询\n"):
        log = read_log(text.encode("utf-8"), dt.date(2026, 11, 26))
        assert log.problems and all(p.line >= 1 and p.message for p in log.problems), text[:40]


def test_a_topic_cannot_forge_a_line_of_the_patrol_report(demo):
    add_message(demo, 'CZ1,2026-11-25 15:00,,,"咨询\n::error file=x::pwned"')
    proc = govsite(demo, "patrol", env={"GOVSITE_TODAY": "2026-11-26"})
    assert not any(line.startswith("::error") for line in proc.stdout.splitlines()), proc.stdout

"""The account registry (第六条, 第七条): the kept list as data, the accounts' schema in
unit.yml, accounts of persons, sub-units and internal offices, and the 15-working-day
closing period, on the real calendar (a holiday) and on a provisional one (2027)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from rulekit import make_site
from test_data_files import broken_copy, error_of

from govsite.core.accounts import AccountStatus, ApprovalAction, ApprovalStep, Platform
from govsite.core.errors import ConfigError
from govsite.core.project import Project
from govsite.engine.runner import run
from govsite.newmedia.chain import canonical, chain_problems, required_actions
from govsite.newmedia.kept import forbidden_kind, kept_entry, kept_list, load_kept_list

UNIT_HEAD = """name: 测试区示例局
short_name: {short}
kind: department
people:
  - {{id: zhuren, name: 周仁, roles: [principal], title: 局长}}
  - {{id: fuzhu, name: 傅柱, roles: [deputy], title: 副局长}}
  - {{id: kezhang, name: 柯章, roles: [section_head], title: 办公室主任}}
  - {{id: keyuan, name: 柯源, roles: [operator], title: 办公室科员}}
oncall:
  - {{name: 柯章, phone: "010-0000 0000", role: 应急处置负责人}}
new_media:
"""


def site_with(tmp_path: Path, accounts: str, short: str = "示例局", today: str = "2026-11-26") -> Project:
    root = make_site(tmp_path / "site")
    (root / "units/demo/unit.yml").write_text(UNIT_HEAD.format(short=short) + accounts, "utf-8")
    return Project(root, today=dt.date.fromisoformat(today))


def findings(project: Project, code: str) -> list[str]:
    cwd = os.getcwd()
    os.chdir(project.root)
    try:
        report = run(project, ["units/demo"], codes={code}, use_cache=False)
    finally:
        os.chdir(cwd)
    return [f"{f.line} {f.message}" for f in report.findings if f.rule == code]


# -- the kept list ----------------------------------------------------------------------------

def test_kept_list_names_every_account_of_article_7_and_the_main_account():
    kept = kept_list().kept
    assert len(kept) == 17  # 16 accounts of 第七条（一） and 第六条's main account
    assert ("区政府办公室", "黔江区人民政府", "第六条") in {(k.unit, k.name, k.article) for k in kept}
    assert sum(k.name == "平安黔江" for k in kept) == 4
    assert {k.platform for k in kept if k.unit == "区公安局" and k.name.startswith("黔江反诈")} == {Platform.MINIPROGRAM}


@pytest.mark.parametrize("old,new,needle", [
    ("platform: wechat_subscription, name: 黔江财政", "platform: wechat_sub, name: 黔江财政", "wechat_sub"),
    ("{unit: 区教委, platform: wechat_subscription, name: 黔江教育, article: 第七条（一）}",
     "{unit: 区财政局, platform: wechat_subscription, name: 黔江财政, article: 第七条（一）}", "重复"),
    ("{word: 派出所, match: contains, kind: sub_unit}", "{word: 派出所, match: inside, kind: sub_unit}", "inside"),
])
def test_broken_kept_list_names_its_line(tmp_path, old, new, needle):
    path, line = broken_copy(tmp_path, "newmedia_kept.yml", old, new)
    err = error_of(lambda: load_kept_list(path, "newmedia_kept.yml"))
    assert (err.path, err.line) == ("newmedia_kept.yml", line), str(err)
    assert needle in str(err)


def test_kept_matches_unit_platform_and_name(tmp_path):
    project = site_with(tmp_path, """  - {id: a, platform: wechat_subscription, name: 黔江财政}
  - {id: b, platform: douyin, name: 黔江财政}
  - {id: c, platform: wechat_service, name: 黔江城市管理}
""", short="区财政局")
    unit = project.unit("demo")
    assert kept_entry(unit, unit.account("a")) is not None
    assert kept_entry(unit, unit.account("b")) is None  # kept is the subscription account
    assert kept_entry(unit, unit.account("c")) is None  # kept, but run by 区城市管理局


def test_wechat_of_unstated_kind_matches_every_wechat_account(tmp_path):
    project = site_with(tmp_path, "  - {id: a, platform: wechat_service, name: 黔江城市管理}\n", short="区城市管理局")
    unit = project.unit("demo")
    assert kept_entry(unit, unit.account("a")).article == "第七条（一）"


# -- unit.yml: the account's schema -----------------------------------------------------------

def test_approvals_are_read_into_typed_steps(tmp_path):
    project = site_with(tmp_path, """  - id: a
    platform: douyin
    name: 示例局发布
    approvals:
      - {action: open, step: unit_principal, date: 2026-03-02, doc_number: " 示例局文〔2026〕3号 "}
""")
    account = project.unit("demo").account("a")
    assert account.status == AccountStatus.OPEN
    step = account.approvals[0]
    assert (step.action, step.step, step.date, step.doc_number) == (
        ApprovalAction.OPEN, ApprovalStep.UNIT_PRINCIPAL, dt.date(2026, 3, 2), "示例局文〔2026〕3号")


@pytest.mark.parametrize("step,needle", [
    ("{action: open, step: mayor, date: 2026-03-02, doc_number: x}", "mayor"),
    ("{action: open, step: unit_principal, date: 2026-02-30, doc_number: x}", "YYYY-MM-DD"),
    ("{action: open, step: unit_principal, date: 2026-03-02, doc_number: '  '}", "不能为空"),
    ("{action: reopen, step: unit_principal, date: 2026-03-02, doc_number: x}", "reopen"),
    ("{action: open, step: unit_principal, date: 2026-03-02}", "doc_number"),
])
def test_a_malformed_step_is_a_config_error_naming_its_line(tmp_path, step, needle):
    project = site_with(tmp_path, f"""  - id: a
    platform: douyin
    name: 示例局发布
    approvals:
      - {{action: open, step: district_office, date: 2026-03-02, doc_number: y}}
      - {step}
""")
    with pytest.raises(ConfigError) as err:
        project.unit("demo")
    assert err.value.path == "units/demo/unit.yml" and err.value.line in (17, 18), str(err.value)
    assert needle in str(err.value)


# -- persons, sub-units, internal offices (第七条（二）) -------------------------------------------

@pytest.mark.parametrize("name,kind", [
    ("城西派出所", "sub_unit"), ("黔江区实验中学", "sub_unit"), ("示例局预算科", "internal_office"),
    ("示例局团委", "internal_office"), ("周仁工作室", "person"), ("柯源说财税", "person"), ("李局长谈财政", "person"),
])
def test_forbidden_accounts_are_recognised(tmp_path, name, kind):
    project = site_with(tmp_path, f"  - {{id: a, platform: douyin, name: {name}}}\n")
    unit = project.unit("demo")
    assert forbidden_kind(unit, unit.account("a"))[0] == kind


@pytest.mark.parametrize("name", ["示例局发布", "黔江财税"])
def test_a_unit_account_is_not_forbidden(tmp_path, name):
    project = site_with(tmp_path, f"  - {{id: a, platform: douyin, name: {name}}}\n")
    unit = project.unit("demo")
    assert forbidden_kind(unit, unit.account("a")) is None


def test_a_kept_account_is_never_judged_by_its_name(tmp_path):
    # 黔江政务通 is kept; 区行政服务中心 ends in 中心, 黔江高新区 would match nothing: the kept list wins
    project = site_with(tmp_path, "  - {id: a, platform: wechat_service, name: 黔江政务通}\n", short="区行政服务中心")
    unit = project.unit("demo")
    assert forbidden_kind(unit, unit.account("a")) is None


# -- which actions need a chain ------------------------------------------------------------------

def test_required_actions(tmp_path):
    project = site_with(tmp_path, """  - {id: kept, platform: wechat_subscription, name: 黔江财政}
  - {id: new, platform: douyin, name: 示例局发布}
  - {id: app, platform: app, name: 示例局掌上办}
  - {id: gone, platform: douyin, name: 示例局旧号, status: closed, closing: 2026-01-05, closed: 2026-01-10}
""", short="区财政局")
    unit = project.unit("demo")
    need = {a.id: required_actions(unit, a) for a in unit.new_media}
    assert need == {"kept": (), "new": (ApprovalAction.OPEN,), "app": (ApprovalAction.CREATE_APP,),
                    "gone": (ApprovalAction.CLOSE,)}


def test_a_change_written_is_judged_too(tmp_path):
    project = site_with(tmp_path, """  - id: kept
    platform: wechat_subscription
    name: 黔江财政
    approvals:
      - {action: change, step: unit_principal, date: 2026-05-06, doc_number: 黔江财文〔2026〕9号}
""", short="区财政局")
    unit = project.unit("demo")
    problems = chain_problems(unit, unit.account("kept"), project.today)
    assert len(problems) == 1 and "信息变更审批链不完整，缺少：区政府办公室批准、市政府办公厅批准" in problems[0].message
    assert problems[0].keys == ("approvals", 0)


def test_a_step_dated_after_today_is_refused(tmp_path):
    project = site_with(tmp_path, """  - id: new
    platform: douyin
    name: 示例局发布
    approvals:
      - {action: open, step: unit_principal, date: 2026-11-02, doc_number: a}
      - {action: open, step: district_office, date: 2026-11-10, doc_number: b}
      - {action: open, step: municipal_office, date: 2026-12-20, doc_number: c}
""")
    unit = project.unit("demo")
    messages = [p.message for p in chain_problems(unit, unit.account("new"), project.today)]
    assert messages == ["开设审批日期 2026-12-20 晚于今天；请在取得批准后再登记"]


def test_the_signed_subject_covers_every_field_of_the_entry(tmp_path):
    one = site_with(tmp_path / "a", "  - {id: a, platform: douyin, name: 示例局发布, identifier: '123'}\n")
    two = site_with(tmp_path / "b", "  - {id: a, platform: douyin, name: 示例局发布, identifier: '124'}\n")
    first, second = (canonical(p.unit("demo").account("a")) for p in (one, two))
    assert first != second and first.startswith(b"govsite-account/1\n")
    assert '"name":"示例局发布"'.encode() in first


# -- closing within 15 working days (第七条（一）) ------------------------------------------------------

CLOSING = "  - {{id: a, platform: douyin, name: 示例局发布, status: closing, closing: {day}}}\n"


def test_closing_period_skips_the_national_day_holiday(tmp_path):
    # decided 2026-09-25 (Fri), the day itself not counted: 9-28, 29, 30, [10-1..7 holiday],
    # 10-8, 9, 10 (Sat, 调休上班), 12 … 10-22 is the 15th working day: still in time that day
    project = site_with(tmp_path / "due", CLOSING.format(day="2026-09-25"), today="2026-10-22")
    assert findings(project, "NMD003") == []
    project = site_with(tmp_path / "late", CLOSING.format(day="2026-09-25"), today="2026-10-23")
    (message,) = findings(project, "NMD003")
    assert "（最迟 2026-10-22）" in message and "临时推算" not in message


def test_a_closing_period_in_2027_says_its_calendar_is_provisional(tmp_path):
    # 2027's schedule is not published yet: the period is counted from the statutory holidays
    project = site_with(tmp_path, CLOSING.format(day="2027-01-25"), today="2027-03-15")
    (message,) = findings(project, "NMD003")
    assert "2027 年按法定节假日临时推算" in message, message


# -- a pull request's changes to the registry (NMD014) -------------------------------------------------

KEPT_ACCOUNT = "  - {id: a, platform: wechat_subscription, name: 黔江财政, identifier: gh_1, status: open}\n"
CHANGE_CHAIN = """    approvals:
      - {action: change, step: unit_principal, date: 2026-11-02, doc_number: 黔江财文〔2026〕40号}
      - {action: change, step: district_office, date: 2026-11-09, doc_number: 黔江府办函〔2026〕130号}
      - {action: change, step: municipal_office, date: 2026-11-16, doc_number: 渝府办函〔2026〕301号}
"""


def pull_request(tmp_path: Path, head_accounts: str) -> Project:
    from reviewkit import commit_all, git, git_init

    project = site_with(tmp_path, KEPT_ACCOUNT, short="区财政局")
    root = project.root
    git_init(root)
    commit_all(root, "base")
    git(root, "branch", "-M", "main")
    git(root, "checkout", "-q", "-b", "pr")
    (root / "units/demo/unit.yml").write_text(UNIT_HEAD.format(short="区财政局") + head_accounts, "utf-8")
    return Project(root, today=project.today, base="main")


def test_a_changed_identifier_needs_a_change_chain(tmp_path):
    project = pull_request(tmp_path / "x", KEPT_ACCOUNT.replace("gh_1", "gh_2"))
    (message,) = findings(project, "NMD014")
    assert "账号“黔江财政”的账号标识有变更，但审批链中没有新的信息变更审批" in message
    with_chain = "  - id: a\n    platform: wechat_subscription\n    name: 黔江财政\n    identifier: gh_2\n" + CHANGE_CHAIN
    assert findings(pull_request(tmp_path / "y", with_chain), "NMD014") == []


def test_closing_needs_a_close_chain_and_removal_is_refused(tmp_path):
    closing = KEPT_ACCOUNT.replace("status: open}", "status: closing, closing: 2026-11-20}")
    (message,) = findings(pull_request(tmp_path / "x", closing), "NMD014")
    assert "改为 closing，但审批链中没有新的关停审批" in message
    (message,) = findings(pull_request(tmp_path / "y", ""), "NMD014")
    assert "本次从登记中删除了账号“黔江财政”（a）；账号登记是历史记录，不可删除" in message


def test_without_a_base_nothing_is_compared(tmp_path):
    project = site_with(tmp_path, "  - {id: b, platform: douyin, name: 示例局发布}\n")
    assert findings(project, "NMD014") == []

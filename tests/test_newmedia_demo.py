"""The demo district's registry, menus and message logs pass; on a copy of it, removing
one approval or adding a personal account fails ``govsite check`` with a clear message
(an unanswered message: tests/test_newmedia_messages.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import REPO, govsite, make_portal

from govsite.core.files import ACCOUNT_DATA, classify, tree_entry
from govsite.core.project import Project

ACCOUNT_UNITS = ("units/qzfb", "units/czj", "units/jw", "units/gaj")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return make_portal(tmp_path / "portal", REPO)


def test_the_demo_registry_passes(demo):
    proc = govsite(demo, "check", *ACCOUNT_UNITS)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "NMD" not in proc.stdout and "FIL" not in proc.stdout
    proc = govsite(demo, "accounts", "list")
    assert proc.returncode == 0 and "共 9 个账号，0 个有问题。" in proc.stdout


def test_account_records_are_neither_pages_nor_attachments():
    project = Project(REPO)
    for rel in ("units/czj/newmedia/qjcz-wx/menu.json", "units/czj/newmedia/qjcz-wx/messages.csv"):
        assert classify(tree_entry(REPO, rel), project.attachment_types) == ACCOUNT_DATA


def test_removing_one_approval_of_the_main_account_fails(demo):
    yml = demo / "units/qzfb/unit.yml"
    text = yml.read_text("utf-8")
    step = "      - {action: open, step: district_office, date: 2015-04-27, doc_number: 黔江府办〔2015〕15号}\n"
    assert step in text
    yml.write_text(text.replace(step, ""), "utf-8")
    proc = govsite(demo, "check", "units/qzfb")
    assert proc.returncode == 1
    assert "NMD004 [错误] 账号“黔江区人民政府”的开设审批链不完整，缺少：区政府办公室批准" in proc.stdout
    assert "NMD005 [错误] 账号“黔江区人民政府”的审批链须由 区政府办公室主要负责人 签名确认" in proc.stdout
    assert "签名后账号登记内容已被修改，原签名失效" in proc.stdout


def test_adding_a_personal_account_fails(demo):
    with open(demo / "units/czj/unit.yml", "a", encoding="utf-8") as fh:
        fh.write("  - {id: tmh-dy, platform: douyin, name: 谭明华谈财政, status: open, opened: 2026-10-01}\n")
    proc = govsite(demo, "check", "units/czj")
    assert proc.returncode == 1
    assert ("NMD002 [错误] 账号“谭明华谈财政”看来是个人开设的政务新媒体（含本单位人员姓名“谭明华”）；"
            "第七条（二）禁止个人以单位名义") in proc.stdout
    assert "NMD001 [错误] 账号“谭明华谈财政”（抖音号）不在《管理办法》第七条保留名单中" in proc.stdout
    assert govsite(demo, "accounts", "list").returncode == 1


def test_a_wechat_account_without_its_menu_fails(demo):
    (demo / "units/jw/newmedia/qjjy-wx/menu.json").unlink()
    proc = govsite(demo, "check", "units/jw")
    assert proc.returncode == 1 and "NMD006 [错误] 微信账号“黔江教育”没有登记自定义菜单" in proc.stdout


def test_a_pull_request_touching_only_a_menu_checks_its_unit(demo):
    from reviewkit import commit_all, git, git_init

    git_init(demo)
    commit_all(demo, "base")
    git(demo, "branch", "-M", "main")
    git(demo, "checkout", "-q", "-b", "pr")
    menu = demo / "units/gaj/newmedia/pajq-wx/menu.json"
    menu.write_text(menu.read_text("utf-8").replace("互动交流", "联系我们"), "utf-8")
    commit_all(demo, "menu")
    proc = govsite(demo, "changed", "--base", "main")
    assert "units/gaj" in proc.stdout.split(), proc.stdout + proc.stderr
    proc = govsite(demo, "check", "units/gaj")
    assert proc.returncode == 1 and "NMD008" in proc.stdout

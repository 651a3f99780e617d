"""The approval chain's signatures (第八条), with real ssh-keygen keys, on a copy of the
demo district: the unit's principal and the district office sign the canonical entry,
a change to the entry makes them stale, a wrong signer is refused, a forged record does
not count, and a key a pull request registers for itself does not count either."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from reviewkit import commit_all, git, git_init, keys_dir_for, keys_env, reviewer_keys
from sitekit import REPO, govsite, make_portal

from govsite.core.errors import UsageError
from govsite.core.project import Project
from govsite.newmedia.chain import approve_account, signatures, subject_path

CHAIN = """
    approvals:
      - {action: open, step: unit_principal, date: 2026-03-02, doc_number: 黔江财文〔2026〕3号}
      - {action: open, step: district_office, date: 2026-03-10, doc_number: 黔江府办函〔2026〕21号}
      - {action: open, step: municipal_office, date: 2026-03-20, doc_number: 渝府办函〔2026〕45号}
"""
DOUYIN = """  - id: qjcz-dy
    platform: douyin
    name: 黔江财政发布
    identifier: "81234567"
    status: open
    opened: 2026-04-01""" + CHAIN


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    root = make_portal(tmp_path / "portal", REPO)
    with open(root / "units/czj/unit.yml", "a", encoding="utf-8") as fh:
        fh.write(DOUYIN)
    reviewer_keys(root, "czj", ("tanminghua", "xiangdong"))
    reviewer_keys(root, "qzfb", ("liuyong",))
    return root


def state(root: Path):
    project = Project(root)
    unit = project.unit("czj")
    return signatures(project, unit, unit.account("qjcz-dy"))


def sign(root: Path, person: str, unit: str):
    return approve_account(Project(root), "czj", "qjcz-dy", person, unit, keys_base=keys_dir_for(root))


def test_principal_and_district_office_must_both_sign(demo):
    assert [n.label for n in state(demo).missing] == ["区财政局主要负责人", "区政府办公室（区政府办公室）负责人"]
    done = sign(demo, "tanminghua", "czj")
    assert done.path.parent.relative_to(demo).as_posix() == "review/approvals/_trust/units/czj/new_media/qjcz-dy"
    assert [n.unit for n in state(demo).missing] == ["qzfb"]
    sign(demo, "liuyong", "qzfb")
    assert state(demo).missing == ()


def test_the_cli_signs_and_check_passes(demo):
    proc = govsite(demo, "check", "units/czj", "--format", "json")
    assert proc.returncode == 1 and '"NMD005"' in proc.stdout
    for person, unit in (("tanminghua", "czj"), ("liuyong", "qzfb")):
        proc = govsite(demo, "accounts", "approve", "czj", "qjcz-dy", "--as", person, "--unit", unit, env=keys_env(demo))
        assert proc.returncode == 0, proc.stderr
        assert "已签名账号登记 units/czj/new_media/qjcz-dy" in proc.stdout
    proc = govsite(demo, "check", "units/czj")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    shown = govsite(demo, "accounts", "show", "czj", "qjcz-dy").stdout
    assert shown.startswith("govsite-account/1\n") and "渝府办函〔2026〕45号" in shown


def test_a_change_after_signing_makes_the_signatures_stale(demo):
    sign(demo, "tanminghua", "czj")
    sign(demo, "liuyong", "qzfb")
    yml = demo / "units/czj/unit.yml"
    yml.write_text(yml.read_text("utf-8").replace('identifier: "81234567"', 'identifier: "81234568"'), "utf-8")
    now = state(demo)
    assert len(now.stale) == 2 and len(now.missing) == 2
    proc = govsite(demo, "check", "units/czj")
    assert proc.returncode == 1
    assert "签名后账号登记内容已被修改，原签名失效" in proc.stdout


def test_removing_an_approval_step_fails_twice(demo):
    sign(demo, "tanminghua", "czj")
    sign(demo, "liuyong", "qzfb")
    yml = demo / "units/czj/unit.yml"
    text = yml.read_text("utf-8")
    yml.write_text(text.replace("      - {action: open, step: municipal_office, date: 2026-03-20, doc_number: 渝府办函〔2026〕45号}\n", ""), "utf-8")
    proc = govsite(demo, "check", "units/czj")
    assert proc.returncode == 1
    assert "NMD004" in proc.stdout and "开设审批链不完整，缺少：市政府办公厅批准" in proc.stdout
    assert "NMD005" in proc.stdout  # the entry changed: the signatures no longer hold


def test_only_the_principal_and_the_office_may_sign(demo):
    with pytest.raises(UsageError, match="须由 区财政局主要负责人"):
        sign(demo, "xiangdong", "czj")  # a deputy of the unit
    with pytest.raises(UsageError, match="不能签批"):
        sign(demo, "luozhiqiang", "jw")  # the principal of a unit that has no say


def test_a_forged_record_does_not_count(demo):
    done = sign(demo, "tanminghua", "czj")
    forged = done.path.with_name(done.path.name.replace("tanminghua", "liuyong"))
    text = done.path.read_text("utf-8").replace("unit: czj", "unit: qzfb").replace("person: tanminghua", "person: liuyong")
    text = text.replace(f"-{'tanminghua'}", "-liuyong").replace("name: 谭明华", "name: 刘勇")
    forged.write_text(text, "utf-8")
    shutil.copy(done.path.with_name(done.path.name + ".sig"), forged.with_name(forged.name + ".sig"))
    now = state(demo)
    assert [n.unit for n in now.missing] == ["qzfb"]
    assert any(c.path == forged for c in now.invalid)


def test_a_key_registered_by_the_pull_request_itself_does_not_count(demo):
    git_init(demo)
    commit_all(demo, "base")
    git(demo, "branch", "-M", "main")
    git(demo, "checkout", "-q", "-b", "pr")
    # the pull request registers a fresh key for 刘勇 and signs with it
    keys = keys_dir_for(demo)
    shutil.rmtree(keys / "qzfb" / "liuyong", ignore_errors=True)
    for f in (keys / "qzfb").glob("liuyong*"):
        f.unlink()
    reviewer_keys(demo, "qzfb", ("liuyong",))
    sign(demo, "tanminghua", "czj")
    sign(demo, "liuyong", "qzfb")
    commit_all(demo, "sign")
    project = Project(demo, base="main")
    unit = project.unit("czj")
    assert [n.unit for n in signatures(project, unit, unit.account("qjcz-dy")).missing] == ["qzfb"]
    assert subject_path(unit.account("qjcz-dy")) == "units/czj/new_media/qjcz-dy"


def test_the_demo_main_account_is_signed():
    project = Project(REPO)
    unit = project.unit("qzfb")
    account = unit.account("qjzf-wx")
    assert account is not None and account.approvals
    assert signatures(project, unit, account).missing == ()
    records = list((REPO / "review/approvals/_trust/units/qzfb/new_media/qjzf-wx").glob("*.approval"))
    assert records and all("person: liuyong" in r.read_text("utf-8") for r in records)


def test_the_district_office_is_the_portal_owner(demo):
    settings = demo / "govsite.yml"
    settings.write_text(settings.read_text("utf-8").replace("owner: qzfb", "owner: czj"), "utf-8")
    project = Project(demo)
    unit = project.unit("czj")
    # czj is now the office: its principal alone signs its own account
    assert [n.unit for n in signatures(project, unit, unit.account("qjcz-dy")).missing] == ["czj"]

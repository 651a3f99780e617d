"""Third-party maintainers in a real repository (第十四条（三））: commits to a unit by its
roster, platform staff and a filed maintainer within its agreement pass; an unfiled
author's commit and a maintainer's commit after the agreement expired are reported."""

from __future__ import annotations

import json
import os
import subprocess

from sitekit import govsite, make_portal, page_text, write_page

MAINTAINERS = """maintainers:
  - company: 重庆某某网络科技有限公司
    people:
      - {name: 张工, email: zhang@vendor.example.com}
    filed: 2026-01-05
    nda_signed: 2026-01-04
    nda_until: 2026-06-30
"""


def commit(root, message, who, email, date):
    env = dict(os.environ, GIT_AUTHOR_NAME=who, GIT_AUTHOR_EMAIL=email, GIT_AUTHOR_DATE=date,
               GIT_COMMITTER_NAME=who, GIT_COMMITTER_EMAIL=email, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", message], cwd=root, check=True, env=env)
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, check=True, capture_output=True, text=True).stdout.strip()


def test_unfiled_author_and_expired_agreement_are_reported(tmp_path):
    root = make_portal(tmp_path / "portal")
    settings = root / "govsite.yml"
    settings.write_text(settings.read_text("utf-8") + "platform_staff: [平台管理员]\n", "utf-8")
    unit_yml = root / "units/demo/unit.yml"
    unit_yml.write_text(unit_yml.read_text("utf-8") + MAINTAINERS, "utf-8")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    commit(root, "站点", "平台管理员", "admin@qianjiang.example.gov.cn", "2026-01-01T09:00:00+08:00")
    base = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, check=True, capture_output=True, text=True).stdout.strip()

    write_page(root, "units/demo/gzdt/a.md", page_text("本单位人员写的"))
    commit(root, "本单位", "柯源", "keyuan@example.gov.cn", "2026-02-01T09:00:00+08:00")
    write_page(root, "units/demo/gzdt/b.md", page_text("运维公司协议期内"))
    commit(root, "运维", "张工", "zhang@vendor.example.com", "2026-03-01T09:00:00+08:00")
    write_page(root, "units/demo/gzdt/c.md", page_text("不明人员"))
    stranger = commit(root, "不明", "李某", "li@unknown.example.com", "2026-04-01T09:00:00+08:00")
    write_page(root, "units/demo/gzdt/d.md", page_text("协议过期后"))
    expired = commit(root, "过期", "张工", "zhang@vendor.example.com", "2026-08-01T09:00:00+08:00")

    out = govsite(root, "maintainers", "--since", base, "--format", "json")
    assert out.returncode == 1, out.stdout + out.stderr
    found = json.loads(out.stdout)
    assert [(f["commit"], f["unit"], f["paths"]) for f in found] == [
        (expired, "demo", ["units/demo/gzdt/d.md"]), (stranger, "demo", ["units/demo/gzdt/c.md"])]
    assert "保密协议已于 2026-06-30 到期" in found[0]["why"]
    assert "既不在" in found[1]["why"]

    # the agreement itself has expired: an error of govsite check (SEC002)
    check = govsite(root, "check", "units/demo", "--format", "json")
    assert any(f["rule"] == "SEC002" and f["path"] == "units/demo/unit.yml" for f in json.loads(check.stdout))


def test_a_unit_without_oncall_contacts_fails_the_check(tmp_path):
    root = make_portal(tmp_path / "portal")
    unit_yml = root / "units/demo/unit.yml"
    text = unit_yml.read_text("utf-8")
    unit_yml.write_text(text[:text.index("oncall:")], "utf-8")
    out = govsite(root, "check", "units/demo", "--format", "json")
    assert out.returncode == 1
    assert [f["rule"] for f in json.loads(out.stdout) if f["severity"] == "error"] == ["SEC001"]


def test_the_patrol_lists_oncall_contacts(tmp_path):
    root = make_portal(tmp_path / "portal")
    out = govsite(root, "patrol", "--format", "json")
    assert out.returncode in (0, 1), out.stderr
    demo = next(u for u in json.loads(out.stdout)["units"] if u["id"] == "demo")
    assert demo["oncall"] == [{"name": "柯章", "phone": "010-0000 0000", "role": "应急处置负责人"}]
    text = govsite(root, "patrol").stdout
    assert "7×24 小时应急联系人" in text and "柯章（应急处置负责人）010-0000 0000" in text
    page = govsite(root, "patrol", "--format", "markdown").stdout
    assert "柯章（应急处置负责人）" in page and "010-0000 0000" not in page  # the published page shows no numbers

"""``govsite new UNIT COLUMN "标题"``: a page scaffold with the right front-matter and
the unit's reviewers to fill in; refuses unknown units and columns; never overwrites."""

from __future__ import annotations

import datetime as dt

import frontmatter
import pytest
from rulekit import make_site
from sitekit import govsite

from govsite.core.project import Project
from govsite.ops.scaffold import default_slug, scaffold


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path / "site")


def test_news_page_scaffold(site):
    proc = govsite(site, "new", "demo", "gzdt", "全区政务公开工作推进会召开", "--date", "2026-11-20")
    assert proc.returncode == 0, proc.stderr
    rel = "units/demo/gzdt/2026-11-20-qqzwgkgztj.md"
    assert rel in proc.stdout
    post = frontmatter.load(site / rel)
    assert post["title"] == "全区政务公开工作推进会召开" and post["date"] == dt.date(2026, 11, 20)
    assert post["source"] == "测试区示例局" and post["major"] is False
    assert post["reviewers"] == {"drafter": "", "checker": "", "approver": ""}
    text = (site / rel).read_text("utf-8")
    drafter = next(line for line in text.splitlines() if line.strip().startswith("drafter:"))
    checker = next(line for line in text.splitlines() if line.strip().startswith("checker:"))
    approver = next(line for line in text.splitlines() if line.strip().startswith("approver:"))
    # who may take each role, from unit.yml (第五条): operators or section heads draft ...
    assert "柯源（keyuan" in drafter and "柯章（kezhang" in drafter and "周仁" not in drafter
    assert "柯章（kezhang" in checker and "柯源" not in checker
    assert "周仁（zhuren" in approver and "傅柱（fuzhu" in approver and "柯章" not in approver
    assert "同名请填 id" in drafter  # two people named 王芳
    # the scaffold is a valid page except for the three names still to fill in
    check = govsite(site, "check", rel, "--format", "json", "--no-cache")
    codes = {f["rule"] for f in __import__("json").loads(check.stdout)}
    assert codes <= {"REV002"}, check.stdout


def test_policy_and_interpretation_pages_get_their_keys(site):
    project = Project(site)
    policy = frontmatter.loads(scaffold(project, "demo", "zcwj", "关于印发某办法的通知", date=dt.date(2026, 11, 20)).text)
    assert {"doc_number", "issued", "issuer", "normative", "interpretations"} <= set(policy.metadata)
    interp = frontmatter.loads(scaffold(project, "demo", "zcjd", "某办法政策解读", date=dt.date(2026, 11, 20)).text)
    assert interp["format"] == "text" and "policy" in interp.metadata


def test_unit_column_with_its_own_folder(site):
    proc = govsite(site, "new", "demo", "zfcg", "采购公告", "--slug", "2026-11-20-cggg")
    assert proc.returncode == 0, proc.stderr
    assert (site / "units/demo/zfcg/2026-11-20-cggg.md").is_file()


def test_refusals(site):
    unknown_unit = govsite(site, "new", "nope", "gzdt", "标题")
    assert unknown_unit.returncode == 2 and "未知的单位 nope" in unknown_unit.stderr and "demo（示例局）" in unknown_unit.stderr
    unknown_column = govsite(site, "new", "demo", "abc", "标题")
    assert unknown_column.returncode == 2 and "没有栏目 abc" in unknown_column.stderr and "gzdt（工作动态）" in unknown_column.stderr
    generated = govsite(site, "new", "demo", "xxgkml", "标题")
    assert generated.returncode == 2 and "自动生成" in generated.stderr
    link = govsite(site, "new", "demo", "hdjl", "标题")
    assert link.returncode == 2 and "外链栏目" in link.stderr
    bad_slug = govsite(site, "new", "demo", "gzdt", "标题", "--slug", "Index")
    assert bad_slug.returncode == 2 and "不可用" in bad_slug.stderr
    bad_date = govsite(site, "new", "demo", "gzdt", "标题", "--date", "2026-02-30")
    assert bad_date.returncode == 2 and "不是日期" in bad_date.stderr
    assert not list((site / "units/demo/gzdt").glob("2026-*"))


def test_never_overwrites(site):
    target = site / "units/demo/gzdt/2026-11-20-hy.md"
    target.write_text("已有的页面\n", "utf-8")
    proc = govsite(site, "new", "demo", "gzdt", "会议", "--slug", "2026-11-20-hy")
    assert proc.returncode == 2 and "已存在，不会覆盖" in proc.stderr
    assert target.read_text("utf-8") == "已有的页面\n"


def test_default_slug():
    assert default_slug("关于印发2026年工作要点的通知", dt.date(2026, 1, 5)) == "2026-01-05-gyyf2026ng"
    assert default_slug("！！", dt.date(2026, 1, 5)) == "2026-01-05"

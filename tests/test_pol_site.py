"""What the site shows from front-matter: a policy's interpretations and an
interpretation's policy (第十条第三款, 第十三条), and the 政府信息公开目录 generated from a
unit's pages (第十条第五款)."""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path

import pytest
from reviewkit import sign_all
from rulekit import BASE_SITE
from sitekit import make_portal, mkdocs_build

from govsite.core.project import Project
from govsite.regulation.policies import resolve
from govsite.site.nav import unit_nav
from govsite.site.pages import generated_pages
from govsite.site.related import related_links
from govsite.site.xxgkml import catalog_pages

POLICY = """---
title: 关于印发测试区示例资金管理办法的通知
date: 2026-11-20
doc_number: 测示发〔2026〕8号
index_number: 11500114MB1234567X/2026-00008
issued: 2026-11-18
normative: true
interpretations:
  - ../zcjd/jd.md
  - ../zcjd/tj.md
reviewers:
  drafter: 柯源
  checker: 柯章
  approver: 傅柱
---

正文。
"""

INTERP = """---
title: {title}
date: 2026-11-20
source: 测试区示例局
policy: ../zcwj/wj.md
format: {fmt}
reviewers:
  drafter: 柯源
  checker: 柯章
  approver: 傅柱
---

解读正文。
"""


@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(BASE_SITE, root)
    (root / "units/demo/zcwj/wj.md").write_text(POLICY, "utf-8")
    (root / "units/demo/zcjd/jd.md").write_text(INTERP.format(title="《示例资金管理办法》政策解读", fmt="text"), "utf-8")
    (root / "units/demo/zcjd/tj.md").write_text(INTERP.format(title="图解：示例资金管理办法", fmt="infographic"), "utf-8")
    return root


def links(markdown: str) -> list[tuple[str, str]]:
    return re.findall(r"\[([^\]]+)\]\(([^)]+)\)", markdown)


def test_policy_page_lists_its_interpretations(site):
    block = related_links(Project(site), "demo/zcwj/wj.md")
    assert "本文件的政策解读" in block
    assert links(block) == [("《示例资金管理办法》政策解读", "../zcjd/jd.md"), ("图解：示例资金管理办法", "../zcjd/tj.md")]


def test_interpretation_links_to_its_policy(site):
    block = related_links(Project(site), "demo/zcjd/jd.md")
    assert "所解读的文件" in block and "测示发〔2026〕8号" in block
    assert links(block) == [("关于印发测试区示例资金管理办法的通知", "../zcwj/wj.md")]


def test_interpretation_of_a_higher_level_document_links_out(site):
    project = Project(site)
    block = related_links(project, "demo/zcjd/base.md")  # policy: https://www.gov.cn/...
    assert links(block) == [("https://www.gov.cn/zhengce/content/example.htm", "https://www.gov.cn/zhengce/content/example.htm")]


def test_pages_without_links_get_nothing(site):
    project = Project(site)
    assert related_links(project, "demo/gzdt/base.md") == ""
    assert related_links(project, "demo/zcwj/base.md") == ""


def test_link_forms_resolve_alike(site):
    page = Project(site).page("units/demo/zcwj/wj.md")
    want = "units/demo/zcjd/jd.md"
    for link in ("../zcjd/jd.md", "../../zcjd/jd/", "units/demo/zcjd/jd.md", "/demo/zcjd/jd/", "../zcjd/jd.md#yi"):
        assert resolve(page, link) == want, link
    assert resolve(page, "https://www.gov.cn/x.htm") is None
    assert resolve(page, "../../../../etc/passwd") is None


# -- 政府信息公开目录 ------------------------------------------------------------------------

def test_catalog_is_generated_from_the_pages(site):
    project = Project(site)
    [page] = catalog_pages(project, project.unit("demo"))
    assert page.src_uri == "demo/xxgkml/index.md"
    md = page.markdown
    assert md.startswith("---\ntitle: 政府信息公开目录\n---")
    assert "| 索引号 | 标题 | 发文字号 | 成文日期 | 发布日期 | 栏目 |" in md
    row = next(line for line in md.splitlines() if "测示发〔2026〕8号" in line)
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells == ["11500114MB1234567X/2026-00008", "[关于印发测试区示例资金管理办法的通知](../zcwj/wj.md)",
                     "测示发〔2026〕8号", "2026-11-18", "2026-11-20", "政策文件"]
    pages = sorted(p.relative_to(site).as_posix() for p in (site / "units/demo").rglob("*.md"))
    assert md.count("\n| ") - 2 == len(pages)  # one row per page (header and rule rows aside)
    for rel in pages:
        assert f"]({posixpath.relpath(rel.split('/', 1)[1], 'demo/xxgkml')})" in md


def test_catalog_is_paginated(site):
    for n in range(Project(site).settings.page_size + 5):
        (site / f"units/demo/gzdt/n{n:03d}.md").write_text(f"---\ntitle: 第{n}条|动态\ndate: 2026-10-01\n---\n\n正文。\n", "utf-8")
    project = Project(site)
    first, second = catalog_pages(project, project.unit("demo"))
    assert second.src_uri == "demo/xxgkml/page/2.md"
    assert "[下一页](page/2.md)" in first.markdown and "[上一页](../index.md)" in second.markdown
    assert "第0条\\|动态" in first.markdown or "第0条\\|动态" in second.markdown  # | escaped in a table


def test_catalog_is_in_generated_pages_nav_and_unit_home(site):
    project = Project(site)
    uris = {g.src_uri: g for g in generated_pages(project)}
    assert "demo/xxgkml/index.md" in uris
    assert "## 政府信息公开目录\n\n本单位主动公开的政府信息，按主题分类和发布日期编排：[查阅政府信息公开目录](xxgkml/index.md)" \
        in uris["demo/index.md"].markdown  # a heading never stands alone (issue #11)
    [section] = unit_nav(project)
    children = next(iter(section.values()))[0]["示例局"]
    assert {"政府信息公开目录": "demo/xxgkml/index.md"} in children


# -- the real build ----------------------------------------------------------------------------

def test_real_build_renders_links_catalog_and_header(tmp_path):
    root = make_portal(tmp_path / "portal")
    (root / "units/demo/zcwj/wj.md").write_text(POLICY, "utf-8")
    (root / "units/demo/zcjd/jd.md").write_text(INTERP.format(title="《示例资金管理办法》政策解读", fmt="text"), "utf-8")
    (root / "units/demo/zcjd/tj.md").write_text(INTERP.format(title="图解：示例资金管理办法", fmt="infographic"), "utf-8")
    sign_all(root)  # 三审三校 approvals for the new pages (throwaway keys)
    proc = mkdocs_build(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = root / "site"
    policy = (out / "demo/zcwj/wj/index.html").read_text("utf-8")
    assert "本文件的政策解读" in policy and 'href="../../zcjd/jd/"' in policy
    interp = (out / "demo/zcjd/jd/index.html").read_text("utf-8")
    assert "所解读的文件" in interp and 'href="../../zcwj/wj/"' in interp
    catalog = (out / "demo/xxgkml/index.html").read_text("utf-8")
    assert "测示发〔2026〕8号" in catalog and "11500114MB1234567X/2026-00008" in catalog

"""Internal links at build time: the real ``mkdocs build --strict`` fails on a broken
relative link or anchor, whether the link rules (LNK) or MkDocs' own validation
catches it; and a page with good links builds."""

from __future__ import annotations

import pytest
from linkkit import fast_portal
from reviewkit import sign_all
from sitekit import mkdocs_build, page_text, write_page


def heading_page(title: str, body: str) -> str:
    return page_text(title, f"# {title}\n\n## 第三条 适用范围\n\n{body}")


@pytest.fixture
def portal(tmp_path):
    root = fast_portal(tmp_path / "portal")
    write_page(root, "units/demo/zcwj/zc.md", heading_page("政策文件", "正文。"))
    return root


def build_with(root, rel: str, body: str):
    write_page(root, rel, heading_page("链接测试", body))
    sign_all(root)
    return mkdocs_build(root)


def test_good_relative_links_and_anchors_build(portal):
    proc = build_with(portal, "units/demo/gzdt/links.md",
                      "见[政策](../zcwj/zc.md#第三条-适用范围)、[本页第三条](#第三条-适用范围)、[通知公告](../tzgg/index.md)。")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html = (portal / "site" / "demo" / "gzdt" / "links" / "index.html").read_text("utf-8")
    assert 'href="../../zcwj/zc/#第三条-适用范围"' in html


def test_broken_relative_link_fails_the_build(portal):
    proc = build_with(portal, "units/demo/gzdt/links.md", "见[政策](../zcwj/zcc.md)。")
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "units/demo/gzdt/links.md:15: LNK001" in out and "zc.md" in out, out  # names the line and a fix


def test_broken_anchor_fails_the_build(portal):
    proc = build_with(portal, "units/demo/gzdt/links.md", "见[第四条](../zcwj/zc.md#第四条)。")
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "LNK002" in out and "#第四条" in out, out


def test_mkdocs_own_validation_still_fails_a_suppressed_broken_link(portal):
    # Even with the rule silenced in the page, MkDocs' strict validation refuses the link.
    body = "<!-- govsite: allow LNK001 测试：验证构建自身的链接校验 -->\n见[政策](../zcwj/missing.md)。"
    proc = build_with(portal, "units/demo/gzdt/links.md", body)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "missing.md" in out and "not found among documentation files" in out, out


def test_mkdocs_validates_anchors_of_portal_pages(portal):
    # content/ pages are the platform's and not rule targets: MkDocs' anchor validation covers them.
    write_page(portal, "content/help.md", "---\ntitle: 帮助\n---\n\n# 帮助\n\n见[关于本站](about.md#不存在的锚点)。\n")
    sign_all(portal)
    proc = mkdocs_build(portal)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "不存在的锚点" in out and "anchor" in out, out

"""The build's second line of defence: page content is sanitised with nh3, so unsafe
HTML never reaches the site even when its finding was suppressed; the theme's own
markup and scripts stay. One real ``mkdocs build`` of a temporary portal."""

from __future__ import annotations

import re

import pytest
from reviewkit import sign_all
from sitekit import make_portal, mkdocs_build, write_page

from govsite.site.sanitize import sanitize_content

HEAD = "---\ntitle: {title}\ndate: 2026-11-20\nsource: 测试区示例局\nreviewers:\n  drafter: 柯源\n  checker: 柯章\n  approver: 傅柱\n---\n\n"

UNSAFE_PAGE = HEAD.format(title="含不安全内容的页面") + """\
<!-- govsite: allow HTM001,HTM002,HTM003 测试清洗：构建时必须清除 -->
<script>window.__pwned = 1</script><img src="https://www.gov.cn/images/logo.png" onerror="window.__pwned=2" alt="标志">

<!-- govsite: allow HTM001,HTM003 测试清洗：构建时必须清除 -->
<iframe src="https://video.example.com/embed/1"></iframe><form action="javascript:alert(1)"><input name="q"></form>

<!-- govsite: allow HTM003 测试清洗：构建时必须清除 -->
[点击办理](javascript:alert(3))

<!-- govsite: allow HTM003,LNK003 测试清洗：构建时必须清除 -->
<a href="jav&#x61;script:alert(4)" style="color:red">伪装链接</a> ![图](data:image/png;base64,iVBORw0KGgo=)

## 正文小标题

| 项目 | 数量 |
| --- | --- |
| 甲 | 1 |

!!! note "提示"
    这是提示框。

正常链接：[中国政府网](https://www.gov.cn/)。
"""


def test_sanitize_removes_unsafe_keeps_markdown_markup():
    html = (
        '<h2 id="t">标题<a class="headerlink" href="#t" title="Permanent link">&para;</a></h2>'
        '<script>alert(1)</script><p onclick="x()" style="display:none">文字</p>'
        '<a href="javascript:alert(1)">j</a><a href="https://www.gov.cn/">g</a>'
        '<img src="data:image/png;base64,AAAA" alt="d"><iframe src="https://x.example/"></iframe>'
        '<form action="/x"><input name="q"><input type="checkbox" checked disabled></form>'
        '<div class="admonition note"><p class="admonition-title">注意</p></div>'
        '<table><thead><tr><th align="left">a</th></tr></thead></table>'
        '<div class="highlight"><pre><span></span><code><span class="k">def</span></code></pre></div>'
    )
    out = sanitize_content(html)
    for bad in ("<script", "alert(1)", "onclick", "style=", "javascript:", "data:image", "<iframe", "<form", 'name="q"'):
        assert bad not in out, bad
    for good in ('id="t"', 'class="headerlink"', 'href="#t"', 'href="https://www.gov.cn/"', 'class="admonition note"',
                 '<th align="left">', 'class="highlight"', '<span class="k">def</span>', 'type="checkbox"', "文字"):
        assert good in out, good


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_portal(tmp_path_factory.mktemp("portal"))
    write_page(root, "units/demo/gzdt/unsafe.md", UNSAFE_PAGE)
    sign_all(root)  # the three reviewers' approvals, so that only the content is in question
    proc = mkdocs_build(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root / "site"


def _content(html: str) -> str:
    """The rendered Markdown part of a Material page (inside <article>)."""
    m = re.search(r"<article[^>]*>(.*)</article>", html, re.S)
    assert m, "no <article> in the page"
    return m.group(1)


def test_build_publishes_no_unsafe_html(built):
    html = (built / "demo" / "gzdt" / "unsafe" / "index.html").read_text("utf-8")
    content = _content(html)
    assert "__pwned" not in html
    for bad in ("<script", "<iframe", "<form", "onerror", "javascript:", "data:image", "video.example.com", "style="):
        assert bad not in content, bad
    assert "伪装链接" in content and "正文小标题" in content and "这是提示框" in content
    assert 'href="https://www.gov.cn/"' in content
    assert re.search(r'<table>.*<td>甲</td>', content, re.S)
    assert 'class="admonition note"' in content


def test_theme_markup_and_scripts_survive(built):
    html = (built / "demo" / "gzdt" / "unsafe" / "index.html").read_text("utf-8")
    # Material's own scripts and the search box still load: only the content was sanitised.
    assert re.search(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"', html)
    assert 'class="govsite-search-box"' in html
    assert 'class="md-header' in html


def test_suppressed_findings_are_logged_in_the_build(built):
    # the build went through because every unsafe construct was suppressed with a reason;
    # sanitising is what kept it off the site
    assert (built / "demo" / "gzdt" / "unsafe" / "index.html").exists()

"""``govsite review show``: exactly what a signature covers, and for a stale approval
the diff since that person signed (the signed content found in git history by hash)."""

from __future__ import annotations

import hashlib

from reviewkit import commit_all, git_init
from sitekit import govsite, make_portal

from govsite.review.hashing import content_hash

PAGE = "units/demo/gzdt/base.md"


def test_show_prints_the_signed_bytes_and_the_diff_of_stale_approvals(tmp_path):
    root = make_portal(tmp_path / "portal")
    git_init(root)  # the fixture site is signed: the signed content is in this commit
    page = root / PAGE
    page.write_text(page.read_text("utf-8").replace("这是一个用于测试的示例页面", "页面已经修改")
                    + "\n| 项目 | 金额 |\n| --- | --- |\n| 办公费 | 1 <script>alert(1)</script> |\n", "utf-8")
    commit_all(root, "修改页面")

    raw = govsite(root, "review", "show", PAGE, "--raw")
    assert raw.returncode == 0, raw.stderr
    # the bytes shown are exactly the ones whose hash a signature covers
    assert "sha256:" + hashlib.sha256(raw.stdout.encode("utf-8")).hexdigest() == content_hash(page.read_bytes())

    text = govsite(root, "review", "show", PAGE)
    assert text.returncode == 0, text.stderr
    assert raw.stdout in text.stdout and content_hash(page.read_bytes()) in text.stdout
    assert "已失效" in text.stdout and "签名以来的改动" in text.stdout
    diff = text.stdout.splitlines()
    assert any(line.startswith("-") and "这是一个用于测试的示例页面" in line for line in diff)
    assert any(line.startswith("+") and "页面已经修改" in line for line in diff)

    out = tmp_path / "review.html"
    rendered = govsite(root, "review", "show", PAGE, "--html", str(out))
    assert rendered.returncode == 0, rendered.stderr
    html = out.read_text("utf-8")
    assert "<table>" in html and "<td>办公费</td>" in html  # rendered with the site's extensions
    assert "<script>" not in html  # sanitised in the page, escaped in the diff
    assert '<span class="add">+| 办公费 | 1 &lt;script&gt;alert(1)&lt;/script&gt; |</span>' in html
    assert "发布日期：" in html and "签名不全或已失效" in html


def test_show_a_fully_signed_page_has_no_diff(tmp_path):
    root = make_portal(tmp_path / "portal")
    shown = govsite(root, "review", "show", PAGE)
    assert shown.returncode == 0, shown.stderr
    assert "有效" in shown.stdout and "签名以来的改动" not in shown.stdout

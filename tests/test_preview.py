"""``govsite preview``: the pull request's draft site shows an unsigned page under its
banner; ``govsite deploy`` refuses to publish that folder."""

from __future__ import annotations

from sitekit import govsite, make_portal, page_text, write_page

from govsite.publish.build import DRAFT_MARKER


def test_preview_renders_unapproved_page_and_deploy_refuses_it(tmp_path):
    root = make_portal(tmp_path / "portal")
    write_page(root, "units/demo/tzgg/new.md", page_text("新的<b>通知</b>"))
    out = tmp_path / "preview"
    proc = govsite(root, "preview", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    html = (out / "demo/tzgg/new/index.html").read_text("utf-8")
    assert 'class="admonition danger govsite-draft"' in html and "未审核" in html and "REV010" in html
    signed = (out / "demo/gzdt/base/index.html").read_text("utf-8")
    assert "govsite-draft" not in signed
    assert (out / DRAFT_MARKER).is_file()

    deployed = govsite(root, "deploy", "--to", str(tmp_path / "www"), "--site", str(out))
    assert deployed.returncode == 2 and "草稿预览" in deployed.stderr
    assert not (tmp_path / "www" / "current").exists()

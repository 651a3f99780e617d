"""The gate in the real ``mkdocs build``: a signed site builds; one character changed
in a signed page fails the build naming the page and its three stale approvals;
re-approving with the three keys makes it build again."""

from __future__ import annotations

import shutil

from reviewkit import keys_env, reviewer_keys, sign_all
from sitekit import govsite, make_portal, mkdocs_build

PAGE = "units/demo/gzdt/base.md"


def approve(root, *people):
    for person in people:
        proc = govsite(root, "review", "approve", PAGE, "--as", person, env=keys_env(root))
        assert proc.returncode == 0, proc.stderr


def test_editing_a_signed_page_fails_the_build_until_reapproved(tmp_path):
    root = make_portal(tmp_path / "portal")  # the fixture site: every page signed
    sign_all(root)  # (a no-op unless a base page changed since its review/ was made)
    shutil.rmtree(root / "review/approvals/demo/gzdt/base")  # this page: not signed yet
    unsigned = mkdocs_build(root)
    assert unsigned.returncode != 0
    assert f"{PAGE}:6: REV010" in unsigned.stderr

    reviewer_keys(root)  # the three reviewers' keys (outside the site)
    approve(root, "keyuan", "kezhang", "fuzhu")
    first = mkdocs_build(root)
    assert first.returncode == 0, first.stderr
    assert (root / "site/demo/gzdt/base/index.html").exists()

    page = root / PAGE
    text = page.read_text("utf-8")
    page.write_text(text.replace("示例页面。", "示范页面。"), "utf-8")
    edited = mkdocs_build(root)
    assert edited.returncode != 0
    log = edited.stderr
    stale = [line for line in log.splitlines() if "REV011" in line]
    assert len(stale) == 1 and f"{PAGE}:5: REV011" in stale[0]
    assert "3 个签名已失效" in stale[0]
    for role, name, person in (("drafter", "柯源", "keyuan"), ("checker", "柯章", "kezhang"), ("approver", "傅柱", "fuzhu")):
        assert f"（{role}） {name}（{person}）" in stale[0]
        assert f"govsite review approve {PAGE} --as {person}" in stale[0]
    assert "页面未发布" in log
    # no other page is refused
    assert all(PAGE in line for line in log.splitlines() if ": REV0" in line)

    approve(root, "keyuan", "kezhang", "fuzhu")  # the same three keys, after reading the change
    again = mkdocs_build(root)
    assert again.returncode == 0, again.stderr
    assert "示范页面" in (root / "site/demo/gzdt/base/index.html").read_text("utf-8")

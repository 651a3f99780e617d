"""A signature whose key is registered only in this checkout (uncommitted, or committed
on a branch not yet merged): local ``check`` passes and warns to merge the key first;
judged with the base branch's keys (as the pull-request gate does) it is REV015 "key
not yet registered", never called forged."""

from __future__ import annotations

from reviewkit import commit_all, git, git_init, reviewer_keys, sign_all
from sitekit import govsite, make_portal, page_text, write_page

PAGE = "units/demo/tzgg/new.md"


def test_check_warns_until_the_key_is_merged(tmp_path):
    root = make_portal(tmp_path / "portal")
    git_init(root)
    reviewer_keys(root)  # three new keys, appended to review/allowed_signers
    write_page(root, PAGE, page_text("新通知"))
    sign_all(root, [PAGE])

    uncommitted = govsite(root, "check", PAGE)
    assert uncommitted.returncode == 0, uncommitted.stdout
    assert "警告" in uncommitted.stdout and "只登记在尚未提交的改动中" in uncommitted.stdout
    assert "先把密钥的登记单独提交并合并" in uncommitted.stdout

    git(root, "checkout", "-q", "-b", "new-page")
    commit_all(root, "新通知，连同审核人的新密钥")
    unmerged = govsite(root, "check", PAGE)
    assert unmerged.returncode == 0 and "尚未合并到 main" in unmerged.stdout
    json_out = govsite(root, "check", PAGE, "--format", "json")
    assert json_out.stdout.strip() == "[]" and "尚未合并到 main" in json_out.stderr

    # the pull-request gate judges with main's trust files: REV015, worded as "not registered yet"
    (root / "review/allowed_signers").write_text(git(root, "show", "main:review/allowed_signers") + "\n", "utf-8")
    gate = govsite(root, "check", PAGE)
    assert gate.returncode == 1 and "REV015" in gate.stdout and "密钥尚未登记" in gate.stdout
    assert "伪造" not in gate.stdout
    git(root, "checkout", "--", "review/allowed_signers")

    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "new-page")
    merged = govsite(root, "check", PAGE)
    assert merged.returncode == 0 and "密钥" not in merged.stdout

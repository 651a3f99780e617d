"""One key per reviewer (``keygen`` refuses a second without ``--replace``), a lost key
replaced (revoked, then a new one), and a person who left (``retire``: valid-before on
their lines, no line removed)."""

from __future__ import annotations

import time

from reviewkit import git_init, keys_env, reviewer_keys
from sitekit import govsite, make_portal

PAGE = "units/demo/gzdt/base.md"


def test_keygen_refuses_a_second_key_and_replace_revokes_the_first(tmp_path):
    root = make_portal(tmp_path / "portal")
    env = keys_env(root)
    first = govsite(root, "review", "keygen", "--unit", "demo", "--person", "keyuan", "--no-passphrase", env=env)
    assert first.returncode == 2 and "已有登记的密钥" in first.stderr and "--replace" in first.stderr
    signers = (root / "review/allowed_signers").read_text("utf-8")

    replaced = govsite(root, "review", "keygen", "--unit", "demo", "--person", "keyuan", "--no-passphrase",
                       "--replace", "--reason", "笔记本电脑遗失", env=env)
    assert replaced.returncode == 0, replaced.stderr
    after = (root / "review/allowed_signers").read_text("utf-8")
    assert after.startswith(signers) and after.count("keyuan@demo") > signers.count("keyuan@demo")
    assert "笔记本电脑遗失" in (root / "review/revoked_keys").read_text("utf-8")
    # the old key's approvals no longer count; a new signature with the new key does
    status = govsite(root, "check", PAGE, env=env)
    assert status.returncode == 1 and "REV013" in status.stdout
    approved = govsite(root, "review", "approve", PAGE, "--as", "keyuan", env=env)
    assert approved.returncode == 0, approved.stderr
    assert govsite(root, "check", PAGE, env=env).returncode == 0


def test_retire_ends_a_persons_keys_without_removing_lines(tmp_path):
    root = make_portal(tmp_path / "portal")
    reviewer_keys(root, people=("kezhang",))  # a key of kezhang's this test can sign with
    # the site's approvals are on the protected branch before kezhang leaves: their time is
    # the branch's (a record not yet committed is judged at the time of the check)
    git_init(root)
    time.sleep(1.1)  # valid-before has one-second resolution: leave after the records came in
    path = root / "review/allowed_signers"
    before = path.read_text("utf-8").splitlines()
    retired = govsite(root, "review", "retire", "--unit", "demo", "--person", "kezhang")
    assert retired.returncode == 0, retired.stderr
    after = path.read_text("utf-8").splitlines()
    assert len(after) == len(before)
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed and all("kezhang@demo" in b and "valid-before=" in b for _, b in changed)
    # what kezhang signed while in office still counts
    assert govsite(root, "check", PAGE).returncode == 0
    # a page changed after kezhang left cannot be approved by kezhang any more
    page = root / PAGE
    page.write_text(page.read_text("utf-8").replace("示例页面。", "示例页面（已更新）。"), "utf-8")
    late = govsite(root, "review", "approve", PAGE, "--as", "kezhang", env=keys_env(root))
    checked = govsite(root, "check", PAGE)
    assert late.returncode == 0, late.stderr  # the signature is made, and does not count
    assert checked.returncode == 1 and "REV013" in checked.stdout and "不在该密钥的有效期" in checked.stdout

"""``govsite review log``: the history of a page's approvals, following renames, in a
real git repository."""

from __future__ import annotations

from reviewkit import commit_all, git, git_init, keys_env, reviewer_keys, sign_all
from rulekit import make_site
from sitekit import govsite, page_text, write_page

OLD = "units/demo/tzgg/tiaozheng.md"
NEW = "units/demo/tzgg/2026-11-20-bsjtz.md"
TEXT = page_text("示例局关于调整办事时间的通知", "自12月1日起，示例局办事大厅工作时间调整为{hours}。")


def cli(root, *args):
    return govsite(root, "review", *args, env=keys_env(root))


def test_log_follows_a_rename(tmp_path):
    root = make_site(tmp_path / "site")
    sign_all(root)
    reviewer_keys(root)
    git_init(root)
    write_page(root, OLD, TEXT.format(hours="9:00至17:00"))
    commit_all(root, "新增通知")
    for person in ("keyuan", "kezhang", "fuzhu"):
        assert cli(root, "approve", OLD, "--as", person).returncode == 0
    commit_all(root, "三审签名")
    git(root, "mv", OLD, NEW)
    commit_all(root, "按规范重命名页面")
    # the approvals bind the page's path: after a move the page must be approved again
    check = govsite(root, "check", NEW, "--select", "REV010")
    assert check.returncode == 1 and check.stdout.count("REV010") == 3
    for person in ("keyuan", "kezhang", "fuzhu"):
        assert cli(root, "approve", NEW, "--as", person).returncode == 0
    commit_all(root, "重命名后重新签名")
    write_page(root, NEW, TEXT.format(hours="8:30至17:30"))
    commit_all(root, "更正办事时间")
    assert cli(root, "approve", NEW, "--as", "keyuan").returncode == 0

    proc = cli(root, "log", NEW)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    lines = out.splitlines()
    assert lines[0].startswith(f"{NEW} 的审核记录（当前内容 sha256:")
    # the commits, through the rename
    assert "新增通知" in out and "改名/移动" in out and "更正办事时间" in out
    assert f"（路径 {OLD}）" in out
    # the approvals made under the old path, then under the new one
    assert out.count(f"（当时路径 {OLD}）") == 3
    assert out.count("SSH 签名") == 7
    for name in ("柯源（keyuan）", "柯章（kezhang）", "傅柱（fuzhu）"):
        assert name in out
    # only the last approval (the drafter's, after the correction) covers the current content
    current = [line for line in lines if "← 当前内容" in line]
    assert any("起草人（drafter） 柯源" in line for line in current)
    assert not any("审核人（checker）" in line for line in current)
    # oldest first
    first_commit = next(i for i, line in enumerate(lines) if "新增通知" in line)
    last_fix = next(i for i, line in enumerate(lines) if "更正办事时间" in line)
    assert first_commit < last_fix


def test_log_outside_git_lists_the_records(tmp_path):
    root = make_site(tmp_path / "site")
    sign_all(root)
    proc = cli(root, "log", "units/demo/gzdt/base.md")
    assert proc.returncode == 0
    assert proc.stdout.count("签名有效") == 3

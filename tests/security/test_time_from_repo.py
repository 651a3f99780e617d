"""Time from the repository, not the signer (issue 9, item 5): a signature's validity
window is checked at the time its record entered the protected branch (first-parent git
history), or at the time of the check for a record that is not there yet; a ``when``
later than that, or outside the key's window, is refused. Real git, real ssh-keygen."""

from __future__ import annotations

import os
import subprocess

from reviewkit import GIT_ENV, approve_case, git
from rulekit import make_site
from sitekit import page_text, write_page

from govsite.core.project import Project
from govsite.engine.runner import run

PAGE = "units/demo/gzdt/old-news.md"
GATE = {"REV010", "REV011", "REV012", "REV013", "REV014", "REV015"}
# 傅柱 (the approver) left on 2025-01-01: his key's window closed then.
LEFT = {"keyuan": {}, "kezhang": {}, "fuzhu": {"valid_before": "20250101Z"}}
BACKDATED = {"role": "approver", "when": "2024-06-01T08:00:00Z"}
OTHERS = [{"role": "drafter", "when": "2024-05-31T08:00:00Z"}, {"role": "checker", "when": "2024-05-31T09:00:00Z"}]


def commit_at(root, message: str, date: str | None = None) -> None:
    env = dict(os.environ, **GIT_ENV)
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    for args in (["add", "-A"], ["commit", "-q", "--allow-empty", "-m", message]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def gate(root, base: str | None = None):
    project = Project(root, base=base) if base else Project(root)
    report = run(project, [str(root / PAGE)], codes=GATE, use_cache=False)
    return [(f.rule, f.line, f.message) for f in report.findings]


def site(tmp_path):
    root = make_site(tmp_path / "site")
    write_page(root, PAGE, page_text("旧闻"))
    return root


def test_backdated_when_on_an_expired_key_is_refused(tmp_path):
    # signed today with the expired key, claiming a time inside its window
    root = site(tmp_path)
    approve_case(root, PAGE, {"signers": LEFT, "approve": [*OTHERS, BACKDATED]})
    found = gate(root)
    assert [(rule, line) for rule, line, _ in found] == [("REV013", 8)]
    assert "核验时间" in found[0][2] and "有效期" in found[0][2]


def test_when_later_than_entry_into_the_branch_is_refused(tmp_path):
    # the record claims it was signed a month after it was merged: a forged clock
    root = site(tmp_path)
    git(root, "init", "-q", "-b", "main")
    approve_case(root, PAGE, {"signers": LEFT, "approve": [*OTHERS, {
        "role": "approver", "when": "2024-07-01T08:00:00Z"}]})
    commit_at(root, "签名", "2024-06-01T08:00:00Z")
    found = gate(root)
    # the approver's record does not count (forged), so the approver's signature is missing
    assert sorted(rule for rule, _, _ in found) == ["REV010", "REV015"]
    assert any("晚于记录进入受保护分支的时间" in message for _, _, message in found)


def test_record_new_in_pull_request_is_judged_at_check_time_not_its_commit_date(tmp_path):
    root = site(tmp_path)
    git(root, "init", "-q", "-b", "main")
    approve_case(root, PAGE, {"signers": LEFT})  # the keys, as the protected branch has them
    commit_at(root, "登记公钥", "2024-01-01T08:00:00Z")
    git(root, "checkout", "-q", "-b", "pr")
    approve_case(root, PAGE, {"signers": LEFT, "approve": [*OTHERS, BACKDATED]})
    commit_at(root, "签名", "2024-06-02T08:00:00Z")  # the author's own commit date proves nothing
    found = gate(root, base="main")
    assert [(rule, line) for rule, line, _ in found] == [("REV013", 8)]


def test_merged_record_takes_the_merge_time_not_the_authors_commit_time(tmp_path):
    root = site(tmp_path)
    git(root, "init", "-q", "-b", "main")
    approve_case(root, PAGE, {"signers": LEFT})
    commit_at(root, "登记公钥", "2024-01-01T08:00:00Z")
    git(root, "checkout", "-q", "-b", "pr")
    approve_case(root, PAGE, {"signers": LEFT, "approve": [*OTHERS, BACKDATED]})
    commit_at(root, "签名", "2024-06-02T08:00:00Z")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "pr", "-m", "合并")  # merged now, by the forge
    found = gate(root)  # on the protected branch itself (deploy)
    assert [(rule, line) for rule, line, _ in found] == [("REV013", 8)]
    assert "记录进入受保护分支的时间" in found[0][2]


def test_record_that_entered_the_branch_in_time_stays_valid(tmp_path):
    # guard: what a reviewer signed before leaving, merged before leaving, still counts
    root = site(tmp_path)
    git(root, "init", "-q", "-b", "main")
    approve_case(root, PAGE, {"signers": LEFT, "approve": [*OTHERS, BACKDATED]})
    commit_at(root, "签名", "2024-06-02T08:00:00Z")
    assert gate(root) == []
    assert gate(root, base="main") == []

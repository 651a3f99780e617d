"""gitio's history over a period (govsite report), against real temporary repositories."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from govsite.core import gitio


def commit(root: Path, message: str, when: str, authored: str | None = None) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="测试", GIT_AUTHOR_EMAIL="t@example.gov.cn", GIT_COMMITTER_NAME="测试",
               GIT_COMMITTER_EMAIL="t@example.gov.cn", GIT_AUTHOR_DATE=authored or when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=root, check=True, env=env)
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, check=True, capture_output=True, text=True).stdout.strip()


def test_branch_log_dates_renames_and_deletions(tmp_path):
    root = tmp_path / "repo"
    (root / "units/a/gzdt").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    (root / "units/a/gzdt/x y.md").write_text("第一版\n" * 20, "utf-8")
    (root / "units/a/gzdt/gone.md").write_text("将删除\n", "utf-8")
    first = commit(root, "一", "2026-05-01T10:00:00+08:00", "2026-04-28T09:00:00+08:00")
    (root / "units/a/gzdt/x y.md").rename(root / "units/a/gzdt/新.md")
    (root / "units/a/gzdt/gone.md").unlink()
    second = commit(root, "二", "2026-07-02T10:00:00+08:00")
    log = gitio.branch_log(root, "units")
    assert [c.sha for c in log] == [first, second]
    assert log[0].authored == dt.datetime.fromisoformat("2026-04-28T09:00:00+08:00")
    assert log[0].committed == dt.datetime.fromisoformat("2026-05-01T10:00:00+08:00")
    assert sorted((c.status, c.path) for c in log[0].changes) == [("A", "units/a/gzdt/gone.md"), ("A", "units/a/gzdt/x y.md")]
    changes = sorted((c.status, c.path, c.old_path) for c in log[1].changes)
    assert changes == [("D", "units/a/gzdt/gone.md", None), ("R", "units/a/gzdt/新.md", "units/a/gzdt/x y.md")]
    assert dict(gitio.read_blobs(root, [log[0].changes[0].blob]))
    assert gitio.last_commit_before(root, dt.datetime(2026, 7, 1, tzinfo=dt.UTC)) == first
    assert gitio.last_commit_before(root, dt.datetime(2026, 4, 1, tzinfo=dt.UTC)) is None
    assert gitio.first_commit_time(root) == dt.datetime.fromisoformat("2026-05-01T10:00:00+08:00")
    with gitio.Checkout(root, first, tmp_path / "at") as where:
        assert (where / "units/a/gzdt/x y.md").read_text("utf-8").startswith("第一版")
        assert (where / "units/a/gzdt/gone.md").exists()
    assert not (tmp_path / "at" / first[:12]).exists()
    listed = subprocess.run(["git", "worktree", "list"], cwd=root, check=True, capture_output=True, text=True).stdout
    assert len(listed.splitlines()) == 1

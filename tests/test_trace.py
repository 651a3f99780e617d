"""``govsite trace`` in a real git repository: a text is traced to the commit that
introduced it, its author, the pull request whose merge brought it in, and the three
approvals of the version that went online."""

from __future__ import annotations

import json
import os
import subprocess

from reviewkit import sign_all
from sitekit import govsite, make_portal, page_text, write_page

PAGE = "units/demo/gzdt/traced.md"


def git(root, *args, author=("柯源", "keyuan@example.gov.cn")):
    env = dict(os.environ, GIT_AUTHOR_NAME=author[0], GIT_AUTHOR_EMAIL=author[1],
               GIT_COMMITTER_NAME="平台", GIT_COMMITTER_EMAIL="ci@example.gov.cn")
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def test_trace_finds_commit_pull_request_and_approvals(tmp_path):
    root = make_portal(tmp_path / "portal")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "站点")
    git(root, "checkout", "-qb", "news")
    write_page(root, PAGE, page_text("一条动态", "第一段正文。"))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "新增动态")
    write_page(root, PAGE, page_text("一条动态", "第一段正文。\n\n后来加入的可疑文字。"))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "补充一段", author=("王芳", "wangfang@example.gov.cn"))
    introduced = git(root, "rev-parse", "HEAD").strip()
    sign_all(root, [PAGE])
    git(root, "add", "-A")
    git(root, "commit", "-qm", "三审三校签名")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "--no-ff", "-q", "-m", "Merge pull request #7 from keyuan/news\n\n新增动态", "news")
    merge = git(root, "rev-parse", "HEAD").strip()

    out = govsite(root, "trace", PAGE, "--text", "后来加入的可疑文字", "--format", "json")
    assert out.returncode == 0, out.stdout + out.stderr
    t = json.loads(out.stdout)
    assert t["commit"] == introduced and t["author"] == "王芳 <wangfang@example.gov.cn>"
    assert t["merge"] == merge and t["pull_request"] == "7"
    assert [(a["role"], a["person"]) for a in t["approvals"]] == [
        ("drafter", "keyuan"), ("checker", "kezhang"), ("approver", "fuzhu")]

    # the first paragraph came with the first commit; text output names the people
    text = govsite(root, "trace", PAGE, "--text", "第一段正文")
    assert text.returncode == 0, text.stderr
    assert "新增动态" in text.stdout and "#7" in text.stdout and "柯章（kezhang）" in text.stdout

    # a text that never was in the page is an error, not a guess
    missing = govsite(root, "trace", PAGE, "--text", "从未出现的文字")
    assert missing.returncode == 2 and "找不到文字" in missing.stderr


def test_pull_request_numbers_from_github_gitea_and_squash_merges():
    from govsite.ops.trace import pull_request

    assert pull_request("Merge pull request #12 from keyuan/news\n\n新增动态") == "12"
    assert pull_request("Merge pull request 'news' (#34) from news into main") == "34"
    assert pull_request("新增动态 (#56)") == "56"
    assert pull_request("新增动态") is None and pull_request("") is None

"""``govsite changed``: a pull request's pages, plus the pages linking to what it
changed, renamed or deleted, from a real git repository (merge-base diff)."""

from __future__ import annotations

import json
import shutil

import pytest
from reviewkit import commit_all, git, git_init, sign_all
from rulekit import make_site
from sitekit import govsite, page_text, write_page


@pytest.fixture
def repo(tmp_path):
    root = make_site(tmp_path / "site")
    write_page(root, "units/demo/tzgg/tz.md", page_text("通知", "## 报名方式\n\n正文。"))
    write_page(root, "units/demo/gzdt/refers.md", page_text("动态", "见[通知](../tzgg/tz.md#报名方式)。"))
    write_page(root, "units/demo/gzdt/old.md", page_text("旧闻", "正文。"))
    write_page(root, "units/demo/zcwj/cites-old.md", page_text("文件", "见[旧闻](/demo/gzdt/old/)。"))
    write_page(root, "units/demo/zfcg/untouched.md", page_text("采购", "正文。"))
    sign_all(root)
    git_init(root)
    git(root, "checkout", "-q", "-b", "pr")
    return root


def changed(root, *args):
    return govsite(root, "changed", "--base", "main", *args)


def test_lists_changed_pages_and_their_referrers(repo):
    # the PR edits the notice (renaming its heading) and deletes the old news item
    write_page(repo, "units/demo/tzgg/tz.md", page_text("通知", "## 报名办法\n\n正文。"))
    (repo / "units/demo/gzdt/old.md").unlink()
    write_page(repo, "units/demo/gzdt/new.md", page_text("新闻", "正文。"))
    sign_all(repo, ["units/demo/tzgg/tz.md", "units/demo/gzdt/new.md"])
    commit_all(repo, "改通知、删旧闻、加新闻")
    proc = changed(repo, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["pages"] == ["units/demo/gzdt/new.md", "units/demo/tzgg/tz.md"]
    assert data["linked"] == ["units/demo/gzdt/refers.md", "units/demo/zcwj/cites-old.md"]
    assert "units/demo/zfcg/untouched.md" not in data["targets"]
    assert data["reasons"]["units/demo/zcwj/cites-old.md"] == "链接到 units/demo/gzdt/old.md"
    plain = changed(repo)
    assert plain.stdout.split() == data["targets"]

    check = changed(repo, "--check", "--format", "github", "--no-cache")
    assert check.returncode == 1, check.stdout + check.stderr
    # the referrers' links broke: annotated on their lines
    assert "::error file=units/demo/gzdt/refers.md,line=11" in check.stdout and "LNK002" in check.stdout
    assert "::error file=units/demo/zcwj/cites-old.md,line=11" in check.stdout and "LNK003" in check.stdout
    assert "untouched.md" not in check.stdout


def test_renamed_page_brings_its_referrers(repo):
    git(repo, "mv", "units/demo/tzgg/tz.md", "units/demo/tzgg/tz2.md")
    commit_all(repo, "改名")
    data = json.loads(changed(repo, "--format", "json").stdout)
    assert data["pages"] == ["units/demo/tzgg/tz2.md"] and data["linked"] == ["units/demo/gzdt/refers.md"]
    assert json.loads(changed(repo, "--format", "json", "--no-linked").stdout)["linked"] == []


def test_unit_yml_and_settings(repo):
    text = (repo / "units/demo/unit.yml").read_text("utf-8")
    (repo / "units/demo/unit.yml").write_text(text + "\n", "utf-8")
    commit_all(repo, "改名单")
    plain = changed(repo)
    paths = plain.stdout.partition("\n\n")[0]  # after a blank line: trust changes, when a base is given  # the paths; then, after a blank line, the trust changes
    assert paths.split() == ["units/demo"] and "unit.yml 已修改" in plain.stderr  # why, in text too
    (repo / "govsite.yml").write_text((repo / "govsite.yml").read_text("utf-8") + "\n", "utf-8")
    commit_all(repo, "改设置")
    data = json.loads(changed(repo, "--format", "json").stdout)
    assert data["everything"] is True and data["targets"] == ["units"]
    plain = changed(repo)
    paths = plain.stdout.partition("\n\n")[0]  # after a blank line: trust changes, when a base is given
    assert paths.split() == ["units"] and "govsite.yml 已修改，全部页面都要重新检查" in plain.stderr


def test_nothing_to_check(repo):
    write_page(repo, "notes.txt", "与站点无关的文件")
    commit_all(repo, "其他文件")
    assert changed(repo).stdout == ""
    proc = changed(repo, "--check", "--format", "github")
    assert proc.returncode == 0 and proc.stdout.startswith("::notice::")


def test_unknown_base_is_a_clear_error(repo):
    proc = govsite(repo, "changed", "--base", "no-such-branch")
    assert proc.returncode == 2 and "fetch-depth" in proc.stderr


def test_outside_a_repository(tmp_path):
    root = make_site(tmp_path / "plain")
    shutil.rmtree(root / ".git", ignore_errors=True)
    proc = govsite(root, "changed", "--base", "main")
    assert proc.returncode == 2 and "git" in proc.stderr

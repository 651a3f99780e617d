"""Honest dates (第十条: 严禁伪造发布日期) against the history of real git repositories:
date changes with and without a recorded correction, back-dating, renames, and the
"last updated" line the site takes from git."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rulekit import BASE_SITE
from sitekit import govsite

from govsite.core import gitio
from govsite.core.project import Project
from govsite.engine.runner import run
from govsite.publish.build import unit_page_markdown

REL = "units/demo/gzdt/news.md"
PAGE = """---
title: 区示例局召开工作会议
date: {date}
{extra}---

会议正文{n}。
"""


def page(date: str, extra: str = "", n: int = 1) -> str:
    return PAGE.format(date=date, extra=extra, n=n)


class Repo:
    """A copy of the fixture site as a git repository, committed at chosen times."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(BASE_SITE, root)
        self.git("init", "-q", "-b", "main")
        self.commit("基础站点", "2026-01-05T09:00:00+08:00")

    def git(self, *args: str, when: str | None = None) -> str:
        env = dict(os.environ, GIT_AUTHOR_NAME="柯源", GIT_AUTHOR_EMAIL="keyuan@example.gov.cn",
                   GIT_COMMITTER_NAME="柯源", GIT_COMMITTER_EMAIL="keyuan@example.gov.cn")
        if when:
            env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
        return subprocess.run(["git", *args], cwd=self.root, env=env, check=True,
                              capture_output=True, text=True).stdout

    def write(self, rel: str, text: str) -> None:
        (self.root / rel).parent.mkdir(parents=True, exist_ok=True)
        (self.root / rel).write_text(text, "utf-8")

    def commit(self, message: str, when: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, when=when)

    def findings(self, code: str, rel: str = REL):
        return [f for f in run(Project(self.root), [str(self.root / rel)], codes={code}, use_cache=False).findings
                if f.rule == code]


@pytest.fixture
def repo(tmp_path):
    return Repo(tmp_path / "site")


# -- DAT002: the date of a committed page does not change -------------------------------

def test_unchanged_date_passes_through_text_edits(repo):
    repo.write(REL, page("2026-11-02"))
    repo.commit("发布", "2026-11-02T10:00:00+08:00")
    repo.write(REL, page("2026-11-02", n=2))
    repo.commit("修改正文", "2026-11-03T10:00:00+08:00")
    assert repo.findings("DAT002") == []


def test_forged_date_in_a_later_commit_is_an_error(repo):
    repo.write(REL, page("2026-11-02"))
    repo.commit("发布", "2026-11-02T10:00:00+08:00")
    # Three weeks later someone makes the column look fresh by moving the date forward.
    repo.write(REL, page("2026-11-23"))
    repo.commit("更新", "2026-11-23T10:00:00+08:00")
    [finding] = repo.findings("DAT002")
    assert finding.severity == "error" and finding.line == 3
    assert "2026-11-02" in finding.message and "2026-11-23" in finding.message
    assert "Govsite-Correction" in finding.message and "corrections" in finding.message
    proc = govsite(repo.root, "check", "--select", "DAT002", REL)
    assert proc.returncode == 1 and "DAT002" in proc.stdout


def test_uncommitted_change_is_an_error_too(repo):
    repo.write(REL, page("2026-11-02"))
    repo.commit("发布", "2026-11-02T10:00:00+08:00")
    repo.write(REL, page("2026-11-20"))
    [finding] = repo.findings("DAT002")
    assert "尚未提交" in finding.message


def test_correction_recorded_in_a_commit_trailer_passes(repo):
    repo.write(REL, page("2026-11-12"))
    repo.commit("发布", "2026-11-02T10:00:00+08:00")
    repo.write(REL, page("2026-11-02"))
    repo.commit("更正发布日期\n\nGovsite-Correction: 录入时误将 11 月 2 日写成 11 月 12 日", "2026-11-03T10:00:00+08:00")
    assert repo.findings("DAT002") == []


def test_trailer_must_be_in_the_last_paragraph_and_have_a_reason(repo):
    repo.write(REL, page("2026-11-12"))
    repo.commit("发布", "2026-11-02T10:00:00+08:00")
    repo.write(REL, page("2026-11-02"))
    repo.commit("更正发布日期\n\nGovsite-Correction:", "2026-11-03T10:00:00+08:00")
    assert len(repo.findings("DAT002")) == 1


def test_correction_recorded_in_the_page_passes_and_is_shown(repo):
    repo.write(REL, page("2026-11-12"))
    repo.commit("发布", "2026-11-02T10:00:00+08:00")
    fixed = page("2026-11-02", "corrections:\n  - {date: 2026-11-02, previous: 2026-11-12, reason: 录入错误}\n")
    repo.write(REL, fixed)
    repo.commit("更正", "2026-11-03T10:00:00+08:00")
    assert repo.findings("DAT002") == []
    project = Project(repo.root)
    html = unit_page_markdown(project, REL.split("/", 1)[1], project.page(REL).meta, "正文")
    assert "由 2026-11-12 更正为 2026-11-02（录入错误）" in html


def test_correction_naming_another_previous_date_does_not_count(repo):
    repo.write(REL, page("2026-11-12"))
    repo.commit("发布", "2026-11-02T10:00:00+08:00")
    repo.write(REL, page("2026-11-02", "corrections:\n  - {date: 2026-11-02, previous: 2026-11-10, reason: 录入错误}\n"))
    assert len(repo.findings("DAT002")) == 1


def test_history_follows_a_rename(repo):
    old = "units/demo/gzdt/huiyi.md"
    repo.write(old, page("2026-11-02"))
    repo.commit("发布", "2026-11-02T10:00:00+08:00")
    repo.git("mv", old, REL)
    repo.commit("改文件名", "2026-11-05T10:00:00+08:00")
    versions = gitio.file_versions(repo.root, REL)
    assert [v.path for v in versions] == [REL, old]
    assert gitio.first_commit(repo.root, REL).commit.when.date() == dt.date(2026, 11, 2)
    repo.write(REL, page("2026-11-20"))
    repo.commit("更新", "2026-11-20T10:00:00+08:00")
    assert len(repo.findings("DAT002")) == 1


def test_a_deleted_and_recreated_file_starts_a_new_history(repo):
    repo.write(REL, page("2026-10-02"))
    repo.commit("发布", "2026-10-02T10:00:00+08:00")
    repo.git("rm", "-q", REL)
    repo.commit("撤下", "2026-10-05T10:00:00+08:00")
    repo.write(REL, page("2026-11-20"))
    repo.commit("新页面", "2026-11-20T10:00:00+08:00")
    assert [v.status for v in gitio.file_versions(repo.root, REL)] == ["A"]
    assert repo.findings("DAT002") == []


# -- DAT003: a date far before the page existed --------------------------------------------

def test_backdated_page_warns(repo):
    repo.write(REL, page("2026-08-01"))
    repo.commit("发布", "2026-11-20T10:00:00+08:00")
    [finding] = repo.findings("DAT003")
    assert finding.severity == "warning" and "111 天" in finding.message and "migrated_from" in finding.message


def test_backdating_within_30_days_passes(repo):
    repo.write(REL, page("2026-10-21"))
    repo.commit("发布", "2026-11-20T10:00:00+08:00")
    assert repo.findings("DAT003") == []


def test_migrated_page_keeps_its_old_date(repo):
    repo.write(REL, page("2019-05-06", "migrated_from: http://www.qianjiang.gov.cn/zwxx/gzdt/201905/t20190506_1.html\n"))
    repo.commit("迁移旧网站信息", "2026-11-20T10:00:00+08:00")
    assert repo.findings("DAT003") == []


# -- outside a repository -------------------------------------------------------------------

def test_outside_git_history_checks_are_skipped_but_future_dates_are_not(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(BASE_SITE, root)
    (root / REL).write_text(page("2026-08-01"), "utf-8")
    project = Project(root)
    assert run(project, [str(root / REL)], codes={"DAT002", "DAT003"}, use_cache=False).findings == []
    (root / REL).write_text(page("2026-12-01"), "utf-8")
    [finding] = run(Project(root), [str(root / REL)], codes={"DAT001"}, use_cache=False).findings
    assert finding.rule == "DAT001"


# -- "last updated" comes from git -----------------------------------------------------------

def test_last_updated_on_the_page_comes_from_git_not_front_matter(repo):
    repo.write(REL, page("2026-11-02"))
    repo.commit("发布", "2026-11-02T10:00:00+08:00")
    repo.write(REL, page("2026-11-02", n=2))
    repo.commit("补充正文", "2026-11-09T16:30:00+08:00")
    project = Project(repo.root)
    src_uri = REL.split("/", 1)[1]
    header = unit_page_markdown(project, src_uri, project.page(REL).meta, "正文")
    assert "发布日期：2026-11-02" in header and "最后更新：2026-11-09" in header
    assert gitio.last_updated(repo.root, REL) == dt.date(2026, 11, 9)


def test_last_updated_is_left_out_outside_git(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(BASE_SITE, root)
    project = Project(root)
    header = unit_page_markdown(project, "demo/gzdt/base.md", project.page("units/demo/gzdt/base.md").meta, "正文")
    assert "发布日期：2026-11-20" in header and "最后更新" not in header

"""The archive TYP002 consults is the published site: the pages of the last commit, or
of the base branch in a pull request's check, read from git. What a pull request adds
never vouches for its own phrases, an edit does not recount the district, and a page is
judged without its own archived version."""

from __future__ import annotations

import pytest
from reviewkit import commit_all, git, git_init
from rulekit import make_site
from sitekit import page_text, write_page

from govsite.core.project import Project
from govsite.text.typos import service

PHRASE = "协调联动机制"
GRAM = "联动机"  # the archive counts two- and three-character n-grams


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVSITE_CACHE_DIR", str(tmp_path / "user-cache"))
    service._archives.clear()
    root = make_site(tmp_path / "site")
    for k in range(5):
        write_page(root, f"units/demo/gzdt/base{k}.md", page_text(f"通知{k}", f"建立{PHRASE}，做好第{k}项工作。"))
    git_init(root)
    return root


def df(project: Project, gram: str, rel: str | None = None, text: str = "") -> int:
    return service.archive_view(project, rel or "units/demo/gzdt/new.md", text).get(gram)


def test_the_archive_is_the_last_commit_not_the_work_tree(site):
    assert df(Project(site), GRAM) == 5
    for k in range(3):  # written, not committed: not published, so not counted
        write_page(site, f"units/demo/gzdt/draft{k}.md", page_text("草稿", f"{PHRASE}。"))
    assert df(Project(site), GRAM) == 5
    commit_all(site, "三篇")
    assert df(Project(site), GRAM) == 8


def test_a_pull_request_is_judged_against_its_base(site):
    git(site, "checkout", "-q", "-b", "pr")
    for k in range(25):  # a branch repeating a phrase cannot make it look usual
        write_page(site, f"units/demo/gzdt/spam{k}.md", page_text("通知", "网上办里渠道已开通。"))
    commit_all(site, "二十五篇")
    assert df(Project(site), "上办里") == 25  # the branch's own commit
    assert df(Project(site, base="main"), "上办里") == 0  # what the check of the pull request uses


def test_a_page_is_judged_without_its_archived_version(site):
    rel = "units/demo/gzdt/base0.md"
    assert df(Project(site), GRAM, rel) == 4  # the other four
    write_page(site, rel, page_text("通知0", "全部改写，不再有那个词。"))
    assert df(Project(site), GRAM, rel) == 4  # its committed version is what was counted


def test_outside_git_the_work_tree_is_counted(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVSITE_CACHE_DIR", str(tmp_path / "user-cache"))
    service._archives.clear()
    root = make_site(tmp_path / "site")
    for k in range(3):
        write_page(root, f"units/demo/gzdt/p{k}.md", page_text("通知", f"{PHRASE}。"))
    assert df(Project(root), GRAM) == 3

"""A full check of exactly the inputs checked before reuses that report (the build after
``govsite check``); any change to a page, a trust file, git's index or "today" runs the
rules again. The report lives in the machine-bound user cache, never in the repository."""

from __future__ import annotations

import pytest
from reviewkit import commit_all, git, git_init, keys_dir_for, make_key, pub_text
from rulekit import make_site
from sitekit import page_text, write_page

from govsite.core.findings import format_findings
from govsite.core.project import Project
from govsite.engine import runner
from govsite.review import ALLOWED_SIGNERS
from govsite.review.trust import append_lines, signer_line

SPAM = "units/demo/gzdt/spam.md"


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVSITE_CACHE_DIR", str(tmp_path / "user-cache"))
    monkeypatch.setenv("GOVSITE_TODAY", "2026-12-01")
    root = make_site(tmp_path / "site")
    git_init(root)
    return root


class Counting:
    """Counts the page checks the engine runs."""

    def __init__(self, monkeypatch) -> None:
        self.pages = 0
        real = runner.check_pages

        def counted(project, rels, *args, **kwargs):
            self.pages += len(rels)
            return real(project, rels, *args, **kwargs)

        monkeypatch.setattr(runner, "check_pages", counted)


def check(root) -> str:
    report = runner.run(Project(root), None, jobs=1)
    return format_findings(report.findings, "json", report.suppressed)


def test_the_same_inputs_reuse_the_report_and_any_change_runs_the_rules(site, monkeypatch):
    counter = Counting(monkeypatch)
    first = check(site)
    ran = counter.pages
    assert ran > 0
    assert check(site) == first and counter.pages == ran  # nothing ran: the report was reused
    # a page changes: checked again, and the report says so
    write_page(site, SPAM, page_text("通知", "澳门葡京，在线博彩。"))
    changed = check(site)
    assert changed != first and "spam.md" in changed and counter.pages > ran
    # a file staged in git's index (tracked now) is another input
    ran = counter.pages
    git(site, "add", SPAM)
    check(site)
    assert counter.pages > ran
    # another "today"
    ran = counter.pages
    monkeypatch.setenv("GOVSITE_TODAY", "2026-12-02")
    check(site)
    assert counter.pages > ran


def test_a_trust_file_change_runs_the_rules(site, monkeypatch):
    counter = Counting(monkeypatch)
    check(site)
    ran = counter.pages
    other = make_key(keys_dir_for(site), "demo", "newcomer")
    append_lines(site / ALLOWED_SIGNERS, [signer_line("newcomer@demo", pub_text(other), "20200101Z")])
    check(site)
    assert counter.pages > ran
    commit_all(site, "登记新密钥")
    ran = counter.pages
    check(site)
    assert counter.pages > ran  # another head commit: the history is another input


def test_a_key_with_an_end_date_ties_the_report_to_the_minute(site, monkeypatch):
    from govsite.engine import reportcache

    assert reportcache._clock(Project(site)) == b""
    other = make_key(keys_dir_for(site), "demo", "leaver")
    append_lines(site / ALLOWED_SIGNERS, [signer_line("leaver@demo", pub_text(other), "20200101Z", "20991231Z")])
    assert reportcache._clock(Project(site)) != b""


def test_nothing_is_written_into_the_repository(site):
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if ".git" not in p.parts)
    check(site)
    check(site)
    after = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if ".git" not in p.parts)
    assert after == before

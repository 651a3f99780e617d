"""A full check of exactly the inputs checked before reuses that report (the build after
``govsite check``); any change to a page, a trust file, git's index or "today" runs the
rules again. The report lives in the machine-bound user cache, never in the repository."""

from __future__ import annotations

import os

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
        self.pages_checked: list[str] = []
        real = runner.check_pages

        def counted(project, rels, *args, **kwargs):
            self.pages += len(rels)
            self.pages_checked.extend(rels)
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


# -- mkdocs serve: after an edit, only what the edit can change is checked again ------------
LINKER = "units/demo/gzdt/linker.md"
TARGET = "units/demo/gzdt/target.md"


def full(root) -> str:
    report = runner.run(Project(root), None, use_cache=False, jobs=1)
    return format_findings(report.findings, "text", report.suppressed)


def test_an_edit_rechecks_the_page_and_its_referrers_with_the_full_result(site, monkeypatch):
    write_page(site, TARGET, page_text("目标页", "## 办理流程\n\n正文。"))
    write_page(site, LINKER, page_text("链接页", "见[办理流程](target.md#办理流程)。<!-- govsite: allow TYP002 测试 -->"))
    previous = runner.run(Project(site), None, jobs=1)
    counter = Counting(monkeypatch)
    # the heading the other page links to is gone: the other page is checked again too
    write_page(site, TARGET, page_text("目标页", "## 其他内容\n\n正文。澳门葡京，在线博彩。"))
    after = runner.update(Project(site), previous, jobs=1)
    assert sorted(counter.pages_checked) == sorted([LINKER, TARGET])
    text = format_findings(after.findings, "text", after.suppressed)
    assert text == full(site)
    assert "linker.md" in text and "LNK002" in text
    # nothing changed since: the same report, nothing checked
    counter.pages_checked.clear()
    same = runner.update(Project(site), after, jobs=1)
    assert (same.findings, same.suppressed, same.inputs) == (after.findings, after.suppressed, after.inputs)
    assert same.changed == same.rechecked == frozenset() and counter.pages_checked == []
    # a page added: a full check
    write_page(site, "units/demo/gzdt/new.md", page_text("新页面"))
    counter.pages_checked.clear()
    again = runner.update(Project(site), after, jobs=1)
    assert len(counter.pages_checked) > 2
    assert format_findings(again.findings, "text", again.suppressed) == full(site)


def test_a_record_or_roster_change_is_a_full_check(site, monkeypatch):
    previous = runner.run(Project(site), None, jobs=1)
    counter = Counting(monkeypatch)
    unit_yml = site / "units/demo/unit.yml"
    unit_yml.write_text(unit_yml.read_text("utf-8") + "\n", "utf-8")
    runner.update(Project(site), previous, jobs=1)
    assert len(counter.pages_checked) > 2


def test_other_units_keep_their_unit_findings(site, monkeypatch):
    import shutil

    shutil.copytree(site / "units/demo", site / "units/demo2")  # a second unit, unsigned: findings of its own
    (site / "units/demo2/jgzn").mkdir(exist_ok=True)
    previous = runner.run(Project(site), None, jobs=1)
    assert any(f.path.startswith("units/demo2") for f in previous.findings)
    write_page(site, TARGET, page_text("目标页", "正文。"))  # a new file: full check
    previous = runner.update(Project(site), previous, jobs=1)
    write_page(site, TARGET, page_text("目标页", "改过的正文。"))
    after = runner.update(Project(site), previous, jobs=1)
    assert format_findings(after.findings, "text", after.suppressed) == full(site)


def test_a_unit_preview_rechecks_what_an_edit_changes_within_what_it_follows(site, monkeypatch):
    """govsite serve --unit: the check of one unit after an edit is the full check of that
    unit, found by checking the edited page alone; only the files of the unit, its
    approvals, the trust files and the settings are looked at between rebuilds."""
    from govsite.engine.reportcache import _in_scope
    from govsite.publish import shards

    unit = [str(site / "units" / "demo")]
    scope = shards.served_scope(shards.shard_of(Project(site), "demo"))
    write_page(site, TARGET, page_text("目标页", "## 办理流程\n\n正文。"))
    previous = runner.update(Project(site), None, targets=unit, scope=scope, jobs=1)
    assert previous.inputs is not None and previous.rechecked is None  # the first: a whole check
    assert all(_in_scope(rel, scope) or rel in ("govsite.yml", "holidays.yml", "mkdocs.yml")
               for rel in previous.inputs.files)
    counter = Counting(monkeypatch)
    write_page(site, TARGET, page_text("目标页", "## 其他内容\n\n正文。澳门葡京，在线博彩。"))
    after = runner.update(Project(site), previous, targets=unit, scope=scope, jobs=1)
    assert counter.pages_checked == [TARGET] and after.changed == frozenset({TARGET})
    whole = runner.run(Project(site), unit, use_cache=False, jobs=1)
    assert format_findings(after.findings, "text", after.suppressed) == format_findings(whole.findings, "text", whole.suppressed)
    assert {f.rule for f in after.findings if f.path == TARGET} - {f.rule for f in previous.findings if f.path == TARGET}


def test_an_edit_keeping_size_and_time_is_found(site):
    """The inputs of a full check are the files' bytes, not what their size and time say:
    an edit that keeps both (which git's own status check misses within the second the
    index was written) still gives other inputs, so no report is reused for it."""
    from govsite.engine import reportcache

    first = reportcache.read_inputs(Project(site), [], "rules")
    page = next((site / "units/demo").rglob("*.md"))
    stat = page.stat()
    page.write_bytes(page.read_bytes().replace("。".encode(), "！".encode(), 1))
    assert page.stat().st_size == stat.st_size
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    second = reportcache.read_inputs(Project(site), [], "rules")
    assert first is not None and second is not None and second.digest != first.digest

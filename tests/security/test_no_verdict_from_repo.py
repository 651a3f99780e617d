"""No verdict from the repository (issue 9, item 3): nothing a commit carries can vouch
for a page or a signature. Caches live in the user's cache directory, bound to the
machine by an HMAC key made there; a cache committed to git, or a cache directory
inside the work tree, is an error. Real git, real ssh-keygen, the real CLI."""

from __future__ import annotations

import hashlib
import json
import os
import stat

import pytest
from reviewkit import commit_all, git, git_init, sign_all
from rulekit import make_site
from sitekit import govsite, page_text, write_page

from govsite.core.project import Project
from govsite.engine.runner import FindingCache
from govsite.review import ALLOWED_SIGNERS, NAMESPACE, REVOKED_KEYS
from govsite.review.hashing import content_hash
from govsite.review.records import Record
from govsite.review.store import Store

PAGE = "units/demo/gzdt/spam.md"
SPAM = page_text("通知", "澳门葡京，在线博彩。本文件机密★5年。")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """The machine's cache directory for this test (outside the site)."""
    folder = tmp_path / "user-cache"
    monkeypatch.setenv("GOVSITE_CACHE_DIR", str(folder))
    return folder


def findings(proc) -> set[str]:
    return {f["rule"] for f in json.loads(proc.stdout)}


def test_committed_findings_cache_does_not_clear_a_page(tmp_path, cache):
    root = make_site(tmp_path / "site")
    write_page(root, PAGE, SPAM)
    sign_all(root, [PAGE])  # properly signed: only the content rules stand between it and the site
    git_init(root)
    # the attacker's "all clear" for exactly this page, where caches used to live
    key = FindingCache(Project(root)).key(Project(root).page(PAGE))
    forged = root / ".govsite-cache" / "findings" / key[:2] / f"{key}.json"
    forged.parent.mkdir(parents=True)
    forged.write_text("[]", "utf-8")
    git(root, "add", "-f", ".govsite-cache")
    commit_all(root, "缓存")
    proc = govsite(root, "check", PAGE, "--format", "json")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert {"SEN001", "SCR001", "REV031"} <= findings(proc)


def test_committed_approval_verdicts_do_not_make_junk_signatures_valid(tmp_path, cache):
    root = make_site(tmp_path / "site")
    write_page(root, PAGE, page_text("未经审核的页面"))
    store = Store(root)
    allowed, revoked = (root / ALLOWED_SIGNERS).read_bytes(), b""
    if (root / REVOKED_KEYS).exists():
        revoked = (root / REVOKED_KEYS).read_bytes()
    page = Project(root).page(PAGE)
    for role, person, name, letter in (("drafter", "keyuan", "柯源", "A"), ("checker", "kezhang", "柯章", "B"),
                                       ("approver", "fuzhu", "傅柱", "C")):
        record = Record(page=PAGE, unit="demo", title="未经审核的页面", hash=content_hash(page.raw), role=role,
                        person=person, name=name, when="2026-11-20T08:00:00Z", key="SHA256:" + letter * 43)
        sig = b"junk signature"
        store.write(record, sig)
        # an "ok" verdict under the key the repository-local cache used to compute
        digest = hashlib.sha256(b"govsite-approval-verdict/1")
        for part in (NAMESPACE.encode(), record.data(), sig, allowed, revoked):
            digest.update(hashlib.sha256(part).digest())
        key = digest.hexdigest()
        entry = root / ".govsite-cache" / "approvals" / key[:2] / f"{key}.json"
        entry.parent.mkdir(parents=True, exist_ok=True)
        entry.write_text(json.dumps({"status": "ok", "reason": "", "signer": record.key, "owners": []}), "utf-8")
    git_init(root)
    git(root, "add", "-f", ".govsite-cache")
    commit_all(root, "伪造的签名与“有效”结论")
    proc = govsite(root, "review", "verify", PAGE)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "签名文件损坏" in proc.stdout and "REV031" in proc.stdout


def test_cache_entry_not_made_on_this_machine_is_ignored(tmp_path, cache):
    root = make_site(tmp_path / "site")
    write_page(root, PAGE, SPAM)
    first = govsite(root, "check", PAGE, "--format", "json")
    assert "SEN001" in findings(first)
    key_file = cache / "hmac.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    entries = list((cache / "findings").rglob("*.json"))
    assert entries
    # someone with write access to the cache folder (or a copied runner cache) clears
    # the page: the MAC no longer matches, so the entry is recomputed, not believed
    for path in entries:
        entry = json.loads(path.read_text("utf-8"))
        entry["value"] = "[]"
        path.write_text(json.dumps(entry), "utf-8")
    second = govsite(root, "check", PAGE, "--format", "json")
    assert "SEN001" in findings(second)
    # an entry made with another machine's key does not count either
    os.remove(key_file)
    third = govsite(root, "check", PAGE, "--format", "json")
    assert "SEN001" in findings(third)


def test_cache_directory_inside_the_work_tree_is_refused(tmp_path, monkeypatch):
    root = make_site(tmp_path / "site")
    write_page(root, PAGE, SPAM)
    monkeypatch.setenv("GOVSITE_CACHE_DIR", str(root / "ci-cache"))
    proc = govsite(root, "check", PAGE)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "GOVSITE_CACHE_DIR" in proc.stderr and "仓库" in proc.stderr and "Traceback" not in proc.stderr
    assert not (root / "ci-cache").exists()


def test_a_check_writes_no_cache_into_the_work_tree(tmp_path):
    """Every cache a check writes (findings, signature verdicts, the typo archive, which
    is a pickle: code) lives in the user's cache directory; nothing lands in the work
    tree, where a commit could carry it."""
    root = make_site(tmp_path / "site")
    write_page(root, "units/demo/gzdt/news.md", page_text("区财政局召开预算编制工作会议"))
    proc = govsite(root, "check", "units/demo/gzdt/news.md")
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr
    assert not (root / ".govsite-cache").exists()

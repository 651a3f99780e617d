"""Credentials planted in a real repository (第十四条（二））: in a file of the working
tree they fail ``govsite check`` (SCR002) and ``govsite secrets``; a token committed and
deleted again is found by ``govsite secrets --history`` with the commit that added it."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from sitekit import govsite, make_portal

from govsite.review.secrets import scan

# assembled from pieces so that this file itself holds no credential
TOKEN = "gh" + "p_" + "Zq81LmN0pQ2rS3tU4vW5xY6zA7bC8dE9fG0h"
CONNECTION = "mysql" + "://cms_admin:" + "Qj2026-db" + "@10.20.0.5:3306/portal"


def git(root, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="外包人员", GIT_AUTHOR_EMAIL="vendor@example.com",
               GIT_COMMITTER_NAME="外包人员", GIT_COMMITTER_EMAIL="vendor@example.com")
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def test_planted_secrets_in_file_and_history(tmp_path):
    root = make_portal(tmp_path / "portal")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "站点")
    assert govsite(root, "secrets", "--history").returncode == 0  # the fixture site: no false alarm

    # a token committed, then deleted: only the history still has it
    (root / "scripts").mkdir()
    (root / "scripts" / "push.sh").write_text(f"export GITHUB_TOKEN={TOKEN}\n", "utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "同步脚本")
    leaked = git(root, "rev-parse", "HEAD").strip()
    (root / "scripts" / "push.sh").unlink()
    git(root, "add", "-A")
    git(root, "commit", "-qm", "删除脚本")
    assert govsite(root, "secrets").returncode == 0
    hist = govsite(root, "secrets", "--history", "--format", "json")
    assert hist.returncode == 1, hist.stdout + hist.stderr
    found = json.loads(hist.stdout)
    assert [(s["path"], s["kind"], s["commit"]) for s in found] == [("scripts/push.sh", "GitHub 令牌", leaked)]
    assert TOKEN not in hist.stdout  # never repeated in full

    # a connection string with its password in the working tree fails the check
    (root / "scripts" / "backup.sh").write_text(f"#!/bin/sh\nmysqldump --url '{CONNECTION}'\n", "utf-8")
    out = govsite(root, "check", "--format", "json")
    assert out.returncode == 1, out.stdout + out.stderr
    hits = [f for f in json.loads(out.stdout) if f["rule"] == "SCR002"]
    assert [(h["path"], h["line"]) for h in hits] == [("scripts/backup.sh", 2)]
    assert "连接串" in hits[0]["message"] and "Qj2026-db" not in out.stdout


def test_each_kind_is_found_and_placeholders_are_not():
    def kinds(name, text):
        return [s.kind for s in scan(name, text.encode())]

    assert kinds("units/demo/gzdt/a.md", "系统后台密" + "码：Abc12345") == ["明文密码"]
    assert kinds("notes.txt", "Cookie: JSESSION" + "ID=8F3A2B9C0D1E4F5A6B7C8D9E") == ["会话 Cookie"]
    assert kinds("app.ini", "url = postgres" + "ql://gov:S3cr3t!@db/site") == ["含密码的连接串"]
    assert kinds("cloud.yml", "key: LTAI" + "5tQ8mN2pR7sW4xYz") == ["阿里云 AccessKey"]
    assert kinds("curl.sh", "Authorization: Bearer " + "eyJhbGciOiJIUzI1NiJ9.abcdefghijklmnop") == ["Bearer 令牌"]
    # placeholders, environment lookups, CI secrets and prose are not credentials
    assert kinds(".github/workflows/x.yml", "password: ${{ secrets.DB_PASSWORD }}") == []
    assert kinds("app.ini", "url = postgres" + "ql://gov:${DB_PASS}@db/site") == []
    assert kinds("units/demo/gzdt/b.md", "请妥善保管账号密码，严禁使用不安全渠道传递。") == []
    assert kinds("units/demo/gzdt/c.md", "登录时输入用户名和密码即可，cookie 用于保持登录状态。") == []


def test_the_quick_skip_never_hides_a_finding():
    """Files without any of the patterns' literals are skipped before the patterns run;
    on every kind above, every planted sample and every file of this repository (pages,
    records, code, fixtures) the scan finds exactly what the patterns alone find."""
    from govsite.review import secrets

    samples = [TOKEN, CONNECTION, "系统后台密" + "码：Abc12345", "Cookie: JSESSION" + "ID=8F3A2B9C0D1E4F5A6B7C8D9E",
               "key: LTAI" + "5tQ8mN2pR7sW4xYz", "AKIA" + "Q3ZL7R2N5M8P4K6J", "AKID" + "a" * 32,
               "access_token = " + "0123456789abcdef" * 2 + "01234567", "-----BEGIN OPENSSH PRIV" + "ATE KEY-----\nabc\n",
               "PW" + "D=hunter22x", "pAsSwOrD" + ": Tr0ub4dor&3", "口令" + "：Qw3rty!!", "github_pat_" + "A" * 30]
    texts = [("sample.txt", s) for s in samples] + [("sample.txt", f"前文 {s} 后文") for s in samples]
    repo = Path(__file__).resolve().parent.parent
    for path in sorted(p for top in ("units", "review", "govsite", "tests", "scripts", ".github") for p in (repo / top).rglob("*")):
        if path.is_file() and path.stat().st_size < secrets.MAX_BYTES:
            texts.append((path.relative_to(repo).as_posix(), path.read_bytes().decode("utf-8", "replace")))
    assert len(texts) > 500
    found = 0
    for name, text in texts:
        quick = scan(name, text.encode("utf-8"))
        assert quick == secrets._scan_text(name, text), name
        found += bool(quick)
    assert found >= len(samples)  # the samples are found (the comparison is not between two empty lists)

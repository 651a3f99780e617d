"""``mkdocs serve`` is the editors' and reviewers' draft preview: it rebuilds when a file
under units/ changes and renders a page whose approvals are stale under a 审核已失效
banner, while a production ``mkdocs build`` of the same tree still refuses it."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request

from reviewkit import sign_all
from sitekit import MKDOCS, make_portal, mkdocs_build

from govsite.core.findings import Finding
from govsite.publish import build

BANNER = 'class="admonition danger govsite-draft"'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(predicate, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return None


def test_serve_previews_a_stale_page_and_production_refuses_it(tmp_path):
    root = make_portal(tmp_path / "portal")
    port = free_port()
    log = (tmp_path / "serve.log").open("w")  # the server's log, kept for a failing run
    proc = subprocess.Popen(MKDOCS + ["serve", "-a", f"127.0.0.1:{port}"], cwd=root,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
                            stdout=subprocess.DEVNULL, stderr=log)
    try:
        url = f"http://127.0.0.1:{port}/demo/gzdt/base/"
        first = wait_for(lambda: fetch(url), timeout=120)
        assert first and "这是一个用于测试的示例页面" in first
        assert BANNER not in first  # the fixture site is signed

        page = root / "units/demo/gzdt/base.md"
        page.write_text(page.read_text("utf-8").replace("这是一个用于测试的示例页面", "页面已经修改"), "utf-8")
        # How fast it shows is measured by benchmarks/, not here (a loaded machine is slow).
        shown = wait_for(lambda: (html := fetch(url)) and "页面已经修改" in html and html, timeout=60)
        assert shown, "serve did not render the edited page (the preview froze)"
        assert BANNER in shown and "审核已失效" in shown and "REV011" in shown

        # The same tree, built for production, is refused.
        production = mkdocs_build(root, "--site-dir", str(tmp_path / "prod"))
        assert production.returncode != 0
        assert "REV011" in production.stderr and "页面未发布" in production.stderr
        assert not (tmp_path / "prod" / "demo" / "gzdt" / "base" / "index.html").exists()

        sign_all(root, ["units/demo/gzdt/base.md"])  # re-signed: the banner goes
        signed = wait_for(lambda: (html := fetch(url)) and BANNER not in html and html, timeout=30)
        assert signed and "页面已经修改" in signed
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def test_banner_escapes_what_it_shows():
    hostile = Finding("units/demo/gzdt/a.md", 3, 1, "TYP001", "typo", "error",
                      '“<script>alert(1)</script>”应为“<img src=x onerror=alert(1)>”', "第十一条")
    banner = build.draft_banner([hostile])
    assert "<script>" not in banner and "<img" not in banner
    assert "&lt;script&gt;" in banner and banner.startswith('<div class="admonition danger govsite-draft"')
    assert "草稿" in banner and build.draft_banner([]) == ""


def test_only_serve_and_preview_are_drafts():
    assert build.is_draft_command("serve") and build.is_draft_command(build.PREVIEW_COMMAND)
    assert not any(build.is_draft_command(c) for c in ("build", "gh-deploy", "", "Serve"))

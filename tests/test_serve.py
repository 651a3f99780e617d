"""``mkdocs serve`` rebuilds when a file under units/ changes (the editors' preview)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request

from reviewkit import sign_all
from sitekit import MKDOCS, make_portal


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
        time.sleep(0.3)
    return None


def test_serve_reloads_on_unit_change(tmp_path):
    root = make_portal(tmp_path / "portal")
    port = free_port()
    proc = subprocess.Popen(MKDOCS + ["serve", "-a", f"127.0.0.1:{port}"], cwd=root,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}/demo/gzdt/base/"
        first = wait_for(lambda: fetch(url))
        assert first and "这是一个用于测试的示例页面" in first
        page = root / "units/demo/gzdt/base.md"
        page.write_text(page.read_text("utf-8").replace("这是一个用于测试的示例页面", "页面已经修改"), "utf-8")
        sign_all(root, ["units/demo/gzdt/base.md"])  # the edit made the approvals stale
        assert wait_for(lambda: "页面已经修改" in (fetch(url) or "")), "serve did not rebuild after a units/ change"
    finally:
        proc.terminate()
        proc.wait(timeout=20)

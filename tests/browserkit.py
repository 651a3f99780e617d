"""The built portal seen through real headless Chromium, for the tests that must look at a page.

Everything runs locally: Debian's ``chromium`` and ``chromium-driver`` and axe-core's
command line from npm (``tools/browser``), all installed by ``scripts/setup.sh``.
No Python browser library: a few lines of the W3C WebDriver protocol over HTTP
(``urllib``) against ``chromedriver``.

API
---
``missing()``
    Why the browser tests cannot run here (a sentence naming what is absent), or None.
    Tests call ``pytest.skip(missing())`` when it is not None.
``serve(site_dir)``
    Context manager: the folder served by Python's ``http.server`` on 127.0.0.1 in a
    thread; yields the base URL (``http://127.0.0.1:PORT/``). ``serve(site_dir, served)``
    also logs each file sent, as (path, bytes), into the list ``served``.
``run_axe(urls, out_dir)`` → ``list[AxePage]``
    axe-core's CLI over the pages, in Chromium; results saved in ``out_dir/axe.json``.
    ``AxePage.url``, ``.violations`` (axe's JSON), ``.blocking()`` (impact serious or
    critical), ``.summary()`` (one line per violation, for the test output).
``browser(width=1280, height=900)``
    Context manager: a fresh Chromium profile (its own ``localStorage``) driven through
    chromedriver; yields a ``Browser`` with ``.get(url)``, ``.run(script, *args)``
    (JavaScript returning a JSON value), ``.run_async(script, *args)`` (a script that
    calls back), ``.wait_for(script)`` (until it returns a true value), ``.click(css)``, ``.screenshot(path)`` (PNG),
    ``.overflow()`` (how far the page is wider than the window, and the widest elements),
    ``.axe(rules)`` (axe-core injected into the page as it is now, e.g. after a click).
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
AXE_CLI = REPO / "tools" / "browser" / "node_modules" / ".bin" / "axe"
AXE_SOURCE = REPO / "tools" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
# Chromium as root in a container: no sandbox, no GPU, nothing fetched behind our back.
CHROME_ARGS = ("headless", "no-sandbox", "disable-gpu", "no-first-run", "disable-background-networking",
               "disable-component-update", "disable-sync", "disable-dev-shm-usage", "hide-scrollbars")
BLOCKING = ("serious", "critical")
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


def missing() -> str | None:
    """What the browser tests need and this machine lacks, or None."""
    for path, how in ((CHROMIUM, "Debian 包 chromium"), (CHROMEDRIVER, "Debian 包 chromium-driver"),
                      (AXE_CLI, "axe-core 命令行（tools/browser，npm ci）"), (AXE_SOURCE, "axe-core（tools/browser，npm ci）")):
        if not Path(path).exists():
            return f"{path} is missing ({how}); run scripts/setup.sh"
    return None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    served: list[tuple[str, int]] | None = None  # (path, bytes of the body) of each file sent

    def log_message(self, format, *args):  # quiet: the test output shows only the results
        pass

    def send_head(self):
        body = super().send_head()
        if self.served is not None and body is not None and hasattr(body, "fileno"):
            self.served.append((self.path, os.fstat(body.fileno()).st_size))
        return body


@contextlib.contextmanager
def serve(site_dir: Path, served: list[tuple[str, int]] | None = None) -> Iterator[str]:
    """``site_dir`` on http://127.0.0.1:PORT/ for the length of the block; each file sent
    is appended to ``served`` as (path, bytes of the body) when a list is given."""
    handler = functools.partial(type("_Logged", (_Quiet,), {"served": served}), directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class AxePage:
    url: str
    violations: list[dict]

    def blocking(self) -> list[dict]:
        return [v for v in self.violations if v.get("impact") in BLOCKING]

    def summary(self) -> str:
        if not self.violations:
            return f"{self.url}: 0 violations"
        lines = [f"{self.url}: {len(self.violations)} violation(s)"]
        for v in self.violations:
            where = ", ".join(" ".join(n.get("target", [])) for n in v.get("nodes", [])[:3])
            lines.append(f"  [{v.get('impact')}] {v.get('id')} x{len(v.get('nodes', []))}: {v.get('help')} at {where}")
        return "\n".join(lines)


def run_axe(urls: list[str], out_dir: Path, timeout: int = 600) -> list[AxePage]:
    """axe-core's CLI over ``urls`` in headless Chromium; one AxePage per URL."""
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="axe-profile-")
    try:
        options = ",".join((*CHROME_ARGS, f"user-data-dir={profile}"))
        proc = subprocess.run([str(AXE_CLI), *urls, "--chromedriver-path", CHROMEDRIVER, "--chrome-path", CHROMIUM,
                               f"--chrome-options={options}", "--save", "axe.json", "--dir", str(out_dir),
                               "--timeout", "120"],
                              capture_output=True, text=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    saved = out_dir / "axe.json"
    if not saved.is_file():
        raise AssertionError(f"axe wrote no results (exit {proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    pages = [AxePage(r["url"], r.get("violations", [])) for r in json.loads(saved.read_text("utf-8"))]
    if len(pages) != len(urls):
        raise AssertionError(f"axe checked {len(pages)} of {len(urls)} pages:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return pages


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """One WebDriver session (W3C protocol) of chromedriver."""

    def __init__(self, endpoint: str, session: str):
        self._base = f"{endpoint}/session/{session}"

    def _call(self, method: str, path: str, body: dict | None = None) -> object:
        return _request(method, self._base + path, body)

    def get(self, url: str) -> None:
        self._call("POST", "/url", {"url": url})

    def run(self, script: str, *args: object) -> object:
        """Runs ``script`` as a function body (``return …``) in the page."""
        return self._call("POST", "/execute/sync", {"script": script, "args": list(args)})

    def run_async(self, script: str, *args: object) -> object:
        """Runs ``script`` until it calls its callback (``arguments[arguments.length - 1]``); that value."""
        return self._call("POST", "/execute/async", {"script": script, "args": list(args)})

    def wait_for(self, script: str, timeout: float = 60) -> object:
        """Runs ``script`` until it returns a true value (every 0.1 s); that value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.run(script)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for: {script}")
            time.sleep(0.1)

    def click(self, css: str) -> None:
        found = self._call("POST", "/element", {"using": "css selector", "value": css})
        assert isinstance(found, dict), found
        self._call("POST", f"/element/{found[ELEMENT]}/click", {})

    def screenshot(self, path: Path) -> Path:
        data = self._call("GET", "/screenshot")
        assert isinstance(data, str)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def overflow(self) -> dict:
        """``{scroll_width, client_width, inner_width, over, widest}``: ``over`` is how many
        pixels the page is wider than its window (0: no horizontal scroll); ``widest``
        names the elements reaching furthest right, to say what to fix."""
        result = self.run("""
            const doc = document.documentElement, limit = doc.clientWidth;
            const widest = [...document.querySelectorAll('body *')]
              .map(e => [e, e.getBoundingClientRect().right])
              .filter(([e, right]) => right > limit + 0.5)
              .sort((a, b) => b[1] - a[1]).slice(0, 5)
              .map(([e, right]) => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
                    ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + ' right=' + Math.round(right));
            return {scroll_width: doc.scrollWidth, client_width: limit, inner_width: window.innerWidth,
                    over: Math.max(0, doc.scrollWidth - limit), widest: widest};
        """)
        assert isinstance(result, dict)
        return result

    def axe(self, rules: list[str] | None = None) -> list[dict]:
        """axe-core run in the page as it stands (after clicks), returning its violations."""
        self.run(AXE_SOURCE.read_text("utf-8") + "\nwindow.__axe = axe;")
        options = {"runOnly": {"type": "rule", "values": rules}} if rules else {}
        result = _request("POST", self._base + "/execute/async", {
            "script": "const done = arguments[arguments.length - 1];"
                      "window.__axe.run(document, arguments[0]).then(r => done(r.violations), e => done({error: String(e)}));",
            "args": [options]})
        assert isinstance(result, list), result
        return result


def _request(method: str, url: str, body: dict | None = None, timeout: float = 120) -> object:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = json.loads(response.read() or b"null")
    except urllib.error.HTTPError as err:
        raise AssertionError(f"WebDriver {method} {url}: {err.code} {err.read()[:2000]!r}") from None
    return payload.get("value") if isinstance(payload, dict) else payload


@contextlib.contextmanager
def browser(width: int = 1280, height: int = 900) -> Iterator[Browser]:
    """A headless Chromium window of ``width`` × ``height`` CSS pixels with a fresh profile."""
    port = _free_port()
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    driver = subprocess.Popen([CHROMEDRIVER, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    session = None
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status = _request("GET", endpoint + "/status", timeout=2)
                if isinstance(status, dict) and status.get("ready"):
                    break
            except (OSError, AssertionError):
                pass
            if time.monotonic() > deadline:
                raise AssertionError("chromedriver did not start within 30 s")
            time.sleep(0.1)
        args = [f"--{a}" for a in CHROME_ARGS] + [f"--user-data-dir={profile}", f"--window-size={width},{height}"]
        created = _request("POST", endpoint + "/session", {"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": {"binary": CHROMIUM, "args": args}}}})
        assert isinstance(created, dict) and "sessionId" in created, created
        session = created["sessionId"]
        window = Browser(endpoint, session)
        # The window's size includes no browser chrome in headless mode; set the
        # viewport exactly, whatever the platform's minimum window size.
        _request("POST", f"{endpoint}/session/{session}/window/rect", {"width": width, "height": height})
        yield window
    finally:
        if session is not None:
            with contextlib.suppress(Exception):
                _request("DELETE", f"{endpoint}/session/{session}", timeout=30)
        driver.terminate()
        try:
            driver.wait(timeout=10)
        except subprocess.TimeoutExpired:
            driver.kill()
            driver.wait()
        shutil.rmtree(profile, ignore_errors=True)

"""A built site served on 127.0.0.1 and read by the real headless Chromium (Debian's
``chromium`` and ``chromium-driver``): the page's DOM after its scripts ran
(``--dump-dom``), a browser driven over the W3C WebDriver protocol (plain HTTP to
``chromedriver``, no client library) for pages that work asynchronously, and the log of
the files the browser fetched."""

from __future__ import annotations

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
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio"]


class Site:
    """A folder served over HTTP on a free port of 127.0.0.1; ``requests`` lists the
    paths asked for and ``sizes`` the bytes of each response body, in order."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.requests: list[str] = []
        self.sizes: list[tuple[str, int]] = []
        site = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def send_head(self):  # type: ignore[override]
                site.requests.append(self.path)
                body = super().send_head()
                if body is not None and hasattr(body, "fileno"):
                    site.sizes.append((self.path, os.fstat(body.fileno()).st_size))
                return body

        handler = functools.partial(Handler, directory=str(root))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> Site:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextlib.contextmanager
def serve(root: Path) -> Iterator[Site]:
    with Site(root) as site:
        yield site


def dump_dom(url: str, budget_ms: int = 20000, timeout: int = 120) -> str:
    """The DOM of ``url`` once its scripts have run (virtual time budget), as Chromium
    serialises it, from a fresh profile (an empty cache: every file is fetched)."""
    assert CHROMIUM, "chromium is not installed (scripts/setup.sh installs Debian's chromium)"
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        proc = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--virtual-time-budget={budget_ms}",
                               "--dump-dom", url], capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """Headless Chromium through ``chromedriver`` (W3C WebDriver over HTTP): open a page,
    wait until a script's condition holds, read values out of the page."""

    def __init__(self) -> None:
        assert CHROMIUM and CHROMEDRIVER, "chromium and chromium-driver are not installed (scripts/setup.sh)"
        self.port = _free_port()
        self.profile = tempfile.TemporaryDirectory(prefix="chromium-profile-")
        self.driver = subprocess.Popen([CHROMEDRIVER, f"--port={self.port}"], stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                self._call("GET", "/status")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        options = {"binary": CHROMIUM, "args": [*FLAGS, f"--user-data-dir={self.profile.name}"]}
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": options}}}
        self.session = self._call("POST", "/session", caps)["sessionId"]

    def _call(self, method: str, path: str, body: dict | None = None, timeout: float = 120) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return json.loads(response.read())["value"]
        except urllib.error.HTTPError as err:  # WebDriver's error: say what it was
            raise AssertionError(f"{method} {path}: {err.read().decode(errors='replace')[:2000]}") from None

    def open(self, url: str) -> None:
        self._call("POST", f"/session/{self.session}/url", {"url": url})

    def run(self, script: str, *args: object) -> object:
        """The value of a script (a function body: ``return …``) run in the page."""
        return self._call("POST", f"/session/{self.session}/execute/sync", {"script": script, "args": list(args)})

    def run_async(self, script: str, *args: object, timeout_ms: int = 60000) -> object:
        """The value a script passes to its callback (the last argument, ``arguments[arguments.length - 1]``)."""
        self._call("POST", f"/session/{self.session}/timeouts", {"script": timeout_ms})
        return self._call("POST", f"/session/{self.session}/execute/async", {"script": script, "args": list(args)})

    def wait_for(self, script: str, timeout: float = 60) -> object:
        """Poll a script until it returns a true value; that value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.run(script)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for: {script}")
            time.sleep(0.1)

    def close(self) -> None:
        try:
            self._call("DELETE", f"/session/{self.session}")
        finally:
            self.driver.terminate()
            self.driver.wait(10)
            self.profile.cleanup()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

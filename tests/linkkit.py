"""Helpers for the link tests: a portal that builds fast, and loopback HTTP servers that
play the external sites (200, 404, 500, slow, redirect loop, redirects, a bad domain)."""

from __future__ import annotations

import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sitekit import make_portal


def fast_portal(dest: Path) -> Path:
    """The repository's portal without the search plugin (its Chinese word segmentation
    costs seconds per build and has nothing to do with links)."""
    root = make_portal(dest)
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(re.sub(r"(?m)^plugins:\n(?:  .*\n)+", "plugins: []\n", text), "utf-8")
    return root


class Site:
    """A loopback web server with fixed routes, counting the requests it gets."""

    def __init__(self, routes: dict[str, tuple], slow_seconds: float = 4.0, host: str = "127.0.0.1") -> None:
        self.routes = routes
        self.hits: list[str] = []
        self.slow_seconds = slow_seconds
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                outer.hits.append(self.path)
                route = outer.routes.get(self.path, (404,))
                status = route[0]
                if status == "slow":
                    time.sleep(outer.slow_seconds)
                    status = 200
                body = b"<html><body>ok</body></html>" if status == 200 else b""
                self.send_response(status)
                if len(route) > 1:
                    self.send_header("Location", route[1])
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.host = host
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda *a: None
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str, host: str | None = None) -> str:
        return f"http://{host or self.host}:{self.port}{path}"

    def count(self, path: str) -> int:
        return self.hits.count(path)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

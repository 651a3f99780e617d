"""A small threaded HTTP server for a built site, on 127.0.0.1, for ``linkchecker``.

Every response carries a ``LinkChecker`` header: linkchecker then allows itself more
than 2-3 requests a second to this host (``maxrequestspersecond``), which is what
makes checking a few thousand local pages take a minute instead of half an hour.
Folders without an index answer 404, as on the production web server (no listings).
"""

from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class _Handler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "govsite")
        super().end_headers()

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(404, "Not Found")
        return None

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hangs up (linkchecker at its time limit) is not our error


class SiteServer:
    """``with SiteServer(site_dir) as server: server.url``."""

    def __init__(self, directory: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        self.directory = Path(directory)
        self._httpd = _Server((host, port), functools.partial(_Handler, directory=str(self.directory)))
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="govsite-site-server", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/"

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

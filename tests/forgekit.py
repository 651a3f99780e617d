"""A recorded forge on 127.0.0.1 for ``govsite review import`` tests.

:class:`ForgeServer` answers the REST paths of GitHub (``/repos/...``) or Gitea
(``/api/v1/repos/...``) from the recorded responses in ``tests/fixtures/forge`` (or from
``lists``/``bodies`` a test adds), paginating lists as the forge does: GitHub reads
``per_page`` (default 30, at most 100) and ``page`` and sends a ``Link`` header with
``rel="next"`` while pages remain; Gitea reads ``limit`` (capped at ``max_limit``, as
its ``MAX_RESPONSE_ITEMS`` does) and ``page`` and sends no pagination header (the client
must read on until an empty page). ``redirects`` maps a
path to the URL of a 302 reply. Every request is kept (path, query, headers).

:func:`pr_site` makes the repository the imports run in: the signed fixture site on
``main``, then a branch whose two commits add a page (an older head, then the head).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

from reviewkit import commit_all, git, git_init, importer_key, keys_dir_for, sign_all
from rulekit import make_site
from sitekit import page_text, write_page

from govsite.core.project import Project
from govsite.review import forge

FORGE_DIR = Path(__file__).parent / "fixtures" / "forge"
RECORDED = {"base": "9b2c6f1e4a7d8c3b5e0f1a2b3c4d5e6f7a8b9c0d",
            "old": "4e8a1c7f2b9d3e6a5c0f8b1d7e2a9c4f6b3d8e1a",
            "head": "c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3"}
PAGE = "units/demo/gzdt/news.md"
TEXT = page_text("示例局召开政务公开推进会", "11月20日，示例局召开政务公开工作推进会{extra}。")
REPO = "qianjiang/portal"


def recorded(forge_name: str, path: str, shas: dict[str, str] | None = None):
    """The recorded response of ``path`` (an API path such as ``/repos/o/r/pulls/12``),
    with the placeholder commits replaced by ``shas``."""
    base = FORGE_DIR / forge_name / ("api/v1" if forge_name == "gitea" else "")
    text = (base / (path.lstrip("/") + ".json")).read_text("utf-8")
    for name, sha in (shas or {}).items():
        text = text.replace(RECORDED[name], sha)
    return json.loads(text)


class ForgeServer:
    def __init__(self, forge_name: str, shas: dict[str, str] | None = None, lists: dict | None = None,
                 bodies: dict | None = None, redirects: dict | None = None, max_limit: int = 50) -> None:
        self.forge, self.shas, self.max_limit = forge_name, shas or {}, max_limit
        self.lists, self.bodies, self.redirects = dict(lists or {}), dict(bodies or {}), dict(redirects or {})
        self.prefix = "/api/v1" if forge_name == "gitea" else ""
        self.requests: list[tuple[str, dict, dict]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                outer.requests.append((self.path, {}, dict(self.headers)))
                url = urlparse(self.path)
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                outer.requests[-1] = (url.path, params, dict(self.headers))
                path = url.path[len(outer.prefix):] if url.path.startswith(outer.prefix) else url.path
                if path in outer.redirects:
                    self.send_response(302)
                    self.send_header("Location", outer.redirects[path])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                try:
                    data, headers = outer.answer(path, params)
                except FileNotFoundError:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = json.dumps(data, ensure_ascii=False).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_port}"
        self.url = self.origin + self.prefix
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def answer(self, path: str, params: dict) -> tuple[object, dict]:
        if path in self.bodies:
            return self.bodies[path], {}
        data = self.lists[path] if path in self.lists else recorded(self.forge, path, self.shas)
        if not isinstance(data, list):
            return data, {}
        page = int(params.get("page", 1))
        if self.forge == "github":
            size = min(int(params.get("per_page", 30)), 100)
        else:
            size = min(int(params.get("limit", 30)), self.max_limit)  # Gitea's MAX_RESPONSE_ITEMS
        chunk = data[(page - 1) * size: page * size]
        headers = {}
        last = max(1, -(-len(data) // size))
        if self.forge == "github" and last > 1:
            def link(n):
                return f"<{self.url}{path}?{urlencode({'per_page': size, 'page': n})}>"
            rels = []
            if page < last:
                rels += [f'{link(page + 1)}; rel="next"', f'{link(last)}; rel="last"']
            if page > 1:
                rels += [f'{link(1)}; rel="first"', f'{link(page - 1)}; rel="prev"']
            headers["Link"] = ", ".join(rels)
        return chunk, headers

    def pages_read(self, number: int) -> list[int]:
        return [int(p.get("page", 1)) for path, p, _ in self.requests if path.endswith(f"/pulls/{number}/reviews")]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> ForgeServer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def client(server: ForgeServer, token: str | None = None, **limits) -> forge.Client:
    return forge.Client(forge.SPECS[server.forge], server.url, token, **limits)


def pr_site(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A repository: the approved fixture site on main, then a branch whose two commits
    add a page (the older head, then the head of the pull request)."""
    root = make_site(tmp_path / "site")
    sign_all(root)
    git_init(root)
    base = git(root, "rev-parse", "HEAD")
    git(root, "checkout", "-q", "-b", "news")
    write_page(root, PAGE, TEXT.format(extra=""))
    old = commit_all(root, "新增工作动态")
    write_page(root, PAGE, TEXT.format(extra="，部署下一阶段工作"))
    head = commit_all(root, "按审核意见修改")
    importer_key(root)
    return root, {"base": base, "old": old, "head": head}


def do_import(root: Path, shas: dict[str, str], forge_name: str, number: int, server: ForgeServer | None = None,
              **kwargs) -> forge.ImportResult:
    """Import pull request ``number`` from a recorded forge (a fresh one unless given)."""
    own = server is None
    server = server or ForgeServer(forge_name, shas)
    try:
        return forge.import_pr(Project(root), forge_name, number, REPO, client(server), "ci",
                               keys_base=keys_dir_for(root), **kwargs)
    finally:
        if own:
            server.close()

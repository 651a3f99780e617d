"""Forge import, tried as an attacker with a forge account or a pull request would
(issue 18, "Forge import trusts too much"; issue 9, trust from the base branch).

Every case runs the real client against a real HTTP server on 127.0.0.1 that answers
with recorded GitHub / Gitea responses (tests/fixtures/forge, tests/forgekit.py), in a
real git repository whose ``main`` is the signed fixture site and whose branch adds a
page; the result is what ``govsite review import`` writes into ``review/``.
"""

from __future__ import annotations

import copy
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from forgekit import REPO, ForgeServer, client, do_import, pr_site, recorded
from reviewkit import commit_all, keys_dir_for

from govsite.core.errors import GovsiteError
from govsite.core.project import Project
from govsite.review import forge


@pytest.fixture(name="site")
def site_fixture(tmp_path):
    return pr_site(tmp_path)


def roles(result) -> set[str]:
    return {role for _, role, _, _ in result.written}


# -- the client: credentials, pagination, size, time ------------------------------------------
def test_token_is_never_sent_to_another_origin_on_redirect(site):
    """The API host redirects to another port: the import stops there, and the other
    origin never sees the token (urllib would forward ``Authorization``)."""
    root, shas = site
    with ForgeServer("github", shas) as other:
        with ForgeServer("github", shas, redirects={f"/repos/{REPO}/pulls/12": other.url + f"/repos/{REPO}/pulls/12"}) as api:
            c = client(api, token="recorded-secret-token")
            with pytest.raises(GovsiteError, match="重定向"):
                forge.import_pr(Project(root), "github", 12, REPO, c, "ci", keys_base=keys_dir_for(root))
        leaked = [h for _, _, h in other.requests if "recorded-secret-token" in str(h)]
    assert leaked == [] and other.requests == []


def _github_review(template: dict, rid: int, user: dict, state: str, commit: str) -> dict:
    review = copy.deepcopy(template)
    review.update(id=rid, node_id=f"PRR_kwDOMGbFTs6{rid:07d}", user=copy.deepcopy(user), state=state, commit_id=commit)
    return review


def test_changes_requested_on_page_101_withdraws_the_approval(site):
    """10 001 reviews, 100 to a page: the checker approved the head on page 1 and
    requested changes on page 101. Reading stops at page 100 on main."""
    root, shas = site
    recorded_reviews = recorded("github", f"/repos/{REPO}/pulls/12/reviews", shas)
    approvals = [r for r in recorded_reviews if r["state"] == "APPROVED" and r["commit_id"] == shas["head"]]
    comment = next(r for r in recorded_reviews if r["state"] == "COMMENTED")
    checker = next(r for r in approvals if r["user"]["login"] == "kezhang-gh")
    filler = [_github_review(comment, 10_000 + i, comment["user"], "COMMENTED", shas["head"])
              for i in range(100 * 100 - len(approvals))]
    late = _github_review(checker, 99_999, checker["user"], "CHANGES_REQUESTED", shas["head"])
    reviews = approvals + filler + [late]
    with ForgeServer("github", shas, lists={f"/repos/{REPO}/pulls/12/reviews": reviews}) as server:
        result = do_import(root, shas, "github", 12, server=server)
        assert max(server.pages_read(12)) == 101
    assert result.folded["kezhang-gh"].status == forge.WITHDRAWN
    assert roles(result) == {"drafter", "approver"}


def test_gitea_short_pages_are_not_taken_for_the_last(site):
    """A Gitea that answers at most 5 reviews a page (MAX_RESPONSE_ITEMS) although 50
    were asked: the checker's REQUEST_CHANGES on page 2 still withdraws the approval."""
    root, shas = site
    reviews = recorded("gitea", f"/repos/{REPO}/pulls/7/reviews", shas)
    late = copy.deepcopy(next(r for r in reviews if r["user"]["login"] == "kezhang" and r["state"] == "APPROVED"))
    late.update(id=599, state="REQUEST_CHANGES", body="第二段数字有误。")
    with ForgeServer("gitea", shas, lists={f"/repos/{REPO}/pulls/7/reviews": reviews + [late]}, max_limit=5) as server:
        result = do_import(root, shas, "gitea", 7, server=server)
    assert roles(result) == {"drafter", "approver"}
    assert result.folded["kezhang"].status == forge.WITHDRAWN


def test_pagination_past_the_cap_fails_closed(site):
    """More pages than the client will read: no records from a partial list."""
    root, shas = site
    reviews = recorded("github", f"/repos/{REPO}/pulls/12/reviews", shas) * 200  # 1 200 reviews, 12 pages of 100
    with ForgeServer("github", shas, lists={f"/repos/{REPO}/pulls/12/reviews": reviews}) as server:
        c = client(server, max_pages=10)
        with pytest.raises(GovsiteError, match="超过 10 页"):
            forge.import_pr(Project(root), "github", 12, REPO, c, "ci", keys_base=keys_dir_for(root))
    assert not (root / "review/approvals/demo/gzdt/news").exists()


class _Trickle:
    """A server that answers one path with a body of ``size`` bytes, without a
    Content-Length, in chunks of ``chunk`` bytes every ``pause`` seconds (at most for
    ``limit`` seconds, so an unbounded client ends too); it counts what it sent."""

    def __init__(self, body: bytes, chunk: int, pause: float, limit: float = 5.0) -> None:
        self.sent = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                start = time.monotonic()
                try:
                    for i in range(0, len(body), chunk):
                        self.wfile.write(body[i:i + chunk])
                        self.wfile.flush()
                        outer.sent += len(body[i:i + chunk])
                        if pause and time.monotonic() - start < limit:
                            time.sleep(pause)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _pull_with_body(shas: dict[str, str], size: int) -> bytes:
    pull = recorded("github", f"/repos/{REPO}/pulls/12", shas)
    pull["body"] = "三审三校" * (size // 12 + 1)
    return json.dumps(pull, ensure_ascii=False).encode()


def test_response_size_is_capped(site):
    """A 24 MB answer (no Content-Length) is refused once it passes 10 MB, not read whole."""
    root, shas = site
    body = _pull_with_body(shas, 24 * 1024 * 1024)
    server = _Trickle(body, 256 * 1024, 0)
    try:
        c = forge.Client(forge.SPECS["github"], server.url)
        with pytest.raises(GovsiteError, match="超过上限"):
            c.get(f"/repos/{REPO}/pulls/12")
    finally:
        server.close()
    assert server.sent < len(body)


def test_a_trickling_response_times_out(site):
    """Bytes that keep coming, slowly, never hold the import past its deadline."""
    root, shas = site
    body = _pull_with_body(shas, 64 * 1024)
    server = _Trickle(body, 512, 0.05, limit=8.0)
    try:
        c = forge.Client(forge.SPECS["github"], server.url, timeout=2, deadline=1)
        start = time.monotonic()
        with pytest.raises(GovsiteError, match="秒内未传完"):
            c.get(f"/repos/{REPO}/pulls/12")
        assert time.monotonic() - start < 4
    finally:
        server.close()


# -- approvals as the forge means them ---------------------------------------------------------
@pytest.mark.parametrize("forge_name,number", [("github", 14), ("gitea", 10)])
def test_the_authors_own_approval_never_counts(site, forge_name, number):
    """The drafter opened the pull request and approved it: no drafter record."""
    root, shas = site
    result = do_import(root, shas, forge_name, number)
    login = "keyuan-gh" if forge_name == "github" else "keyuan"
    assert roles(result) == {"checker", "approver"}
    assert result.folded[login].status == forge.AUTHOR


def test_gitea_unofficial_and_stale_approvals_do_not_count(site):
    """Gitea PR 9: the checker's approval is ``official: false``, the approver's is
    ``stale: true`` (both name the head commit); only the drafter's counts."""
    root, shas = site
    result = do_import(root, shas, "gitea", 9)
    assert roles(result) == {"drafter"}
    assert {k: f.status for k, f in result.folded.items()} == {
        "keyuan": forge.APPROVED, "kezhang": forge.UNOFFICIAL, "fuzhu": forge.STALE}


def test_a_lookalike_login_matches_nobody(site):
    """GitHub PR 15: ``\\u212aezhang-gh`` (KELVIN SIGN) approves; ``.lower()`` makes it
    kezhang-gh, the roster's checker. It must match nobody."""
    root, shas = site
    result = do_import(root, shas, "github", 15)
    assert roles(result) == {"drafter", "approver"}
    assert [f.status for f in result.folded.values() if f.login.startswith("\u212a")] == [forge.BAD_LOGIN]
    assert forge.canonical_login("github", "\u212aezhang-gh") is None
    assert forge.canonical_login("github", "KeZhang-GH") == "kezhang-gh"


def test_logins_come_from_the_base_branch_roster(site):
    """GitHub PR 16: the pull request itself maps the checker's GitHub login to
    mallory-gh, an account it controls, which then approves. The base branch's roster
    decides: mallory-gh is nobody."""
    root, shas = site
    unit_yml = root / "units/demo/unit.yml"
    unit_yml.write_text(unit_yml.read_text("utf-8").replace("github: kezhang-gh", "github: mallory-gh"), "utf-8")
    head = commit_all(root, "更新人员名单")
    shas = dict(shas, head=head)
    result = do_import(root, shas, "github", 16)
    assert roles(result) == {"drafter", "approver"}
    assert any("mallory-gh" in n and "基准提交" in n for n in result.notes)

"""Forge approvals: GitHub and Gitea reviews folded as the forges do, imported into
records for the pages a pull request changes, in a real temporary git repository,
from recorded API responses (tests/fixtures/forge; no network: a recorded client, and
for the CLI a server on 127.0.0.1)."""

from __future__ import annotations

import dataclasses
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from reviewkit import commit_all, git, git_init, importer_key, keys_dir_for, keys_env, sign_all
from rulekit import make_site
from sitekit import govsite, page_text, write_page

from govsite.core.project import Project
from govsite.engine.runner import run
from govsite.review import forge
from govsite.review.hashing import content_hash
from govsite.review.records import parse
from govsite.review.store import Store

FORGE_DIR = Path(__file__).parent / "fixtures" / "forge"
RECORDED = {"base": "9b2c6f1e4a7d8c3b5e0f1a2b3c4d5e6f7a8b9c0d",
            "old": "4e8a1c7f2b9d3e6a5c0f8b1d7e2a9c4f6b3d8e1a",
            "head": "c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3"}
PAGE = "units/demo/gzdt/news.md"
TEXT = page_text("示例局召开政务公开推进会", "11月20日，示例局召开政务公开工作推进会{extra}。")
GATE = {"REV010", "REV011", "REV012", "REV013", "REV014", "REV015"}


class Recorded:
    """A forge client that answers from tests/fixtures/forge, paginating like the forge."""

    def __init__(self, forge_name: str, shas: dict[str, str]) -> None:
        self.base = FORGE_DIR / forge_name / ("api/v1" if forge_name == "gitea" else "")
        self.spec = forge.SPECS[forge_name]
        self.shas = shas
        self.calls: list[tuple[str, dict]] = []

    def load(self, path: str):
        text = (self.base / (path.lstrip("/") + ".json")).read_text("utf-8")
        for name, sha in self.shas.items():
            text = text.replace(RECORDED[name], sha)
        return json.loads(text)

    def get(self, path, params=None):
        self.calls.append((path, dict(params or {})))
        data = self.load(path)
        if isinstance(data, list) and params:
            size, page = int(params[self.spec.size_param]), int(params["page"])
            return data[(page - 1) * size: page * size]
        return data


@pytest.fixture
def pr_site(tmp_path):
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


def gate_rules(root):
    report = run(Project(root), [str(root / PAGE)], codes=GATE, use_cache=False)
    return report.findings


def do_import(root, shas, forge_name, number):
    client = Recorded(forge_name, shas)
    result = forge.import_pr(Project(root), forge_name, number, "qianjiang/portal", client, "ci",
                             keys_base=keys_dir_for(root))
    return result, client


# -- folding, as the forges do -----------------------------------------------------------
def reviews(forge_name, number, shas):
    client = Recorded(forge_name, shas)
    return [forge.normalise(forge_name, r) for r in client.load(f"/repos/qianjiang/portal/pulls/{number}/reviews")]


def test_fold_github_counts_only_approvals_of_the_head():
    folded = forge.fold(reviews("github", 12, {}), RECORDED["head"])
    assert {k: f.status for k, f in folded.items()} == {
        "keyuan-gh": "approved", "kezhang-gh": "approved", "fuzhu-gh": "approved"}
    assert folded["kezhang-gh"].review.id == 2004  # the later approval of the head, not 2001 (older commit)


def test_fold_github_withdrawals():
    folded = forge.fold(reviews("github", 13, {}), RECORDED["head"])
    assert {k: f.status for k, f in folded.items()} == {
        "keyuan-gh": "approved", "kezhang-gh": "withdrawn", "fuzhu-gh": "withdrawn"}


def test_fold_gitea_states_and_dismissed_flag():
    folded = forge.fold(reviews("gitea", 7, {}), RECORDED["head"])
    assert {k: f.status for k, f in folded.items()} == {
        "keyuan": "approved", "kezhang": "approved", "fuzhu": "approved"}
    folded = forge.fold(reviews("gitea", 8, {}), RECORDED["head"])
    assert {k: f.status for k, f in folded.items()} == {
        "keyuan": "withdrawn", "kezhang": "withdrawn", "fuzhu": "stale"}


def test_an_approval_of_an_older_commit_does_not_count():
    rs = [forge.Review(1, "a", "APPROVED", "old", None, ""), forge.Review(2, "a", "COMMENTED", "new", None, "")]
    assert forge.fold(rs, "new")["a"].status == "stale"
    rs.append(forge.Review(3, "a", "APPROVED", "new", None, ""))
    assert forge.fold(rs, "new")["a"].status == "approved"


def test_reviews_are_read_page_by_page(pr_site, monkeypatch):
    root, shas = pr_site
    monkeypatch.setitem(forge.SPECS, "github", dataclasses.replace(forge.SPECS["github"], page_size=2))
    client = Recorded("github", shas)
    _, revs = forge.fetch(client, "github", "qianjiang/portal", 12)
    assert [r.id for r in revs] == [2001, 2002, 2003, 2004, 2005, 2006]
    pages = [c[1]["page"] for c in client.calls if c[0].endswith("/reviews")]
    assert pages == [1, 2, 3, 4]


# -- import into records ----------------------------------------------------------------------
@pytest.mark.parametrize("forge_name,number", [("github", 12), ("gitea", 7)])
def test_import_happy_path(pr_site, forge_name, number):
    root, shas = pr_site
    assert {f.rule for f in gate_rules(root)} == {"REV010"}
    result, _ = do_import(root, shas, forge_name, number)
    assert sorted((r, p) for _, r, p, _ in result.written) == [
        ("approver", "fuzhu"), ("checker", "kezhang"), ("drafter", "keyuan")]
    assert gate_rules(root) == []
    records = [parse(p.read_bytes()) for p in Store(root).files_for(PAGE)]
    for r in records:
        assert r.provider == forge_name and r.pr == str(number) and r.head == shas["head"]
        assert r.importer == "ci" and r.review and r.login and r.url
        assert r.hash == content_hash(Project(root).page(PAGE).raw)
    # importing again writes nothing new (records are append-only, not duplicated)
    again, _ = do_import(root, shas, forge_name, number)
    assert again.written == [] and len(again.existing) == 3
    assert len(Store(root).files_for(PAGE)) == 3


@pytest.mark.parametrize("forge_name,number,left", [("github", 13, {"checker", "approver"}),
                                                     ("gitea", 8, {"drafter", "checker", "approver"})])
def test_import_withdrawn_and_stale_approvals_do_not_count(pr_site, forge_name, number, left):
    root, shas = pr_site
    result, _ = do_import(root, shas, forge_name, number)
    assert {role for _, role, _, _ in result.written} == {"drafter", "checker", "approver"} - left
    missing = {f.line for f in gate_rules(root) if f.rule == "REV010"}
    lines = {"drafter": 6, "checker": 7, "approver": 8}
    assert missing == {lines[r] for r in left}


def test_forge_approval_goes_stale_when_the_page_changes_after_the_head(pr_site):
    root, shas = pr_site
    do_import(root, shas, "github", 12)
    write_page(root, PAGE, TEXT.format(extra="，部署下一阶段工作。会议强调"))
    found = gate_rules(root)
    assert [f.rule for f in found] == ["REV011"]


def test_login_not_on_the_roster_is_not_counted(pr_site):
    root, shas = pr_site
    unit_yml = root / "units/demo/unit.yml"
    unit_yml.write_text(unit_yml.read_text("utf-8").replace("github: fuzhu-gh, ", ""), "utf-8")
    result, _ = do_import(root, shas, "github", 12)
    assert ("approver" not in {r for _, r, _, _ in result.written})
    assert any("fuzhu-gh 未在" in n for n in result.notes)


def test_forge_record_without_importer_signature_is_forged(pr_site):
    root, shas = pr_site
    do_import(root, shas, "gitea", 7)
    record = next(p for p in Store(root).files_for(PAGE) if "-checker-" in p.name)
    record.with_name(record.name + ".sig").unlink()
    found = gate_rules(root)
    assert {f.rule for f in found} == {"REV015", "REV010"}
    assert any("没有平台导入来源证明" in f.message for f in found if f.rule == "REV015")


def test_forge_record_typed_by_hand_is_forged(pr_site):
    """Changing the login or the head of an imported record breaks the importer's signature."""
    root, shas = pr_site
    do_import(root, shas, "github", 12)
    record = next(p for p in Store(root).files_for(PAGE) if "-approver-" in p.name)
    record.write_bytes(record.read_bytes().replace(b"review: 2006", b"review: 2005"))
    assert "REV015" in {f.rule for f in gate_rules(root)}


def test_importer_must_be_registered(pr_site, tmp_path):
    root, shas = pr_site
    with pytest.raises(Exception) as err:
        forge.import_pr(Project(root), "github", 12, "qianjiang/portal", Recorded("github", shas), "someone-else",
                        keys_base=keys_dir_for(root))
    assert "someone-else" in str(err.value)


def test_head_commit_missing_locally_is_a_clear_error(pr_site):
    root, shas = pr_site
    shas = dict(shas, head="ab" * 20)
    with pytest.raises(Exception) as err:
        do_import(root, shas, "github", 12)
    assert "git fetch origin pull/12/head" in str(err.value)


def test_remote_urls():
    assert forge.parse_remote("git@github.com:qianjiang/portal.git") == ("github.com", "qianjiang/portal")
    assert forge.parse_remote("https://git.qianjiang.gov.cn/qianjiang/portal.git") == ("git.qianjiang.gov.cn", "qianjiang/portal")
    assert forge.parse_remote("ssh://git@git.qianjiang.gov.cn:2222/qianjiang/portal") == ("git.qianjiang.gov.cn", "qianjiang/portal")


# -- the command, against a recorded forge on 127.0.0.1 ----------------------------------------------
class Server:
    def __init__(self, forge_name: str, shas: dict[str, str]) -> None:
        recorded = Recorded(forge_name, shas)
        prefix = "/api/v1" if forge_name == "gitea" else ""
        self.headers: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                outer.headers.append(dict(self.headers))
                url = urlparse(self.path)
                path = url.path[len(prefix):]
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                try:
                    body = json.dumps(recorded.get(path, params), ensure_ascii=False).encode()
                except FileNotFoundError:
                    self.send_response(404)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}{prefix}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.mark.parametrize("forge_name,number,token_env,scheme", [("github", 12, "GITHUB_TOKEN", "Bearer"),
                                                                 ("gitea", 7, "GITEA_TOKEN", "token")])
def test_import_command(pr_site, forge_name, number, token_env, scheme):
    root, shas = pr_site
    server = Server(forge_name, shas)
    try:
        env = dict(keys_env(root), **{token_env: "recorded-test-value"})
        proc = govsite(root, "review", "import", "--forge", forge_name, "--pr", str(number),
                       "--repo", "qianjiang/portal", "--api", server.url, env=env)
    finally:
        server.close()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "共导入 3 条签名记录" in proc.stdout
    assert server.headers and all(h.get("Authorization") == f"{scheme} recorded-test-value" for h in server.headers)
    check = govsite(root, "check", PAGE, "--select", ",".join(sorted(GATE)))
    assert check.returncode == 0, check.stdout
    missing = govsite(root, "review", "import", "--forge", forge_name, "--pr", "99", "--repo", "qianjiang/portal",
                      "--api", "http://127.0.0.1:9", env=keys_env(root))
    assert missing.returncode == 2 and "无法连接" in missing.stderr

"""Forge approvals: GitHub and Gitea reviews folded as the forges do, imported into
records for the pages a pull request changes, in a real temporary git repository,
from recorded API responses (tests/fixtures/forge) served by a real HTTP server on
127.0.0.1 (tests/forgekit.py). The hostile cases are in tests/security/test_forge_import.py."""

from __future__ import annotations

import dataclasses

import pytest
from forgekit import PAGE, RECORDED, TEXT, ForgeServer, client, do_import, pr_site, recorded
from reviewkit import git, keys_dir_for, keys_env
from sitekit import govsite, write_page

from govsite.core.project import Project
from govsite.engine.runner import run
from govsite.review import forge
from govsite.review.hashing import content_hash
from govsite.review.records import parse
from govsite.review.store import Store

GATE = {"REV010", "REV011", "REV012", "REV013", "REV014", "REV015"}


@pytest.fixture(name="pr_site")
def pr_site_fixture(tmp_path):
    return pr_site(tmp_path)


def gate_rules(root):
    report = run(Project(root), [str(root / PAGE)], codes=GATE, use_cache=False)
    return report.findings


# -- folding, as the forges do -----------------------------------------------------------
def folded(forge_name, number):
    raw = recorded(forge_name, f"/repos/qianjiang/portal/pulls/{number}/reviews")
    author = recorded(forge_name, f"/repos/qianjiang/portal/pulls/{number}")["user"]["login"]
    reviews = [forge.normalise(forge_name, r) for r in raw]
    return forge.fold(reviews, RECORDED["head"], forge=forge_name, author=author)


def test_fold_github_counts_only_approvals_of_the_head():
    result = folded("github", 12)
    assert {k: f.status for k, f in result.items()} == {
        "keyuan-gh": "approved", "kezhang-gh": "approved", "fuzhu-gh": "approved"}
    assert result["kezhang-gh"].review.id == 2004  # the later approval of the head, not 2001 (older commit)


def test_fold_github_withdrawals():
    assert {k: f.status for k, f in folded("github", 13).items()} == {
        "keyuan-gh": "approved", "kezhang-gh": "withdrawn", "fuzhu-gh": "withdrawn"}


def test_fold_gitea_states_and_dismissed_flag():
    assert {k: f.status for k, f in folded("gitea", 7).items()} == {
        "keyuan": "approved", "kezhang": "approved", "fuzhu": "approved"}
    assert {k: f.status for k, f in folded("gitea", 8).items()} == {
        "keyuan": "withdrawn", "kezhang": "withdrawn", "fuzhu": "stale"}


def test_an_approval_of_an_older_commit_does_not_count():
    rs = [forge.Review(1, "a", "APPROVED", "old", None, ""), forge.Review(2, "a", "COMMENTED", "new", None, "")]
    assert forge.fold(rs, "new", forge="github")["a"].status == "stale"
    rs.append(forge.Review(3, "a", "APPROVED", "new", None, ""))
    assert forge.fold(rs, "new", forge="github")["a"].status == "approved"


@pytest.mark.parametrize("forge_name,number,pages", [("github", 12, [1, 2, 3]), ("gitea", 7, [1, 2, 3, 4, 5])])
def test_reviews_are_read_page_by_page(monkeypatch, forge_name, number, pages):
    """GitHub: pages follow ``Link: rel="next"``; Gitea: ``page`` until an empty page."""
    monkeypatch.setitem(forge.SPECS, forge_name, dataclasses.replace(forge.SPECS[forge_name], page_size=2))
    with ForgeServer(forge_name, {}) as server:
        _, revs = forge.fetch(client(server), forge_name, "qianjiang/portal", number)
        assert server.pages_read(number) == pages
    raw = recorded(forge_name, f"/repos/qianjiang/portal/pulls/{number}/reviews")
    assert [r.id for r in revs] == [r["id"] for r in raw]


# -- import into records ----------------------------------------------------------------------
@pytest.mark.parametrize("forge_name,number", [("github", 12), ("gitea", 7)])
def test_import_happy_path(pr_site, forge_name, number):
    root, shas = pr_site
    assert {f.rule for f in gate_rules(root)} == {"REV010"}
    result = do_import(root, shas, forge_name, number)
    assert sorted((r, p) for _, r, p, _ in result.written) == [
        ("approver", "fuzhu"), ("checker", "kezhang"), ("drafter", "keyuan")]
    assert gate_rules(root) == []
    records = [parse(p.read_bytes()) for p in Store(root).files_for(PAGE)]
    for r in records:
        assert r.provider == forge_name and r.pr == str(number) and r.head == shas["head"]
        assert r.importer == "ci" and r.review and r.login and r.url
        assert r.hash == content_hash(Project(root).page(PAGE).raw)
    # importing again writes nothing new (records are append-only, not duplicated)
    again = do_import(root, shas, forge_name, number)
    assert again.written == [] and len(again.existing) == 3
    assert len(Store(root).files_for(PAGE)) == 3


@pytest.mark.parametrize("forge_name,number,left", [("github", 13, {"checker", "approver"}),
                                                     ("gitea", 8, {"drafter", "checker", "approver"})])
def test_import_withdrawn_and_stale_approvals_do_not_count(pr_site, forge_name, number, left):
    root, shas = pr_site
    result = do_import(root, shas, forge_name, number)
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
    """The base branch's roster no longer maps fuzhu-gh (the pull request's copy still does)."""
    root, shas = pr_site
    git(root, "checkout", "-q", "main")
    unit_yml = root / "units/demo/unit.yml"
    unit_yml.write_text(unit_yml.read_text("utf-8").replace("github: fuzhu-gh, ", ""), "utf-8")
    git(root, "commit", "-q", "-m", "fuzhu 不再用 GitHub 账号审批", "--", "units/demo/unit.yml")
    git(root, "checkout", "-q", "news")
    result = do_import(root, shas, "github", 12, base="main")
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
    with ForgeServer("github", shas) as server, pytest.raises(Exception) as err:
        forge.import_pr(Project(root), "github", 12, "qianjiang/portal", client(server), "someone-else",
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
@pytest.mark.parametrize("forge_name,number,token_env,scheme", [("github", 12, "GITHUB_TOKEN", "Bearer"),
                                                                 ("gitea", 7, "GITEA_TOKEN", "token")])
def test_import_command(pr_site, forge_name, number, token_env, scheme):
    root, shas = pr_site
    # the importer's key is a trust file: it counts once it is on the base branch
    git(root, "checkout", "-q", "main")
    git(root, "add", "review/forge_importers")
    git(root, "commit", "-q", "-m", "登记导入者")
    base = git(root, "rev-parse", "HEAD")
    git(root, "checkout", "-q", "news")
    git(root, "merge", "-q", "--no-edit", "main")  # the pull request brought up to date with its base
    with ForgeServer(forge_name, shas) as server:
        env = dict(keys_env(root), **{token_env: "recorded-test-value"})
        proc = govsite(root, "review", "import", "--forge", forge_name, "--pr", str(number),
                       "--repo", "qianjiang/portal", "--api", server.url, "--base", "main", env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "共导入 3 条签名记录" in proc.stdout
    assert f"人员名单取自基准提交 {base[:12]}" in proc.stdout
    assert server.requests and all(h.get("Authorization") == f"{scheme} recorded-test-value" for _, _, h in server.requests)
    check = govsite(root, "check", PAGE, "--select", ",".join(sorted(GATE)))
    assert check.returncode == 0, check.stdout
    missing = govsite(root, "review", "import", "--forge", forge_name, "--pr", "99", "--repo", "qianjiang/portal",
                      "--api", "http://127.0.0.1:9", env=keys_env(root))
    assert missing.returncode == 2 and "无法连接" in missing.stderr


def test_a_redirect_within_the_api_origin_is_followed():
    """A renamed repository answers with a redirect on the same host and port: followed,
    with the token (only a redirect to another origin is refused)."""
    with ForgeServer("github", {}, redirects={"/repos/old/name/pulls/12": "/repos/qianjiang/portal/pulls/12"}) as server:
        pull = client(server, token="recorded-test-value").get("/repos/old/name/pulls/12")
        assert pull["number"] == 12
        assert [h.get("Authorization") for _, _, h in server.requests] == ["Bearer recorded-test-value"] * 2

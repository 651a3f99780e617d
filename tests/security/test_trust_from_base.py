"""Trust from the base branch (issue 9, item 4): for a pull request, who may approve
(rosters, roles, forge logins, allowed signers) is read from the base branch, and a
change to any of it is a trust change that needs the unit principal's and the
district office's signatures. Real git repositories, real ssh-keygen keys, the real CLI."""

from __future__ import annotations

import json

import pytest
from reviewkit import approve_case, commit_all, git, git_init, importer_key, keys_env, reviewer_keys
from rulekit import make_site
from sitekit import govsite, page_text, write_page

PAGE = "units/demo/gzdt/pr-news.md"
UNIT = "units/demo/unit.yml"
OFFICE_UNIT = "name: 测试区人民政府办公室\nshort_name: 区政府办\nkind: department\npeople:\n" \
              "  - {id: bangong, name: 白公, roles: [principal], title: 主任}\n"


@pytest.fixture
def repo(tmp_path):
    """A protected branch ``main``: the (signed) fixture site, a district office unit
    ``ban`` named in govsite.yml, keys registered for the demo principal and the office;
    then a branch ``pr`` for the pull request."""
    root = make_site(tmp_path / "site")
    settings = (root / "govsite.yml").read_text("utf-8")
    assert settings.startswith("portal:\n")
    (root / "govsite.yml").write_text(settings.replace("portal:\n", "portal:\n  owner: ban\n", 1), "utf-8")
    write_page(root, "units/ban/unit.yml", OFFICE_UNIT)
    reviewer_keys(root, "demo", ("keyuan", "kezhang", "fuzhu", "zhuren"))
    reviewer_keys(root, "ban", ("bangong",))
    importer_key(root)  # the platform's forge importer, registered on the protected branch
    git_init(root)
    git(root, "checkout", "-q", "-b", "pr")
    return root


def check(root, *args):
    return govsite(root, "check", "--base", "main", "--format", "json", *args, env=keys_env(root))


def rules(proc) -> list[tuple[str, str]]:
    return [(f["rule"], f["path"]) for f in json.loads(proc.stdout)]


def self_approve(root) -> None:
    """The drafter signs with their own key; the checker's and the approver's approvals
    are imported from the accounts the pull request mapped to them."""
    proc = govsite(root, "review", "approve", PAGE, "--as", "keyuan", env=keys_env(root))
    assert proc.returncode == 0, proc.stderr
    approve_case(root, PAGE, {"approve": [{"role": "checker", "provider": "github", "login": "attacker2"},
                                          {"role": "approver", "provider": "github", "login": "attacker1"}]})


def remap_logins(root) -> None:
    text = (root / UNIT).read_text("utf-8")
    text = text.replace("github: fuzhu-gh", "github: attacker1").replace("github: kezhang-gh", "github: attacker2")
    (root / UNIT).write_text(text, "utf-8")


def test_pr_remapping_forge_logins_cannot_approve_its_own_page(repo):
    # the pull request maps two reviewers' logins to accounts it controls, and two
    # "approvals" by those accounts are imported (validly signed by the importer)
    remap_logins(repo)
    write_page(repo, PAGE, page_text("拉取请求自批的页面"))
    self_approve(repo)
    commit_all(repo, "改名单并自批")
    proc = check(repo, PAGE, "--select", "REV010,REV012,REV030")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    found = rules(proc)
    # the base roster does not know the accounts: both imported approvals are refused
    assert found.count(("REV012", PAGE)) == 2
    # and the roster change itself is reported as an unapproved trust change
    assert ("REV030", UNIT) in found


def test_pr_adding_a_person_with_a_role_and_a_key_cannot_sign(repo):
    text = (repo / UNIT).read_text("utf-8")
    (repo / UNIT).write_text(text.replace("people:\n", "people:\n  - {id: langren, name: 郎仁, roles: [deputy]}\n"), "utf-8")
    write_page(repo, PAGE, page_text("拉取请求自批的页面").replace("approver: 傅柱", "approver: 郎仁"))
    approve_case(repo, PAGE, {"approve": ["drafter", "checker", "approver"]})  # registers langren's key too
    commit_all(repo, "加人、登记公钥并自批")
    proc = check(repo, PAGE, "--select", "REV010,REV015,REV030")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    found = json.loads(proc.stdout)
    untrusted = [f for f in found if f["rule"] == "REV010" and "不在基准分支的名单" in f["message"]]
    assert untrusted and untrusted[0]["line"] == 8  # the approver line of reviewers
    assert {("REV030", UNIT), ("REV030", "review/allowed_signers")} <= set(rules(proc))
    # without --base (the pull request's own view) the same page would pass the gate:
    # the base is what makes the difference
    alone = govsite(repo, "check", "--format", "json", PAGE, "--select", "REV010,REV015", env=keys_env(repo))
    assert alone.returncode == 0, alone.stdout


def test_review_verify_takes_trust_from_base(repo):
    remap_logins(repo)
    write_page(repo, PAGE, page_text("拉取请求自批的页面"))
    self_approve(repo)
    commit_all(repo, "改名单并自批")
    proc = govsite(repo, "review", "verify", "--base", "main", env=keys_env(repo))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "attacker1" in proc.stdout and "REV030" in proc.stdout


def test_trust_change_needs_the_principal_and_the_district_office(repo):
    text = (repo / UNIT).read_text("utf-8")
    (repo / UNIT).write_text(text.replace("people:\n", "people:\n  - {id: xinren, name: 辛仁, roles: [operator]}\n"), "utf-8")
    commit_all(repo, "新增经办人员")

    def missing():
        proc = check(repo, "units/demo/gzdt", "--select", "REV030")
        return [f["message"] for f in json.loads(proc.stdout) if f["path"] == UNIT]

    assert len(missing()) == 2
    env = keys_env(repo)
    ok = govsite(repo, "review", "approve", UNIT, "--as", "zhuren", "--unit", "demo", env=env)
    assert ok.returncode == 0, ok.stderr
    left = missing()
    assert len(left) == 1 and "区政府办" in left[0]
    # someone of the unit who is not its principal does not count for the principal
    govsite(repo, "review", "approve", UNIT, "--as", "fuzhu", "--unit", "demo", env=env)
    assert len(missing()) == 1
    ok = govsite(repo, "review", "approve", UNIT, "--as", "bangong", "--unit", "ban", env=env)
    assert ok.returncode == 0, ok.stderr
    assert missing() == []
    # the approvals sign the roster's content: another change makes them stale
    (repo / UNIT).write_text((repo / UNIT).read_text("utf-8").replace("辛仁", "辛任"), "utf-8")
    assert len(missing()) == 2


def test_new_unit_is_a_trust_change_for_the_district_office(repo):
    write_page(repo, "units/xin/unit.yml", "name: 新单位\nkind: department\npeople:\n"
                                           "  - {id: zhang, name: 张三, roles: [principal]}\n")
    commit_all(repo, "新增单位")
    proc = check(repo, "units/demo/gzdt", "--select", "REV030")
    found = [f for f in json.loads(proc.stdout) if f["path"] == "units/xin/unit.yml"]
    assert len(found) == 1 and "新增单位" in found[0]["message"] and "--unit ban" in found[0]["message"]


def test_changed_lists_trust_changes_apart_from_content(repo):
    remap_logins(repo)
    write_page(repo, PAGE, page_text("新页面"))
    commit_all(repo, "改名单、加页面")
    listed = govsite(repo, "changed", "--base", "main", "--format", "json")
    data = json.loads(listed.stdout)
    assert data["pages"] == [PAGE]
    assert [(t["path"], t["approved"]) for t in data["trust"]] == [(UNIT, False)]
    assert data["trust"][0]["missing"] and UNIT not in data["pages"]
    text = govsite(repo, "changed", "--base", "main").stdout
    content, _, trust = text.partition("\n\n")
    assert "信任变更" not in content and f"{UNIT}:" in trust and "缺少" in trust
    checked = govsite(repo, "changed", "--base", "main", "--check", "--format", "json", env=keys_env(repo))
    assert checked.returncode == 1 and ("REV030", UNIT) in rules(checked)


def test_base_that_looks_like_an_option_is_refused(repo):
    proc = govsite(repo, "check", "--base=--output=leak.txt", "units/demo/gzdt")
    assert proc.returncode == 2 and "基准" in proc.stderr
    assert not (repo / "leak.txt").exists()


def test_removing_a_unit_is_a_trust_change_for_the_district_office(repo):
    git(repo, "rm", "-q", "-r", "units/demo")
    commit_all(repo, "撤销单位")
    proc = check(repo, "units/ban", "--select", "REV030")
    found = [f for f in json.loads(proc.stdout) if f["path"] == UNIT]
    assert len(found) == 1 and "撤销单位 demo" in found[0]["message"] and "--unit ban" in found[0]["message"]
    ok = govsite(repo, "review", "approve", UNIT, "--as", "bangong", "--unit", "ban", env=keys_env(repo))
    assert ok.returncode == 0, ok.stderr
    assert [f for f in json.loads(check(repo, "units/ban", "--select", "REV030").stdout) if f["path"] == UNIT] == []


def test_trust_file_change_is_seen_through_the_ci_overlay(repo):
    # the pull request registers a key of its own; in CI, scripts/ci-base-validators.sh
    # then puts the base's trust files over the checkout: the committed change still counts
    allowed = repo / "review/allowed_signers"
    base_text = allowed.read_text("utf-8")
    extra = next(line for line in base_text.splitlines() if line.startswith("zhuren@demo "))
    extra = extra.replace("zhuren@demo", "wangfang1@demo")
    allowed.write_text(base_text + extra + "\n", "utf-8")
    commit_all(repo, "登记公钥")
    allowed.write_text(base_text, "utf-8")  # the overlay
    proc = check(repo, "units/demo/gzdt", "--select", "REV030")
    found = [f for f in json.loads(proc.stdout) if f["path"] == "review/allowed_signers"]
    assert proc.returncode == 1 and len(found) == 2  # the demo principal and the district office

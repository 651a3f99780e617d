"""Local SSH approvals end to end, with the real ssh-keygen and the real CLI:
keygen, approve, status, verify, revoke; append-only records; every refusal of the gate."""

from __future__ import annotations

import json

import pytest
from reviewkit import commit_all, git_init, keys_dir_for, keys_env, reviewer_keys, sign_all
from rulekit import make_site
from sitekit import govsite, page_text, write_page

from govsite.core.project import Project
from govsite.engine.runner import run
from govsite.review import ALLOWED_SIGNERS
from govsite.review.hashing import content_hash
from govsite.review.records import parse
from govsite.review.store import Store

PAGE = "units/demo/gzdt/news.md"
TEXT = page_text("示例局召开政务公开推进会", "11月20日，示例局召开政务公开工作推进会。")
GATE = {"REV010", "REV011", "REV012", "REV013", "REV014", "REV015"}
PEOPLE = {"drafter": "keyuan", "checker": "kezhang", "approver": "fuzhu"}


def gate_findings(root, target=PAGE):
    report = run(Project(root), [str(root / target)], codes=GATE, use_cache=False)
    return report.findings


@pytest.fixture
def site(tmp_path):
    """The fixture site with every base page approved and a new page, keys registered
    for the three reviewers (throwaway keys beside the site)."""
    root = make_site(tmp_path / "site")
    sign_all(root)
    reviewer_keys(root)
    write_page(root, PAGE, TEXT)
    return root


def cli(root, *args):
    return govsite(root, "review", *args, env=keys_env(root))


def approve_all(root, page=PAGE):
    for person in PEOPLE.values():
        proc = cli(root, "approve", page, "--as", person)
        assert proc.returncode == 0, proc.stderr


def test_keygen_puts_private_key_outside_and_public_key_in_allowed_signers(tmp_path):
    root = make_site(tmp_path / "site")
    # zhuren has no key yet (the fixture site registers keyuan's, kezhang's and fuzhu's)
    proc = cli(root, "keygen", "--unit", "demo", "--person", "zhuren", "--no-passphrase")
    assert proc.returncode == 0, proc.stderr
    private = keys_dir_for(root) / "demo" / "zhuren"
    assert private.exists() and (private.stat().st_mode & 0o077) == 0
    allowed = (root / ALLOWED_SIGNERS).read_text("utf-8")
    assert 'zhuren@demo namespaces="govsite-approval@qianjiang",valid-after="' in allowed
    assert "PRIVATE KEY" not in allowed
    assert not any("PRIVATE KEY" in p.read_text("utf-8", "replace") for p in root.rglob("*") if p.is_file())
    # a second key for the same person is refused (--replace revokes the first; test_review_onboarding.py)
    again = cli(root, "keygen", "--unit", "demo", "--person", "zhuren", "--no-passphrase")
    assert again.returncode == 2 and "已有登记的密钥" in again.stderr
    assert (root / ALLOWED_SIGNERS).read_text("utf-8") == allowed
    # unknown people are user errors, one line, exit 2
    bad = cli(root, "keygen", "--unit", "demo", "--person", "nobody", "--no-passphrase")
    assert bad.returncode == 2 and "不在单位 demo 的人员名单" in bad.stderr and "Traceback" not in bad.stderr


def test_keys_folder_inside_the_repository_is_refused(tmp_path):
    root = make_site(tmp_path / "site")
    proc = govsite(root, "review", "keygen", "--unit", "demo", "--person", "kezhang", "--no-passphrase",
                   env={"GOVSITE_KEYS_DIR": str(root / "keys")})
    assert proc.returncode == 2 and "私钥不得放进仓库" in proc.stderr
    assert not (root / "keys").exists()


def test_happy_path_three_local_signatures(site):
    missing = {f.rule for f in gate_findings(site)}
    assert missing == {"REV010"}
    status = cli(site, "status", PAGE)
    assert status.returncode == 0 and "缺少" in status.stdout
    assert f"govsite review approve {PAGE} --as kezhang" in status.stdout
    approve_all(site)
    assert gate_findings(site) == []
    data = json.loads(cli(site, "status", PAGE, "--format", "json").stdout)
    assert data[0]["approved"] is True
    assert [r["status"] for r in data[0]["roles"]] == ["ok", "ok", "ok"]
    verify = cli(site, "verify")
    assert verify.returncode == 0, verify.stdout
    assert "核验通过" in verify.stdout
    # the records answer who, role, hash, when, provider
    records = [parse(p.read_bytes()) for p in Store(site).files_for(PAGE)]
    assert {(r.role, r.person, r.provider) for r in records} == {(k, v, "ssh") for k, v in PEOPLE.items()}
    assert {r.hash for r in records} == {content_hash(Project(site).page(PAGE).raw)}
    assert all(r.when.endswith("Z") and r.name for r in records)


def test_role_defaults_from_reviewers_and_wrong_role_is_refused(site):
    proc = cli(site, "approve", PAGE, "--as", "kezhang")
    assert proc.returncode == 0 and "审核人（checker）" in proc.stdout
    wrong = cli(site, "approve", PAGE, "--as", "kezhang", "--role", "approver")
    assert wrong.returncode == 2 and "reviewers 中的 approver 是 傅柱" in wrong.stderr
    stranger = cli(site, "approve", PAGE, "--as", "zhuren")
    assert stranger.returncode == 2 and "不是本页 reviewers 中的审核人" in stranger.stderr
    nokey = cli(site, "approve", PAGE, "--as", "wangfang2", "--role", "checker")
    assert nokey.returncode == 2


def test_approving_twice_does_not_duplicate_and_records_are_append_only(site):
    approve_all(site)
    store = Store(site)
    first = {p: p.read_bytes() for p in store.files_for(PAGE)}
    again = cli(site, "approve", PAGE, "--as", "kezhang")
    assert again.returncode == 0 and "无需重复" in again.stdout
    assert set(store.files_for(PAGE)) == set(first)
    # the text changes: a new approval is a new file, the old ones stay byte for byte
    write_page(site, PAGE, TEXT.replace("推进会。", "推进会，部署下一阶段工作。"))
    stale = gate_findings(site)
    assert [f.rule for f in stale] == ["REV011"]
    assert all(name in stale[0].message for name in ("柯源", "柯章", "傅柱"))
    approve_all(site)
    assert gate_findings(site) == []
    files = store.files_for(PAGE)
    assert len(files) == 6
    for path, data in first.items():
        assert path.read_bytes() == data
        assert path.with_name(path.name + ".sig").exists()


def test_verify_fails_on_any_problem(site):
    approve_all(site)
    assert cli(site, "verify").returncode == 0
    record = Store(site).files_for(PAGE)[0]
    record.write_bytes(record.read_bytes().replace(b"name: ", b"name: X", 1))
    proc = cli(site, "verify")
    assert proc.returncode == 1
    assert "签名与记录内容不符" in proc.stdout and "核验未通过" in proc.stdout


def test_verify_finds_a_record_rewritten_in_git_history(site):
    approve_all(site)
    git_init(site)
    assert cli(site, "verify").returncode == 0
    record = Store(site).files_for(PAGE)[0]
    sig = record.with_name(record.name + ".sig")
    record.unlink()
    sig.unlink()
    commit_all(site, "删除一条签名记录")
    proc = cli(site, "verify")
    assert proc.returncode == 1
    assert "签名记录只可新增" in proc.stdout


def test_revoke_makes_signatures_stop_counting(site):
    approve_all(site)
    proc = cli(site, "revoke", "--unit", "demo", "--person", "kezhang", "--reason", "笔记本电脑遗失")
    assert proc.returncode == 0, proc.stderr
    found = gate_findings(site)
    assert [f.rule for f in found] == ["REV013"]
    assert "已吊销" in found[0].message and "--as kezhang" in found[0].message
    # the person makes a new key (the old one moved away), signs again: accepted
    old = keys_dir_for(site) / "demo" / "kezhang"
    old.rename(old.with_name("kezhang.lost"))
    old.with_name("kezhang.pub").rename(old.with_name("kezhang.lost.pub"))
    assert cli(site, "keygen", "--unit", "demo", "--person", "kezhang", "--no-passphrase").returncode == 0
    assert cli(site, "approve", PAGE, "--as", "kezhang").returncode == 0
    assert gate_findings(site) == []


def test_validity_window_of_a_reviewer_who_left(site):
    """valid-before: signatures before the date still count, later ones do not."""
    approve_all(site)
    allowed = site / ALLOWED_SIGNERS
    text = allowed.read_text("utf-8")
    line = [line for line in text.splitlines() if line.startswith("kezhang@demo")][-1]  # the key made for this test
    # kezhang's key gets a valid-before in the past: the approval made now is outside its window
    allowed.write_text(text.replace(line, line.replace('valid-after="', 'valid-before="20200102Z",valid-after="')), "utf-8")
    found = gate_findings(site)
    assert [f.rule for f in found] == ["REV013"]
    assert "有效期" in found[0].message


def test_one_key_for_two_people_is_one_signer(site):
    allowed = site / ALLOWED_SIGNERS
    text = allowed.read_text("utf-8")
    line = [line for line in text.splitlines() if line.startswith("kezhang@demo")][-1]  # the key made for this test
    allowed.write_text(text + line.replace("kezhang@demo ", "kezhang@demo,fuzhu@demo ", 1) + "\n", "utf-8")
    assert cli(site, "approve", PAGE, "--as", "keyuan").returncode == 0
    assert cli(site, "approve", PAGE, "--as", "kezhang").returncode == 0
    key = keys_dir_for(site) / "demo" / "kezhang"
    assert cli(site, "approve", PAGE, "--as", "fuzhu", "--key", str(key)).returncode == 0
    rules = [f.rule for f in gate_findings(site)]
    assert rules == ["REV014"]


def test_signature_by_someone_elses_key_is_refused(site):
    """Signing as fuzhu with kezhang's key: the approve command refuses, and a record
    made anyway is reported as signed by someone else."""
    key = keys_dir_for(site) / "demo" / "kezhang"
    refused = cli(site, "approve", PAGE, "--as", "fuzhu", "--key", str(key))
    assert refused.returncode == 2 and "未在 review/allowed_signers 中登记为 fuzhu@demo" in refused.stderr
    from govsite.review import sshsig
    from govsite.review.records import Record, utc_text
    from govsite.review.signing import now_utc

    page = Project(site).page(PAGE)
    pub = key.with_name("kezhang.pub").read_text()
    record = Record(page=PAGE, unit="demo", title="示例", hash=content_hash(page.raw), role="approver", person="fuzhu",
                    name="傅柱", when=utc_text(now_utc()), key=sshsig.fingerprint(sshsig.key_blob(pub)))
    Store(site).write(record, sshsig.sign(record.data(), key))
    approve_all_but = [("keyuan", "drafter"), ("kezhang", "checker")]
    for person, _ in approve_all_but:
        assert cli(site, "approve", PAGE, "--as", person).returncode == 0
    found = gate_findings(site)
    assert [f.rule for f in found] == ["REV012"]
    assert "签名密钥属于 kezhang@demo" in found[0].message


def test_check_runs_the_gate_and_names_the_command(site):
    proc = govsite(site, "check", PAGE)
    assert proc.returncode == 1
    assert f"{PAGE}:6: REV010" in proc.stdout
    assert f"govsite review approve {PAGE} --as keyuan" in proc.stdout


def test_a_broken_allowed_signers_is_a_configuration_error(site):
    (site / ALLOWED_SIGNERS).write_text("* ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBcM8sGwPaT3dnzlCFc625aRIdNSRkgk0vmNh0a7eUw3\n", "utf-8")
    proc = cli(site, "verify")
    assert proc.returncode == 2
    assert "review/allowed_signers:1" in proc.stderr and "通配符" in proc.stderr


def test_status_of_pages_without_git_or_records_is_informational(tmp_path):
    root = make_site(tmp_path / "site")
    proc = govsite(root, "review", "status")
    assert proc.returncode == 0
    assert "个三审签名齐全" in proc.stdout

"""The benchmarks' in-process signer (scripts/fast_sign.py), held against the real
ssh-keygen: it must write exactly what ``ssh-keygen -Y sign`` writes, ``ssh-keygen -Y
verify`` must accept it, and a generated district signed with it must pass ``govsite
review verify`` like one signed by ssh-keygen."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from reviewkit import git_init
from sitekit import govsite

from govsite.review import NAMESPACE, sshsig

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
sys.path.insert(0, str(SCRIPTS))

from fast_sign import sign_in_process  # noqa: E402
from gen_corpus import generate  # noqa: E402

RECORD = "kind: approval\npage: units/u001/gzdt/a.md\nhash: sha256:00ff\nname: 傅柱\n".encode()


@pytest.fixture
def key(tmp_path) -> Path:
    path = tmp_path / "fuzhu"
    subprocess.run([sshsig.ssh_keygen(), "-q", "-t", "ed25519", "-N", "", "-C", "fuzhu", "-f", str(path)], check=True)
    return path


def test_fast_signature_is_the_one_ssh_keygen_writes(key):
    # ed25519 is deterministic: same key, same data, same namespace -> the same bytes
    assert sign_in_process(RECORD, key) == sshsig.sign(RECORD, key)
    assert sign_in_process(RECORD, key, "other@ns") == sshsig.sign(RECORD, key, "other@ns")


def test_ssh_keygen_verify_accepts_a_fast_signature(key, tmp_path):
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f'fuzhu@u001 namespaces="{NAMESPACE}" {key.with_name("fuzhu.pub").read_text()}')
    sig = tmp_path / "record.sig"
    sig.write_bytes(sign_in_process(RECORD, key))
    ok, out = sshsig.verify(RECORD, sig, allowed, "fuzhu@u001", sshsig.dt.datetime.now(sshsig.dt.UTC))
    assert ok, out
    assert sshsig.check_novalidate(RECORD, sig)
    assert not sshsig.verify(RECORD + b"x", sig, allowed, "fuzhu@u001", sshsig.dt.datetime.now(sshsig.dt.UTC))[0]


def test_fast_signer_refuses_keys_it_cannot_sign_with(tmp_path):
    rsa = tmp_path / "rsa"
    subprocess.run([sshsig.ssh_keygen(), "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", str(rsa)], check=True)
    with pytest.raises(ValueError, match="ed25519"):
        sign_in_process(RECORD, rsa)


def test_fast_signed_generated_district_passes_review_verify(tmp_path):
    root = tmp_path / "district"
    pages = generate(root, 2, 3)
    proc = subprocess.run([sys.executable, str(SCRIPTS / "sign_demo.py"), "--root", str(root), "--fast"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    records = sorted((root / "review" / "approvals").rglob("*.sig"))
    assert len(records) == 3 * (pages + len(list((root / "content").glob("*.md"))))
    git_init(root)
    verified = govsite(root, "review", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    # and a tampered record is caught as with any other signature
    record = records[0].with_name(records[0].name[:-len(".sig")])
    record.write_bytes(record.read_bytes().replace(b"name: ", b"name: X", 1))
    assert govsite(root, "review", "verify").returncode == 1

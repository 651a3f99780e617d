"""In-process SSHSIG verification, held against the real ssh-keygen.

Signatures are made by ``ssh-keygen -Y sign`` with throwaway keys of every type the trust
file allows; for each, govsite's in-process check and ``ssh-keygen -Y check-novalidate``
must give the same verdict on the valid signature and on each way of breaking it. The
trust decisions on top (principal, validity window, revocation) are held against
``ssh-keygen -Y verify`` the same way.
"""

from __future__ import annotations

import base64
import datetime as dt
import subprocess
from pathlib import Path

import pytest

from govsite.review import NAMESPACE, sshsig

KEY_TYPES = {
    "ed25519": ["-t", "ed25519"],
    "rsa-3072": ["-t", "rsa", "-b", "3072"],
    "ecdsa-256": ["-t", "ecdsa", "-b", "256"],
    "ecdsa-384": ["-t", "ecdsa", "-b", "384"],
    "ecdsa-521": ["-t", "ecdsa", "-b", "521"],
}
DATA = "kind: approval\npage: units/demo/gzdt/a.md\nhash: sha256:00ff\n签名：傅柱\n".encode()


def keygen(path: Path, args: list[str]) -> Path:
    subprocess.run([sshsig.ssh_keygen(), "-q", *args, "-N", "", "-C", path.name, "-f", str(path)], check=True)
    return path


def sign(key: Path, data: bytes, namespace: str = NAMESPACE) -> bytes:
    return sshsig.sign(data, key, namespace)


def tool_says(data: bytes, armored: bytes, tmp: Path, namespace: str = NAMESPACE) -> bool:
    sig = tmp / "check.sig"
    sig.write_bytes(armored)
    return sshsig.check_novalidate(data, sig, namespace)


def reencode(armored: bytes, mutate) -> bytes:
    """Change the binary signature inside the armour."""
    text = armored.decode()
    body = "".join(text.strip().splitlines()[1:-1])
    raw = bytearray(base64.b64decode(body))
    mutate(raw)
    return (sshsig.SIG_BEGIN + "\n" + base64.b64encode(bytes(raw)).decode() + "\n" + sshsig.SIG_END + "\n").encode()


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    base = tmp_path_factory.mktemp("keys")
    return {name: keygen(base / name, args) for name, args in KEY_TYPES.items()}


@pytest.mark.parametrize("kind", sorted(KEY_TYPES))
def test_both_agree_on_valid_and_broken_signatures(keys, kind, tmp_path):
    armored = sign(keys[kind], DATA)
    other = "ed25519" if kind != "ed25519" else "rsa-3072"
    cases = {
        "valid": (DATA, armored, NAMESPACE, True),
        "tampered data": (DATA + b"x", armored, NAMESPACE, False),
        "one byte of data changed": (DATA.replace(b"00ff", b"00fe"), armored, NAMESPACE, False),
        "wrong namespace asked": (DATA, armored, "file", False),
        "signed for another namespace": (DATA, sign(keys[kind], DATA, "file"), NAMESPACE, False),
        "last signature byte flipped": (DATA, reencode(armored, lambda raw: raw.__setitem__(-1, raw[-1] ^ 1)), NAMESPACE, False),
        "another key's signature": (DATA, sign(keys[other], DATA), NAMESPACE, True),  # valid by the key it names
    }
    for name, (data, sig, namespace, expected) in cases.items():
        ours = sshsig.signature_valid(data, sig, namespace)
        theirs = tool_says(data, sig, tmp_path, namespace)
        assert ours == theirs == expected, f"{kind}, {name}: govsite {ours}, ssh-keygen {theirs}"


def test_a_key_swapped_into_the_signature_is_refused(keys, tmp_path):
    """The embedded public key replaced by another key's: the signature no longer verifies."""
    armored = sign(keys["ed25519"], DATA)
    victim = sshsig.key_blob(Path(str(keys["ed25519"]) + ".pub").read_text())
    other = keygen(tmp_path / "other", KEY_TYPES["ed25519"])
    forged_blob = sshsig.key_blob(Path(str(other) + ".pub").read_text())
    assert len(victim) == len(forged_blob)

    def swap(raw: bytearray) -> None:
        at = bytes(raw).index(victim)
        raw[at:at + len(victim)] = forged_blob

    forged = reencode(armored, swap)
    assert sshsig.signature_valid(DATA, forged) is False
    assert tool_says(DATA, forged, tmp_path) is False


def test_garbage_is_refused_not_raised(tmp_path):
    for junk in (b"", b"not a signature", (sshsig.SIG_BEGIN + "\n!!!\n" + sshsig.SIG_END).encode(),
                 (sshsig.SIG_BEGIN + "\n" + base64.b64encode(b"SSHSIG\x00\x00\x00\x01\xff").decode() + "\n" + sshsig.SIG_END).encode()):
        assert sshsig.signature_valid(DATA, junk) is False


@pytest.mark.parametrize("when,revoke,expected", [
    ("2026-11-20T08:00:00Z", False, True),   # inside the key's window
    ("2019-06-01T08:00:00Z", False, False),  # before valid-after
    ("2030-01-01T08:00:00Z", False, False),  # after valid-before
    ("2026-11-20T08:00:00Z", True, False),   # the key is revoked
])
def test_trust_decisions_agree_with_ssh_keygen_verify(tmp_path, when, revoke, expected):
    """The Verifier's in-process decision on a real signed site against ``ssh-keygen -Y
    verify`` over the same record, signature, allowed_signers and revoked_keys."""
    from reviewkit import approve_case
    from rulekit import apply_case, findings_for, make_site

    root = make_site(tmp_path / "site")
    target = apply_case(root, {"body": "正文。\n", "expect": "fail"})
    approve_case(root, target, {"approve": ["drafter", "checker", {"role": "approver", "when": when}],
                                "signers": {"fuzhu": {"valid_after": "20200101Z", "valid_before": "20290101Z",
                                                      "revoked": revoke}}})
    [record] = sorted((root / "review/approvals/demo/gzdt/case").glob("*approver*.approval"))
    stamp = dt.datetime.fromisoformat(when.replace("Z", "+00:00"))
    tool_ok, _ = sshsig.verify(record.read_bytes(), record.with_name(record.name + ".sig"),
                               root / "review/allowed_signers", "fuzhu@demo", stamp,
                               root / "review/revoked_keys" if revoke else None)
    ours = [f for code in ("REV010", "REV012", "REV013", "REV015") for f in findings_for(root, code, target)]
    assert tool_ok is expected
    assert (not ours) is expected, [f.message for f in ours]
    other_ok, _ = sshsig.verify(record.read_bytes(), record.with_name(record.name + ".sig"),
                                root / "review/allowed_signers", "kezhang@demo", stamp)
    assert other_ok is False  # asked for someone else, ssh-keygen refuses too (REV012 in govsite)

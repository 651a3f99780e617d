"""SSH signatures (SSHSIG, OpenSSH's PROTOCOL.sshsig): made by the real ``ssh-keygen``,
checked in-process.

Signing and key generation run ``ssh-keygen`` (only this module does), so a reviewer's
private key never passes through govsite. Verification is pure computation and runs
in-process with the ``cryptography`` package (:func:`signature_valid`): one
``ssh-keygen`` process per signature cost about 5 ms, 36 s for a 2,000-page district.
It implements what ``ssh-keygen -Y check-novalidate`` checks, for the key types the
trust file allows (ed25519, RSA with SHA-2, ECDSA on the NIST curves); who may sign, when
and for what is decided by :mod:`govsite.review.verify` from the trust files. Security keys
(``sk-*``) keep the ``ssh-keygen`` path. The tests hold both verdicts against each other
(valid, tampered, wrong namespace, wrong key).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import shutil
import struct
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from govsite.core.errors import GovsiteError
from govsite.review import NAMESPACE

SIG_BEGIN = "-----BEGIN SSH SIGNATURE-----"
SIG_END = "-----END SSH SIGNATURE-----"


class ToolMissing(GovsiteError):
    """ssh-keygen is not installed."""


class SigningFailed(GovsiteError):
    """ssh-keygen could not sign (wrong passphrase, unreadable key ...)."""


def ssh_keygen() -> str:
    path = shutil.which("ssh-keygen")
    if not path:
        raise ToolMissing("找不到 ssh-keygen：审核签名需要 OpenSSH 客户端（8.9 或更新）；请安装 openssh-client（scripts/setup.sh 会自动安装）")
    return path


def generate_key(path: Path, comment: str, passphrase: str | None = "") -> None:
    """An ed25519 key pair at ``path`` / ``path.pub``. ``passphrase=None`` lets
    ssh-keygen ask for one on the terminal."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    cmd = [ssh_keygen(), "-q", "-t", "ed25519", "-C", comment, "-f", str(path)]
    if passphrase is not None:
        cmd += ["-N", passphrase]
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    else:
        proc = subprocess.run(cmd, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise SigningFailed(f"ssh-keygen 生成密钥失败：{(proc.stderr or '').strip()}")


def sign(data: bytes, key: Path, namespace: str = NAMESPACE) -> bytes:
    """The armored SSH signature of ``data`` made with private ``key``.

    The data goes through a temporary file so that ssh-keygen can still ask for a
    key's passphrase on the terminal.
    """
    with tempfile.TemporaryDirectory(prefix="govsite-sign-") as tmp:
        msg = Path(tmp) / "record"
        msg.write_bytes(data)
        proc = subprocess.run([ssh_keygen(), "-q", "-Y", "sign", "-f", str(key), "-n", namespace, str(msg)],
                              capture_output=True, text=True)
        sig = msg.with_name("record.sig")
        if proc.returncode != 0 or not sig.exists():
            raise SigningFailed(f"ssh-keygen 签名失败（{key}）：{(proc.stderr or '').strip() or '未知原因'}")
        return sig.read_bytes()


def ssh_time(when: dt.datetime) -> str:
    """A time in ssh-keygen's UTC notation, ``YYYYMMDDHHMMSSZ``."""
    return when.astimezone(dt.UTC).strftime("%Y%m%d%H%M%SZ")


def verify(data: bytes, sig: Path, allowed: Path, principal: str, when: dt.datetime,
           revoked: Path | None = None, namespace: str = NAMESPACE) -> tuple[bool, str]:
    """ssh-keygen's verdict on ``sig`` over ``data`` for ``principal`` at time ``when``."""
    cmd = [ssh_keygen(), "-Y", "verify", "-f", str(allowed), "-I", principal, "-n", namespace,
           "-s", str(sig), "-O", f"verify-time={ssh_time(when)}"]
    if revoked is not None:
        cmd += ["-r", str(revoked)]
    proc = subprocess.run(cmd, input=data, capture_output=True)
    out = (proc.stdout + proc.stderr).decode("utf-8", "replace").strip()
    return proc.returncode == 0, out


def check_novalidate(data: bytes, sig: Path, namespace: str = NAMESPACE) -> bool:
    """Whether ``sig`` is a correct signature of ``data`` by the key it names,
    whoever that key belongs to."""
    proc = subprocess.run([ssh_keygen(), "-Y", "check-novalidate", "-n", namespace, "-s", str(sig)],
                          input=data, capture_output=True)
    return proc.returncode == 0


# -- reading keys and signatures (diagnostics only) ---------------------------
def fingerprint(blob: bytes) -> str:
    """``SHA256:...`` as printed by ``ssh-keygen -l``."""
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


def key_blob(key_text: str) -> bytes:
    """The binary public key of an OpenSSH public key line (``ssh-ed25519 AAAA...``)."""
    parts = key_text.split()
    if len(parts) < 2:
        raise ValueError("not a public key line")
    return base64.b64decode(parts[1], validate=True)


def _string(buf: bytes, pos: int) -> tuple[bytes, int]:
    if pos + 4 > len(buf):
        raise ValueError("truncated")
    (size,) = struct.unpack(">I", buf[pos:pos + 4])
    end = pos + 4 + size
    if end > len(buf):
        raise ValueError("truncated")
    return buf[pos + 4:end], end


@dataclass(frozen=True)
class Signature:
    """An SSHSIG blob, parsed (PROTOCOL.sshsig §2)."""

    public_key: bytes
    namespace: str
    reserved: bytes
    hash_algorithm: str
    signature: bytes


def parse_signature(armored: bytes) -> Signature:
    """The fields of an armored SSH signature; ValueError if it is malformed."""
    text = armored.decode("ascii").strip()
    if not text.startswith(SIG_BEGIN) or not text.endswith(SIG_END):
        raise ValueError("not an SSH signature")
    body = "".join(text[len(SIG_BEGIN):-len(SIG_END)].split())
    raw = base64.b64decode(body, validate=True)
    if raw[:6] != b"SSHSIG":
        raise ValueError("bad magic")
    if raw[6:10] != b"\x00\x00\x00\x01":
        raise ValueError("unknown SSHSIG version")
    pos = 10
    blob, pos = _string(raw, pos)
    namespace, pos = _string(raw, pos)
    reserved, pos = _string(raw, pos)
    hash_algorithm, pos = _string(raw, pos)
    signature, pos = _string(raw, pos)
    if pos != len(raw):
        raise ValueError("trailing bytes")
    return Signature(blob, namespace.decode("utf-8"), reserved, hash_algorithm.decode("ascii"), signature)


def signature_info(armored: bytes) -> tuple[bytes, str]:
    """(public key blob, namespace) of an armored SSH signature; ValueError if malformed."""
    sig = parse_signature(armored)
    return sig.public_key, sig.namespace


_HASHES = {"sha256": hashes.SHA256, "sha512": hashes.SHA512}
_CURVES = {b"nistp256": (ec.SECP256R1, hashes.SHA256), b"nistp384": (ec.SECP384R1, hashes.SHA384),
           b"nistp521": (ec.SECP521R1, hashes.SHA512)}


def _ssh_string(value: bytes) -> bytes:
    return struct.pack(">I", len(value)) + value


def signed_message(data: bytes, namespace: str, hash_algorithm: str, reserved: bytes = b"") -> bytes:
    """What the key actually signs: the SSHSIG preamble, the namespace and the hash of the data."""
    digest = hashlib.new(hash_algorithm, data).digest()
    return (b"SSHSIG" + _ssh_string(namespace.encode()) + _ssh_string(reserved)
            + _ssh_string(hash_algorithm.encode()) + _ssh_string(digest))


def _mpint(buf: bytes, pos: int) -> tuple[int, int]:
    raw, pos = _string(buf, pos)
    return int.from_bytes(raw, "big", signed=True), pos


def signature_valid(data: bytes, armored: bytes, namespace: str = NAMESPACE) -> bool:
    """Is ``armored`` a correct SSHSIG signature of ``data`` in ``namespace`` by the key it
    embeds (whoever that key belongs to)? In-process; security keys go to ssh-keygen."""
    try:
        sig = parse_signature(armored)
        if sig.namespace != namespace or sig.hash_algorithm not in _HASHES:
            return False
        key_type, pos = _string(sig.public_key, 0)
        if key_type.startswith(b"sk-"):
            return _check_novalidate_tool(data, armored, namespace)
        message = signed_message(data, namespace, sig.hash_algorithm, sig.reserved)
        sig_type, spos = _string(sig.signature, 0)
        sig_blob, spos = _string(sig.signature, spos)
        if spos != len(sig.signature):
            return False
        if key_type == b"ssh-ed25519" and sig_type == b"ssh-ed25519":
            raw, _ = _string(sig.public_key, pos)
            ed25519.Ed25519PublicKey.from_public_bytes(raw).verify(sig_blob, message)
            return True
        if key_type == b"ssh-rsa" and sig_type in (b"rsa-sha2-256", b"rsa-sha2-512"):
            e, pos = _mpint(sig.public_key, pos)
            n, pos = _mpint(sig.public_key, pos)
            if n.bit_length() < 2048:  # ssh-keygen refuses shorter RSA keys too
                return False
            algorithm = hashes.SHA256() if sig_type == b"rsa-sha2-256" else hashes.SHA512()
            rsa.RSAPublicNumbers(e, n).public_key().verify(sig_blob, message, padding.PKCS1v15(), algorithm)
            return True
        if key_type.startswith(b"ecdsa-sha2-") and sig_type == key_type:
            curve_name, pos = _string(sig.public_key, pos)
            point, pos = _string(sig.public_key, pos)
            curve, digest = _CURVES[curve_name]
            r, rpos = _mpint(sig_blob, 0)
            s_, rpos = _mpint(sig_blob, rpos)
            key = ec.EllipticCurvePublicKey.from_encoded_point(curve(), point)
            key.verify(encode_dss_signature(r, s_), message, ec.ECDSA(digest()))
            return True
        return False
    except (InvalidSignature, ValueError, KeyError, UnicodeDecodeError, struct.error):
        return False


def _check_novalidate_tool(data: bytes, armored: bytes, namespace: str) -> bool:
    with tempfile.TemporaryDirectory(prefix="govsite-verify-") as tmp:
        sig = Path(tmp) / "record.sig"
        sig.write_bytes(armored)
        return check_novalidate(data, sig, namespace)

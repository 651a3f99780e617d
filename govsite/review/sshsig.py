"""The real ``ssh-keygen``: key generation, ``-Y sign``, ``-Y verify``, and reading a
signature's public key (SSHSIG format, PROTOCOL.sshsig) for diagnostics.

Only this module runs ``ssh-keygen``. Verification is always ssh-keygen's verdict;
the Python parsing here only explains *why* a signature failed.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

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


def signature_info(armored: bytes) -> tuple[bytes, str]:
    """(public key blob, namespace) of an armored SSH signature; ValueError if malformed."""
    text = armored.decode("ascii").strip()
    if not text.startswith(SIG_BEGIN) or not text.endswith(SIG_END):
        raise ValueError("not an SSH signature")
    body = "".join(text[len(SIG_BEGIN):-len(SIG_END)].split())
    raw = base64.b64decode(body, validate=True)
    if raw[:6] != b"SSHSIG":
        raise ValueError("bad magic")
    pos = 10  # magic + uint32 version
    blob, pos = _string(raw, pos)
    namespace, pos = _string(raw, pos)
    return blob, namespace.decode("utf-8", "replace")

"""In-process SSH signatures for generated benchmark districts only.

``ssh-keygen -Y sign`` costs one process per signature (about 13 ms on a loaded machine):
210,000 signatures for a 70,000-page district would take most of an hour. This signer
reads the same unencrypted throwaway ed25519 key that ``ssh-keygen`` generated and writes
the same armored SSHSIG (OpenSSH's PROTOCOL.sshsig) that ``ssh-keygen -Y sign`` writes;
ed25519 signatures are deterministic, so the bytes are identical.

Production signing never uses this: reviewers' keys stay with ``ssh-keygen``
(govsite.review.sshsig.sign), which can ask for a passphrase and use agents and security
keys. ``scripts/sign_demo.py --fast`` passes this function as the signer.
"""

from __future__ import annotations

import base64
import struct
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from govsite.review import NAMESPACE
from govsite.review.sshsig import SIG_BEGIN, SIG_END, signed_message

HASH = "sha512"  # what ssh-keygen -Y sign uses


def _string(value: bytes) -> bytes:
    return struct.pack(">I", len(value)) + value


@cache
def _key(path: Path) -> ed25519.Ed25519PrivateKey:
    key = serialization.load_ssh_private_key(path.read_bytes(), password=None)
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise ValueError(f"{path}: fast signing handles ed25519 keys only")
    return key


def sign_in_process(data: bytes, key: Path, namespace: str = NAMESPACE) -> bytes:
    """The armored SSH signature of ``data`` by the unencrypted ed25519 key at ``key``."""
    private = _key(Path(key))
    public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    blob = _string(b"ssh-ed25519") + _string(public)
    raw_sig = private.sign(signed_message(data, namespace, HASH))
    sig = (b"SSHSIG" + struct.pack(">I", 1) + _string(blob) + _string(namespace.encode()) + _string(b"")
           + _string(HASH.encode()) + _string(_string(b"ssh-ed25519") + _string(raw_sig)))
    body = base64.b64encode(sig).decode("ascii")
    lines = [body[i:i + 70] for i in range(0, len(body), 70)]  # ssh-keygen wraps at 70 columns
    return (SIG_BEGIN + "\n" + "\n".join(lines) + "\n" + SIG_END + "\n").encode("ascii")

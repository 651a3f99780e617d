"""The manifest of a release and tamper detection (第十五条（二）: after an attack,
restore and rebuild).

At deploy, every file of the release folder is hashed (sha256) into
``DIR/releases/<name>.manifest.json``, beside the release and outside the folder the
web server serves. ``govsite verify-live DIR`` hashes the live release again and lists
every changed, added and removed file; ``govsite restore --to DIR`` rebuilds the site
from the repository (the signed sources, which an attacker on the web server cannot
reach) into a new release and switches to it; the tampered release is kept as
evidence until it is pruned.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = "govsite-manifest/1"
SUFFIX = ".manifest.json"


def manifest_path(releases: Path, name: str) -> Path:
    return releases / f"{name}{SUFFIX}"


def hash_tree(folder: Path) -> dict[str, str]:
    """``{relative path: "sha256:<hex>"}`` for every file below ``folder`` (a symlink is
    recorded by its target, never followed: a planted link is a change too)."""
    out: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames) + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, folder).replace(os.sep, "/")
            if os.path.islink(path):
                out[rel] = "symlink:" + os.readlink(path)
                continue
            digest = hashlib.sha256()
            with open(path, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
            out[rel] = "sha256:" + digest.hexdigest()
    return out


def write(folder: Path, dest: Path, release: str) -> dict[str, str]:
    files = hash_tree(folder)
    tmp = dest.with_name(dest.name + ".tmp")
    tmp.write_text(json.dumps({"format": FORMAT, "release": release, "files": files}, ensure_ascii=False,
                              indent=0, sort_keys=True), "utf-8")
    os.replace(tmp, dest)
    return files


def read(path: Path) -> dict[str, str] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("files"), dict):
        return None
    return {str(k): str(v) for k, v in data["files"].items()}


@dataclass
class Difference:
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.changed or self.added or self.removed)


def compare(folder: Path, recorded: dict[str, str]) -> Difference:
    now = hash_tree(folder)
    return Difference(
        changed=sorted(p for p in now if p in recorded and now[p] != recorded[p]),
        added=sorted(p for p in now if p not in recorded),
        removed=sorted(p for p in recorded if p not in now),
    )

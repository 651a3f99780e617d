"""Where private keys live: outside the repository, always.

Default ``$XDG_CONFIG_HOME/govsite/keys`` (``~/.config/govsite/keys``); the
environment variable ``GOVSITE_KEYS_DIR`` overrides it (tests, CI, a smart-card
mount). A reviewer's key is ``<dir>/<unit-id>/<person-id>`` (+ ``.pub``); an
importer's key is ``<dir>/_importers/<name>``. A keys folder inside the repository is
refused, so a key can never be committed by accident.
"""

from __future__ import annotations

import os
from pathlib import Path

from govsite.core.errors import UsageError

ENV = "GOVSITE_KEYS_DIR"
IMPORTERS = "_importers"


def keys_dir(repo_root: Path | None = None, override: Path | None = None) -> Path:
    if override is not None:
        base = Path(override)
    elif os.environ.get(ENV):
        base = Path(os.environ[ENV])
    else:
        config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
        base = Path(config) / "govsite" / "keys"
    base = base.expanduser().resolve()
    if repo_root is not None:
        root = Path(repo_root).resolve()
        if base == root or root in base.parents:
            raise UsageError(f"密钥目录 {base} 在站点仓库内；私钥不得放进仓库，请把 {ENV} 设为仓库外的目录")
    return base


def person_key(base: Path, unit_id: str, person_id: str) -> Path:
    return base / unit_id / person_id


def importer_key(base: Path, name: str) -> Path:
    return base / IMPORTERS / name

"""Tables the package derives from its own data and libraries, kept between runs.

Some tables cost seconds to derive (the Unicode normalisation table walks every code
point through NFKC and OpenCC; the typo tables read jieba's dictionary) and depend on
nothing a site or a pull request supplies: only on the package's code and data and on
library versions. Each is built once per install and kept as a pickle in the per-user
cache directory (:func:`govsite.core.diskcache.cache_root`, never the work tree), under a
key the caller derives from everything it depends on; a new key builds anew and removes
the older files of the same kind. A cache that cannot be written (a read-only home) is
not an error: the table is built in every process instead.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from govsite.core.diskcache import cache_root

T = TypeVar("T")


def key_of(*, files: Iterable[Path] = (), libraries: Iterable[str] = (), extra: str = "") -> str:
    """A key from the bytes of ``files``, the versions of ``libraries``, the Python
    version and ``extra``."""
    digest = hashlib.sha256(f"{sys.version}\n{extra}\n".encode())
    for name in libraries:
        try:
            digest.update(f"{name}=={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}: none\n".encode())
    for path in files:
        digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
    return digest.hexdigest()[:20]


def usable(folder: Path) -> bool:
    """Whether pickles may be read from and written to ``folder``: never inside a git work
    tree, where a pull request could commit one (a pickle is code, and a table such as the
    word lists decides what the rules see). The cache root comes from the environment,
    which a pull request does not set; this guards against a cache pointed into a checkout."""
    here = folder.resolve()
    return not any((p / ".git").exists() for p in (here, *here.parents))


def load_or_build(kind: str, key: str, build: Callable[[], T], folder: Path | None = None) -> T:
    """The table ``kind`` under ``key``: from the cache, or built now (and kept)."""
    folder = folder or cache_root() / kind
    if not usable(folder):
        return build()
    path = folder / f"{kind}-{key}.pickle"
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError, ImportError, TypeError):
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        for old in folder.glob(f"{kind}-*.pickle"):
            if old != path:
                old.unlink()  # tables of older versions
    except OSError:
        pass
    return value

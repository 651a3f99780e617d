"""What the site's own archive says: character n-grams of its published pages.

Every page a district has published passed three reviews (三审三校), so its archive is
clean, in-domain text that grows with the site. The detector asks it how many other
pages contain the bigrams and trigrams around a suspected character: a phrase that
recurs in clean pages is not a typo, and a suggestion that recurs there is likely
right. The page being checked never counts as its own evidence (leave-one-out): its
own n-grams are discounted by one when the page was part of the archive.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections import Counter
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

from govsite.text.typos.resources import HAN_RUN

ORDERS = (2, 3)
MIN_DF = 2  # n-grams seen in fewer documents are not kept (they cannot reach the thresholds)
FORMAT = 1


def ngrams(text: str, orders: Iterable[int] = ORDERS) -> set[str]:
    out: set[str] = set()
    for m in HAN_RUN.finditer(text):
        run = m.group()
        for n in orders:
            out.update(run[i:i + n] for i in range(len(run) - n + 1))
    return out


@dataclass
class Archive:
    """Document frequencies of character n-grams over a set of clean pages."""

    df: dict[str, int] = field(default_factory=dict)
    docs: int = 0
    members: frozenset[str] = frozenset()  # ids (paths) of the documents counted

    @classmethod
    def build(cls, documents: Iterable[tuple[str, str]], min_df: int = MIN_DF) -> Archive:
        counts: Counter[str] = Counter()
        ids = []
        for doc_id, text in documents:
            counts.update(ngrams(text))
            ids.append(doc_id)
        df = {g: c for g, c in counts.items() if c >= min_df}
        return cls(df=df, docs=len(ids), members=frozenset(ids))

    def view(self, doc_id: str | None, text: str) -> ArchiveView:
        """The archive as seen from one document: its own n-grams discounted."""
        own = ngrams(text) if doc_id is not None and doc_id in self.members else frozenset()
        return ArchiveView(self.df, own, self.docs - (1 if own else 0))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump((FORMAT, self.df, self.docs, self.members), fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> Archive | None:
        try:
            with open(path, "rb") as fh:
                fmt, df, docs, members = pickle.load(fh)
        except (OSError, pickle.PickleError, EOFError, ValueError, TypeError):
            return None
        return cls(df, docs, members) if fmt == FORMAT else None


class ArchiveView:
    """Document frequency of an n-gram among the *other* documents of the archive."""

    __slots__ = ("df", "own", "docs")

    def __init__(self, df: dict[str, int], own: AbstractSet[str], docs: int = 0) -> None:
        self.df, self.own, self.docs = df, own, docs

    def get(self, gram: str) -> int:
        d = self.df.get(gram, 0)
        if d and gram in self.own:
            d -= 1
        return d


EMPTY = ArchiveView({}, frozenset(), 0)


def fingerprint(entries: Iterable[tuple[str, int, int]]) -> str:
    digest = hashlib.sha256()
    for rel, size, mtime in sorted(entries):
        digest.update(f"{rel}\0{size}\0{mtime}\n".encode())
    return digest.hexdigest()[:20]

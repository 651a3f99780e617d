"""What the site's own archive says: character n-grams of its published pages.

Every page a district has published passed three reviews (三审三校), so its archive is
clean, in-domain text that grows with the site. The detector asks it how many other
pages contain the bigrams and trigrams around a suspected character: a phrase that
recurs in clean pages is not a typo, and a suggestion that recurs there is likely
right. The page being checked never counts as its own evidence (leave-one-out): its
own n-grams are discounted by one when the page was part of the archive.

Speed: an n-gram of Chinese characters (U+4E00-U+9FFF, 21 bits each) is packed into one
64-bit integer, so a page's n-grams are found with numpy in a few vector operations and
the document frequencies are one sorted array of codes with a parallel array of counts.
A bigram's code is below 2**42 and a trigram's above it (its first character is at
least U+4E00), so the two orders never collide.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ORDERS = (2, 3)
MIN_DF = 2  # n-grams seen in fewer documents are not kept (they cannot reach the thresholds)
FORMAT = 2
_LO, _HI = 0x4E00, 0x9FFF  # the range of HAN_RUN
_EMPTY_CODES = np.zeros(0, dtype=np.uint64)
_HAN2 = re.compile("[\u4e00-\u9fff]{2}")


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint64)


def codes(text: str) -> np.ndarray:
    """The distinct bigram and trigram codes of the Chinese runs of ``text``, sorted."""
    cp = _codepoints(text)
    if len(cp) < 2:
        return _EMPTY_CODES
    han = (cp >= _LO) & (cp <= _HI)
    parts = []
    both = han[:-1] & han[1:]
    parts.append(((cp[:-1] << np.uint64(21)) | cp[1:])[both])
    if len(cp) >= 3:
        three = both[:-1] & han[2:]
        parts.append(((cp[:-2] << np.uint64(42)) | (cp[1:-1] << np.uint64(21)) | cp[2:])[three])
    return np.unique(np.concatenate(parts))


def code(gram: str) -> int | None:
    """The code of one bigram or trigram of Chinese characters, else None."""
    if len(gram) not in ORDERS:
        return None
    out = 0
    for ch in gram:
        o = ord(ch)
        if not _LO <= o <= _HI:
            return None
        out = (out << 21) | o
    return out


def ngrams(text: str, orders: Iterable[int] = ORDERS) -> set[str]:
    """The n-grams themselves (for tests and reports; the archive works on codes)."""
    out: set[str] = set()
    for c in codes(text).tolist():
        chars = []
        while c:
            chars.append(chr(c & 0x1FFFFF))
            c >>= 21
        gram = "".join(reversed(chars))
        if len(gram) in orders:
            out.add(gram)
    return out


@dataclass
class Archive:
    """Document frequencies of character n-grams over a set of clean pages."""

    keys: np.ndarray = field(default_factory=lambda: _EMPTY_CODES)  # sorted n-gram codes
    counts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    docs: int = 0
    members: frozenset[str] = frozenset()  # ids (paths) of the documents counted
    # counts already looked up: the detector asks about the same phrases page after page
    _seen: dict[int, int] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, documents: Iterable[tuple[str, str]], min_df: int = MIN_DF) -> Archive:
        per_doc = []
        ids = []
        for doc_id, text in documents:
            per_doc.append(codes(text))
            ids.append(doc_id)
        if per_doc:
            keys, counts = np.unique(np.concatenate(per_doc), return_counts=True)
        else:
            keys, counts = _EMPTY_CODES, np.zeros(0, dtype=np.int64)
        keep = counts >= min_df
        return cls(keys[keep], counts[keep].astype(np.int32), len(ids), frozenset(ids))

    def __len__(self) -> int:
        return len(self.keys)

    def df(self, gram: str) -> int:
        """In how many documents ``gram`` occurs (0 below ``min_df``)."""
        c = code(gram)
        return 0 if c is None else self._count(c)

    def _count(self, c: int) -> int:
        seen = self._seen.get(c)
        if seen is None:
            k = int(np.searchsorted(self.keys, np.uint64(c)))
            seen = self._seen[c] = int(self.counts[k]) if k < len(self.keys) and int(self.keys[k]) == c else 0
        return seen

    def view(self, doc_id: str | None, text: str) -> ArchiveView:
        """The archive as seen from one document: its own n-grams discounted."""
        # as before: a member page without a single Chinese bigram takes nothing away
        member = doc_id is not None and doc_id in self.members and _HAN2.search(text) is not None
        return ArchiveView(self, text if member else None, self.docs - (1 if member else 0))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump((FORMAT, self.keys, self.counts, self.docs, self.members), fh,
                        protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> Archive | None:
        try:
            with open(path, "rb") as fh:
                fmt, *rest = pickle.load(fh)
        except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            return None
        if fmt != FORMAT or len(rest) != 4:
            return None
        keys, counts, docs, members = rest
        return cls(keys, counts, docs, members)


class ArchiveView:
    """Document frequency of an n-gram among the *other* documents of the archive.

    The page's own n-grams are worked out only when a look-up needs them: most pages
    have no candidate worth asking the archive about."""

    __slots__ = ("archive", "text", "docs", "_own")

    def __init__(self, archive: Archive | None, text: str | None, docs: int = 0) -> None:
        self.archive, self.text, self.docs = archive, text, docs
        self._own: frozenset[int] | None = None

    def get(self, gram: str) -> int:
        if self.archive is None:
            return 0
        c = code(gram)
        if c is None:
            return 0
        d = self.archive._count(c)
        if d and self.text is not None:
            if self._own is None:
                self._own = frozenset(codes(self.text).tolist())
            if c in self._own:
                d -= 1
        return d


EMPTY = ArchiveView(None, None, 0)


def fingerprint(entries: Iterable[tuple[str, int, int]]) -> str:
    digest = hashlib.sha256()
    for rel, size, mtime in sorted(entries):
        digest.update(f"{rel}\0{size}\0{mtime}\n".encode())
    return digest.hexdigest()[:20]

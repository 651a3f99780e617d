"""A character trigram language model of government prose (``govsite/data/typo_lm.npz``,
built by ``scripts/build_typo_lm.py`` from public government documents).

The word model of the detector sees one word at a time; this model sees the characters
on either side across word boundaries. For a suspected character it answers how much
more likely the text around it becomes with the suggestion in its place: the sum, over
the character and the two after it, of log P(char | two before), with stupid backoff
(0.4 per order dropped) to bigrams and add-one unigrams.
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib import resources

import numpy as np

BOUNDARY = "\u3000"  # marks the start and the end of a run of Chinese characters
BACKOFF = math.log(0.4)
LM_FILE = "typo_lm.npz"
SEEN_MAX = 2_000_000  # answers remembered (then only looked up: memory stays bounded)


class CharLM:
    def __init__(self, codes: np.ndarray, counts: np.ndarray) -> None:
        self.count: dict[int, int] = dict(zip(codes.tolist(), counts.tolist()))
        uni = codes < (1 << 21)
        self.total = int(counts[uni].sum())
        self.vocab = int(uni.sum()) + 1
        self._seen: dict[int, float] = {}

    @classmethod
    def load(cls) -> CharLM:
        with resources.files("govsite").joinpath("data", LM_FILE).open("rb") as fh:
            data = np.load(fh)
            return cls(data["codes"], data["counts"])

    def logp(self, a: str, b: str, c: str) -> float:
        oa, ob, oc = ord(a), ord(b), ord(c)
        key = (oa << 42) | (ob << 21) | oc
        known = self._seen.get(key)
        if known is not None:  # the detector asks about the same contexts page after page
            return known
        count = self.count
        tri = count.get(key, 0)
        if tri:
            out = math.log(tri / count.get((oa << 21) | ob, tri))
        elif bi := count.get((ob << 21) | oc, 0):
            out = BACKOFF + math.log(bi / count.get(ob, bi))
        else:
            out = 2 * BACKOFF + math.log((count.get(oc, 0) + 1) / (self.total + self.vocab))
        if len(self._seen) < SEEN_MAX:
            self._seen[key] = out
        return out

    def gain(self, run: str, i: int, ch: str) -> float:
        """log P(run with ``ch`` in place of the characters from ``i``) - log P(run), over
        the positions it touches (``ch`` is one character, or two for a replaced word)."""
        padded = BOUNDARY + BOUNDARY + run + BOUNDARY
        alt = padded[:i + 2] + ch + padded[i + 2 + len(ch):]
        out = 0.0
        for k in range(i + 2, min(i + 4 + len(ch), len(padded))):
            out += self.logp(alt[k - 2], alt[k - 1], alt[k]) - self.logp(padded[k - 2], padded[k - 1], padded[k])
        return out


@lru_cache(maxsize=1)
def model() -> CharLM:
    return CharLM.load()

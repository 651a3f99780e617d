"""Spelling of Latin-script words with pyspellchecker (English only; it has no Chinese).

Skipped: acronyms (GDP, ICP), mixed case (WeChat, iPhone), words touching digits, dots,
slashes or underscores (code, file names, domains), pinyin (zhengwu, Qianjiang), words
shorter than four letters, and the project's list of accepted words
(``typo_terms.yml``, group ``latin``). A word is flagged only when the dictionary knows a
close word, so a name it has never seen is left alone.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spellchecker import SpellChecker

WORD = re.compile(r"(?<![\w./\\@#&%=-])([A-Za-z][a-z]+(?:'[a-z]+)?)(?![\w/\\@#&%=]|\.\w|-\w|:/)")
MIN_LEN = 4


@dataclass(frozen=True)
class Misspelling:
    offset: int
    word: str
    suggestion: str


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    from pypinyin.pinyin_dict import pinyin_dict

    from govsite.text.typos.resources import _strip_tone

    out = set()
    for value in pinyin_dict.values():
        for p in value.split(","):
            p = _strip_tone(p)
            if p.isascii() and p.isalpha():
                out.add(p)
    return frozenset(out)


def is_pinyin(word: str) -> bool:
    w = word.lower().replace("'", "")
    syl = syllables()
    ok = [True] + [False] * len(w)
    for i in range(1, len(w) + 1):
        for k in range(max(0, i - 6), i):
            if ok[k] and w[k:i] in syl:
                ok[i] = True
                break
    return ok[len(w)]


_lock = threading.Lock()
_checker = None


def checker() -> SpellChecker:
    global _checker
    with _lock:
        if _checker is None:
            from spellchecker import SpellChecker

            _checker = SpellChecker(language="en")
            from govsite.core.yamlio import load_fast
            from govsite.text.typos.resources import DATA, TERMS_FILE

            data = load_fast((DATA / TERMS_FILE).read_text("utf-8")) or {}
            extra = [str(w).lower() for w in (data.get("latin") or ())]
            if extra:
                _checker.word_frequency.load_words(extra)
    return _checker


def find(text: str) -> list[Misspelling]:
    words = [(m.start(1), m.group(1)) for m in WORD.finditer(text)]
    words = [(o, w) for o, w in words if len(w) >= MIN_LEN and not is_pinyin(w)]
    if not words:
        return []
    sc = checker()
    unknown = sc.unknown([w for _, w in words])
    out = []
    for offset, w in words:
        if w.lower() not in unknown:
            continue
        cands = sc.edit_distance_1(w.lower()) if len(w) < 8 else None
        best = sc.correction(w.lower())
        if not best or best == w.lower():
            continue
        if cands is not None and best not in cands:
            continue
        suggestion = best.capitalize() if w[0].isupper() else best
        out.append(Misspelling(offset, w, suggestion))
    return out

"""Disguises the word lists see through beyond plain normalisation.

Spam planted in a hacked page is written to slip past filters (第十五条（二）). Besides
what :mod:`govsite.text.normalize` undoes (full-width forms, zero-width characters,
traditional characters, separators between Chinese characters), three disguises are
common, and each has a counter here:

* **look-alike letters** from other scripts: ``bеt365`` with a Cyrillic ``е``. The
  table comes from the Unicode confusables data shipped by ``confusable-homoglyphs``:
  a letter of the Cyrillic, Greek, Armenian, Cherokee, Coptic or Latin-extended blocks that
  is confusable with an ASCII letter or digit is read as that letter
  (:func:`latin_lookalikes`, used by ``normalize``'s character table).
* **spaced Latin letters and digits**: ``b e t 3 6 5``, ``bet-365``. Latin words run
  together in a *Latin view* (:func:`latin_matches`): runs of letters and digits
  separated only by spaces, line breaks or symbols become one compact string whose token
  boundaries are remembered; an ASCII term of a word list matches there only from the
  start of one token to the end of another, and only across at least two tokens (a term
  inside one token is the ordinary matcher's business).
* **pinyin** of spam and ad words: ``aomen pujing`` for 澳门葡京. The error-level terms of
  the ``sensitive`` and ``ads`` lists with at least :data:`PINYIN_MIN_CHARS` Chinese
  characters (their context, if any, still has to hold) are also matched in the Latin view as
  toneless pinyin (``aomenpujing``), again from a token start to a token end. Shorter
  terms are left out on purpose: the pinyin of two characters is often a person's name
  or an ordinary word (赌博 ``dubo``).

Nothing here imports the word lists: :func:`latin_automaton` takes their entries and
:func:`latin_matches` yields ``(entry, start, end)`` in the caller's (tight) text.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol

import ahocorasick
from pypinyin import Style, lazy_pinyin

from govsite.core.findings import Severity

PINYIN_LISTS = ("sensitive", "ads")
PINYIN_MIN_CHARS = 3
# Scripts whose letters are drawn like Latin ones.
_LOOKALIKE_SCRIPTS = ("CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC", "LATIN")
# What may stand between the letters of a spaced-out Latin word (_GAP below): blanks (a
# blanked HTML comment is a run of spaces), line breaks and symbols, at most 16 in a row.
_TOKEN_RE = re.compile(r"[a-z0-9]+")
_CJK_ONLY_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


@lru_cache(maxsize=1)
def latin_lookalikes() -> dict[str, str]:
    """Letter of another script (or a Latin variant) → the ASCII letter or digit it imitates."""
    data = json.loads(resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8"))
    table: dict[str, str] = {}
    for char, glyphs in data.items():
        if len(char) != 1 or char.isascii() or unicodedata.category(char)[0] not in "LN":
            continue
        if not unicodedata.name(char, "").startswith(_LOOKALIKE_SCRIPTS):
            continue
        for glyph in glyphs:
            target = glyph.get("c", "")
            if len(target) == 1 and target.isascii() and target.isalnum():
                table[char] = target.lower()
                break
    return table


class _Entry(Protocol):
    # Read-only members: a frozen dataclass (wordlists.Entry) satisfies them.
    @property
    def list(self) -> str: ...

    @property
    def level(self) -> str: ...

    @property
    def term(self) -> str | None: ...

    @property
    def pattern(self) -> str | None: ...

    @property
    def context(self) -> Any: ...

    @property
    def key(self) -> str: ...


@dataclass(frozen=True)
class LatinKey:
    entry: Any
    pinyin: bool  # matched as the pinyin of a Chinese term (else: a spaced ASCII term)


def pinyin_key(folded: str) -> str | None:
    """Toneless pinyin of a Chinese term in its matched form, or None when it is not one."""
    if not _CJK_ONLY_RE.fullmatch(folded) or len(folded) < PINYIN_MIN_CHARS:
        return None
    return "".join(lazy_pinyin(folded, style=Style.NORMAL, errors="ignore"))


def latin_automaton(entries: Iterable[_Entry]) -> Any:
    """One automaton over the ASCII terms and the pinyin of the eligible Chinese terms."""
    table: dict[str, list[LatinKey]] = {}
    for entry in entries:
        if entry.pattern is not None or not entry.term:
            continue  # a context is checked by the caller, on the text around the match
        key = entry.key
        if key.isascii() and key.isalnum() and len(key) >= 3:
            table.setdefault(key, []).append(LatinKey(entry, pinyin=False))
        elif entry.list in PINYIN_LISTS and entry.level == Severity.ERROR:
            spelled = pinyin_key(key)
            if spelled:
                table.setdefault(spelled, []).append(LatinKey(entry, pinyin=True))
    auto = ahocorasick.Automaton()
    for key, keys in table.items():
        auto.add_word(key, (len(key), tuple(keys)))
    if table:
        auto.make_automaton()
    return auto


_GAP = r"[\s\-_.*·•|/\\~+=:,'\"`]{1,16}"
_GROUP_RE = re.compile(f"[a-z0-9]+(?:{_GAP}[a-z0-9]+)+")
_LETTER_RE = re.compile(r"[a-z]")


def _alnum_at(text: str, pos: int) -> bool:
    return 0 <= pos < len(text) and text[pos].isascii() and text[pos].isalnum()


def latin_matches(automaton: Any, text: str) -> Iterator[tuple[Any, int, int]]:
    """(entry, start, end) in ``text`` for every term the Latin view reveals.

    Two passes, both linear: the automaton over the text itself finds pinyin written as
    one token (``aomenpujing``), kept only from a token start to a token end; then each
    run of several Latin tokens (:data:`_GROUP_RE`) is run together and searched for
    terms that span at least two of its tokens (``ao men pu jing``, ``b e t 3 6 5``).
    """
    if not len(automaton) or not _LETTER_RE.search(text):
        return
    for end, (length, keys) in automaton.iter(text):
        start = end + 1 - length
        if _alnum_at(text, start - 1) or _alnum_at(text, end + 1):
            continue
        for key in keys:
            if key.pinyin:
                yield key.entry, start, end + 1
    for group in _GROUP_RE.finditer(text):
        if not _LETTER_RE.search(group.group()):
            continue  # numbers such as 2.5 or 2024-11-20: no term is made of digits alone
        compact: list[str] = []
        offsets: list[int] = []
        starts: set[int] = set()
        ends: set[int] = set()
        for token in _TOKEN_RE.finditer(group.group()):
            starts.add(len(offsets))
            compact.append(token.group())
            offsets.extend(range(group.start() + token.start(), group.start() + token.end()))
            ends.add(len(offsets))
        for end, (length, keys) in automaton.iter("".join(compact)):
            start, stop = end + 1 - length, end + 1
            if start in starts and stop in ends and any(start < s < stop for s in starts):
                for key in keys:
                    yield key.entry, offsets[start], offsets[stop - 1] + 1

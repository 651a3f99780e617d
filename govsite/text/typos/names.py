"""What is right as written: names and terms the typo detector must not question.

A suspected typo (TYP002) inside one of these spans is dropped:

* place names of Chongqing and of the district (``govsite/data/typo_places.yml``);
* what the site knows: the names and short names of its units and the names and titles
  of the people on every ``unit.yml``, the portal's name and organiser, and the
  platform-wide term list ``typos: terms:`` of ``govsite.yml``;
* and, through those lists, the exact titles of laws and policies (《…》) and issuers'
  abbreviations of document numbers (文号, ``黔江府办发〔2023〕12号``) a site cites often.

Titles and document numbers are *not* trusted wholesale: on the ECSpell
official-document sentences, masking every 《》 title and 文号 dropped eight correct
findings and no false one (a typo in a cited title, 《关于嘉强……》, or in an issuer, 掴发,
is a real typo), so only the titles and issuers listed are taken as written.

Names are matched all at once with an Aho-Corasick automaton; the mask is computed only
for a text that has a suspect at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import ahocorasick

from govsite.core.yamlio import load_fast

PLACES_FILE = "typo_places.yml"


def load_places() -> list[str]:
    data = load_fast((resources.files("govsite") / "data" / PLACES_FILE).read_text("utf-8")) or {}
    out: list[str] = []
    for group in (data.get("places") or {}).values():
        out.extend(str(p).strip() for p in group or ())
    return [p for p in out if p]


class KnownNames:
    """Names and terms (at least two characters) that are right wherever they occur."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = frozenset(n.strip() for n in names if isinstance(n, str) and len(n.strip()) >= 2)
        self._automaton = ahocorasick.Automaton()
        for n in self.names:
            self._automaton.add_word(n, len(n))
        if self.names:
            self._automaton.make_automaton()

    def mask(self, text: str) -> bytearray:
        """1 at every position of ``text`` inside a known name or term."""
        out = bytearray(len(text))
        if self.names:
            for end, size in self._automaton.iter(text):
                out[end - size + 1:end + 1] = b"\x01" * size
        return out

    def extended(self, more: Iterable[str]) -> KnownNames:
        return KnownNames([*self.names, *more])


@lru_cache(maxsize=1)
def builtin() -> KnownNames:
    """The names every site shares (the place list)."""
    return KnownNames(load_places())

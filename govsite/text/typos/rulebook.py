"""Certain typos (``govsite/data/typo_rulebook.yml``), matched all at once with
Aho-Corasick (pyahocorasick): one pass over the text whatever the number of entries."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import ahocorasick

from govsite.core.yamlio import load_fast

RULEBOOK_FILE = "typo_rulebook.yml"


@dataclass(frozen=True)
class Entry:
    wrong: str
    right: str
    note: str | None = None


class RulebookError(ValueError):
    pass


def parse(data: object) -> list[Entry]:
    """Entries of a rulebook document; raises :class:`RulebookError` on a bad entry."""
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise RulebookError("the rulebook needs a list 'entries'")
    out: list[Entry] = []
    seen: set[str] = set()
    for k, item in enumerate(data["entries"], 1):
        if not isinstance(item, dict) or set(item) - {"wrong", "right", "note"}:
            raise RulebookError(f"entry {k}: only wrong, right and note are allowed")
        wrong, right, note = item.get("wrong"), item.get("right"), item.get("note")
        if not isinstance(wrong, str) or not isinstance(right, str) or not wrong.strip() or not right.strip():
            raise RulebookError(f"entry {k}: wrong and right must be non-empty text")
        if wrong == right:
            raise RulebookError(f"entry {k}: wrong and right are the same ({wrong})")
        if wrong in seen:
            raise RulebookError(f"entry {k}: {wrong} is listed twice")
        if note is not None and not isinstance(note, str):
            raise RulebookError(f"entry {k}: note must be text")
        seen.add(wrong)
        out.append(Entry(wrong.strip(), right.strip(), note))
    return out


def load_entries() -> list[Entry]:
    text = (resources.files("govsite") / "data" / RULEBOOK_FILE).read_text("utf-8")
    return parse(load_fast(text))


class Rulebook:
    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.automaton = ahocorasick.Automaton()
        for e in entries:
            self.automaton.add_word(e.wrong, e)
        if entries:
            self.automaton.make_automaton()

    def find(self, text: str) -> list[tuple[int, Entry]]:
        """(offset, entry) of every wrong form; overlapping matches keep the longest."""
        if not self.entries:
            return []
        hits = sorted(((end - len(e.wrong) + 1, e) for end, e in self.automaton.iter(text)),
                      key=lambda h: (h[0], -len(h[1].wrong)))
        out: list[tuple[int, Entry]] = []
        covered = -1
        for start, e in hits:
            if start > covered:
                out.append((start, e))
                covered = start + len(e.wrong) - 1
        return out


@lru_cache(maxsize=1)
def rulebook() -> Rulebook:
    return Rulebook(load_entries())

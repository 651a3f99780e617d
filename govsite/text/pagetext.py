"""A page's reader-visible text, normalised once and matched once for all content rules.

The content rules (ads, secret, expression, sensitive, engagement, pii) look at the same
text: the title and other published front-matter strings, and the body with what is not
content blanked (:attr:`govsite.text.document.PageDocument.content_view`). :func:`page_text` builds it
once per page and :func:`word_matches` runs the word lists over it once; both are kept
on the page object, so six rules cost one pass.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from govsite.core.findings import Severity
from govsite.core.memo import memo
from govsite.core.pages import Page
from govsite.core.project import Project
from govsite.text.document import document
from govsite.text.normalize import NormText, normalize, tighten
from govsite.text.wordlists import Entry, WordLists, WordMatch, match_text, wordlists_for

# Front-matter strings that are published with the page (shown or in the page's <head>)
# come first; every other string value of the front-matter is read too (``source:``,
# a correction's reason, nested values): spam or an ID number hidden in any field is
# still on the page or in its source.
TEXT_KEYS = ("title", "summary", "description")


@dataclass
class Segment:
    """One run of text: the body, or a front-matter value."""

    name: str                      # "body" or the front-matter key
    raw: str                       # as in the file (body: page.body)
    norm: NormText                 # normalised content view, maps back to raw
    tight: NormText                # norm, tightened; maps back to raw
    line_of: Callable[[int], int]  # offset in raw → file line
    _tight_only: tuple = ()        # the maps tightening added (tight → norm)

    def norm_offset(self, tight_pos: int) -> int:
        for omap in reversed(self._tight_only):
            tight_pos = omap(tight_pos)
        return tight_pos

    def where(self, raw_offset: int) -> tuple[int, int]:
        """(file line, column) of an offset into :attr:`raw`."""
        line = self.line_of(raw_offset)
        if self.name != "body":
            return line, 1
        return line, raw_offset - self.raw.rfind("\n", 0, raw_offset)


@dataclass
class Hit:
    """A word-list match placed in the file."""

    match: WordMatch
    segment: Segment
    line: int
    column: int
    found: str                     # the text as written in the file

    @property
    def entry(self) -> Entry:
        return self.match.entry


@dataclass
class PageText:
    segments: list[Segment]
    matches: dict[int, list[Hit]] = field(default_factory=dict)  # id(WordLists) → hits


def _segment(name: str, raw: str, line_of: Callable[[int], int], view: str | None = None) -> Segment:
    norm = normalize(raw if view is None else view)
    tight = tighten(norm)
    return Segment(name, raw, norm, tight, line_of, tight.maps[len(norm.maps):])


def _front_matter_strings(meta: dict) -> list[tuple[tuple, str]]:
    """(key path, value) of every non-empty string in the front-matter, published keys first."""
    found: list[tuple[tuple, str]] = []

    def walk(path: tuple, value: object, depth: int) -> None:
        if isinstance(value, str):
            if value.strip():
                found.append((path, value))
        elif depth < 8 and isinstance(value, dict):
            for key, item in value.items():
                walk((*path, key), item, depth + 1)
        elif depth < 8 and isinstance(value, list):
            for index, item in enumerate(value):
                walk((*path, index), item, depth + 1)

    for key in TEXT_KEYS:
        walk((key,), meta.get(key), 1)
    for key, value in meta.items():
        if key not in TEXT_KEYS and key != "reviewers":  # reviewers: names, checked by the REV rules
            walk((key,), value, 1)
    return found


def page_text(page: Page) -> PageText:
    """The page's text segments, built once per page (:func:`govsite.core.memo.memo`)."""
    return memo(page, _page_text)


def _at_line(line: int) -> Callable[[int], int]:
    """A front-matter value's offsets all map to the value's line."""
    return lambda _offset: line


def _page_text(page: Page) -> PageText:
    segments = []
    meta = page.meta
    for path, value in _front_matter_strings(meta):
        line = page.key_line(*path)
        name = ".".join(str(p) for p in path)
        segments.append(_segment(name, value, _at_line(line)))
    if page.body:
        segments.append(_segment("body", page.body, page.body_offset_line, document(page).content_view))
    return PageText(segments)


def word_matches(page: Page, lists: WordLists) -> list[Hit]:
    """Every word-list match of the page (all lists), each placed at its file line."""
    text = page_text(page)
    found = text.matches.get(id(lists))
    if found is not None:
        return found
    found = []
    for seg in text.segments:
        for m in match_text(lists, seg.tight.text, seg.norm.text, seg.norm_offset):
            start, end = seg.tight.source_span(m.start, m.end)
            line, column = seg.where(start)
            found.append(Hit(m, seg, line, column, seg.raw[start:end]))
    text.matches = {id(lists): found}
    return found


class HasProject(Protocol):
    """What :func:`hits_for` needs of a rule's context."""

    @property
    def project(self) -> Project: ...


def hits_for(page: Page, ctx: HasProject, list_name: str, level: Severity | None = None) -> list[Hit]:
    """The matches of one list (and level), overlapping matches reduced to the longest."""
    lists = wordlists_for(ctx.project)
    hits = [h for h in word_matches(page, lists)
            if h.entry.list == list_name and (level is None or h.entry.level == level)]
    return longest(hits)


def longest(hits: list[Hit]) -> list[Hit]:
    """Drop a hit whose span lies inside another hit's span in the same segment."""
    if len(hits) < 2:
        return hits
    keep = []
    for h in hits:
        inside = any(o is not h and o.segment is h.segment and o.match.start <= h.match.start
                     and o.match.end >= h.match.end and (o.match.end - o.match.start) > (h.match.end - h.match.start)
                     for o in hits)
        if not inside:
            keep.append(h)
    # the same span matched by two entries: report it once
    out, seen = [], set()
    for h in keep:
        key = (id(h.segment), h.match.start, h.match.end)
        if key not in seen:
            seen.add(key)
            out.append(h)
    return out


def quote(text: str, limit: int = 30) -> str:
    """The matched text as shown in a message: invisible characters dropped, whitespace
    collapsed, shortened."""
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def shown(hit: Hit) -> str:
    """“as written”, plus what it was read as when it was disguised (赌 场 → 赌场)."""
    written = quote(hit.found)
    read = hit.segment.tight.text[hit.match.start:hit.match.end]
    if hit.match.latin and hit.entry.term:
        read = hit.entry.term  # b e t 3 6 5 → bet365, aomen pujing → 澳门葡京
    if written.replace(" ", "") != read and hit.entry.term:
        return f"“{written}”（识别为“{read}”）"
    return f"“{written}”"


def by_line(hits: list[Hit]) -> list[tuple[Hit, str]]:
    """One (first hit, “a”“b”…) per line: several words of one list on a line are one finding."""
    groups: dict[int, list[Hit]] = {}
    for h in sorted(hits, key=lambda h: (h.line, h.column)):
        groups.setdefault(h.line, []).append(h)
    out = []
    for line_hits in groups.values():
        seen, parts = set(), []
        for h in line_hits:
            text = shown(h)
            if text not in seen:
                seen.add(text)
                parts.append(text)
        out.append((line_hits[0], "".join(parts)))
    return out

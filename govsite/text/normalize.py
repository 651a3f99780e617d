"""Text normalisation shared by every content rule: what was written → what is matched.

A trivial disguise must not slip past a word list (DESIGN.md, Rule engine), so text is
matched in a normalised form:

* HTML character references are decoded (``&#36172;`` → 赌);
* NFKC: full-width letters, digits and punctuation become half-width, compatibility
  ideographs become the unified ones, ``ＡＢＣ１２３`` → ``abc123``; Latin is lowercased;
* zero-width and other invisible format characters are removed (ZWSP, ZWNJ, ZWJ,
  BOM, soft hyphen, bidi controls, variation selectors);
* letters of other scripts drawn like Latin ones are read as the Latin letter
  (Cyrillic ``е`` in ``bеt365``; :func:`govsite.text.evasion.latin_lookalikes`);
* traditional and variant characters become simplified, character by character, through
  OpenCC's ``t2s`` conversion (賭場 → 赌场, 在線發牌 → 在线发牌), with the two corrections
  in :data:`T2S_OVERRIDES`;
* in the *tight* form, separators slipped between Chinese characters are removed:
  spaces, line breaks within a paragraph, Markdown emphasis and symbols
  (``赌 场``, ``赌*场``, ``**赌**场``), and punctuation in a spaced-out run of single
  characters (``澳，门，葡，京``). Ordinary sentence punctuation between words stays,
  so ``工作，秘密`` does not become ``工作秘密``.

Every step keeps an offset map, so a match in the normalised text is reported at the
right place of the original: :meth:`NormText.source` maps an offset back.

Markdown that is not content is blanked *before* normalisation (same length, newlines
kept, so offsets into a page body stay valid), by the page's parsed document: see
:attr:`govsite.text.document.PageDocument.content_view`.

The typo rules can use the same functions (``normalize`` keeps one character per character
for all but rare symbols, and ``NormText.source`` maps a position back to the file).
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from govsite.core import buildcache
from govsite.text.evasion import latin_lookalikes

# Chinese characters (URO, extension A, compatibility block, extension B and later).
CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"

# Invisible characters removed outright besides Unicode category Cf (format).
_INVISIBLE = (
    "\u034f"            # combining grapheme joiner
    "\u115f\u1160"      # Hangul fillers
    "\u17b4\u17b5"      # Khmer inherent vowels (invisible)
    "\u180b-\u180f"     # Mongolian variation selectors, vowel separator
    "\u2800"            # braille blank
    "\u3164\uffa0"      # Hangul fillers
    "\ufe00-\ufe0f"     # variation selectors
)
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}\U000e0100-\U000e01ef]")

# Characters whose NFKC form is longer than they are but which the rules treat as one
# symbol; keeping them one character long keeps the offset map sparse.
_KEEP = {"…": "…", "‥": "‥", "℃": "℃", "℉": "℉", "㎡": "㎡", "㎞": "㎞", "㎏": "㎏", "№": "№"}

# Separators that are never normal between two Chinese characters: removed in the tight
# form wherever they stand between two of them (a single line break counts; a blank line
# ends a paragraph and stays).
_SOFT = (
    r" \t\u00a0"                       # spaces (U+3000 is a space after NFKC)
    r"*_~`|/\\.\-+=#@&^>$%"             # Markdown emphasis and other symbols
    r"'\"“”‘’「」『』"                   # quotes: “一带一路”战略 → 一带一路战略
    r"·•・‧∙⋅◆◇■□●○★☆※♡♥"             # bullets and dingbats
    r"\u2190-\u21ff\u2500-\u27bf\U0001f000-\U0001faff"  # arrows, box drawing, symbols, emoji
    r"\u0300-\u036f\u20d0-\u20ff\ufe20-\ufe2f"  # combining marks
)
# Ordinary punctuation, removed only inside a spaced-out run of single characters.
_HARD = r",;:!?。、()\[\]{}<>《》【】〔〕〈〉…"

_SOFT_RUN_RE = re.compile(
    f"(?<=[{CJK}])(?:[{_SOFT}]|\\n(?![ \\t]*\\n))+(?=[{CJK}])"
    # a space between a Chinese character and a Latin letter or digit: 扫码 购买, QQ 群
    f"|(?<=[{CJK}])[ \\t]+(?=[a-z0-9])|(?<=[a-z0-9])[ \\t]+(?=[{CJK}])")
_SPACED_RUN_RE = re.compile(f"[{CJK}](?:(?:[{_SOFT}{_HARD}]|\\n(?![ \\t]*\\n))+[{CJK}]){{2,}}")
_SEP_RE = re.compile(f"(?:[{_SOFT}{_HARD}]|\\n)+")
_EDGE_SEP_RE = re.compile(f"^(?:[{_SOFT}{_HARD}]|\\s)+|(?:[{_SOFT}{_HARD}]|\\s)+$")
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


# -- offset maps ----------------------------------------------------------------

class OffsetMap:
    """Offsets of a rewritten string → offsets of the string it was made from.

    Between anchors the mapping is the identity shifted; a position inside a
    replacement maps to the start of what it replaced.
    """

    __slots__ = ("dst", "src")

    def __init__(self) -> None:
        self.dst: list[int] = [0]
        self.src: list[int] = [0]

    def anchor(self, dst: int, src: int) -> None:
        if self.dst[-1] == dst:
            self.src[-1] = src
        else:
            self.dst.append(dst)
            self.src.append(src)

    def __call__(self, pos: int) -> int:
        i = bisect.bisect_right(self.dst, pos) - 1
        out = self.src[i] + (pos - self.dst[i])
        if i + 1 < len(self.src):
            out = min(out, self.src[i + 1] - 1)
        return max(out, self.src[i])


def rewrite(text: str, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]) -> tuple[str, OffsetMap | None]:
    """``pattern.sub(repl, text)`` that also returns the offset map (None: unchanged)."""
    out: list[str] = []
    omap: OffsetMap | None = None
    pos = dpos = 0
    for m in pattern.finditer(text):
        start, end = m.span()
        new = repl(m)
        if new == m.group():
            continue
        if omap is None:
            omap = OffsetMap()
        out.append(text[pos:start])
        dpos += start - pos
        omap.anchor(dpos, start)
        out.append(new)
        dpos += len(new)
        omap.anchor(dpos, end)
        pos = end
    if omap is None:
        return text, None
    out.append(text[pos:])
    return "".join(out), omap


def delete_spans(text: str, spans: list[tuple[int, int]]) -> tuple[str, OffsetMap]:
    """Remove the given (sorted, disjoint) spans and return the offset map."""
    out: list[str] = []
    omap = OffsetMap()
    pos = dpos = 0
    for start, end in spans:
        out.append(text[pos:start])
        dpos += start - pos
        omap.anchor(dpos, end)
        pos = end
    out.append(text[pos:])
    return "".join(out), omap


@dataclass(frozen=True)
class NormText:
    """A normalised string and the way back to the original's offsets."""

    text: str
    maps: tuple[OffsetMap, ...] = ()

    def source(self, pos: int) -> int:
        """Offset in the original text of offset ``pos`` of :attr:`text`."""
        for omap in reversed(self.maps):
            pos = omap(pos)
        return pos

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            s = self.source(start)
            return s, s
        return self.source(start), self.source(end - 1) + 1

    def then(self, other: NormText) -> NormText:
        """``other`` was made from this text: chain the maps."""
        return NormText(other.text, self.maps + other.maps)


# -- the character table ----------------------------------------------------------

# OpenCC's character-level t2s gives 帐 for 帳 and keeps 衹; the word lists (and the
# General List of Standard Chinese Characters for accounts) write 账 and 只.
T2S_OVERRIDES = {"帳": "账", "衹": "只"}
# The blocks whose characters OpenCC may simplify (after NFKC, compatibility ideographs
# are already unified ones).
_HAN_BLOCKS = ((0x3400, 0x4DC0), (0x4E00, 0xA000))


@lru_cache(maxsize=1)
def variants() -> dict[str, str]:
    """Traditional/variant character → simplified, from OpenCC ``t2s`` (one character to
    one character, so offsets stay exact), with :data:`T2S_OVERRIDES`."""
    import opencc

    converter = opencc.OpenCC("t2s")
    chars = [chr(cp) for lo, hi in _HAN_BLOCKS for cp in range(lo, hi)]
    # One call for the whole block; a line break between characters keeps OpenCC's
    # phrase table from joining neighbours.
    simplified = converter.convert("\n".join(chars)).split("\n")
    if len(simplified) != len(chars):  # never seen; be exact rather than fast
        simplified = [converter.convert(c) for c in chars]
    table = {c: s for c, s in zip(chars, simplified) if s != c and len(s) == 1}
    table.update(T2S_OVERRIDES)
    # Final forms only: a simplified character is never itself mapped again.
    return {c: table.get(s, s) for c, s in table.items() if table.get(s, s) != c}


def _char_ranges() -> Iterator[int]:
    yield from range(0x20, 0x10000)
    for lo, hi in ((0x1D400, 0x1D800), (0x1F100, 0x1F200), (0x2F800, 0x2FA20), (0xE0000, 0xE0080), (0xE0100, 0xE01F0)):
        yield from range(lo, hi)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str], dict[str, str]]:
    """(1:1 translate table, the other replacements: removals and expansions), derived
    once per install (every code point through NFKC and OpenCC takes seconds)."""
    from govsite.text import evasion

    key = buildcache.key_of(files=(Path(__file__), Path(evasion.__file__)),
                            libraries=("opencc", "confusable-homoglyphs"), extra=unicodedata.unidata_version)
    return buildcache.load_or_build("normalize", key, _derive_tables)


def _derive_tables() -> tuple[dict[int, str], dict[str, str]]:
    t2s = variants()
    lookalikes = latin_lookalikes()
    one: dict[int, str] = {}
    other: dict[str, str] = {}
    for cp in _char_ranges():
        ch = chr(cp)
        if 0xD800 <= cp <= 0xDFFF:
            continue
        if unicodedata.category(ch) == "Cf" or _INVISIBLE_RE.match(ch):
            new = ""
        elif ch in _KEEP:
            new = _KEEP[ch]
        else:
            new = unicodedata.normalize("NFKC", ch).lower()
            new = "".join(lookalikes.get(c, t2s.get(c, c)) for c in new)
        if new == ch:
            continue
        if len(new) == 1:
            one[cp] = new
        else:
            other[ch] = new
    return one, other


# -- public functions -------------------------------------------------------------

def normalize(text: str) -> NormText:
    """NFKC, half-width, lowercase, no invisible characters, simplified (offsets kept)."""
    one, other = _tables()
    maps: list[OffsetMap] = []
    if "&" in text:
        text, omap = rewrite(text, _ENTITY_RE, lambda m: _entity(m.group()))
        if omap:
            maps.append(omap)
    present = other.keys() & set(text)
    if present:
        pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(present)) + "]")
        text, omap = rewrite(text, pattern, lambda m: other[m.group()])
        if omap:
            maps.append(omap)
    return NormText(text.translate(one), tuple(maps))


def _entity(ref: str) -> str:
    value = html.unescape(ref)
    return value if len(value) == 1 else ref


def tighten(norm: NormText) -> NormText:
    """Remove separators slipped between Chinese characters (see the module doc)."""
    text, maps = norm.text, list(norm.maps)
    text, omap = rewrite(text, _SOFT_RUN_RE, lambda m: "")
    if omap:
        maps.append(omap)
    if _SPACED_RUN_RE.search(text):
        spans = [(run.start() + sep.start(), run.start() + sep.end())
                 for run in _SPACED_RUN_RE.finditer(text) for sep in _SEP_RE.finditer(run.group())]
        text, omap = delete_spans(text, spans)
        maps.append(omap)
    return NormText(text, tuple(maps))


def normalize_tight(text: str) -> NormText:
    """:func:`normalize` then :func:`tighten`: the form word lists are matched against."""
    return tighten(normalize(text))


def fold(term: str) -> str:
    """A word-list term in the form it is matched in (the tight form, no separators at
    either end: in text, a quote before a term is removed between two characters)."""
    return _EDGE_SEP_RE.sub("", normalize_tight(term).text)

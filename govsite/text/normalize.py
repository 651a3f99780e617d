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
* traditional and variant characters become simplified, for the characters listed in
  ``govsite/data/variants.yml`` (the ones the word lists need, 賭場 → 赌场);
* in the *tight* form, separators slipped between Chinese characters are removed:
  spaces, line breaks within a paragraph, Markdown emphasis and symbols
  (``赌 场``, ``赌*场``, ``**赌**场``), and punctuation in a spaced-out run of single
  characters (``澳，门，葡，京``). Ordinary sentence punctuation between words stays,
  so ``工作，秘密`` does not become ``工作秘密``.

Every step keeps an offset map, so a match in the normalised text is reported at the
right place of the original: :meth:`NormText.source` maps an offset back.

Markdown that is not content is blanked *before* normalisation (same length, newlines
kept, so offsets into a page body stay valid): HTML comments (a ``<!-- govsite: allow
... -->`` suppression is not content), HTML tags (their text stays), link targets and
bare URLs (links have their own rules), code fences. See :func:`content_view`.

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
from importlib import resources

from govsite.text.evasion import latin_lookalikes

# Chinese characters (URO, extension A, compatibility block, extension B and later).
CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK_RE = re.compile(f"[{CJK}]")

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

@lru_cache(maxsize=1)
def variants() -> dict[str, str]:
    """Traditional/variant character → simplified (``govsite/data/variants.yml``)."""
    from govsite.core.yamlio import load_fast

    data = load_fast(resources.files("govsite.data").joinpath("variants.yml").read_text("utf-8"))
    return {pair[0]: pair[1] for pair in str(data["pairs"]).split()}


def _char_ranges() -> Iterator[int]:
    yield from range(0x20, 0x10000)
    for lo, hi in ((0x1D400, 0x1D800), (0x1F100, 0x1F200), (0x2F800, 0x2FA20), (0xE0000, 0xE0080), (0xE0100, 0xE01F0)):
        yield from range(lo, hi)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str], dict[str, str]]:
    """(1:1 translate table, the other replacements: removals and expansions)."""
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


# -- Markdown: what is content ------------------------------------------------------

_COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_FENCE_RE = re.compile(r"^[ \t]{0,3}(?:`{3,}|~{3,})[^\n]*$", re.M)
_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s+[^<>]*?)?/?>|<![A-Za-z][^>]*>")
_LINK_TARGET_RE = re.compile(r"\]\((?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)")
_REFDEF_RE = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S+.*$", re.M)
_BARE_URL_RE = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'()（）\u3000-\u303f\uff01-\uff5e]+", re.I)


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def blank(text: str, pattern: re.Pattern) -> str:
    """Replace what ``pattern`` matches by spaces, keeping line breaks (same length)."""
    return pattern.sub(_blank, text)


_SHOWN_ATTR_RE = re.compile(r"""\b(?:title|alt)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_TITLE_RE = re.compile(r"""\s(?:"([^"\n]*)"|'([^'\n]*)'|\(([^)\n]*)\))\s*\)$""")


def _blank_keeping(match: re.Match, shown: re.Pattern) -> str:
    """Blank a match except the groups of ``shown`` inside it: a link's title and an
    image's alt text are shown to readers (as a tooltip, or instead of the image)."""
    text = match.group()
    keep = [(m.start(g), m.end(g)) for m in shown.finditer(text) for g in range(1, (shown.groups or 0) + 1) if m.group(g)]
    out, pos = [], 0
    for start, end in keep:
        out.append(re.sub(r"[^\n]", " ", text[pos:start]))
        out.append(text[start:end])
        pos = end
    out.append(re.sub(r"[^\n]", " ", text[pos:]))
    return "".join(out)


def content_view(body: str) -> str:
    """The body with what is not reader-visible text blanked, offsets unchanged (a
    link's title and the title and alt attributes of HTML elements stay: readers see
    them)."""
    if "<!--" in body:
        body = blank(body, _COMMENT_RE)
    if "```" in body or "~~~" in body:
        body = blank(body, _FENCE_RE)
    if "<" in body:
        body = _TAG_RE.sub(lambda m: _blank_keeping(m, _SHOWN_ATTR_RE), body)
    if "](" in body:
        body = _LINK_TARGET_RE.sub(lambda m: _blank_keeping(m, _TITLE_RE), body)
    if "]:" in body:
        body = blank(body, _REFDEF_RE)
    if "://" in body or "www." in body.lower():
        body = blank(body, _BARE_URL_RE)
    return body


def without_comments(body: str) -> str:
    """The body with HTML comments blanked (for the HTML and link rules)."""
    return blank(body, _COMMENT_RE) if "<!--" in body else body


_FENCE_LINE_RE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})", re.M)
_TICKS_RE = re.compile(r"`+")


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    out, pos = [], 0
    for start, end in spans:
        out.append(text[pos:start])
        out.append(re.sub(r"[^\n]", " ", text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _rest_of_line(text: str, pos: int) -> str:
    end = text.find("\n", pos)
    return text[pos:] if end < 0 else text[pos:end]


def _fenced_blocks(text: str) -> list[tuple[int, int]]:
    """Spans of fenced code blocks: an opening fence to a closing fence of the same
    character at least as long (or the end of the text)."""
    spans, opening = [], None
    for m in _FENCE_LINE_RE.finditer(text):
        fence = m.group(1)
        if opening is None:
            if fence[0] == "`" and "`" in _rest_of_line(text, m.end()):
                continue  # a backtick fence's info string has no backtick: this is inline code
            opening = (m.start(), fence)
        elif fence[0] == opening[1][0] and len(fence) >= len(opening[1]) and not _rest_of_line(text, m.end()).strip():
            line_end = text.find("\n", m.end())
            spans.append((opening[0], len(text) if line_end < 0 else line_end))
            opening = None
    if opening is not None:
        spans.append((opening[0], len(text)))
    return spans


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Spans of inline code: a backtick run to the next run of the same length (linear)."""
    runs = [(m.start(), m.end()) for m in _TICKS_RE.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    spans, index = [], 0
    while index < len(runs):
        start, end = runs[index]
        same = by_length[end - start]
        k = bisect.bisect_right(same, index)
        if k < len(same):
            close = same[k]
            spans.append((start, runs[close][1]))
            index = close + 1
        else:
            index += 1
    return spans


def without_code(body: str) -> str:
    """Comments, fenced code blocks and code spans blanked: Markdown shows code as text,
    so HTML inside it is never live markup (for the HTML and link rules)."""
    body = without_comments(body)
    if "```" in body or "~~~" in body:
        body = _blank_spans(body, _fenced_blocks(body))
    if "`" in body:
        body = _blank_spans(body, _code_spans(body))
    return body

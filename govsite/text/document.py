"""A page parsed once, for every rule: :func:`document` → :class:`PageDocument`.

What a rule needs to know about a page's Markdown is decided by real parsers, the same
ones that publish it, never by regular expressions of our own:

1. **Markdown**: the project's own Python-Markdown engine with the site's
   ``markdown_extensions`` (:mod:`govsite.text.render`), so that what a rule calls a
   link, code or raw HTML is exactly what ``mkdocs build`` publishes.
2. **HTML**: the engine's output is parsed by an HTML5 parser (selectolax/lexbor), the
   way a browser reads it: attributes decoded, unclosed elements closed where a browser
   closes them, so "inside a hidden element" is plain DOM ancestry.
3. **Back to the source.** Python-Markdown keeps no source positions, so two records
   are added while the page is converted (:class:`Locator`):

   * every inline construct the engine recognises (link, image, reference, autolink,
     code span) is tagged ``data-govsite-<nonce>=N`` and its exact source text is kept
     (placeholders of nested constructs expanded back to their source);
   * every piece of raw HTML the engine passes through, and every fenced code block, is
     wrapped in marker comments carrying a random nonce (a page cannot forge them).

   The DOM is then walked in document order with a cursor into the body; each recorded
   construct, raw tag and code block is found by searching its own source text forward
   from the cursor (runs of spaces may be tabs in the file: Python-Markdown expands
   tabs). The parser decides *what* a thing is; the search only finds *where* it was
   written, and can only move forward, so nothing in code or a comment is ever taken
   for something after it. A construct that cannot be found (a link split over lines
   of a block quote) is placed at the cursor, never dropped.

The normalised text (:mod:`govsite.text.pagetext`) is made from :attr:`content_view`:
the body with what readers do not see as text blanked (comments, tag markup, link
targets, reference definitions, addresses, code fences), same length and lines.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from functools import cached_property, lru_cache
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.postprocessors import RawHtmlPostprocessor
from selectolax.lexbor import LexborHTMLParser, LexborNode

from govsite.core.memo import memo
from govsite.core.pages import Page
from govsite.text import urls
from govsite.text.render import config_stamp, engine

MARKDOWN, IMAGE, REFERENCE, AUTOLINK, BARE, HTML = "markdown", "image", "reference", "autolink", "bare", "html"
URL_ATTRS = {"href", "src", "action", "formaction", "data", "poster", "background", "cite", "longdesc",
             "dynsrc", "lowsrc", "xlink:href", "srcset", "manifest", "codebase", "archive", "ping", "icon"}
_RECORDED = {"backtick": "code", "link": MARKDOWN, "image_link": IMAGE, "reference": REFERENCE,
             "short_reference": REFERENCE, "image_reference": REFERENCE, "short_image_ref": REFERENCE,
             "autolink": AUTOLINK, "automail": AUTOLINK}
_GENERATED_WRAPPERS = {"html", "head", "body"}


# -- what a page holds ------------------------------------------------------------------------

@dataclass(eq=False)
class Element:
    """An element of the published page; ``raw`` when the editor wrote it as HTML."""

    tag: str
    attrs: list[tuple[str, str]]
    start: int                      # body offset of its start tag ('<'), or of the construct
    end: int                        # body offset after its start tag
    raw: bool
    hides: bool = False             # its own style or attributes hide it
    hidden_by: Element | None = None  # itself or the nearest ancestor that hides

    @property
    def hidden(self) -> bool:
        return self.hidden_by is not None

    def attr(self, name: str) -> str | None:
        for key, value in self.attrs:
            if key == name:
                return value
        return None


@dataclass(eq=False)
class Link:
    """A link or image of the page, as published."""

    url: str
    start: int                      # body offset of the construct ('[', '!', '<' of a tag; the URL otherwise)
    url_start: int                  # body offset of the URL as written
    kind: str                       # markdown | image | reference | autolink | bare | html
    text: str = ""                  # the link's text, or an image's alt
    title: str = ""
    attr: str = ""                  # the HTML attribute (html links)
    tag: str = ""                   # a, img, ... (html links)
    hidden_by: Element | None = None

    @property
    def is_external(self) -> bool:
        """Has a scheme (https:, mailto:, tel: ...) or a host (//host/...)."""
        try:
            return urls.is_external(self.url)
        except ValueError:
            return True  # not a URL a browser resolves inside the site

    @property
    def is_site_absolute(self) -> bool:
        return not self.is_external and self.url.startswith("/")


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class FrontValue:
    """A string of the front-matter, with the file line of its key."""

    path: tuple
    value: str
    line: int


@dataclass(eq=False)
class PageDocument:
    body: str
    body_line: int
    html: str = ""
    elements: list[Element] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    code: list[tuple[int, int]] = field(default_factory=list)       # code spans and blocks
    comments: list[tuple[int, int]] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)                      # anchors (#id) the page will have
    front: list[FrontValue] = field(default_factory=list)
    _blank: list[tuple[int, int]] = field(default_factory=list, repr=False)

    @property
    def images(self) -> list[Link]:
        return [link for link in self.links if link.kind == IMAGE or (link.kind == HTML and link.tag == "img")]

    def line(self, offset: int) -> int:
        """File line of a body offset."""
        return self.body_line + self.body.count("\n", 0, offset)

    def where(self, offset: int) -> tuple[int, int]:
        """(file line, column) of a body offset."""
        return self.line(offset), offset - self.body.rfind("\n", 0, offset)

    @cached_property
    def content_view(self) -> str:
        """The body with what is not reader-visible text blanked (line breaks kept, same length)."""
        return _blanked(self.body, self._blank) if self._blank else self.body

    @cached_property
    def prose(self) -> str:
        """:attr:`content_view` with code and e-mail addresses blanked too: the sentences an
        editor wrote (what the typo rules read)."""
        view = self.content_view
        spans = list(self.code)
        if "@" in view:
            spans += [m.span() for m in _EMAIL_RE.finditer(view)]
        return _blanked(view, spans) if spans else view


_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _blanked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def document(page: Page) -> PageDocument:
    """The page's :class:`PageDocument`, parsed on first use and kept on the page
    (:func:`govsite.core.memo.memo`)."""
    return memo(page, _document)


def _document(page: Page) -> PageDocument:
    if page.text is None:
        doc = PageDocument("", 1)
    else:
        shared = parsed(page.root, page.body or "")
        doc = PageDocument(**{f.name: getattr(shared, f.name) for f in fields(PageDocument)})
        doc.body_line = page.body_line
    doc.front = list(_front_values(page))
    return doc


def parsed(root: Any, body: str) -> PageDocument:
    """:func:`parse`, once per process for the same text (the typo archive reads every
    page, a warm run builds new page objects). Lines count from 1: use :func:`document`
    for a page's file lines."""
    return _parsed(root, config_stamp(root), body)


@lru_cache(maxsize=128)
def _parsed(root: Any, stamp: float, body: str) -> PageDocument:
    return parse(root, body)


def _front_values(page: Page) -> Iterator[FrontValue]:
    def walk(value: Any, path: tuple) -> Iterator[FrontValue]:
        if isinstance(value, str):
            yield FrontValue(path, value, page.key_line(*path))
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, (*path, index))
    yield from walk(page.meta, ())


# -- recording what the engine recognises ---------------------------------------------------------

@dataclass
class _Record:
    kind: str
    source: str


_STASH_RE = re.compile("\x02(?:klzzwxh:(\\d+)|wzxhzdk:(\\d+)|(\\d+))\x03")


class Locator(Extension):
    """Tags the engine's inline constructs and raw HTML so that they can be found again."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        self.md = md
        self.records: list[_Record] = []
        self.code_stash: set[int] = set()
        self.nonce = ""
        self.attr = "data-govsite"
        md.govsite_locator = self
        for name, kind in _RECORDED.items():
            if name in md.inlinePatterns:
                self._wrap(md.inlinePatterns[name], kind)
        if "fenced_code_block" in md.preprocessors:
            self._wrap_fence(md.preprocessors["fenced_code_block"])
        md.postprocessors.register(_MarkedRawHtml(md, self), "raw_html", 30)
        md.registerExtension(self)

    def reset(self) -> None:
        self.records = []
        self.code_stash = set()
        self.nonce = secrets.token_hex(8)
        # The attribute's name carries the nonce too: attr_list ({: data-govsite=... })
        # cannot point a construct at another one's record.
        self.attr = f"data-govsite-{self.nonce}"

    def _wrap(self, processor: Any, kind: str) -> None:
        original = processor.handleMatch

        def handle_match(m: re.Match[str], data: str) -> Any:
            el, start, end = original(m, data)
            if el is not None and not isinstance(el, str) and start is not None and end is not None:
                el.set(self.attr, str(len(self.records)))
                self.records.append(_Record(kind, self._expand(data[start:end])))
            return el, start, end

        processor.handleMatch = handle_match

    def _wrap_fence(self, processor: Any) -> None:
        original = processor.run

        def run(lines: list[str]) -> list[str]:
            before = self.md.htmlStash.html_counter
            out = original(lines)
            self.code_stash.update(range(before, self.md.htmlStash.html_counter))
            return out

        processor.run = run

    def _expand(self, text: str) -> str:
        """The source of a construct: placeholders of what was parsed before it put back."""
        if "\x02" not in text:
            return text
        try:
            stashed = getattr(self.md.treeprocessors["inline"], "stashed_nodes", {})
        except KeyError:
            stashed = {}

        def back(m: re.Match) -> str:
            if m.group(1) is not None:
                node = stashed.get(m.group(1))
                index = node.get(self.attr) if node is not None and not isinstance(node, str) else None
                return self.records[int(index)].source if index is not None else ""
            if m.group(2) is not None:
                blocks = self.md.htmlStash.rawHtmlBlocks
                key = int(m.group(2))
                return str(blocks[key]) if key < len(blocks) else ""
            return "\\" + chr(int(m.group(3)))

        return _STASH_RE.sub(back, text)


class _MarkedRawHtml(RawHtmlPostprocessor):
    """Python-Markdown's raw HTML restoration, with each piece between marker comments."""

    def __init__(self, md: markdown.Markdown, locator: Locator) -> None:
        super().__init__(md)
        self.locator = locator

    def run(self, text: str) -> str:
        stash = self.md.htmlStash
        if not stash.html_counter:
            return text
        nonce = self.locator.nonce
        base = markdown.util.HTML_PLACEHOLDER % r"([0-9]+)"
        pattern = re.compile(f"<p>{base}</p>|{base}")

        def substitute(m: re.Match) -> str:
            wrapped = m.group(1) is not None
            key = int(m.group(1) or m.group(2))
            if key >= stash.html_counter:
                return m.group(0)
            html = self.stash_to_string(stash.rawHtmlBlocks[key])
            kind = "code" if key in self.locator.code_stash else "raw"
            marked = f"<!--{nonce}:{kind}:{key}-->{html}<!--{nonce}:end:{key}-->"
            if not wrapped or self.isblocklevel(html):
                return pattern.sub(substitute, marked)
            return pattern.sub(substitute, f"<p>{marked}</p>")

        return pattern.sub(substitute, text)


# -- finding things in the source ---------------------------------------------------------------

def _flexible(needle: str) -> re.Pattern:
    """``needle`` where a run of spaces may be written with tabs (Python-Markdown expands them)."""
    return re.compile(re.sub(r"(?:\\ )+", r"[ \\t]+", re.escape(needle)))


def _find(body: str, needle: str, pos: int, limit: int | None = None) -> tuple[int, int]:
    """(start, end) of ``needle`` in ``body[pos:limit]``; (-1, -1) when it is not there."""
    if not needle:
        return -1, -1
    end = len(body) if limit is None else limit
    found = body.find(needle, pos, end)
    if found >= 0:
        return found, found + len(needle)
    if " " in needle:
        m = _flexible(needle).search(body, pos, end)
        if m:
            return m.span()
    return -1, -1


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0]


def _tag_end(body: str, start: int) -> int:
    """Offset after the '>' that ends the tag starting at ``start`` (quotes respected)."""
    quote = ""
    i = start + 1
    n = len(body)
    while i < n:
        ch = body[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'" and body[i - 1] in "= \t\n":
            quote = ch
        elif ch == ">":
            return i + 1
        i += 1
    return n


# Attribute values readers see: a tooltip (title) and the text shown for an image (alt).
_SHOWN_ATTR_RE = re.compile(r"""\b(?:title|alt)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
# A Markdown link's title after its target: "…", '…' or (…), before the closing ")".
_LINK_TITLE_RE = re.compile(r"""\s(?:"([^"\n]*)"|'([^'\n]*)'|\(([^)\n]*)\))\s*\)\s*\Z""")


def _keeping(start: int, end: int, shown: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The span (start, end) minus the shown parts inside it."""
    spans, pos = [], start
    for s, e in sorted(shown):
        if s > pos:
            spans.append((pos, s))
        pos = max(pos, e)
    if pos < end:
        spans.append((pos, end))
    return spans


def _shown_groups(pattern: re.Pattern, text: str, offset: int) -> list[tuple[int, int]]:
    return [(offset + m.start(g), offset + m.end(g)) for m in pattern.finditer(text)
            for g in range(1, (pattern.groups or 0) + 1) if m.group(g)]


def _only_pixels(node: LexborNode) -> bool:
    """An ``<a>`` whose only content is images that hide themselves (a 1×1 pixel): a link
    no reader can see or click."""
    if (node.text(deep=True) or "").strip():
        return False
    children = [c for c in node.iter(include_text=False) if c.tag and c.tag[0].isalpha()][:9]
    return 0 < len(children) < 9 and all(c.tag == "img" and hides("img", [(k, v or "") for k, v in c.attributes.items()])
                                         for c in children)


def _tag_spans(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the tags (start and end tags, declarations) in a piece of raw HTML; the
    values of ``title`` and ``alt`` are left out (readers see them)."""
    spans = []
    i = body.find("<", start, end)
    while 0 <= i < end:
        nxt = body[i + 1:i + 2]
        if nxt.isalpha() or (nxt in "/!?" and body[i + 2:i + 3].strip()):
            close = _tag_end(body, i) if not body.startswith("<!--", i) else _comment_end(body, i)
            tag_end = min(close, end)
            shown = _shown_groups(_SHOWN_ATTR_RE, body[i:tag_end], i) if nxt.isalpha() else []
            spans.extend(_keeping(i, tag_end, shown))
            i = body.find("<", close, end)
        else:
            i = body.find("<", i + 1, end)
    return spans


def _comment_end(body: str, start: int) -> int:
    close = body.find("-->", start + 4)
    return len(body) if close < 0 else close + 3


_HIDING = [
    re.compile(r"display:none"),
    re.compile(r"visibility:(?:hidden|collapse)"),
    re.compile(r"font-size:0(?:\.0+)?(?:px|pt|em|rem|%|vw|vh)?(?:!important)?(?:;|$)"),
    re.compile(r"opacity:0?(?:\.0+)?(?:!important)?(?:;|$)"),
    re.compile(r"(?:^|;)(?:left|top|right|bottom|margin-left|margin-top|text-indent):-\d{3,}"),
    # zero (or one-pixel) size with the overflow hidden
    re.compile(r"(?:^|;)(?:width|height|max-height|max-width|line-height):(?:0|1px)(?:px)?(?:!important)?(?:;|$).*overflow:hidden"
               r"|overflow:hidden.*(?:^|;)(?:width|height|max-height|max-width|line-height):(?:0|1px)(?:px)?(?:!important)?(?:;|$)"),
    re.compile(r"clip:rect\(0(?:px)?,?0(?:px)?,?0(?:px)?,?0(?:px)?\)"),
    re.compile(r"transform:scale\(0\)"),
]
_CSS_COMMENT_RE = re.compile(r"/\*.*?\*/")


# Classes the theme and the Markdown extensions the site enables keep out of sight:
# Material's toggles and options are display:none inputs, and a tabbed block without its
# tab set is never shown. A page has no reason to put them on its own content
# (``[推广](url){.md-toggle}`` through attr_list, ``<div class="tabbed-block">``).
HIDING_CLASSES = frozenset({"md-toggle", "md-option", "tabbed-block", "md-visually-hidden"})
_TINY_RE = re.compile(r"\s*[01](?:\.0*)?\s*(?:px)?\s*")


def _tiny(value: str | None) -> bool:
    """A width or height of at most one pixel (a tracking pixel, an invisible link)."""
    return bool(value) and _TINY_RE.fullmatch(value or "") is not None


def hides(tag: str, attrs: list[tuple[str, str]]) -> bool:
    """Does this element hide itself (style, ``hidden`` attribute, hidden input, a hiding
    class of the theme, a 1×1 image)?"""
    values = dict(attrs)
    if tag == "img" and _tiny(values.get("width")) and _tiny(values.get("height")):
        return True
    for key, value in attrs:
        if key == "hidden" or (key == "type" and tag == "input" and (value or "").lower() == "hidden"):
            return True
        if key == "class" and value and HIDING_CLASSES.intersection(value.lower().split()):
            return True
        if key == "style" and value:
            style = "".join(unicodedata.normalize("NFKC", value).lower().split())
            style = _CSS_COMMENT_RE.sub("", style)
            if any(p.search(style) for p in _HIDING):
                return True
    return False


# -- the walk --------------------------------------------------------------------------------------

_REFDEF_RE = re.compile(r"^ {0,3}\[([^\[\]\n]+)\]:[ \t]*\n?[ \t]*(<[^<>\n]*>|\S+)", re.M)


class _Walker:
    def __init__(self, body: str, locator: Locator, doc: PageDocument) -> None:
        self.body = body
        self.locator = locator
        self.doc = doc
        self.pos = 0
        self.raw: list[tuple[str, int, int]] = []   # (raw | code, start, end) of the pieces we are inside
        self.code_depth = 0
        self.link_depth = 0
        self.hiding: list[Element] = []

    # a raw piece or fenced code block opens or closes (marker comments)
    def marker(self, kind: str, key: int) -> None:
        blocks = self.locator.md.htmlStash.rawHtmlBlocks
        if kind == "end":
            if self.raw:
                self.pos = max(self.pos, self.raw.pop()[2])
            return
        if kind == "code":
            self.raw.append(("code", *self._fenced(key)))
            return
        piece = str(blocks[key]) if key < len(blocks) else ""
        start, end = _find(self.body, piece.rstrip("\n"), self.pos)
        if start < 0:
            start, end = _find(self.body, _first_line(piece), self.pos)
            if start >= 0:
                end = max(end, start + len(piece.rstrip("\n")))
        if start < 0:
            start = end = self.pos
        end = min(end, len(self.body))
        self.raw.append(("raw", start, end))
        self.doc._blank.extend(_tag_spans(self.body, start, end))
        self.pos = start

    def _fenced(self, key: int) -> tuple[int, int]:
        """Span of a fenced code block; its fence lines are blanked, the code is code."""
        piece = str(self.locator.md.htmlStash.rawHtmlBlocks[key])
        code = LexborHTMLParser(piece).text(deep=True)
        lines = [line for line in code.split("\n") if line.strip()]
        body = self.body
        if lines:
            first, _ = _find(body, lines[0], self.pos)
            if first < 0:
                return self.pos, self.pos
            last_end = first + len(lines[0])
            for line in lines[1:]:
                s, e = _find(body, line, last_end)
                if s >= 0:
                    last_end = e
            first_line_start = body.rfind("\n", 0, first) + 1
            open_start = body.rfind("\n", 0, max(first_line_start - 1, 0)) + 1 if first_line_start else 0
            close_line = body.find("\n", last_end)
            close_start = close_line + 1 if close_line >= 0 else len(body)
            close_end = body.find("\n", close_start)
            close_end = len(body) if close_end < 0 else close_end
            open_end = body.find("\n", open_start)
            self.doc._blank.append((open_start, open_end if open_end >= 0 else len(body)))
            self.doc._blank.append((close_start, close_end))
            self.doc.code.append((open_start, close_end))
            self.pos = close_end
            return open_start, close_end
        m = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.M).search(body, self.pos)
        if m is None:
            return self.pos, self.pos
        end = body.find("\n", m.end())
        self.pos = len(body) if end < 0 else end
        return m.start(), self.pos

    def element(self, node: LexborNode) -> tuple[Element | None, int | None]:
        """Enter an element; returns it (None for the document wrappers) and, for a recorded
        construct, the body offset where its source ends."""
        tag = node.tag or ""
        if tag in _GENERATED_WRAPPERS:
            return None, None
        marker = self.locator.attr
        attrs = [(k, v or "") for k, v in node.attributes.items() if k != marker]
        index = node.attributes.get(marker)
        body = self.body
        record = None
        if index is not None and not self._in_raw():
            try:
                record = self.locator.records[int(index or "")]
            except (ValueError, IndexError):
                record = None
        if record is not None:
            start, end = _find(body, record.source, self.pos)
            if start < 0:
                start, end = _find(body, _first_line(record.source), self.pos)
                if start >= 0:
                    end = max(end, start + len(record.source))
            if start < 0:
                start = end = self.pos
            end = min(end, len(body))
            el = Element(tag, attrs, start, end, raw=False)
            el.hides = tag == "a" and _only_pixels(node)
            self.pos = start + 1
            self._construct(el, record, start, end, node)
            construct_end: int | None = end
        elif self._in_raw():
            limit = self.raw[-1][2]
            m = re.compile(f"<{re.escape(tag)}(?=[\\s/>])", re.I).search(body, self.pos, limit) if tag else None
            if m:
                start, end = m.start(), min(_tag_end(body, m.start()), limit)
                self.pos = end
            else:
                start = end = self.pos
            el = Element(tag, attrs, start, end, raw=True)
            el.hides = tag == "a" and _only_pixels(node)
            self._html_links(el)
            construct_end = None
        else:
            el = Element(tag, attrs, self.pos, self.pos, raw=False)
            construct_end = None
        el.hides = el.hides or hides(tag, attrs)
        if el.hides:
            self.hiding.append(el)
        el.hidden_by = self.hiding[-1] if self.hiding else None
        self.doc.elements.append(el)
        if tag == "pre" and not self.code_depth and not (self.raw and self.raw[-1][0] == "code") and record is None:
            self._indented(node)
        if tag in ("code", "pre"):
            self.code_depth += 1
        if tag == "a" and record is not None:
            self.link_depth += 1
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.doc.headings.append(Heading(int(tag[1]), node.attributes.get("id") or "", _heading_text(node)))
        for key in ("id", "name"):
            value = node.attributes.get(key)
            if value:
                self.doc.ids.add(value)
        return el, construct_end

    def leave(self, node: LexborNode, el: Element | None, construct_end: int | None) -> None:
        if el is None:
            return
        if el.hides and self.hiding and self.hiding[-1] is el:
            self.hiding.pop()
        if el.tag in ("code", "pre"):
            self.code_depth -= 1
        if el.tag == "a" and construct_end is not None:
            self.link_depth -= 1
        if construct_end is not None:
            self.pos = max(self.pos, construct_end)

    def _indented(self, node: LexborNode) -> None:
        """An indented code block (or a <pre> of raw HTML): the span of its lines."""
        lines = [line.strip() for line in (node.text(deep=True) or "").split("\n") if line.strip()]
        if not lines:
            return
        limit = self.raw[-1][2] if self._in_raw() else None
        first, end = _find(self.body, lines[0], self.pos, limit)
        if first < 0:
            return
        for line in lines[1:]:
            s, e = _find(self.body, line, end, limit)
            if s >= 0:
                end = e
        self.doc.code.append((first, end))
        if not self._in_raw():
            self.pos = end

    def _in_raw(self) -> bool:
        return bool(self.raw) and self.raw[-1][0] == "raw"

    def _construct(self, el: Element, record: _Record, start: int, end: int, node: LexborNode) -> None:
        body = self.body
        if record.kind == "code":
            self.doc.code.append((start, end))
            return
        if record.kind == REFERENCE:
            return  # reported at its definition, like every reader of the source does
        if record.kind == AUTOLINK:
            href = el.attr("href") or ""
            self._add(Link(href, start + 1, start + 1, AUTOLINK, text=href, hidden_by=self._hidden(el)))
            self.doc._blank.append((start, end))
            return
        url = el.attr("href") if record.kind == MARKDOWN else el.attr("src")
        if url is None:
            return
        target = body.rfind("](", start, end)
        if target < 0:
            target = start
        url_start, _ = _find(body, url, target, end) if url else (-1, -1)
        if url_start < 0:
            url_start = min(target + 2, end)
        text = (el.attr("alt") or "") if record.kind == IMAGE else (node.text(deep=True) or "")
        self._add(Link(url, start, url_start, record.kind, text=text, title=el.attr("title") or "",
                       tag=el.tag, hidden_by=self._hidden(el)))
        # the target is not text; a title is (readers see it as the link's tooltip)
        title_end = body.rfind(")", target, end) + 1
        shown = _shown_groups(_LINK_TITLE_RE, body[target:title_end], target) if title_end > target else []
        self.doc._blank.extend(_keeping(target, end, shown))

    def _hidden(self, el: Element) -> Element | None:
        if el.hides or hides(el.tag, el.attrs):
            return el
        return self.hiding[-1] if self.hiding else None

    def _html_links(self, el: Element) -> None:
        hidden = self._hidden(el)
        for key, value in el.attrs:
            if key not in URL_ATTRS or not value:
                continue
            m = re.compile(f"(?<![\\w:-]){re.escape(key)}\\s*=\\s*[\"']?", re.I).search(self.body, el.start, el.end)
            value_start = m.end() if m else el.start
            found = [u.strip().split(" ")[0] for u in value.split(",")] if key == "srcset" else [value]
            for url in found:
                if url:
                    self._add(Link(url.strip(), el.start, value_start, HTML, attr=key, tag=el.tag, hidden_by=hidden))

    def text(self, node: LexborNode) -> None:
        if self.code_depth or self.link_depth:
            return
        value = node.text_content or ""
        if "://" not in value and "www." not in value.lower():
            return
        for _offset, url in urls.bare_urls(value):
            start, end = _find(self.body, url, self.pos)
            if start < 0:
                start, end = _find(self.body, url.split("&")[0], self.pos)
            if start < 0:
                continue
            self._add(Link(url, start, start, BARE, hidden_by=self.hiding[-1] if self.hiding else None))
            self.doc._blank.append((start, start + len(url)))
            self.pos = end

    def comment(self, node: LexborNode) -> None:
        content = node.comment_content or ""
        nonce = self.locator.nonce
        if content.startswith(nonce + ":"):
            _, kind, key = content.split(":", 2)
            self.marker(kind, int(key))
            return
        limit = self.raw[-1][2] if self.raw else None
        start, _ = _find(self.body, "<!--", self.pos, limit)
        if start < 0:
            return
        end = _comment_end(self.body, start)
        self.doc.comments.append((start, end))
        self.doc._blank.append((start, end))
        self.pos = end

    def _add(self, link: Link) -> None:
        self.doc.links.append(link)


def _heading_text(node: LexborNode) -> str:
    """A heading's text without the permalink the toc extension appends."""
    parts = []
    for child in node.traverse(include_text=True):
        if child.tag == "-text":
            parent = child.parent
            if parent is not None and "headerlink" in (parent.attributes.get("class") or "").split():
                continue
            parts.append(child.text_content or "")
    return "".join(parts).strip()


def _walk(root: LexborNode) -> Iterator[tuple[LexborNode, bool]]:
    """(node, entering) in document order, without recursion (pages may nest deeply)."""
    stack: list[tuple[LexborNode, bool]] = [(root, True)]
    while stack:
        node, entering = stack.pop()
        yield node, entering
        if entering and node.tag and not node.tag.startswith("-"):
            stack.append((node, False))
            children = list(node.iter(include_text=True))
            stack.extend((child, True) for child in reversed(children))


# Python-Markdown takes quadratic time on long runs of tag starts that never close
# (``<a <a <a``, its HTML block scan) and of brackets in one paragraph (``[[[``,
# ``[a](b [a](b``). Neither can be markup (a tag needs its ``>``; so many brackets are
# text as published), so beyond these counts they are read as the text they are.
MAX_UNCLOSED_TAGS = 300
MAX_BRACKETS_PER_BLOCK = 300
_UNCLOSED_TAG_RE = re.compile(r"<(?=[^<>]*(?:<|\Z))")
_BLOCK_RE = re.compile(r"\n[ \t]*\n")
_TEXT_LT, _TEXT_BRACKET = "\u2039", "\u2045"


def defused(body: str) -> str:
    """The body as the engine may read it in bounded time (same length; see above)."""
    if body.count("<") > MAX_UNCLOSED_TAGS and len(_UNCLOSED_TAG_RE.findall(body)) > MAX_UNCLOSED_TAGS:
        body = _UNCLOSED_TAG_RE.sub(_TEXT_LT, body)
    if body.count("[") > MAX_BRACKETS_PER_BLOCK:
        parts, pos = [], 0
        for m in [*_BLOCK_RE.finditer(body), None]:
            end = m.end() if m else len(body)
            block = body[pos:end]
            parts.append(block.replace("[", _TEXT_BRACKET) if block.count("[") > MAX_BRACKETS_PER_BLOCK else block)
            pos = end
        body = "".join(parts)
    return body


def parse(root: Any, body: str, body_line: int = 1) -> PageDocument:
    """Parse a page body with the project's Markdown engine (see the module doc)."""
    doc = PageDocument(body, body_line)
    if not body.strip():
        return doc
    md = engine(root, Locator)
    md.reset()
    locator: Locator = md.govsite_locator
    doc.html = md.convert(defused(body))
    walker = _Walker(body, locator, doc)
    # Inside <body>, as the theme publishes it (a leading comment or <style> stays in place).
    tree = LexborHTMLParser("<!DOCTYPE html><html><head></head><body>" + doc.html)
    entered: list[tuple[Element | None, int | None]] = []
    start = tree.body
    if start is None:
        return doc
    for node, entering in _walk(start):
        tag = node.tag or ""
        if tag == "-text":
            walker.text(node)
        elif tag == "-comment":
            walker.comment(node)
        elif tag.startswith("-"):
            continue
        elif entering:
            entered.append(walker.element(node))
        else:
            el, end = entered.pop()
            walker.leave(node, el, end)
    _references(md, doc)
    doc.links.sort(key=lambda link: link.start)
    doc._blank.sort()
    return doc


def _references(md: markdown.Markdown, doc: PageDocument) -> None:
    """Reference definitions the engine took (``[1]: url``): links at their definition."""
    refs = getattr(md, "references", {})
    if not refs:
        return
    body = doc.body
    for m in _REFDEF_RE.finditer(body):
        ident = " ".join(m.group(1).lower().split())
        if ident not in refs or any(s <= m.start() < e for s, e in doc.code):
            continue
        url, url_start = m.group(2), m.start(2)
        if url.startswith("<") and url.endswith(">"):
            url, url_start = url[1:-1], url_start + 1
        doc.links.append(Link(url, url_start, url_start, REFERENCE))
        line_end = body.find("\n", m.end())
        doc._blank.append((m.start(), len(body) if line_end < 0 else line_end))

"""The raw HTML in a page's Markdown, and the links it carries, with file lines.

Python-Markdown passes raw HTML through to the site, so what an editor (or an attacker
who got into an editor's account) writes as HTML is what visitors' browsers run. The
HTML rules (unsafe elements, event handlers, unsafe URLs), the hidden-link rule and the
outbound-link rules read the page through :func:`scan`, computed once per page.

Code (fenced blocks and code spans) and HTML comments are blanked first: Markdown shows
code as text, and comments never reach the page.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from govsite.core.memo import memo
from govsite.core.pages import Page
from govsite.text.normalize import without_code

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
URL_ATTRS = {"href", "src", "action", "formaction", "data", "poster", "background", "cite", "longdesc",
             "dynsrc", "lowsrc", "xlink:href", "srcset", "manifest", "codebase", "archive", "ping", "icon"}


@dataclass
class Element:
    tag: str
    attrs: list[tuple[str, str]]
    start: int                 # offset into page.body
    hidden: bool               # hidden by its own style or an ancestor's
    hides: bool = False        # its own style or attributes hide it
    end: int | None = None     # offset of its end tag (None: open to the end)

    def attr(self, name: str) -> str | None:
        for key, value in self.attrs:
            if key == name:
                return value
        return None


@dataclass
class Link:
    url: str
    start: int                 # offset into page.body
    kind: str                  # markdown | image | refdef | autolink | bare | html
    attr: str = ""             # the HTML attribute (html links)
    tag: str = ""


@dataclass
class Scan:
    elements: list[Element] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    hidden_regions: list[tuple[int, int, Element]] = field(default_factory=list)


# -- hidden by style -----------------------------------------------------------------------

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


# Classes the theme and the Markdown extensions the site enables keep out of sight:
# Material's toggles and options are display:none inputs, and a tabbed block without its
# tab set is never shown. A page has no reason to put them on its own content.
HIDING_CLASSES = frozenset({"md-toggle", "md-option", "tabbed-block", "md-visually-hidden"})


def _tiny(value: str | None) -> bool:
    """A width or height of at most one pixel (a tracking pixel, an invisible link)."""
    return bool(value) and re.fullmatch(r"\s*[01](?:\.0*)?\s*(?:px)?\s*", value or "") is not None


def hides(tag: str, attrs: list[tuple[str, str]]) -> bool:
    """Does this element hide itself (style, ``hidden`` attribute, a hiding class of the
    theme, a 1×1 image, zero-size marquee...)?"""
    values = dict(attrs)
    if tag == "img" and _tiny(values.get("width")) and _tiny(values.get("height")):
        return True
    for key, value in attrs:
        if key == "hidden" or (key == "type" and tag == "input" and (value or "").lower() == "hidden"):
            return True
        if key == "class" and value and HIDING_CLASSES.intersection(value.lower().split()):
            return True
        if key == "style" and value:
            style = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value).lower())
            style = re.sub(r"/\*.*?\*/", "", style)
            if any(p.search(style) for p in _HIDING):
                return True
    return False


# -- the tokenizer ------------------------------------------------------------------------
# A linear scan with regular expressions rather than html.parser, whose handling of
# unclosed tags is quadratic (a page of 60,000 "<a " took minutes). Attribute values may
# contain ">" inside quotes, as browsers allow.

_TAG_RE = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^<>\"']|\"[^\"]{0,4096}\"|'[^']{0,4096}'){0,8192})>")
_ATTR_RE = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
RAW_TEXT = {"script", "style", "textarea", "title", "xmp", "plaintext", "noembed", "noframes"}


def _attrs(text: str) -> list[tuple[str, str]]:
    out = []
    for m in _ATTR_RE.finditer(text):
        value = m.group(2) or ""
        if value[:1] in ("\"", "'"):
            value = value[1:-1]
        out.append((m.group(1).lower(), html.unescape(value)))
    return out


def _elements(text: str) -> list[Element]:
    elements: list[Element] = []
    stack: list[Element] = []
    pos = 0
    while True:
        m = _TAG_RE.search(text, pos)
        if m is None:
            break
        pos = m.end()
        closing, tag, rest = m.group(1), m.group(2).lower(), m.group(3)
        if closing:
            for index in range(len(stack) - 1, -1, -1):
                if stack[index].tag == tag:
                    for el in stack[index:]:
                        el.end = m.start()
                    del stack[index:]
                    break
            continue
        attrs = _attrs(rest)
        own = hides(tag, attrs)
        el = Element(tag, attrs, m.start(), own or (bool(stack) and stack[-1].hidden), own)
        elements.append(el)
        if tag in VOID or rest.rstrip().endswith("/"):
            el.end = el.start
        elif tag in RAW_TEXT:
            found = re.compile(f"</{tag}", re.I).search(text, pos)
            close = found.start() if found else len(text)
            el.end = pos = close
        else:
            stack.append(el)
    return elements


# -- Markdown links ---------------------------------------------------------------------------

_MD_LINK_RE = re.compile(r"(!?)\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\(\s*(<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)")
_REFDEF_RE = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)>?", re.M)
_AUTOLINK_RE = re.compile(r"<((?:https?|ftp|mailto|javascript|vbscript|data):[^<>\s]*)>", re.I)
_BARE_RE = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'()（）\u3000-\u303f\uff01-\uff5e]+", re.I)


def scan_body(body: str) -> Scan:
    text = without_code(body)
    result = Scan()
    if "<" in text:
        result.elements = _elements(text)
        for el in result.elements:
            for key, value in el.attrs:
                if key in URL_ATTRS and value:
                    urls = [u.strip().split(" ")[0] for u in value.split(",")] if key == "srcset" else [value]
                    result.links.extend(Link(u, el.start, "html", key, el.tag) for u in urls if u)
            if el.hides:
                if el.tag in VOID:  # hides only itself (and what its own attributes link to)
                    end = el.start + 1
                else:
                    end = el.end if el.end is not None and el.end > el.start else len(text)
                result.hidden_regions.append((el.start, end, el))
        _hidden_by_content(text, result)
    taken: list[tuple[int, int]] = []
    for m in _MD_LINK_RE.finditer(text):
        url = m.group(2).strip("<>")
        if url:
            result.links.append(Link(url, m.start(), "image" if m.group(1) else "markdown"))
        taken.append(m.span())
        if text.startswith("{", _link_end(text, m.end())):
            _hidden_by_attr_list(text, m, result)
    for m in _REFDEF_RE.finditer(text):
        result.links.append(Link(m.group(1), m.start(1), "refdef"))
        taken.append(m.span())
    for m in _AUTOLINK_RE.finditer(text):
        result.links.append(Link(m.group(1), m.start(1), "autolink"))
        taken.append(m.span())
    tag_spans = [(m.start(), m.end()) for m in _TAG_RE.finditer(text)] if "<" in text else []
    for m in _BARE_RE.finditer(text):
        if any(s <= m.start() < e for s, e in taken) or any(s <= m.start() < e for s, e in tag_spans):
            continue
        result.links.append(Link(m.group().rstrip(".,;:!?。，；：！？"), m.start(), "bare"))
    result.links.sort(key=lambda link: link.start)
    return result


def _hidden_by_content(text: str, result: Scan) -> None:
    """An ``<a>`` whose only content is images that hide themselves (a 1×1 pixel) is a
    link no reader can see or click."""
    elements = result.elements
    for index, el in enumerate(elements):
        if el.tag != "a" or el.hidden or not el.end or el.end <= el.start:
            continue
        inner = []
        for other in elements[index + 1:index + 10]:  # more than a few elements: not a pixel link
            if other.start >= el.end:
                break
            inner.append(other)
        else:
            if len(inner) == 9:
                continue
        visible_text = _TAG_RE.sub("", text[text.find(">", el.start) + 1:el.end]).strip()
        if inner and not visible_text and all(e.tag == "img" and e.hides for e in inner):
            result.hidden_regions.append((el.start, el.end, el))


_ATTR_LIST_RE = re.compile(r"\{:?([^{}\n]{0,512})\}")
_ATTR_LIST_ITEM_RE = re.compile(r"\.([\w-]+)|#[\w-]+|([\w-]+)=(\"[^\"]*\"|'[^']*'|[^\s}]+)")


def _link_end(text: str, pos: int) -> int:
    """End of a Markdown link whose ``](`` target starts before ``pos``: after its ``)``."""
    close = text.find(")", pos)
    return len(text) if close < 0 else close + 1


def _hidden_by_attr_list(text: str, m: re.Match, result: Scan) -> None:
    """``[text](url){.md-toggle}`` or ``{style="display:none"}``: attr_list puts the
    attributes on the link itself."""
    end = _link_end(text, m.end())
    attr_list = _ATTR_LIST_RE.match(text, end)
    if attr_list is None:
        return
    attrs: list[tuple[str, str]] = []
    classes = []
    for item in _ATTR_LIST_ITEM_RE.finditer(attr_list.group(1)):
        if item.group(1):
            classes.append(item.group(1))
        elif item.group(2):
            attrs.append((item.group(2).lower(), item.group(3).strip("\"'")))
    if classes:
        attrs.append(("class", " ".join(classes)))
    tag = "img" if m.group(1) else "a"
    if hides(tag, attrs):
        el = Element(tag, attrs, m.start(), True, True, attr_list.end())
        result.hidden_regions.append((m.start(), attr_list.end(), el))


def scan(page: Page) -> Scan:
    """The page's raw HTML elements and links (once per page: :func:`govsite.core.memo.memo`)."""
    return memo(page, _scan)


def _scan(page: Page) -> Scan:
    return scan_body(page.body or "")


def where(page: Page, offset: int) -> tuple[int, int]:
    """(file line, column) of an offset into the page body."""
    body = page.body
    return page.body_offset_line(offset), offset - body.rfind("\n", 0, offset)


# -- URLs --------------------------------------------------------------------------------

def clean_url(url: str) -> str:
    """The URL as a browser reads it: NFKC, no whitespace or control characters inside,
    backslashes as slashes."""
    url = unicodedata.normalize("NFKC", url)
    url = "".join(ch for ch in url if ch > " " and unicodedata.category(ch) not in ("Cc", "Cf"))
    return url.replace("\\", "/")


def scheme(url: str) -> str:
    """The URL's scheme, lowercase ('' for a relative URL)."""
    m = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", clean_url(url))
    return m.group(1).lower() if m else ""


def host(url: str) -> str | None:
    """The host an outbound link goes to, lowercase; None for relative or non-web links."""
    url = clean_url(url)
    low = url.lower()
    if low.startswith("www."):
        url = "http://" + url
    elif low.startswith("//"):
        url = "http:" + url
    elif scheme(url) not in ("http", "https", "ftp"):
        return None
    try:
        name = urlsplit(url).hostname
    except ValueError:
        return None
    if not name:
        return None
    name = name.rstrip(".")
    try:
        name = name.encode("idna").decode("ascii") if not name.isascii() else name
    except UnicodeError:
        pass
    return name.lower()


def under(host_name: str, domains: Iterable[object]) -> bool:
    """Is ``host_name`` one of ``domains`` or a subdomain of one?"""
    for d in domains:
        d = str(d).strip().lower().lstrip(".")
        if d and (host_name == d or host_name.endswith("." + d)):
            return True
    return False

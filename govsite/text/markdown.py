"""The links of a Markdown text, each with its line: inline links and images,
reference definitions, autolinks and ``href``/``src`` attributes of raw HTML.

Code (fenced blocks, inline code spans) and HTML comments are blanked first, so an
example written as code is never taken for a link. Regular expressions, not a full
Markdown parser: about as fast as reading the file, and exact on the links editors
write. Offsets are kept so that findings name the right line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from govsite.text.normalize import _blank_spans, _code_spans

MARKDOWN, REFERENCE, AUTOLINK, HTML = "markdown", "reference", "autolink", "html"

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# Code spans and comments are found by scanning, not by backtracking regexes: a line of
# 50,000 backticks or a page of unclosed "<!--" must cost one pass (tests/security).
# [text](url "title") and ![alt](src); the text may hold one level of brackets,
# e.g. an image inside a link: [![alt](a.png)](b.md).
_INLINE_RE = re.compile(
    r"!?\[((?:[^\[\]\n]|\[[^\[\]\n]*\](?:\([^()\n]*\))?)*)\]"
    r"\(\s*(<[^<>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)")
_REFDEF_RE = re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*(<[^<>\n]*>|\S+)", re.M)
_AUTOLINK_RE = re.compile(r"<((?:https?|ftp|mailto):[^\s<>]+)>", re.I)
_HTML_RE = re.compile(
    r"<(?:a|img|source|video|audio|iframe|embed|area|link|track)\b[^<>]*?\s(?:href|src)\s*=\s*"
    r"(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+))", re.I | re.S)


@dataclass(frozen=True)
class Link:
    url: str
    offset: int  # character offset of the URL in the text
    kind: str  # markdown | reference | autolink | html

    @property
    def is_external(self) -> bool:
        """Has a scheme (https:, mailto:, tel: ...) or a host (//host/...)."""
        parts = urlsplit(self.url)
        return bool(parts.scheme or parts.netloc)

    @property
    def is_site_absolute(self) -> bool:
        return not self.is_external and self.url.startswith("/")


def blank_code(text: str) -> str:
    """The text with code blocks, code spans and HTML comments replaced by spaces
    (line breaks kept, so offsets and lines stay true)."""
    text = _blank_spans(text, _comment_spans(text))
    lines = text.split("\n")
    fence: str | None = None
    for i, line in enumerate(lines):
        match = _FENCE_RE.match(line)
        if fence is None and match:
            fence = match.group(1)
            lines[i] = " " * len(line)
        elif fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
                    and not line.strip().strip(fence[0]):
                fence = None
            lines[i] = " " * len(line)
        else:
            lines[i] = _blank_spans(line, _code_spans(line)) if "`" in line else line
    return "\n".join(lines)


def _comment_spans(text: str) -> list[tuple[int, int]]:
    """Closed HTML comments ``<!-- … -->``; once one has no end, none after it has."""
    spans, pos = [], 0
    while (start := text.find("<!--", pos)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        spans.append((start, end + 3))
        pos = end + 3
    return spans


def _inline(m: re.Match, found: list[Link]) -> None:
    url, start = m.group(2), m.start(2)
    if url.startswith("<") and url.endswith(">"):
        url, start = url[1:-1], start + 1
    if url:
        found.append(Link(url.strip(), start, MARKDOWN))


def links(text: str) -> list[Link]:
    """Every link of a Markdown text, in order of appearance."""
    clean = blank_code(text)
    found: list[Link] = []
    for m in _INLINE_RE.finditer(clean):
        _inline(m, found)
        for inner in _INLINE_RE.finditer(clean, m.start(1), m.end(1)):  # an image inside a link
            _inline(inner, found)
    for m in _REFDEF_RE.finditer(clean):
        url, start = m.group(1), m.start(1)
        if url.startswith("<") and url.endswith(">"):
            url, start = url[1:-1], start + 1
        found.append(Link(url, start, REFERENCE))
    for m in _AUTOLINK_RE.finditer(clean):
        found.append(Link(m.group(1), m.start(1), AUTOLINK))
    for m in _HTML_RE.finditer(clean):
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        url = m.group(group)
        if url.strip():
            found.append(Link(url.strip(), m.start(group), HTML))
    return sorted(found, key=lambda link: link.offset)

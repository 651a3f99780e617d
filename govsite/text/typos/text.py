"""The prose of a page: Markdown with code, URLs, HTML tags and link targets blanked.

Blanking replaces characters with spaces (newlines kept), so offsets and lines of the
result are those of the page body, and no word is glued to its neighbour.
"""

from __future__ import annotations

import re

from govsite.text.normalize import _blank_spans, _code_spans

# Every mask is linear in the text (tests/security/test_bad_input.py): no pattern may
# scan to the end of a line or of the text from each of many starting points. Comments,
# code spans and link targets are found by scanning instead.
_MASKS = [
    re.compile(r"^(`{3,}|~{3,})[^\n]*\n.*?(?:^\1[ \t]*$|\Z)", re.S | re.M),  # fenced code
    "comments",  # HTML comments (suppressions included)
    "code spans",  # inline code
    "link targets",  # link and image targets ](…)
    re.compile(r"^[ \t]*\[[^\]\n]+\]:[ \t]*\S+.*$", re.M),  # reference definitions
    re.compile(r"<[A-Za-z/!][^<>\n]*>"),  # HTML tags
    re.compile(r"(?:https?|ftp)://[^\s<>\"'）)]+|www\.[^\s<>\"'）)]+", re.I),  # URLs
    re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail addresses
]


def _blank(m: re.Match) -> str:
    return re.sub(r"[^\n]", " ", m.group())


def _comment_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    while (start := text.find("<!--", pos)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break  # no comment after this one can be closed either
        spans.append((start, end + 3))
        pos = end + 3
    return spans


def _target_spans(text: str) -> list[tuple[int, int]]:
    """``](…)`` on one line; a ``](`` without ``)`` skips to the end of its line."""
    spans, pos = [], 0
    while (start := text.find("](", pos)) >= 0:
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        close = text.find(")", start + 2, line_end)
        if close < 0:
            pos = line_end
            continue
        spans.append((start, close + 1))
        pos = close + 1
    return spans


_SCANNERS = {"comments": _comment_spans, "code spans": _code_spans, "link targets": _target_spans}


def prose(markdown: str) -> str:
    """The text an editor wrote, same length and lines as ``markdown``."""
    for mask in _MASKS:
        if isinstance(mask, str):
            markdown = _blank_spans(markdown, _SCANNERS[mask](markdown))
        else:
            markdown = mask.sub(_blank, markdown)
    return markdown


def line_col(text: str, offset: int) -> tuple[int, int]:
    """0-based line and 1-based column of an offset."""
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def context(text: str, offset: int, length: int = 1, width: int = 4) -> str:
    """A few characters either side of a span, on one line, for a message."""
    lo = max(0, offset - width)
    hi = min(len(text), offset + length + width)
    left = text[lo:offset].split("\n")[-1].strip()
    right = text[offset + length:hi].split("\n")[0].strip()
    return f"{left}{text[offset:offset + length]}{right}"

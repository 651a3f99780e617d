"""The prose of a page: Markdown with code, URLs, HTML tags and link targets blanked.

Blanking replaces characters with spaces (newlines kept), so offsets and lines of the
result are those of the page body, and no word is glued to its neighbour.
"""

from __future__ import annotations

import re

_MASKS = [
    re.compile(r"^(`{3,}|~{3,})[^\n]*\n.*?(?:^\1[ \t]*$|\Z)", re.S | re.M),  # fenced code
    re.compile(r"<!--.*?-->", re.S),  # HTML comments (suppressions included)
    re.compile(r"(`+)(?:(?!\1).)+?\1", re.S),  # inline code
    re.compile(r"\]\([^)\n]*\)"),  # link and image targets
    re.compile(r"^\s*\[[^\]\n]+\]:\s*\S+.*$", re.M),  # reference definitions
    re.compile(r"<[A-Za-z/!][^>\n]*>"),  # HTML tags
    re.compile(r"(?:https?|ftp)://[^\s<>\"'）)]+|www\.[^\s<>\"'）)]+", re.I),  # URLs
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail addresses
]


def _blank(m: re.Match) -> str:
    return re.sub(r"[^\n]", " ", m.group())


def prose(markdown: str) -> str:
    """The text an editor wrote, same length and lines as ``markdown``."""
    for rx in _MASKS:
        markdown = rx.sub(_blank, markdown)
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

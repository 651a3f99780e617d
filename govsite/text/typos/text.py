"""Positions and context in a page's prose (:attr:`govsite.text.document.PageDocument.prose`:
the body with code, addresses, tags and link targets blanked, same offsets and lines)."""

from __future__ import annotations


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

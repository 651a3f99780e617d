"""The texts of a page the typo rules read: the title and the body's prose."""

from __future__ import annotations

from govsite.core.pages import Page
from govsite.text.document import document
from govsite.text.typos.text import line_col


def texts(page: Page) -> list[tuple[str, int, int, str]]:
    """(text, first file line, column offset of line 1) for the title and the body."""
    if page.read_error or page.decode_error or page.text is None:
        return []
    out = []
    title = page.meta.get("title")
    if isinstance(title, str) and title.strip():
        out.append((title, page.key_line("title"), 0, "title"))
    out.append((document(page).prose, page.body_line, 0, "body"))
    return out


def where(text: str, first_line: int, offset: int) -> tuple[int, int]:
    line, col = line_col(text, offset)
    return first_line + line, col

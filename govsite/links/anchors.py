"""The anchors (``#id``) a page will have once built: heading ids, ``{#id}``
attributes and ``id``/``name`` attributes of raw HTML.

Heading ids depend on the ``toc`` extension's ``slugify`` in ``mkdocs.yml`` (the
portal uses ``pymdownx.slugs.slugify`` with ``case: lower`` so that Chinese headings
keep their text). The page is parsed by :mod:`govsite.text.document` with the site's own
Markdown engine, so this agrees with MkDocs' anchor validation.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from govsite.core.pages import DEFAULT_LIMITS, FRONTMATTER_RE, Limits
from govsite.text.document import parse


def ids_of_text(root: Path, text: str) -> set[str]:
    """Anchor ids of a Markdown text (front-matter, if any, is skipped)."""
    match = FRONTMATTER_RE.match(text)
    body = text[match.end():] if match else text
    return set(parse(root, body).ids)


@lru_cache(maxsize=512)
def _ids_of_file(path: Path, stamp: tuple, root: Path, limits: Limits) -> frozenset[str]:
    try:
        text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return frozenset()
    if len(text) > limits.line_chars and max(map(len, text.split("\n"))) > limits.line_chars:
        return frozenset()  # FIL011 on that page; rendering it would stall this one's check
    return frozenset(ids_of_text(root, text))


def ids_of_file(root: Path, path: Path, limits: Limits = DEFAULT_LIMITS) -> frozenset[str]:
    """Anchors of another page; none when it is over the size limits (it is never published)."""
    try:
        st = path.stat()
    except OSError:
        return frozenset()
    if st.st_size > limits.page_bytes:
        return frozenset()
    return _ids_of_file(path, (st.st_mtime_ns, st.st_size), root, limits)

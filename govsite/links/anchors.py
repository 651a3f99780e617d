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

from govsite.core.pages import FRONTMATTER_RE
from govsite.text.document import parse


def ids_of_text(root: Path, text: str) -> set[str]:
    """Anchor ids of a Markdown text (front-matter, if any, is skipped)."""
    match = FRONTMATTER_RE.match(text)
    body = text[match.end():] if match else text
    return set(parse(root, body).ids)


@lru_cache(maxsize=512)
def _ids_of_file(path: Path, stamp: tuple, root: Path) -> frozenset[str]:
    try:
        text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return frozenset()
    return frozenset(ids_of_text(root, text))


def ids_of_file(root: Path, path: Path) -> frozenset[str]:
    try:
        st = path.stat()
    except OSError:
        return frozenset()
    return _ids_of_file(path, (st.st_mtime_ns, st.st_size), root)

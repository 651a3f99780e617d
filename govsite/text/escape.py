"""Values as text: front-matter, ``unit.yml`` and ``govsite.yml`` values put into HTML,
Markdown or the theme are shown, never run.

Everything a pull request carries is hostile, metadata included: a title such as
``通知<img src=x onerror=alert(1)>`` must reach every place it is shown (the page, the
navigation, ``<title>``, ``<meta name="description">``, the column lists, the 目录, the
search index, the patrol reports) as those characters, not as an element. Values are
escaped where they are put into a format, once:

* :func:`html_text` for HTML text and attribute values (``&<>"'``);
* :func:`md_text` for Markdown that govsite generates: the Markdown punctuation of the
  site's extensions is backslash-escaped (no emphasis, code, link, heading, list, table
  cell or ``{: attr_list}`` can be made from a value) and HTML characters become
  entities, which Markdown passes through as text;
* :func:`theme_meta` for the front-matter the theme prints unescaped (Material writes
  ``page.meta.title`` and ``page.meta.description`` into the page as they are).
"""

from __future__ import annotations

import html
import re
from typing import Any

# Inline: what starts emphasis, code, links, attribute lists ({: ...}) and table cells.
# At the start of a line also what starts a heading or a list. Python-Markdown (and its
# tables extension) turns each backslash-escaped one back into the plain character.
_MD_INLINE_RE = re.compile(r"([\\`*_{}\[\]|])")
_MD_LEADING_RE = re.compile(r"\A(\s*)(?:([#+-])|(\d+)([.)]))")
_BREAKS_RE = re.compile(r"[\r\n\u2028\u2029]+")


def html_text(value: Any) -> str:
    """``value`` as HTML text or a quoted attribute value."""
    return html.escape("" if value is None else str(value), quote=True)


def md_text(value: Any) -> str:
    """``value`` as literal inline text in generated Markdown (one line)."""
    text = _BREAKS_RE.sub(" ", "" if value is None else str(value))
    text = _MD_INLINE_RE.sub(r"\\\1", text)
    text = _MD_LEADING_RE.sub(lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\{m.group(4)}"), text)
    return html.escape(text, quote=True)


def theme_meta(meta: dict) -> dict:
    """A copy of a page's front-matter with every text value HTML-escaped, for the theme."""
    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return html_text(value)
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return walk(meta)

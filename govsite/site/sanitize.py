"""Sanitising a page's rendered content before it is themed and published.

The HTML rules (HTM001-003, SEN002) tell an editor what is unsafe; this is the second
line: whatever the Markdown contains, and even when a finding was suppressed in the page,
the published page carries no script, frame, form, event handler or ``javascript:`` /
``data:`` address. It runs on the page's *content* (MkDocs ``page.content``, the
rendered Markdown), never on the themed page, so the theme's own markup and scripts
(Material's search, navigation, palette) are untouched.

Allowed: the markup Python-Markdown and its common extensions produce (headings with
ids and permalinks, tables, admonitions, code highlighting, footnotes, task lists,
details, abbreviations, images), ``class``/``id``/``title``/``lang``/``dir`` on every
element, ``http``/``https``/``mailto``/``tel`` and relative addresses. Removed: every
other element (with its content for script-like ones), every other attribute (``style``,
``on*``), every other URL scheme.
"""

from __future__ import annotations

import re

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark", "ol", "p",
    "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr", "section", "article",
    "aside", "header", "footer", "nav", "center",
}
# Removed together with their content: the text inside them is code or page furniture.
CLEAN_CONTENT = {"script", "style", "noscript", "iframe", "frame", "frameset", "object", "embed",
                 "applet", "template", "svg", "math", "select", "textarea", "title", "head"}
GENERIC = {"class", "id", "title", "lang", "dir", "role"}
ATTRIBUTES = {
    "*": GENERIC,
    "a": {"href", "hreflang", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align", "headers"},
    "th": {"colspan", "rowspan", "align", "scope", "headers"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "details": {"open"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "label": {"for"},
    "input": {"checked", "disabled", "name"},  # only checkbox and radio inputs survive
}
# Task lists (pymdownx.tasklist) and content tabs (pymdownx.tabbed) use these inputs.
ATTRIBUTE_VALUES = {"input": {"type": {"checkbox", "radio"}}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_OTHER_INPUT_RE = re.compile(r'<input(?![^>]*\btype="(?:checkbox|radio)")[^>]*>')


def sanitize_content(html: str) -> str:
    """The page content with every unsafe construct removed (see the module doc)."""
    if not html:
        return html
    clean = nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags=CLEAN_CONTENT,
        attributes=ATTRIBUTES,
        tag_attribute_values=ATTRIBUTE_VALUES,
        url_schemes=URL_SCHEMES,
        generic_attribute_prefixes={"aria-"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _OTHER_INPUT_RE.sub("", clean) if "<input" in clean else clean

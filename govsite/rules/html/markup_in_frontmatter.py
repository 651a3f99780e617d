"""Markup in a front-matter value.

What: a value of the page's front-matter (``title``, ``description``, ``source``,
    ``doc_number``, a reviewer's name, any other key, at any depth) that holds an HTML
    tag or comment, such as ``title: "通知<img src=x onerror=alert(1)>"`` or
    ``description: 测试"><script>alert(15)</script>``.
Why: 第十四条 — 网站安全防护. Front-matter values are shown in the page, the navigation,
    the browser's title bar, the ``<meta>`` tags, the column lists, the 目录 and the
    search index. govsite shows them as text, so the markup appears literally to every
    visitor; and markup in metadata has no purpose on a government page except to
    attack one of those places.
Example: ``title: 关于开展检查的通知<script>alert(1)</script>``.
Fix: write the value as plain text; for emphasis or links use the page's body.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext

_MARKUP_RE = re.compile(r"</?[A-Za-z][^<>]*>?|<!--|<!\[CDATA\[|<\?")


def _values(value: object, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _values(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _values(item, path + (index,))


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    meta = page.meta
    if not isinstance(meta, dict):
        return
    for path, text in _values(meta, ()):
        m = _MARKUP_RE.search(text)
        if m is None:
            continue
        key = ".".join(str(p) for p in path)
        shown = m.group()[:40].replace("\n", " ")
        yield Hit(page.key_line(*path), f"元数据 {key} 中含 HTML 标记 {shown!r}；元数据只能是纯文本，请删除标记")

"""An HTML element that runs code, embeds another site or collects input.

What: raw HTML in the Markdown with ``<script>``, ``<iframe>``/``<frame>``,
    ``<object>``/``<embed>``/``<applet>``, ``<form>``, ``<style>``, ``<svg>``,
    ``<meta>``, ``<link>``, ``<base>`` or ``<template>``. HTML shown as code (in a code
    block or code span) is text and does not count.
Why: 第十四条 — the site's security is the host unit's duty: a script or a frame on a
    government page can steal visitors' data, redirect them or deface the site, and a form
    can collect personal data outside any approved system. The build removes these
    elements anyway (nh3), so a page that needs them would silently lose them.
Example: ``<script src="https://cdn.example/x.js"></script>``; ``<iframe src="…">``.
Fix: remove the element. Embed video as a link to the government video platform or an
    uploaded file; collect input through the approved 互动交流 system; the site's look
    comes from the portal theme.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext
from govsite.text.document import document

UNSAFE = {
    "script": "脚本", "noscript": "脚本替代内容", "iframe": "内嵌框架", "frame": "框架", "frameset": "框架集",
    "object": "嵌入对象", "embed": "嵌入对象", "applet": "Java 小程序", "form": "表单", "style": "样式表",
    "svg": "SVG 图形", "math": "MathML", "meta": "元数据（可跳转）", "link": "外部资源", "base": "基准地址",
    "template": "模板", "portal": "门户嵌入",
}


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    doc = document(page)
    for el in doc.elements:
        what = UNSAFE.get(el.tag)
        if what:
            line, column = doc.where(el.start)
            yield Hit(line, f"页面含不安全的 HTML 元素 <{el.tag}>（{what}）；政府网站页面不得嵌入脚本、框架或表单，请删除（发布时也会被清除）", column)

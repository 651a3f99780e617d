"""An image without a text alternative (alt text).

What: an image of the page's content, Markdown ``![](图片.png)`` or HTML ``<img>``, whose
    alternative text is missing or empty, or is only the image's file name
    (``![photo.png](photo.png)``, what a word processor often fills in). An image marked
    decorative (``role="presentation"``, ``role="none"`` or ``aria-hidden="true"``) and
    an image hidden from every reader are not content and do not count.
Why: 《信息技术 互联网内容无障碍可访问性技术要求与测试方法》（GB/T 37668-2019，非文本内容）
    and the 无障碍 requirement of the national 检查指标: every non-text content has a text
    alternative that serves the same purpose. A screen reader reads the alt text aloud;
    without it a blind visitor hears only the file name or nothing, and a notice
    published as a picture (a 通知 scanned as an image, a chart of figures) says nothing
    to them at all.
Example: ``![](2026-11-23-huiyi.jpg)``; ``<img src="tu1.png">``; ``![IMG_0012.JPG](IMG_0012.JPG)``.
Fix: write what the image shows, in a few words, between the brackets:
    ``![城西街道社区治理工作推进会现场](2026-11-23-huiyi.jpg)`` (in HTML: ``alt="…"``).
    A picture of text (a scanned notice, a table as an image) needs its text on the page
    too. A purely decorative image gets ``{role=presentation}`` after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext
from govsite.text.document import Element, document

_FILE_NAME_RE = re.compile(r"[^\s/\\]{1,80}\.(?:png|jpe?g|gif|bmp|webp|svg|tiff?|heic)", re.I)


def decorative(el: Element) -> bool:
    """Marked as decoration: assistive technology skips it by the author's choice."""
    role = (el.attr("role") or "").strip().lower()
    return role in ("presentation", "none") or (el.attr("aria-hidden") or "").strip().lower() == "true"


def _shown(src: str) -> str:
    name = PurePosixPath(src.split("?", 1)[0].split("#", 1)[0]).name or src
    return name if len(name) <= 40 else name[:37] + "…"


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    doc = document(page)
    for el in doc.elements:
        if el.tag != "img" or el.hidden or decorative(el):
            continue
        alt = (el.attr("alt") or "").strip()
        src = el.attr("src") or ""
        line, column = doc.where(el.start)
        how = '加上 alt="图片内容"' if el.raw else "在 ![ ] 的方括号中写明图片内容，如 ![区政府办公楼外景](图片.jpg)"
        if not alt:
            yield Hit(line, f"图片 {_shown(src)} 没有替代文本（alt），读屏软件无法向视障用户说明图片内容；请{how}", column)
        elif _FILE_NAME_RE.fullmatch(alt) or alt == PurePosixPath(src).name:
            yield Hit(line, f"图片 {_shown(src)} 的替代文本“{alt[:40]}”只是文件名，不能说明图片内容；请改为描述图片内容的文字", column)

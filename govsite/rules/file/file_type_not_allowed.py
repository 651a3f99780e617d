"""A file of a type the site never publishes.

What: under ``units/`` or ``content/``, a file that is neither a page (``.md``), a
    unit's ``unit.yml`` nor an attachment of an allowed type
    (``govsite/data/attachments.yml``, extended in ``govsite.yml``); anywhere under
    ``units/``, ``content/`` or ``review/``, a page in another Markdown extension
    (``.markdown``, ``.mkd``, ``.mdown`` …) or a file a browser runs (``.html``,
    ``.htm``, ``.xhtml``, ``.svg``, ``.js`` …).
Why: 第十一条、第十四条 — only pages that passed the 三审三校 gate and checked attachments
    may go online; an HTML or SVG file would put unreviewed script on the portal's
    domain, and a ``.markdown`` page would render without any signature.
    The one exception: the charts ``govsite report`` writes into ``content/reports/``,
    admitted only untracked and made of plain drawing elements (``govsite/core/charts.py``).
Example: ``units/czj/gzdt/x.markdown``; ``units/czj/tzgg/notice.html``; ``content/logo.svg``.
Fix: write pages as ``.md``; publish documents as PDF/Office/WPS/OFD files, pictures as
    PNG/JPEG/GIF/WebP; delete anything else. A type the portal really needs is added
    by the platform owner (``attachments.types`` in ``govsite.yml``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from govsite.core.files import ACTIVE_FILE, CHART, OTHER_MD, UNLISTED, TreeFile, chart_admitted, classify
from govsite.rules.base import Hit, RuleContext


def check(entry: TreeFile, ctx: RuleContext) -> Iterable[Hit]:
    kind = classify(entry, ctx.project.attachment_types)
    if kind == OTHER_MD:
        suffix = PurePosixPath(entry.rel).suffix  # as written: .MD is not .md
        yield Hit(1, f"页面只能使用 .md 扩展名（{suffix} 页面不经三审三校签名检查）；请改名为小写 .md")
    elif kind == CHART and not chart_admitted(entry):
        yield Hit(1, "content/reports/ 下的 .svg 只能是 govsite report 生成、未提交到仓库的统计图；"
                     "不要提交或手工修改它，请删除该文件后重新运行 govsite report")
    elif kind == ACTIVE_FILE:
        yield Hit(1, f"不允许提交 {entry.suffix} 文件（网页、图形脚本或程序会在读者浏览器中运行）；"
                     "请把内容写成 .md 页面，图片改用 PNG/JPEG，或删除该文件")
    elif kind == UNLISTED:
        allowed = ctx.project.attachment_types.listed()
        what = f"{entry.suffix} 类型" if entry.suffix else "没有扩展名的"
        yield Hit(1, f"{what}文件不在允许发布的附件类型中（允许：{allowed}）；请转换为允许的格式，或删除该文件")

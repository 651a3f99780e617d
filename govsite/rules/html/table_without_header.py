"""A table without a header row.

What: a table of the page's content with no header cell at all (an HTML ``<table>`` made
    only of ``<td>``, as pasted from a word processor or a spreadsheet), or whose header
    row has empty header cells (a Markdown table whose first row is left blank,
    ``|  |  |`` over ``|---|---|``). The first header cell may be empty: the corner of a
    table with row and column headings. A layout table marked ``role="presentation"``
    (or ``role="none"``) holds no data and does not count; nor does a hidden one.
Why: 《信息技术 互联网内容无障碍可访问性技术要求与测试方法》（GB/T 37668-2019，信息和关系）
    and the 无障碍 requirement of the national 检查指标: the structure a sighted reader
    sees (which figure belongs to which item and year) must be available to assistive
    technology. A screen reader announces each cell with its column header; without
    one, a budget table or a list of 办事 fees becomes a stream of unrelated numbers.
Example: ``<table><tr><td>项目</td><td>金额</td></tr><tr><td>办公费</td><td>12.5</td></tr></table>``;
    ``|  |  |`` / ``|---|---|`` / ``| 办公费 | 12.5 |``.
Fix: write the table in Markdown, first row the column headings:
    ``| 项目 | 金额（万元） |`` / ``| --- | ---: |`` / ``| 办公费 | 12.5 |``; in HTML make
    the first row ``<th>`` cells (``<thead><tr><th>项目</th><th>金额</th></tr></thead>``).
    Fill in every heading. A table used only to place things side by side gets
    ``role="presentation"``, or better, no table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext
from govsite.text.document import PageDocument, document

# The delimiter row of a pipe table (``| --- | :---: |``, with at least one pipe, so a
# thematic break or a heading underline is not one): the line after the header row.
_DELIMITER_RE = re.compile(r"^(?=[^\n]*\|)[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$", re.M)


def _children(node: LexborNode) -> Iterator[LexborNode]:
    return (c for c in node.iter(include_text=False) if c.tag and c.tag[0].isalpha())


def _rows(table: LexborNode) -> list[LexborNode]:
    """The table's own rows (a nested table's rows are its own)."""
    rows = []
    for child in _children(table):
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in _children(child) if c.tag == "tr")
    return rows


def _cells(row: LexborNode) -> list[LexborNode]:
    return [c for c in _children(row) if c.tag in ("td", "th")]


def _empty(cell: LexborNode) -> bool:
    """No text and no image that says something."""
    if (cell.text(deep=True) or "").strip():
        return False
    return not any((img.attributes.get("alt") or "").strip() for img in cell.css("img"))


def _layout(table: LexborNode) -> bool:
    return (table.attributes.get("role") or "").strip().lower() in ("presentation", "none")


def _markdown_table_start(doc: PageDocument, pos: int) -> tuple[int, int]:
    """(offset of its header row, offset after its delimiter row) of the pipe table the
    parser found at or after ``pos``; (pos, pos) when it cannot be found."""
    m = _DELIMITER_RE.search(doc.body, pos)
    if m is None or m.start() == 0:
        return pos, pos
    return doc.body.rfind("\n", 0, m.start() - 1) + 1, m.end()


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    doc = document(page)
    tables = [el for el in doc.elements if el.tag == "table"]
    if not tables:
        return
    nodes = LexborHTMLParser(doc.html).css("table")
    cursor = 0
    for el, node in zip(tables, nodes, strict=False):
        if el.raw:
            start = el.start
        else:  # a pipe table: the parser knows it is there, its header row says where
            start, cursor = _markdown_table_start(doc, max(el.start, cursor))
        if el.hidden or _layout(node):
            continue
        rows = _rows(node)
        if not rows:
            continue
        line, column = doc.where(start)
        if not any(c.tag == "th" for row in rows for c in _cells(row)):
            yield Hit(line, "表格没有表头行：读屏软件无法说明每个数据属于哪一列；请把第一行写成列标题"
                            "（Markdown 表格的第一行，HTML 表格用 <th>）", column)
            continue
        head = _cells(rows[0])
        if not head or any(c.tag != "th" for c in head):
            continue  # row headings only (<th> down the first column): a header of its own kind
        empty = [i for i, cell in enumerate(head) if _empty(cell)]
        if len(empty) == len(head):
            yield Hit(line, "表格的表头行是空的：请在第一行填写每一列的标题", column)
        elif missing := [i + 1 for i in empty if i > 0]:  # the first may be the corner
            where = "、".join(f"第 {i} 列" for i in missing)
            yield Hit(line, f"表格表头中{where}的标题是空的：请填写该列的标题", column)

"""The 政府信息公开目录 (column ``xxgkml``) of a unit, generated from its pages.

第十条第五款: the 目录 lists what the unit has published, so it is built from the pages
themselves and never written by hand (a hand-written page in ``xxgkml/`` is COL005). Each
row: 索引号 (``index_number``, when present), 标题 (linked), 发文字号 (``doc_number``), 成文日期
(``issued``), 发布日期 (``date``) and 栏目. Newest first; split into pages of
:data:`ROWS_PER_PAGE` rows at ``<unit>/xxgkml/index.md``, ``<unit>/xxgkml/page/2.md`` ….
"""

from __future__ import annotations

import datetime as dt
import math
import posixpath
from dataclasses import dataclass

from ..project import Project
from ..dates import as_date
from ..units import Unit

CATALOG_COLUMN = "xxgkml"
ROWS_PER_PAGE = 100


@dataclass(frozen=True)
class Row:
    rel: str
    title: str
    index_number: str
    doc_number: str
    issued: dt.date | None
    date: dt.date | None
    column: str

    @property
    def sort_key(self):
        return (self.date or dt.date.min, self.rel)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def catalog_rows(project: Project, unit: Unit) -> list[Row]:
    """Every page of the unit's authored columns, newest first."""
    rows = []
    for column in unit.columns:
        if not column.has_folder:
            continue
        for rel in project.column_pages(unit.id, column.id):
            meta = project.page(rel).meta
            rows.append(Row(rel, _text(meta.get("title")) or posixpath.basename(rel)[:-3],
                            _text(meta.get("index_number")), _text(meta.get("doc_number")),
                            as_date(meta.get("issued")), as_date(meta.get("date")), column.name))
    return sorted(rows, key=lambda r: r.sort_key, reverse=True)


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _link_text(text: str) -> str:
    return _cell(text).replace("[", "\\[").replace("]", "\\]")


def _uri(unit_id: str, number: int) -> str:
    base = f"{unit_id}/{CATALOG_COLUMN}"
    return f"{base}/index.md" if number == 1 else f"{base}/page/{number}.md"


def catalog_pages(project: Project, unit: Unit):
    """The unit's 目录 as generated pages (``govsite.site.pages.Generated``)."""
    from .pages import Generated

    column = unit.column(CATALOG_COLUMN)
    name = column.name if column else "政府信息公开目录"
    rows = catalog_rows(project, unit)
    count = max(1, math.ceil(len(rows) / ROWS_PER_PAGE))
    out = []
    for number in range(1, count + 1):
        uri = _uri(unit.id, number)
        here = posixpath.dirname(uri)
        chunk = rows[(number - 1) * ROWS_PER_PAGE: number * ROWS_PER_PAGE]
        lines = [f"# {name}", "", f"{unit.name} · {name} · 共 {len(rows)} 条（根据各栏目页面自动生成）", ""]
        if chunk:
            lines += ["| 索引号 | 标题 | 发文字号 | 成文日期 | 发布日期 | 栏目 |", "| --- | --- | --- | --- | --- | --- |"]
            for r in chunk:
                link = posixpath.relpath(r.rel.split("/", 1)[1], here)
                lines.append(f"| {_cell(r.index_number)} | [{_link_text(r.title)}]({link}) | {_cell(r.doc_number)} | "
                             f"{r.issued or ''} | {r.date or ''} | {_cell(r.column)} |")
        else:
            lines.append("本单位暂无公开信息。")
        if count > 1:
            nav = []
            if number > 1:
                nav.append(f"[上一页]({posixpath.relpath(_uri(unit.id, number - 1), here)})")
            nav.append(f"第 {number} / {count} 页")
            if number < count:
                nav.append(f"[下一页]({posixpath.relpath(_uri(unit.id, number + 1), here)})")
            lines += ["", " · ".join(nav)]
        title = name if number == 1 else f"{name}（第 {number} 页）"
        out.append(Generated(uri, f"---\ntitle: {title}\n---\n\n" + "\n".join(lines) + "\n"))
    return out

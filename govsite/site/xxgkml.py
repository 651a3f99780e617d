"""The 政府信息公开目录 (column ``xxgkml``) of a unit, generated from its pages.

第十条第五款: the 目录 lists what the unit has published, so it is built from the pages
themselves and never written by hand (a hand-written page in ``xxgkml/`` is COL005). Each
row: 索引号 (``index_number``, when present), 标题 (linked), 发文字号 (``doc_number``), 成文日期
(``issued``), 发布日期 (``date``) and 栏目. Newest first; split into pages of
``settings.page_size`` rows at ``<unit>/xxgkml/index.md``, ``<unit>/xxgkml/page/2.md`` ….
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass

from govsite.core.paths import PagePath
from govsite.core.project import Project
from govsite.core.dates import as_date, is_expired
from govsite.core.units import Unit
from govsite.text.escape import md_text
from govsite.core.withdrawal import is_withdrawn
from govsite.site.generated import Generated, list_uri, page_count, pager, with_title

CATALOG_COLUMN = "xxgkml"


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
    def sort_key(self) -> tuple[dt.date, str]:
        return (self.date or dt.date.min, self.rel)


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def catalog_rows(project: Project, unit: Unit) -> list[Row]:
    """Every published page of the unit's authored columns, newest first (a page past
    its ``expires`` date is no longer listed)."""
    rows = []
    for column in unit.columns:
        if not column.has_folder:
            continue
        for rel in project.column_pages(unit.id, column.id):
            meta = project.page(rel).meta
            if is_expired(meta, project.today) or is_withdrawn(meta):
                continue  # expired, or taken down (第十五条): not in the 目录
            rows.append(Row(rel, _text(meta.get("title")) or PagePath(rel).slug,
                            _text(meta.get("index_number")), _text(meta.get("doc_number")),
                            as_date(meta.get("issued")), as_date(meta.get("date")), column.name))
    return sorted(rows, key=lambda r: r.sort_key, reverse=True)


def _cell(text: str) -> str:
    return md_text(text)


def catalog_pages(project: Project, unit: Unit) -> list[Generated]:
    """The unit's 目录 as generated pages."""
    column = unit.column(CATALOG_COLUMN)
    name = column.name if column else "政府信息公开目录"
    rows = catalog_rows(project, unit)
    size = project.settings.page_size
    count = page_count(len(rows), size)
    out = []
    for number in range(1, count + 1):
        uri = list_uri(unit.id, CATALOG_COLUMN, number)
        here = posixpath.dirname(uri)
        chunk = rows[(number - 1) * size: number * size]
        lines = [f"# {md_text(name)}", "", f"{md_text(unit.name)} · {md_text(name)} · 共 {len(rows)} 条（根据各栏目页面自动生成）", ""]
        if chunk:
            lines += ["| 索引号 | 标题 | 发文字号 | 成文日期 | 发布日期 | 栏目 |", "| --- | --- | --- | --- | --- | --- |"]
            for r in chunk:
                link = posixpath.relpath(PagePath(r.rel).mounted, here)
                lines.append(f"| {_cell(r.index_number)} | [{md_text(r.title)}]({link}) | {_cell(r.doc_number)} | "
                             f"{r.issued or ''} | {r.date or ''} | {_cell(r.column)} |")
        else:
            lines.append("本单位暂无公开信息。")
        if count > 1:
            lines += ["", pager(uri, unit.id, CATALOG_COLUMN, number, count)]
        title = name if number == 1 else f"{name}（第 {number} 页）"
        out.append(Generated(uri, with_title(title, "\n".join(lines))))
    return out

"""Generated pages as Markdown: unit homes, column lists with pagination, portal lists.

Links are relative Markdown links to source files, so the generator resolves and
validates them like any authored link.
"""

from __future__ import annotations

import posixpath

from govsite.core.paths import PagePath
from govsite.core.project import Project
from govsite.core.units import Unit
from govsite.text.escape import md_text
from govsite.site.catalog import Entry, column_entries, latest
from govsite.site.generated import Generated, list_uri, page_count, pager, with_title
from govsite.site.sections import section_pages
from govsite.site.xxgkml import catalog_pages

HOME_ITEMS = 5  # items per column on a unit's home page
# What a link-out column's section says before its link 进入<name> on a unit's home.
LINK_OUT = {"zwfw": "办事指南、在线申报和办理进度查询：", "hdjl": "咨询、建议和投诉："}


def _link(from_uri: str, entry: Entry) -> str:
    target = PagePath(entry.rel).mounted  # the page is mounted at <unit>/...
    rel = posixpath.relpath(target, posixpath.dirname(from_uri) or ".")
    when = entry.date.isoformat() if entry.date else ""
    return f"- [{md_text(entry.title)}]({rel}) <span class=\"govsite-date\">{when}</span>"


def column_list_pages(project: Project, unit: Unit, column_id: str) -> list[Generated]:
    """A column's list, newest first, split into pages of ``settings.page_size``."""
    column = unit.column(column_id)
    if column is None:
        raise ValueError(f"{unit.id} has no column {column_id}")
    entries = column_entries(project, unit, column_id)
    size = project.settings.page_size
    count = page_count(len(entries), size)
    out = []
    for number in range(1, count + 1):
        uri = list_uri(unit.id, column_id, number)
        chunk = entries[(number - 1) * size: number * size]
        lines = [f"# {md_text(column.name)}", "", f"{md_text(unit.name)} · {md_text(column.name)} · 共 {len(entries)} 条", ""]
        lines += [_link(uri, e) for e in chunk] or ["本栏目暂无信息。"]
        if count > 1:
            lines += ["", pager(uri, unit.id, column_id, number, count)]
        title = column.name if number == 1 else f"{column.name}（第 {number} 页）"
        out.append(Generated(uri, with_title(title, "\n".join(lines))))
    return out


def unit_home(project: Project, unit: Unit) -> Generated:
    """A unit's home: every column under its heading, and never a heading without
    content: a list column shows its newest items or says 暂无信息, a link-out or
    generated column says where its link leads."""
    uri = f"{unit.id}/index.md"
    lines = [f"# {md_text(unit.name)}", ""]
    for column in unit.columns:
        if column.kind == "link":
            # A portal page (content/*.md) is linked relatively so the build validates it.
            target = column.url or ""  # unit.yml and columns.yml require it for link columns
            url = posixpath.relpath(target, unit.id) if target.endswith(".md") else target
            lines += [f"## {md_text(column.name)}", "", f"{LINK_OUT.get(column.id, '')}[进入{md_text(column.name)}]({url})", ""]
            continue
        if column.kind == "generated":
            if column.id == "xxgkml":
                more = posixpath.relpath(list_uri(unit.id, column.id), unit.id)
                lines += [f"## {md_text(column.name)}", "",
                          f"本单位主动公开的政府信息，按主题分类和发布日期编排：[查阅{md_text(column.name)}]({more})", ""]
            continue
        entries = column_entries(project, unit, column.id)
        more = posixpath.relpath(list_uri(unit.id, column.id), unit.id)
        lines += [f"## [{md_text(column.name)}]({more})", ""]
        lines += [_link(uri, e) for e in entries[:HOME_ITEMS]] or ["本栏目暂无信息。"]
        lines.append("")
    return Generated(uri, with_title(unit.name, "\n".join(lines)))


def unit_directory(project: Project, from_uri: str = "index.md") -> str:
    """The portal's list of subsites, grouped by kind (for the home page)."""
    groups = {"department": "区政府部门", "township": "乡镇", "street": "街道"}
    lines = []
    for kind, label in groups.items():
        units = [u for u in project.units() if u.kind == kind]
        if not units:
            continue
        lines.append(f"**{label}**：" + " · ".join(
            f"[{md_text(u.short_name)}]({posixpath.relpath(f'{u.id}/index.md', posixpath.dirname(from_uri) or '.')})" for u in units))
        lines.append("")
    return "\n".join(lines)


def latest_news(project: Project, from_uri: str = "index.md", column_id: str = "gzdt", limit: int = 10) -> str:
    lines = []
    for unit, entry in latest(project, column_id, limit):
        lines.append(_link(from_uri, entry) + f" <span class=\"govsite-unit\">{md_text(unit.short_name)}</span>")
    return "\n".join(lines) or "暂无信息。"


def generated_pages(project: Project, unit_ids: set[str] | None = None, sections: bool = True) -> list[Generated]:
    """Every unit's generated pages, or those of ``unit_ids`` only (a shard build), and
    the portal's sections 政务公开 and 单位导航 unless ``sections`` is false (a unit's
    shard: the portal's shard writes them; 政务公开 reads the newest policies of every
    unit, which a preview of one unit should not pay for on every edit)."""
    out = section_pages(project) if sections else []
    for unit in project.units():
        if unit_ids is not None and unit.id not in unit_ids:
            continue
        out.append(unit_home(project, unit))
        for column in unit.columns:
            if column.has_folder:
                out.extend(column_list_pages(project, unit, column.id))
            elif column.id == "xxgkml":  # 政府信息公开目录, generated from the pages (第十条（五）)
                out.extend(catalog_pages(project, unit))
    return out

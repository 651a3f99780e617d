"""Generated pages as Markdown: unit homes, column lists with pagination, portal lists.

Links are relative Markdown links to source files, so the generator resolves and
validates them like any authored link.
"""

from __future__ import annotations

import math
import posixpath
from dataclasses import dataclass

from ..project import Project
from ..units import Unit
from .catalog import Entry, column_entries, latest

HOME_ITEMS = 5  # items per column on a unit's home page


@dataclass(frozen=True)
class Generated:
    src_uri: str  # where the page pretends to live in the docs tree
    markdown: str


def _link(from_uri: str, entry: Entry) -> str:
    target = entry.rel.split("/", 1)[1]  # drop "units/": the page is mounted at <unit>/...
    rel = posixpath.relpath(target, posixpath.dirname(from_uri) or ".")
    when = entry.date.isoformat() if entry.date else ""
    return f"- [{_escape(entry.title)}]({rel}) <span class=\"govsite-date\">{when}</span>"


def _escape(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def list_uri(unit_id: str, column_id: str, number: int = 1) -> str:
    base = f"{unit_id}/{column_id}"
    return f"{base}/index.md" if number == 1 else f"{base}/page/{number}.md"


def column_list_pages(project: Project, unit: Unit, column_id: str) -> list[Generated]:
    """A column's list, newest first, split into pages of ``settings.page_size``."""
    column = unit.column(column_id)
    entries = column_entries(project, unit, column_id)
    size = project.settings.page_size
    count = max(1, math.ceil(len(entries) / size))
    out = []
    for number in range(1, count + 1):
        uri = list_uri(unit.id, column_id, number)
        chunk = entries[(number - 1) * size: number * size]
        lines = [f"# {column.name}", "", f"{unit.name} · {column.name} · 共 {len(entries)} 条", ""]
        lines += [_link(uri, e) for e in chunk] or ["本栏目暂无信息。"]
        if count > 1:
            lines += ["", _pager(uri, unit.id, column_id, number, count)]
        title = column.name if number == 1 else f"{column.name}（第 {number} 页）"
        out.append(Generated(uri, _with_title(title, "\n".join(lines))))
    return out


def _pager(from_uri: str, unit_id: str, column_id: str, number: int, count: int) -> str:
    def link(n: int, label: str) -> str:
        return f"[{label}]({posixpath.relpath(list_uri(unit_id, column_id, n), posixpath.dirname(from_uri))})"

    parts = []
    if number > 1:
        parts.append(link(number - 1, "上一页"))
    parts.append(f"第 {number} / {count} 页")
    if number < count:
        parts.append(link(number + 1, "下一页"))
    return " · ".join(parts)


def unit_home(project: Project, unit: Unit) -> Generated:
    uri = f"{unit.id}/index.md"
    lines = [f"# {unit.name}", ""]
    for column in unit.columns:
        if column.kind == "link":
            # A portal page (content/*.md) is linked relatively so the build validates it.
            url = posixpath.relpath(column.url, unit.id) if column.url.endswith(".md") else column.url
            lines += [f"## [{column.name}]({url})", ""]
            continue
        if column.kind == "generated":
            if column.id == "xxgkml":
                lines += [f"## [{column.name}]({posixpath.relpath(list_uri(unit.id, column.id), unit.id)})", ""]
            continue
        entries = column_entries(project, unit, column.id)
        more = posixpath.relpath(list_uri(unit.id, column.id), unit.id)
        lines += [f"## [{column.name}]({more})", ""]
        lines += [_link(uri, e) for e in entries[:HOME_ITEMS]] or ["本栏目暂无信息。"]
        lines.append("")
    return Generated(uri, _with_title(unit.name, "\n".join(lines)))


def unit_directory(project: Project, from_uri: str = "index.md") -> str:
    """The portal's list of subsites, grouped by kind (for the home page)."""
    groups = {"department": "区政府部门", "township": "乡镇", "street": "街道"}
    lines = []
    for kind, label in groups.items():
        units = [u for u in project.units() if u.kind == kind]
        if not units:
            continue
        lines.append(f"**{label}**：" + " · ".join(
            f"[{u.short_name}]({posixpath.relpath(f'{u.id}/index.md', posixpath.dirname(from_uri) or '.')})" for u in units))
        lines.append("")
    return "\n".join(lines)


def latest_news(project: Project, from_uri: str = "index.md", column_id: str = "gzdt", limit: int = 10) -> str:
    lines = []
    for unit, entry in latest(project, column_id, limit):
        lines.append(_link(from_uri, entry) + f" <span class=\"govsite-unit\">{unit.short_name}</span>")
    return "\n".join(lines) or "暂无信息。"


def _with_title(title: str, body: str) -> str:
    return f"---\ntitle: {title}\n---\n\n{body}\n"


def generated_pages(project: Project) -> list[Generated]:
    out = []
    for unit in project.units():
        out.append(unit_home(project, unit))
        for column in unit.columns:
            if column.has_folder:
                out.extend(column_list_pages(project, unit, column.id))
            elif column.id == "xxgkml":  # 政府信息公开目录, generated from the pages (第十条（五）)
                from .xxgkml import catalog_pages

                out.extend(catalog_pages(project, unit))
    return out

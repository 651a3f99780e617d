"""The portal's main sections: the top navigation and the two pages it adds.

A district portal opens on its main sections (首页, 政务公开, 政务服务, 互动交流 and the
directory of its units' subsites), not on a documentation tree. 政务服务 and 互动交流
are the link-out columns of ``govsite/data/columns.yml`` (渝快办 and the portal's 公开信箱
page); 政务公开 and 单位导航 are generated here, as plain Markdown like every other
generated page, from the units' own columns. Their folders (``zwgk``, ``dwdh``) are
reserved: no unit may take those ids (``govsite/core/units.py``).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from govsite.core.columns import standard_columns
from govsite.core.paths import PagePath
from govsite.core.project import Project
from govsite.core.units import RESERVED_IDS, Unit
from govsite.site.catalog import latest
from govsite.site.generated import Generated, list_uri, with_title
from govsite.text.escape import html_text, md_text

OPEN_GOVERNMENT = "zwgk"  # 政务公开
DIRECTORY = "dwdh"  # 单位导航
SECTIONS = {OPEN_GOVERNMENT: "政务公开", DIRECTORY: "单位导航"}
assert set(SECTIONS) <= RESERVED_IDS, "a generated section must be a reserved unit id"
KIND_LABELS = {"department": "区政府部门", "township": "乡镇", "street": "街道"}
# The columns of 政府信息公开 (第十条（五）), in the order the 政务公开 page lists them.
OPEN_COLUMNS = ("xxgkzn", "xxgkml", "xxgknb", "zcwj", "zcjd")
LATEST_POLICIES = 10


@dataclass(frozen=True)
class TopItem:
    label: str
    href: str  # a site path under the base ("zwgk/") or an absolute https:// address
    section: str  # what the item stands for: "home", "zwgk", "zwfw", "hdjl", "dwdh"

    @property
    def external(self) -> bool:
        return "://" in self.href


def page_address(src_uri: str) -> str:
    """The site path a docs-tree page is served at (directory URLs): ``a/b.md`` → ``a/b/``."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
        return stem
    return stem + "/"


def served_path(base: str, path: str) -> str:
    """A site path under the portal's base path (``/`` or ``/portal/``)."""
    return base + path.lstrip("/")


def _column_target(column_id: str) -> str:
    column = next((c for c in standard_columns() if c.id == column_id), None)
    url = (column.url if column else None) or ""
    return page_address(url) if url.endswith(".md") and "://" not in url else url


def top_items() -> list[TopItem]:
    """首页, 政务公开, 政务服务, 互动交流, 单位导航 (the 指引's main sections)."""
    return [TopItem("首页", "", "home"), TopItem(SECTIONS[OPEN_GOVERNMENT], f"{OPEN_GOVERNMENT}/", OPEN_GOVERNMENT),
            TopItem("政务服务", _column_target("zwfw"), "zwfw"), TopItem("互动交流", _column_target("hdjl"), "hdjl"),
            TopItem(SECTIONS[DIRECTORY], f"{DIRECTORY}/", DIRECTORY)]


def section_of(src_uri: str, unit_ids: list[str]) -> str | None:
    """Which main section a page belongs to (for the top navigation's highlight)."""
    if src_uri == "index.md":
        return "home"
    head = src_uri.split("/", 1)[0]
    if head in SECTIONS:
        return head
    if page_address(src_uri) == _column_target("hdjl"):
        return "hdjl"
    if head in unit_ids and "/" in src_uri:
        return DIRECTORY  # a unit's subsite is reached through the directory
    return None


def top_nav_html(items: list[TopItem], base: str, src_uri: str, unit_ids: list[str]) -> str:
    """The portal's main navigation; the item of the current page is ``aria-current``."""
    here = page_address(src_uri)
    current = section_of(src_uri, unit_ids)
    out = []
    for item in items:
        href = item.href if item.external else served_path(base, item.href)
        attrs = ""
        if not item.external and item.href == here:
            attrs = ' aria-current="page"'
        elif item.section == current:
            attrs = ' class="govsite-topnav__current"'
        out.append(f'<li><a href="{html_text(href)}"{attrs}>{html_text(item.label)}</a></li>')
    return f'<nav class="govsite-topnav" aria-label="主导航"><ul class="govsite-topnav__list md-grid">{"".join(out)}</ul></nav>'


def _rel(from_uri: str, target_uri: str) -> str:
    return posixpath.relpath(target_uri, posixpath.dirname(from_uri) or ".")


def _grouped(project: Project) -> list[tuple[str, list[Unit]]]:
    groups = [(label, [u for u in project.units() if u.kind == kind]) for kind, label in KIND_LABELS.items()]
    return [(label, units) for label, units in groups if units]


def open_government_page(project: Project) -> Generated:
    """政务公开: the newest policy documents of every unit and each unit's 信息公开 columns."""
    uri = f"{OPEN_GOVERNMENT}/index.md"
    lines = [f"# {SECTIONS[OPEN_GOVERNMENT]}", "", "## 最新政策文件", ""]
    for unit, entry in latest(project, "zcwj", LATEST_POLICIES):
        when = entry.date.isoformat() if entry.date else ""
        lines.append(f"- [{md_text(entry.title)}]({_rel(uri, PagePath(entry.rel).mounted)}) "
                     f"<span class=\"govsite-date\">{when}</span> <span class=\"govsite-unit\">{md_text(unit.short_name)}</span>")
    if lines[-1] == "":
        lines.append("暂无信息。")
    lines += ["", "## 各单位政府信息公开", ""]
    for label, units in _grouped(project):
        lines += [f"### {md_text(label)}", ""]
        for unit in units:
            links = [f"[{md_text(col.name)}]({_rel(uri, list_uri(unit.id, col.id))})"
                     for cid in OPEN_COLUMNS if (col := unit.column(cid)) is not None]
            lines.append(f"- **{md_text(unit.short_name)}**：" + (" · ".join(links) or "暂无信息。"))
        lines.append("")
    return Generated(uri, with_title(SECTIONS[OPEN_GOVERNMENT], "\n".join(lines)))


def directory_page(project: Project) -> Generated:
    """单位导航: every unit's subsite, grouped as 区政府部门, 乡镇, 街道."""
    uri = f"{DIRECTORY}/index.md"
    lines = [f"# {SECTIONS[DIRECTORY]}", ""]
    for label, units in _grouped(project):
        lines += [f"## {md_text(label)}", ""]
        lines += [f"- [{md_text(u.name)}]({_rel(uri, f'{u.id}/index.md')})" for u in units]
        lines.append("")
    if len(lines) == 2:
        lines.append("暂无信息。")
    return Generated(uri, with_title(SECTIONS[DIRECTORY], "\n".join(lines)))


def section_pages(project: Project) -> list[Generated]:
    return [open_government_page(project), directory_page(project)]

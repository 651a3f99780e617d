"""The portal's navigation: units and their columns only, never individual pages.

Material embeds the whole navigation in every page, so a nav listing every page makes
the build quadratic (8,000 pages took over 8 minutes and 5 GB of HTML). Pages are
reached through their column lists instead.
"""

from __future__ import annotations

from govsite.core.project import Project
from govsite.site.pages import list_uri
from govsite.text.escape import html_text

KIND_LABELS = {"department": "区政府部门", "township": "乡镇", "street": "街道"}


def unit_nav(project: Project) -> list[dict]:
    sections = []
    for kind, label in KIND_LABELS.items():
        units = [u for u in project.units() if u.kind == kind]
        if not units:
            continue
        items = []
        for unit in units:
            children: list = [{"首页": f"{unit.id}/index.md"}]
            for column in unit.columns:
                if column.has_folder or column.id == "xxgkml":  # 目录 is generated (site/xxgkml.py)
                    children.append({html_text(column.name): list_uri(unit.id, column.id)})
            items.append({html_text(unit.short_name): children})  # the theme prints nav titles as HTML
        sections.append({label: items})
    return sections


def merge_nav(declared: list | None, units: list[dict]) -> list:
    """The declared nav (portal pages) with the unit sections after its first item."""
    declared = list(declared or [{"首页": "index.md"}])
    return declared[:1] + units + declared[1:]

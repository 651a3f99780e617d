"""Where the reader is: 首页 › 单位 › 栏目 › 页面, on every page of the portal.

The trail is read from the page's place in the docs tree (``<unit>/<column>/<slug>.md``,
a column's list ``<unit>/<column>/index.md`` and its further pages ``…/page/<n>.md``, a
portal page ``<path>.md``), never from the navigation, so an article that the navigation
does not list (the navigation holds units and columns only, see :mod:`.nav`) still shows
its unit and column. Links are site paths under the portal's base path; every label is
escaped here, whatever the caller passes.
"""

from __future__ import annotations

from dataclasses import dataclass

from govsite.core.errors import ConfigError
from govsite.core.project import Project
from govsite.site.sections import SECTIONS, served_path
from govsite.text.escape import html_text

HOME = "首页"


@dataclass(frozen=True)
class Crumb:
    label: str  # plain text; escaped when written
    path: str | None  # site path without the leading base ("czj/gzdt/"), None for the page itself


def trail(project: Project, src_uri: str, title: str) -> list[Crumb]:
    """The crumbs from the portal's home to the page at ``src_uri`` (docs-tree path)."""
    if src_uri == "index.md":
        return [Crumb(HOME, None)]
    parts = src_uri.split("/")
    crumbs = [Crumb(HOME, "")]
    unit = _unit(project, parts[0]) if len(parts) > 1 else None
    if unit is None:
        section = SECTIONS.get(parts[0]) if len(parts) == 2 and parts[1] == "index.md" else None
        return crumbs + [Crumb(section or title, None)]
    crumbs.append(Crumb(unit.short_name, f"{unit.id}/"))
    if parts[1:] == ["index.md"]:
        crumbs[-1] = Crumb(unit.short_name, None)
        return crumbs
    column = unit.column(parts[1]) if len(parts) > 2 else None
    if column is None:
        return crumbs + [Crumb(title, None)]
    if parts[2:] == ["index.md"]:
        return crumbs + [Crumb(column.name, None)]
    crumbs.append(Crumb(column.name, f"{unit.id}/{column.id}/"))
    if len(parts) == 4 and parts[2] == "page" and parts[3].removesuffix(".md").isdigit():
        return crumbs + [Crumb(f"第 {int(parts[3].removesuffix('.md'))} 页", None)]
    return crumbs + [Crumb(title, None)]


def _unit(project: Project, unit_id: str):
    if unit_id not in project.unit_ids():
        return None
    try:
        return project.unit(unit_id)
    except ConfigError:
        return None  # a broken unit.yml is reported by the check, not by the breadcrumbs


def nav_anchor(src_uri: str) -> str | None:
    """The navigation entry that stands for a page the navigation does not list: its
    column's list (``<unit>/<column>/index.md``) for an article or a further list page,
    else its unit's home; None for a portal page."""
    parts = src_uri.split("/")
    if len(parts) >= 3:
        return f"{parts[0]}/{parts[1]}/index.md"
    if len(parts) == 2 and parts[1] != "index.md":
        return f"{parts[0]}/index.md"
    return None


def breadcrumb_html(crumbs: list[Crumb], base: str = "/") -> str:
    """``<nav aria-label="当前位置">`` with an ordered list; the last crumb is the page."""
    items = []
    for crumb in crumbs:
        label = html_text(crumb.label)
        if crumb.path is None:
            items.append(f'<li aria-current="page">{label}</li>')
        else:
            items.append(f'<li><a href="{html_text(served_path(base, crumb.path))}">{label}</a></li>')
    return ('<nav class="govsite-breadcrumb" aria-label="当前位置"><span class="govsite-breadcrumb__lead">当前位置：</span>'
            f'<ol>{"".join(items)}</ol></nav>')

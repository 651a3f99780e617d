"""What a unit page shows besides its own text, generated from front-matter and git:

* a policy page (政策文件) lists its interpretations, and an interpretation (政策解读) links to
  its policy (第十条第三款, 第十三条), both from ``interpretations:`` / ``policy:``;
* "last updated" (最后更新) comes from git — the last commit touching the file — not from
  front-matter, so it cannot be typed in (第十条); outside a repository it is left out;
* recorded corrections of the publish date (``corrections:``) are shown to readers.

Links are relative Markdown links to source files, so MkDocs resolves and checks them.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath

from govsite.core import gitio
from govsite.core.dates import is_expired
from govsite.regulation.datehistory import corrections
from govsite.core.pages import Page
from govsite.regulation.policies import (
    INTERP_KIND, POLICY_KIND, is_external, listed_interpretations, page_kind, policy_of, published,
)
from govsite.core.project import UNITS_DIR, Project
from govsite.text.escape import md_text


def _link(from_uri: str, target_rel: str) -> str:
    target = target_rel.split("/", 1)[1]  # units/<unit>/... is mounted at <unit>/...
    return posixpath.relpath(target, posixpath.dirname(from_uri) or ".")


def _title(page: Page) -> str:
    return str(page.meta.get("title") or page.slug)


def related_links(project: Project, src_uri: str) -> str:
    """Markdown to append to a unit page: its interpretations, or its policy."""
    rel = f"{UNITS_DIR}/{src_uri}"
    page = project.page(rel)
    kind = page_kind(project, page)
    if kind == POLICY_KIND:
        items = []
        for item in listed_interpretations(project, page):
            if item.page is None or page_kind(project, item.page) != INTERP_KIND or is_expired(item.page.meta, project.today):
                continue
            when = published(item.page)
            date = f" <span class=\"govsite-date\">{when.isoformat()}</span>" if when else ""
            items.append(f"    - [{md_text(_title(item.page))}]({_link(src_uri, item.page.rel)}){date}")
        if not items:
            return ""
        return "\n\n!!! info \"本文件的政策解读\"\n\n" + "\n".join(items) + "\n"
    if kind == INTERP_KIND:
        value = page.meta.get("policy")
        if isinstance(value, str) and is_external(value.strip()):
            return f"\n\n!!! info \"所解读的文件\"\n\n    [{md_text(value.strip())}]({value.strip()})\n"
        _, target = policy_of(project, page)
        if target is None or page_kind(project, target) != POLICY_KIND or is_expired(target.meta, project.today):
            return ""
        number = target.meta.get("doc_number")
        suffix = f"（{md_text(number)}）" if number else ""
        return (f"\n\n!!! info \"所解读的文件\"\n\n"
                f"    [{md_text(_title(target))}]({_link(src_uri, target.rel)}){suffix}\n")
    return ""


def last_updated(project: Project, src_uri: str) -> dt.date | None:
    """The date of the last commit touching the page; None outside git or before its first commit."""
    return gitio.last_updated(project.root, f"{UNITS_DIR}/{src_uri}")


def correction_note(project: Project, src_uri: str) -> str:
    """A line telling readers the publish date was corrected, and why."""
    fixes = corrections(project.page(f"{UNITS_DIR}/{src_uri}"))
    if not fixes:
        return ""
    parts = [f"发布日期{'由 ' + f.previous.isoformat() + ' ' if f.previous else ''}更正为 {f.date.isoformat()}（{html.escape(f.reason)}）"
             for f in fixes]
    return '<p class="govsite-correction">' + "；".join(parts) + "</p>\n\n"

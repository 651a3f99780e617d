"""Policies (政策文件) and their interpretations (政策解读): the links between them.

A policy page (a column of kind ``policy``, standard ``zcwj``) lists its interpretations
in ``interpretations:``; an interpretation page (kind ``interp``, standard ``zcjd``)
names its policy in ``policy:``. Both are links written like Markdown links: relative
to the page's own file (``../zcjd/2024-jiedu.md``), or repository-relative
(``units/czj/zcwj/2024-tongzhi.md``). A served address (``../../zcjd/2024-jiedu/``) is
accepted too. ``policy:`` may also be an ``http(s)://`` address when a unit interprets
a policy published elsewhere (上级文件); such a link is not followed.

The rules of ``govsite/rules/policy`` and ``govsite/rules/deadline`` and the rendered
links of :mod:`govsite.site.related` all resolve links here, so they agree.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass

from govsite.core.dates import as_date
from govsite.core.pages import Page
from govsite.core.paths import PagePath
from govsite.core.project import UNITS_DIR, Project
from govsite.regulation.workdays import Deadline

POLICY_KIND = "policy"
INTERP_KIND = "interp"


def is_external(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def resolve(page: Page, value: object) -> str | None:
    """The repository-relative path a link of ``page`` names, or None when it is no path.

    The result is not checked for existence; external addresses give None.
    """
    if not isinstance(value, str):
        return None
    link = value.strip().split("#", 1)[0].split("?", 1)[0]
    if not link or is_external(link) or ":" in link.split("/", 1)[0]:
        return None
    if link.startswith("/"):
        # Served address (/czj/zcjd/x/) or repository path (/units/czj/zcjd/x.md).
        link = link.lstrip("/")
        target = link if link.startswith(UNITS_DIR + "/") else f"{UNITS_DIR}/{link}"
    elif link.startswith(UNITS_DIR + "/"):
        target = link
    else:
        base = posixpath.dirname(page.rel)
        if link.endswith("/"):
            # A served address is relative to the page's URL /<unit>/<column>/<slug>/,
            # one level deeper than its file.
            base = posixpath.join(base, page.slug)
        target = posixpath.normpath(posixpath.join(base, link))
    if not target.endswith(".md"):
        target = target.rstrip("/") + ".md"
    if target.startswith("../") or target.startswith("/"):
        return None
    return target


def column_kind(project: Project, rel: str) -> str | None:
    """The kind of the column a repository path is in (None outside a unit's column)."""
    where = PagePath(rel)
    unit_id, column_id = where.unit, where.column
    if unit_id is None or column_id is None:
        return None
    if not (project.units_dir / unit_id).is_dir():
        return None
    column = project.unit(unit_id).column(column_id)
    return column.kind if column else None


def page_kind(project: Project, page: Page) -> str | None:
    return column_kind(project, page.rel)


def exists(project: Project, rel: str) -> bool:
    return (project.root / rel).is_file()


def interpretation_links(page: Page) -> list[tuple[int | None, object]]:
    """(index, value) of each entry of the policy's ``interpretations:``.

    A single string is taken as a one-item list.
    """
    value = page.meta.get("interpretations")
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return list(enumerate(value))
    return [(None, value)]


def interpretations_line(page: Page, index: int | None) -> int:
    if index is None:
        return page.key_line("interpretations")
    return page.key_line("interpretations", index)


@dataclass(frozen=True)
class Linked:
    """One listed interpretation, resolved."""

    index: int | None
    value: object
    rel: str | None  # repository path, None when the link is no path
    page: Page | None  # None when it does not exist


def listed_interpretations(project: Project, policy: Page) -> list[Linked]:
    out = []
    for index, value in interpretation_links(policy):
        rel = resolve(policy, value)
        target = project.page(rel) if rel and exists(project, rel) else None
        out.append(Linked(index, value, rel, target))
    return out


def policy_of(project: Project, interp: Page) -> tuple[str | None, Page | None]:
    """(path, page) named by an interpretation's ``policy:``; page None if missing."""
    rel = resolve(interp, interp.meta.get("policy"))
    if rel is None:
        return None, None
    return rel, (project.page(rel) if exists(project, rel) else None)


def lists(policy: Page, interp_rel: str) -> bool:
    """Whether a policy page lists ``interp_rel`` among its interpretations."""
    return any(resolve(policy, value) == interp_rel for _, value in interpretation_links(policy))


def is_true(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true", "yes", "是"))


def published(page: Page) -> dt.date | None:
    return as_date(page.meta.get("date"))


def issued(page: Page) -> tuple[dt.date | None, str]:
    """The start of the interpretation period: ``issued`` (成文日期), else ``date``."""
    when = as_date(page.meta.get("issued"))
    if when:
        return when, "issued"
    return as_date(page.meta.get("date")), "date"


def relative_link(from_rel: str, to_rel: str) -> str:
    """The link to write in ``from_rel``'s front-matter to reach ``to_rel``."""
    return posixpath.relpath(to_rel, posixpath.dirname(from_rel))


@dataclass(frozen=True)
class InterpretationDue:
    """Where a ``needs_interpretation`` policy stands against its 20-working-day period."""

    start: dt.date  # issued (成文日期), or date when issued is missing
    start_key: str  # "issued" or "date"
    status: Deadline
    published: list[tuple[Linked, dt.date]]  # listed interpretations out by today, with their dates
    deadline: dt.date | None  # None when its year is not in the calendar yet
    calendar_note: str = ""
    provisional: tuple[int, ...] = ()  # years of the period counted from the statutory holidays only

    @property
    def start_label(self) -> str:
        if self.start_key == "issued":
            return f"成文日期（{self.start}）"
        return f"发布日期（{self.start}，未填 issued 成文日期）"


def interpretation_due(project: Project, page: Page) -> InterpretationDue | None:
    """The 第十三条 period of a policy marked ``needs_interpretation: true``, or None.

    Raises :class:`~govsite.errors.ConfigError` when a day that must be looked up lies in a
    year the working-day calendar does not cover.
    """
    from govsite.core.errors import ConfigError
    from govsite.regulation.workdays import INTERPRETATION_WORKDAYS, calendar, deadline_status

    if not is_true(page.meta.get("needs_interpretation")) or page_kind(project, page) != POLICY_KIND:
        return None
    start, key = issued(page)
    if start is None:
        return None
    cal = calendar(project.root)
    today = project.today
    status = deadline_status(cal, start, today, INTERPRETATION_WORKDAYS)
    out = []
    for item in listed_interpretations(project, page):
        when = published(item.page) if item.page is not None else None
        if when is not None and when <= today:
            out.append((item, when))
    note = ""
    try:
        deadline = cal.add_workdays(start, INTERPRETATION_WORKDAYS)
    except ConfigError as err:
        deadline, note = None, f"截止日期落在节假日安排尚未录入的年份（{err.what.split('（')[0]}），录入 holidays.yml 后可显示具体日期"
    provisional = tuple(sorted(set(status.provisional) | set(cal.provisional_between(start, deadline or today))))
    return InterpretationDue(start, key, status, out, deadline, note, provisional)


def provisional_note(years: tuple[int, ...]) -> str:
    """What a deadline message adds when part of its period has no official schedule yet."""
    if not years:
        return ""
    listed = "、".join(f"{y} 年" for y in years)
    return f"（{listed}按法定节假日临时推算，尚无国务院办公厅节假日安排，日期可能变动）"

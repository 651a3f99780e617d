"""Honest dates (第十条: 严禁伪造发布日期): a page's ``date`` against its git history.

A page's publish date (``date``) is set once, when the page is first committed. It may
change afterwards only as a **recorded correction**, in either of two ways:

* in the page, a ``corrections:`` entry naming the new date and the reason (shown to
  reviewers, who sign it with the page, and to readers on the site)::

      corrections:
        - date: 2026-05-08          # 更正后的发布日期
          previous: 2026-05-18      # 更正前的日期（可选；写了就须相符）
          reason: 原稿误将发布日期录为 5 月 18 日

* in the commit that changes the date, a trailer (the last paragraph of the message)::

      更正发布日期

      Govsite-Correction: 原稿误将发布日期录为 5 月 18 日

A ``date`` much earlier than the page's first commit (a page "published" before it
existed) is allowed only for pages migrated from an old site, which say so with
``migrated_from: <旧网址或说明>``.

All history comes from :mod:`govsite.gitio`; outside a repository these checks do not
run (the future-date check does not need history and always runs).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from govsite.core import gitio
from govsite.core.dates import as_date
from govsite.core.pages import Page, page_from_bytes
from govsite.core.project import Project

CORRECTION_TRAILER = "Govsite-Correction"
BACKDATE_DAYS = 30  # a date this much earlier than the first commit needs migrated_from


@dataclass(frozen=True)
class Correction:
    date: dt.date
    previous: dt.date | None
    reason: str


def corrections(page: Page) -> list[Correction]:
    """The page's well-formed ``corrections:`` entries (with a date and a reason)."""
    value = page.meta.get("corrections")
    if not isinstance(value, list):
        return []
    out = []
    for entry in value:
        if not isinstance(entry, dict):
            continue
        when = as_date(entry.get("date"))
        reason = entry.get("reason")
        if when and isinstance(reason, str) and reason.strip():
            out.append(Correction(when, as_date(entry.get("previous")), reason.strip()))
    return out


@dataclass(frozen=True)
class DateChange:
    """The ``date`` of a page changed from ``before`` to ``after``."""

    before: dt.date
    after: dt.date
    version: gitio.FileVersion | None  # the commit; None for an uncommitted change
    justified_by: str | None  # how it was recorded, None when it was not


def _history(project: Project, page: Page) -> list[gitio.FileVersion] | None:
    if not gitio.is_repository(project.root):
        return None
    return gitio.file_versions(project.root, page.rel)


def date_changes(project: Project, page: Page) -> list[DateChange] | None:
    """Every change of ``date`` since the first commit, oldest first; None outside git."""
    versions = _history(project, page)
    if versions is None:
        return None
    fixes = corrections(page)
    current = as_date(page.meta.get("date"))
    if len(versions) <= 1 and (not versions or versions[0].blob == gitio.blob_sha(page.raw)):
        return []  # never committed, or committed once and unchanged since: nothing changed
    working = gitio.blob_sha(page.raw)
    states: list[tuple[gitio.FileVersion | None, dt.date | None]] = []
    for version in reversed(versions):  # oldest first
        if version.blob == working:
            states.append((version, current))  # same bytes as on disk: no need to read the blob
            continue
        raw = gitio.file_bytes_at(project.root, version)
        if raw is None:
            continue
        states.append((version, as_date(page_from_bytes(project.root, version.path, raw, project.limits).meta.get("date"))))
    states.append((None, current))  # the working tree
    out: list[DateChange] = []
    previous: dt.date | None = None
    for at, when in states:
        if when is None:
            continue
        if previous is not None and when != previous:
            out.append(DateChange(previous, when, at, _justification(at, previous, when, fixes)))
        previous = when
    return out


def _justification(version: gitio.FileVersion | None, before: dt.date, after: dt.date, fixes: list[Correction]) -> str | None:
    for fix in fixes:
        if fix.date == after and (fix.previous is None or fix.previous == before):
            return f"corrections: {fix.reason}"
    if version is not None:
        reason = gitio.trailer(version.commit.message, CORRECTION_TRAILER)
        if reason:
            return f"{CORRECTION_TRAILER}: {reason}"
    return None


def first_seen(project: Project, page: Page) -> tuple[dt.date, str | None] | None:
    """(date of the page's first commit, its sha) or (today, None) when not yet committed;
    None outside git."""
    versions = _history(project, page)
    if versions is None:
        return None
    if not versions:
        return project.today, None
    first = versions[-1]
    return first.commit.when.date(), first.commit.sha

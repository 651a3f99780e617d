"""Reading dates from front-matter and data files, shared by every rule and report."""

from __future__ import annotations

import datetime as dt
import re

_DATE_TIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?")


def as_date(value: object) -> dt.date | None:
    """A YAML value as a date, or None when it is not one (``2024-13-01`` stays None)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
        # a date and time (a new-media post's ``date: 2026-11-17 19:00``): its day
        if _DATE_TIME_RE.fullmatch(text):
            try:
                return dt.datetime.fromisoformat(text).date()
            except ValueError:
                return None
    return None


def expires_on(meta: dict) -> dt.date | None:
    """A page's ``expires`` (有效期至) as a date, or None when it has none (or an
    invalid one, which FMT005 reports)."""
    return as_date(meta.get("expires")) if isinstance(meta, dict) else None


def is_expired(meta: dict, today: dt.date) -> bool:
    """Whether a page is past its ``expires`` date: it is valid through that day and
    unpublished from the next (site, column lists, 目录, sitemap, search index)."""
    until = expires_on(meta)
    return until is not None and today > until

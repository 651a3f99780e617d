"""Reading dates from front-matter and data files, shared by every rule and report."""

from __future__ import annotations

import datetime as dt


def as_date(value: object) -> dt.date | None:
    """A YAML value as a date, or None when it is not one (``2024-13-01`` stays None)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None

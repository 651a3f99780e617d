"""Recent verdicts on external links (``.govsite-cache/links.json``), so that a daily
run does not ask the same hosts again.

A working link (or a redirect) is trusted for ``hours``; a failing one is asked again
on every run, and the cache counts how many runs in a row it failed and since when, so
that a host that was down for an hour is told apart from a dead link.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from govsite.links.status import LinkStatus

DEFAULT_FILE = ".govsite-cache/links.json"
VERSION = 1
FORGET_DAYS = 30  # entries not seen for this long are dropped


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class LinkCache:
    def __init__(self, path: Path, hours: float, now: dt.datetime | None = None) -> None:
        self.path = path
        self.hours = hours
        self.now = now or _now()
        self.entries: dict[str, dict] = {}
        self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return  # no cache, or a damaged one: start afresh
        if isinstance(data, dict) and data.get("version") == VERSION and isinstance(data.get("urls"), dict):
            self.entries = data["urls"]

    def _age_hours(self, entry: dict) -> float | None:
        try:
            when = dt.datetime.fromisoformat(entry["checked"])
        except (KeyError, TypeError, ValueError):
            return None
        return (self.now - when).total_seconds() / 3600

    def fresh(self, url: str) -> dict | None:
        """The cached verdict of ``url`` if it is recent and not a failure."""
        entry = self.entries.get(url)
        if not entry or self.hours <= 0 or entry.get("status") == LinkStatus.BROKEN:
            return None
        age = self._age_hours(entry)
        return entry if age is not None and 0 <= age < self.hours else None

    def record(self, url: str, verdict: dict) -> dict:
        """Store a new verdict; returns it with ``failures`` and ``failing_since`` filled in."""
        old = self.entries.get(url) or {}
        entry = dict(verdict, checked=self.now.isoformat(timespec="seconds"))
        if verdict.get("status") == LinkStatus.BROKEN:
            entry["failures"] = int(old.get("failures", 0)) + 1 if old.get("status") == LinkStatus.BROKEN else 1
            entry["failing_since"] = old.get("failing_since") if old.get("status") == LinkStatus.BROKEN else entry["checked"]
        else:
            entry["failures"], entry["failing_since"] = 0, None
        self.entries[url] = entry
        return entry

    def save(self) -> None:
        cutoff = self.now - dt.timedelta(days=FORGET_DAYS)
        keep = {}
        for url, entry in self.entries.items():
            try:
                if dt.datetime.fromisoformat(entry["checked"]) >= cutoff:
                    keep[url] = entry
            except (KeyError, TypeError, ValueError):
                continue
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"version": VERSION, "urls": keep}, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")
        os.replace(tmp, self.path)

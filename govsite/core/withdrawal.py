"""A withdrawn page (撤稿, 第十五条（一）): the source is kept, marked in its front-matter.

``govsite takedown`` adds one top-level key to the page's front-matter::

    withdrawn:
      date: 2026-12-01
      reason: "含有不实信息"
      incident: 20261201T004000Z-demo-gzdt-news

The page's text stays in the repository as evidence (it is never deleted); the build
serves a fixed "该信息已撤下" notice at its address instead of its content, and the
column lists, the 目录 and the search index leave it out. Nothing of the page reaches
the site, so a withdrawn page needs no 三审三校 approvals; instead the incident record
named by ``incident`` (``review/incidents/<incident>.incident``, signed by the person
who acted) must verify (rule REV020).
"""

from __future__ import annotations

import json
import re
from typing import Any

KEY = "withdrawn"
NOTICE_TITLE = "该信息已撤下"
_CLOSING_RE = re.compile(r"^(?:-{3}|\.{3})[ \t]*$", re.M)


def withdrawal(meta: dict[str, Any]) -> dict[str, Any] | None:
    """The ``withdrawn`` mapping of a page's front-matter, or None when it is live.

    Any value other than a missing key or ``false`` counts as withdrawn, so that a
    malformed marker errs on the side of not publishing."""
    value = meta.get(KEY) if isinstance(meta, dict) else None
    if value is None or value is False:
        return None
    return value if isinstance(value, dict) else {}


def is_withdrawn(meta: dict[str, Any]) -> bool:
    return withdrawal(meta) is not None


def mark(raw: bytes, date: str, reason: str, incident: str) -> bytes:
    """The page's bytes with the ``withdrawn`` block added as the last front-matter key;
    every other byte is kept as it was."""
    text = raw.decode("utf-8")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text[len(bom):]
    newline = "\r\n" if "\r\n" in text[:200] else "\n"
    if not text.startswith("---"):
        raise ValueError("page has no front-matter")
    first_end = text.index("\n") + 1
    closing = _CLOSING_RE.search(text, first_end)
    if closing is None:
        raise ValueError("front-matter is not closed")
    block = newline.join([
        f"{KEY}:",
        f"  date: {date}",
        f"  reason: {json.dumps(' '.join(reason.split()), ensure_ascii=False)}",
        f"  incident: {incident}",
    ]) + newline
    return (bom + text[:closing.start()] + block + text[closing.start():]).encode("utf-8")


def notice_markdown(info: dict[str, Any]) -> str:
    """The Markdown served at a withdrawn page's address: fixed text and the date only
    (neither the title nor the reason: either may repeat what was taken down)."""
    date = str(info.get("date") or "").strip()
    when = f"于 {date} " if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else ""
    return (f"# {NOTICE_TITLE}\n\n本页面原有信息已{when}撤下，不再公开。\n\n"
            "如有疑问，请通过本站“互动交流”栏目联系。\n")

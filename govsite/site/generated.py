"""What every generated page shares: its place in the docs tree, its title, its pager."""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class Generated:
    src_uri: str  # where the page pretends to live in the docs tree
    markdown: str


def list_uri(unit_id: str, column_id: str, number: int = 1) -> str:
    """Page ``number`` of a list: ``<unit>/<column>/index.md``, then ``…/page/<n>.md``."""
    base = f"{unit_id}/{column_id}"
    return f"{base}/index.md" if number == 1 else f"{base}/page/{number}.md"


def page_count(items: int, size: int) -> int:
    return max(1, -(-items // size))


def pager(from_uri: str, unit_id: str, column_id: str, number: int, count: int) -> str:
    """``上一页 · 第 n / m 页 · 下一页`` as relative Markdown links the build validates."""
    def link(n: int, label: str) -> str:
        return f"[{label}]({posixpath.relpath(list_uri(unit_id, column_id, n), posixpath.dirname(from_uri))})"

    parts = []
    if number > 1:
        parts.append(link(number - 1, "上一页"))
    parts.append(f"第 {number} / {count} 页")
    if number < count:
        parts.append(link(number + 1, "下一页"))
    return " · ".join(parts)


def with_title(title: str, body: str) -> str:
    return f"---\ntitle: {_yaml_scalar(title)}\n---\n\n{body}\n"


def _yaml_scalar(text: str) -> str:
    """``text`` as one YAML string: plain when it reads back as itself, else quoted (a
    JSON string is YAML), so a name with ':', '#', quotes or a line break stays one title."""
    try:
        if yaml.safe_load(f"title: {text}") == {"title": text}:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)

"""Column definitions: the standard columns (data file ``govsite/data/columns.yml``) plus
a unit's own (``columns:`` in ``unit.yml``), both declared by :class:`ColumnSchema`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from govsite.core.schema import Issue, Opt, Schema
from govsite.core.yamlio import Located, load_config_file, load_config_text

KINDS = ("news", "policy", "interp", "static", "generated", "link")
ID_RE = re.compile(r"\A[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*\Z")  # \Z: "$" would accept a final newline
DATA_FILE = "govsite/data/columns.yml"


def valid_id(value: str) -> str | None:
    """What is wrong with a unit, column or person id (lowercase ASCII), or None."""
    if not ID_RE.fullmatch(value):
        return "应为小写英文字母和数字（如拼音首字母 zhangsan），可用 - 或 _ 连接"
    return None


class ColumnSchema(Schema):
    id = Opt(str, required=True, check=valid_id)
    """Folder name of the column, lowercase ASCII (pinyin initials)."""
    name = Opt(str, required=True)
    """Column name shown on the site."""
    kind = Opt(str, "news", choices=KINDS)
    """news | policy | interp | static | generated | link."""
    url = Opt(str)
    """For link columns: where the section points."""

    def validate(self) -> Iterator[Issue]:
        if self.kind == "link" and not self.url:
            yield None, f"外链栏目 {self.id} 缺少 url", "请写完整网址（https://…）或门户页面（如 hdjl.md）"


class StandardColumnSchema(ColumnSchema):
    required = Opt(bool, False)
    """The folder must exist in every unit (generated and link columns are not folders)."""

    def validate(self) -> Iterator[Issue]:
        yield from super().validate()
        if self.required and self.kind in ("generated", "link"):
            yield "required", f"{self.kind} 栏目没有文件夹，不能是 required", "请改为 required: false"


class ColumnsFile(Schema):
    columns = Opt(list, required=True, items=StandardColumnSchema)
    """The standard columns, in the order of the navigation."""

    def validate(self) -> Iterator[Issue]:
        seen: set[str] = set()
        for index, column in enumerate(self.columns):
            if column.id in seen:
                yield ("columns", index, "id"), f"栏目 id {column.id!r} 重复", "每个标准栏目的 id 必须唯一"
            seen.add(column.id)


@dataclass(frozen=True)
class Column:
    id: str
    name: str
    kind: str
    required: bool = False
    url: str | None = None
    standard: bool = True

    @property
    def has_folder(self) -> bool:
        """Columns whose pages are authored as Markdown files in a folder."""
        return self.kind not in ("generated", "link")


def columns_of(located: Located, rel: str) -> tuple[Column, ...]:
    """The standard columns declared in a parsed columns file; ConfigError naming ``rel``."""
    spec = ColumnsFile.load(located.data, located, rel)
    return tuple(Column(c.id, c.name, c.kind, c.required, c.url) for c in spec.columns)


def load_columns(path: Path, rel: str) -> tuple[Column, ...]:
    """Read a columns file from disk (the shipped one is read by :func:`standard_columns`)."""
    return columns_of(load_config_file(path, rel), rel)


@lru_cache(maxsize=1)
def standard_columns() -> tuple[Column, ...]:
    text = resources.files("govsite.data").joinpath("columns.yml").read_text("utf-8")
    return columns_of(load_config_text(text, DATA_FILE), DATA_FILE)

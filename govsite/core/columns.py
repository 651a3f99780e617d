"""Column definitions: the standard columns (data file) plus a unit's own."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from govsite.core.yamlio import load_fast

KINDS = ("news", "policy", "interp", "static", "generated", "link")


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


@lru_cache(maxsize=1)
def standard_columns() -> tuple[Column, ...]:
    text = resources.files("govsite.data").joinpath("columns.yml").read_text("utf-8")
    return tuple(Column(**entry) for entry in load_fast(text)["columns"])


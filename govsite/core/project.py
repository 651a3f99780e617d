"""The repository as govsite sees it: settings, units, pages; everything loaded lazily.

Nothing here loads every page to answer a question about one: a check of one page
reads that page, its unit's ``unit.yml`` and whatever pages a cross-page rule asks for.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import cached_property
from pathlib import Path

from govsite.core.errors import ConfigError, UsageError
from govsite.core.pages import Page, read_page
from govsite.core.paths import CONTENT_DIR as CONTENT_DIR  # re-exported: where the portal pages live
from govsite.core.paths import UNITS_DIR
from govsite.core.settings import SETTINGS_FILE, Settings, load_settings
from govsite.core.units import Unit, load_unit

REVIEW_DIR = "review"


def find_root(start: Path | None = None) -> Path:
    """The repository root: the nearest folder with govsite.yml, or mkdocs.yml and units/."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file() or ((folder / "mkdocs.yml").is_file() and (folder / UNITS_DIR).is_dir()):
            return folder
    raise UsageError(f"{here}: 不在 govsite 站点仓库中（找不到 {SETTINGS_FILE}）；请在站点仓库目录下运行，或用 --root 指定")


class Project:
    def __init__(self, root: Path, today: dt.date | None = None) -> None:
        self.root = root.resolve()
        self._today = today
        self._units: dict[str, Unit] = {}
        self._pages: dict[str, Page] = {}

    # -- configuration --------------------------------------------------------
    @cached_property
    def settings(self) -> Settings:
        return load_settings(self.root)

    @cached_property
    def today(self) -> dt.date:
        """'Today' for date rules: argument, GOVSITE_TODAY, govsite.yml ``today``, the clock."""
        if self._today:
            return self._today
        value = os.environ.get("GOVSITE_TODAY") or self.settings.today
        if value:
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise ConfigError(SETTINGS_FILE, None, f"today 的值 {value!r} 不是日期", "请写成 YYYY-MM-DD") from None
        return dt.date.today()

    # -- units ------------------------------------------------------------------
    @property
    def units_dir(self) -> Path:
        return self.root / UNITS_DIR

    def unit_ids(self) -> list[str]:
        if not self.units_dir.is_dir():
            return []
        return sorted(p.name for p in self.units_dir.iterdir() if p.is_dir() and not p.name.startswith("."))

    def unit(self, unit_id: str) -> Unit:
        if unit_id not in self._units:
            self._units[unit_id] = load_unit(self.units_dir / unit_id, self.root)
        return self._units[unit_id]

    def units(self) -> list[Unit]:
        return sorted((self.unit(u) for u in self.unit_ids()), key=lambda u: (u.order, u.id))

    # -- pages --------------------------------------------------------------------
    def page_paths(self, unit_id: str) -> list[str]:
        """Repository-relative paths of every Markdown file of a unit."""
        base = self.units_dir / unit_id
        return sorted(p.relative_to(self.root).as_posix() for p in base.rglob("*.md"))

    def column_pages(self, unit_id: str, column_id: str) -> list[str]:
        base = self.units_dir / unit_id / column_id
        if not base.is_dir():
            return []
        return sorted(p.relative_to(self.root).as_posix() for p in base.glob("*.md"))

    def page(self, rel: str) -> Page:
        if rel not in self._pages:
            self._pages[rel] = read_page(self.root, rel)
        return self._pages[rel]

    def rel(self, path: Path) -> str:
        """Repository-relative POSIX path of a path given by a user."""
        try:
            return Path(os.path.abspath(path)).relative_to(self.root).as_posix()
        except ValueError:
            raise UsageError(f"{path}: 不在站点仓库 {self.root} 内") from None

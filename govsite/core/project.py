"""The repository as govsite sees it: settings, units, pages; everything loaded lazily.

Nothing here loads every page to answer a question about one: a check of one page
reads that page, its unit's ``unit.yml`` and whatever pages a cross-page rule asks for.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import OrderedDict
from functools import cached_property
from pathlib import Path

from govsite.core import gitio
from govsite.core.attachments import AttachmentTypes, load_types
from govsite.core.errors import ConfigError, UsageError
from govsite.core.files import TreeFile, is_generated_portal_page, is_portal_page, tree_entry, walk
from govsite.core.pages import Limits, Page, read_page
from govsite.core.paths import CONTENT_DIR as CONTENT_DIR  # re-exported: where the portal pages live
from govsite.core.paths import UNITS_DIR, PagePath
from govsite.core.settings import SETTINGS_FILE, Settings, load_settings
from govsite.core.units import Unit, load_unit, parse_unit

REVIEW_DIR = "review"
BASE_ENV = "GOVSITE_BASE"
# Pages a project keeps read (the most recently used). A page costs about 20 kB in memory
# (its bytes, text, body, front matter and line table): keeping every page of a
# 70,000-page district would take about 1.4 GB in each process of a check. Rules passing over all
# pages read the ones that fell out again (about 0.3 ms a page); a unit (200 pages) or a
# page and the pages it links to always fit. About 20 MB a process.
PAGE_CACHE_SIZE = 1024


def find_root(start: Path | None = None) -> Path:
    """The repository root: the nearest folder with govsite.yml, or mkdocs.yml and units/."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file() or ((folder / "mkdocs.yml").is_file() and (folder / UNITS_DIR).is_dir()):
            return folder
    raise UsageError(f"{here}: 不在 govsite 站点仓库中（找不到 {SETTINGS_FILE}）；请在站点仓库目录下运行，或用 --root 指定")


class Project:
    def __init__(self, root: Path, today: dt.date | None = None, base: str | None = None) -> None:
        self.root = root.resolve()
        self._today = today
        # The protected branch a pull request goes into (--base, or GOVSITE_BASE set by
        # the CI workflow): who may approve and when a record was made come from it.
        self.base = base or os.environ.get(BASE_ENV) or None
        self._base_units: dict[str, Unit | None] = {}
        self._units: dict[str, Unit] = {}
        self._pages: OrderedDict[str, Page] = OrderedDict()

    # -- configuration --------------------------------------------------------
    @cached_property
    def settings(self) -> Settings:
        return load_settings(self.root)

    @cached_property
    def limits(self) -> Limits:
        """Size limits of a page (``limits:`` in govsite.yml)."""
        return self.settings.page_limits

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

    @cached_property
    def portal_owner(self) -> str:
        """The unit whose roster signs the portal's own pages (content/): govsite.yml
        ``portal.owner``, else the one unit named 区（人民）政府办公室."""
        owner = self.settings.portal.owner
        if owner:
            if owner not in self.unit_ids():
                raise ConfigError(SETTINGS_FILE, None, f"portal.owner 的单位 {owner!r} 不存在",
                                  f"请填写 units/ 下的单位目录名：{'、'.join(self.unit_ids())}")
            return owner
        found = [u for u in self.unit_ids() if self.unit(u).name.endswith(("区人民政府办公室", "区政府办公室"))]
        if len(found) != 1:
            raise ConfigError(SETTINGS_FILE, None, "未指定门户页面（content/）的审核单位",
                              "请在 portal.owner 中填写负责门户网站的单位目录名（通常是区政府办公室）")
        return found[0]

    def roster_unit_id(self, rel: str) -> str | None:
        """Whose roster reviews the page at ``rel``: its unit, the portal's owner for a
        page in content/, None for a page generated by the patrol or report job (untracked) or a
        Markdown file that is no page of the gate."""
        where = PagePath(rel)
        if where.unit is not None and rel.endswith(".md"):
            return where.unit
        if is_portal_page(rel):
            if is_generated_portal_page(rel) and not gitio.is_tracked(self.root, rel):
                return None
            return self.portal_owner
        return None

    # -- files: the door ---------------------------------------------------------
    @cached_property
    def attachment_types(self) -> AttachmentTypes:
        return load_types(self.root, self.settings)

    def tree_file(self, rel: str) -> TreeFile | None:
        return tree_entry(self.root, rel)

    def files_under(self, rel: str) -> list[TreeFile]:
        return walk(self.root, rel)

    def portal_pages(self) -> list[str]:
        """Repository-relative paths of the portal's own pages (content/**/*.md), links not followed."""
        return sorted(f.rel for f in walk(self.root, CONTENT_DIR) if not f.is_symlink and f.rel.endswith(".md"))
    # -- the base branch (trust for pull requests) ----------------------------------
    @cached_property
    def base_sha(self) -> str | None:
        """The commit of the base branch, or None when checks run without one."""
        if not self.base:
            return None
        from govsite.core import gitio

        return gitio.resolve(self.root, self.base)

    def base_bytes(self, rel: str) -> bytes | None:
        """The file ``rel`` as the base branch has it (None: absent there)."""
        from govsite.core import gitio

        return gitio.blob_at(self.root, self.base_sha, rel) if self.base_sha else None

    def base_unit(self, unit_id: str) -> Unit | None:
        """The unit as the base branch defines it, or None where it does not exist there."""
        if unit_id not in self._base_units:
            rel = f"{UNITS_DIR}/{unit_id}/unit.yml"
            raw = self.base_bytes(rel)
            self._base_units[unit_id] = parse_unit(self.units_dir / unit_id, raw, rel) if raw is not None else None
        return self._base_units[unit_id]

    def trusted_unit(self, unit_id: str) -> Unit | None:
        """The roster that decides who may approve: the base branch's when checking a
        pull request (None for a unit the base does not have), else the work tree's."""
        if not self.base_sha:
            return self.unit(unit_id)
        return self.base_unit(unit_id)

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
        page = self._pages.get(rel)
        if page is not None:
            self._pages.move_to_end(rel)
            return page
        page = self._pages[rel] = read_page(self.root, rel, self.limits)
        if len(self._pages) > PAGE_CACHE_SIZE:
            self._pages.popitem(last=False)
        return page

    def rel(self, path: Path) -> str:
        """Repository-relative POSIX path of a path given by a user."""
        try:
            return Path(os.path.abspath(path)).relative_to(self.root).as_posix()
        except ValueError:
            raise UsageError(f"{path}: 不在站点仓库 {self.root} 内") from None

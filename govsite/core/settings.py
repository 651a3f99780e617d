"""The platform owner's settings: ``govsite.yml`` at the repository root.

Word lists live in data files (``govsite/data/*.yml`` plus the extensions named
here); this file only holds the district's own facts and switches.
"""

from __future__ import annotations

from pathlib import Path

from govsite.core.pages import DEFAULT_LIMITS, Limits
from govsite.core.schema import Opt, Schema
from govsite.core.yamlio import load_config_file, load_located


class PortalSchema(Schema):
    name = Opt(str, "政府门户网站")
    """Name of the portal, e.g. 重庆市黔江区人民政府."""
    site_code = Opt(str)
    """网站标识码 issued for the portal."""
    icp = Opt(str)
    """ICP 备案号 shown in the footer."""
    police_record = Opt(str)
    """公安机关备案号 shown in the footer."""
    domains = Opt(list, list, items=str)
    """The district's own domains; links to them are internal to the government."""


def _between(low: int, high: int):
    return lambda v: None if low <= v <= high else f"应在 {low} 到 {high} 之间"


class LimitsSchema(Schema):
    page_bytes = Opt(int, DEFAULT_LIMITS.page_bytes, check=_between(64 * 1024, 64 * 1024 * 1024))
    """Largest page file in bytes (default 2 MB). A larger page is one FIL011 error and
    is neither parsed nor published; no other page's check reads it."""
    line_chars = Opt(int, DEFAULT_LIMITS.line_chars, check=_between(1_000, 10_000_000))
    """Longest line of a page in characters (default 100,000); same treatment."""


class Settings(Schema):
    portal = Opt(PortalSchema, dict)
    """Identity of the portal."""
    page_size = Opt(int, 20, check=lambda v: None if 5 <= v <= 200 else "应在 5 到 200 之间")
    """Items per page on a column's list page."""
    allowed_domains = Opt(list, list, items=str)
    """Outbound-link domains allowed besides gov.cn and the party's domains."""
    designated_sources = Opt(list, list, items=str)
    """Domains of designated news sources (稿源单位) that pages may repost from."""
    wordlists = Opt(list, list, items=str)
    """Extra word-list files (repository-relative YAML) merged into the built-in lists."""
    today = Opt(str)
    """Fixed 'today' (YYYY-MM-DD) for reproducible checks; normally unset."""
    early_warning_days = Opt(int, 3)
    """Patrol: report a column that will cross a veto line within this many days."""
    deploy_keep = Opt(int, 5)
    """Deploy: how many releases to keep for rollback."""
    limits = Opt(LimitsSchema, dict)
    """Resource limits that keep one hostile or broken page from stalling every check."""

    @property
    def page_limits(self) -> Limits:
        return Limits(page_bytes=self.limits.page_bytes, line_chars=self.limits.line_chars)


SETTINGS_FILE = "govsite.yml"


def load_settings(root: Path) -> Settings:
    path = root / SETTINGS_FILE
    if not path.exists():
        return Settings.load({}, load_located("{}"), SETTINGS_FILE)
    located = load_config_file(path, SETTINGS_FILE)
    return Settings.load(located.data, located, SETTINGS_FILE)

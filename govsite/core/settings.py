"""The platform owner's settings: ``govsite.yml`` at the repository root.

Word lists live in data files (``govsite/data/*.yml`` plus the extensions named
here); this file only holds the district's own facts and switches.
"""

from __future__ import annotations

from pathlib import Path

from govsite.core.domains import DOMAIN_HINT, allowing_domain_problem
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
    domains = Opt(list, list, items=str, each=allowing_domain_problem, hint=DOMAIN_HINT)
    """The district's own domains (``qianjiang.gov.cn``; each covers its subdomains);
    links to them are internal to the government."""


class Settings(Schema):
    portal = Opt(PortalSchema, dict)
    """Identity of the portal."""
    page_size = Opt(int, 20, check=lambda v: None if 5 <= v <= 200 else "应在 5 到 200 之间")
    """Items per page on a column's list page."""
    allowed_domains = Opt(list, list, items=str, each=allowing_domain_problem, hint=DOMAIN_HINT)
    """Outbound-link domains allowed besides gov.cn and the party's domains (spelt as in
    :mod:`govsite.core.domains`: ``example.com``, covering its subdomains)."""
    designated_sources = Opt(list, list, items=str, each=allowing_domain_problem, hint=DOMAIN_HINT)
    """Domains of designated news sources (稿源单位) that pages may repost from."""
    wordlists = Opt(list, list, items=str)
    """Extra word-list files (repository-relative YAML) merged into the built-in lists."""
    today = Opt(str)
    """Fixed 'today' (YYYY-MM-DD) for reproducible checks; normally unset."""
    early_warning_days = Opt(int, 3)
    """Patrol: report a column that will cross a veto line within this many days."""
    deploy_keep = Opt(int, 5)
    """Deploy: how many releases to keep for rollback."""


SETTINGS_FILE = "govsite.yml"


def load_settings(root: Path) -> Settings:
    path = root / SETTINGS_FILE
    if not path.exists():
        return Settings.load({}, load_located("{}"), SETTINGS_FILE)
    located = load_config_file(path, SETTINGS_FILE)
    return Settings.load(located.data, located, SETTINGS_FILE)

"""The platform owner's settings: ``govsite.yml`` at the repository root.

Word lists live in data files (``govsite/data/*.yml`` plus the extensions named
here); this file only holds the district's own facts and switches.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

from govsite.core.domains import DOMAIN_HINT, allowing_domain_problem
from govsite.core.pages import DEFAULT_LIMITS, Limits
from govsite.core.schema import Opt, Schema
from govsite.core.yamlio import load_config_file, load_located


class PortalSchema(Schema):
    name = Opt(str, "政府门户网站")
    """Name of the portal, e.g. 重庆市黔江区人民政府."""
    site_code = Opt(str)
    """网站标识码 issued for the portal."""
    organizer = Opt(str)
    """主办单位 shown in the footer, e.g. 重庆市黔江区人民政府办公室 (required to build)."""
    contact = Opt(str)
    """The organiser's contact shown beside it, e.g. 联系电话：023-79222222 (required to build)."""
    contact_url = Opt(str)
    """Where 联系我们 links to: a site path such as ``/about/#联系我们`` (required to build)."""
    icp = Opt(str)
    """ICP 备案号 shown in the footer and linked to the MIIT filing system (required to build)."""
    police_record = Opt(str)
    """公安机关备案号 (``渝公网安备 50011402500001号``) shown in the footer with the 公安 mark and
    linked to the national filing system's record (required to build)."""
    police_mark = Opt(str)
    """The 公安备案 mark image, a file under ``content/`` the district supplies (required to build)."""
    conac_mark = Opt(str)
    """The 党政机关网站 mark image (开办资格标识), a file under ``content/`` the district
    supplies from its registration (required to build)."""
    conac_url = Opt(str)
    """The mark's verification page issued with the registration (``https://bszs.conac.cn/…``;
    required to build)."""
    error_report_url = Opt(str)
    """The national 我为政府网站找错 entry for this site, as issued with the 网站标识码
    (required to build)."""
    emblem = Opt(str)
    """The district's emblem (区徽 or the image it is issued) shown in the banner beside
    the portal's name: a file under ``content/`` such as ``assets/marks/emblem.png``.
    Unset: the banner shows the name alone."""
    domains = Opt(list, list, items=str, each=allowing_domain_problem, hint=DOMAIN_HINT)
    """The district's own domains (``qianjiang.gov.cn``; each covers its subdomains);
    links to them are internal to the government."""

    owner = Opt(str)
    """Unit id of the portal's owner, the district office (区政府办公室): its roster reviews
    and signs the portal's own pages (``content/``) like a unit's pages, and its principal
    or deputy approves every trust change (rosters, trust files, settings, word lists)
    beside the changed unit's principal (第八条). Unset: the one unit named
    区人民政府办公室 / 区政府办公室 (``qzfb`` in the demo)."""


def _network(value: str) -> str | None:
    try:
        ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        return f"{value!r} 不是 IP 地址或网段（如 10.1.2.3、10.1.0.0/16、fd00::/8）"
    return None


class LinksSchema(Schema):
    allow_addresses = Opt(list, list, items=str,
                          check=lambda values: next((p for v in values if isinstance(v, str) and (p := _network(v))), None))
    """Non-public addresses (IP addresses or networks) that ``govsite links`` may still
    request, e.g. an intranet site the portal links to on purpose. Everything else that
    is loopback, private, link-local (with the 169.254.169.254 metadata service),
    multicast or reserved is never requested, before or after a redirect."""


class AttachmentsSchema(Schema):
    max_size_mb = Opt(int, 50, check=lambda v: None if 1 <= v <= 2048 else "应在 1 到 2048 之间")
    """Largest attachment (file under ``units/`` or ``content/`` other than a page), in MB."""
    types = Opt(list, list, items=str)
    """Extra attachment-type files (repository-relative YAML, the format of
    ``govsite/data/attachments.yml``) merged into the built-in allow-list."""


def _defaults(schema: type[Schema]) -> Schema:
    """A nested section left out of govsite.yml: every option at its default."""
    return schema.load({}, load_located("{}"), "govsite.yml")


def _between(low: int, high: int):
    return lambda v: None if low <= v <= high else f"应在 {low} 到 {high} 之间"


class LimitsSchema(Schema):
    page_bytes = Opt(int, DEFAULT_LIMITS.page_bytes, check=_between(64 * 1024, 64 * 1024 * 1024))
    """Largest page file in bytes (default 2 MB). A larger page is one FIL011 error and
    is neither parsed nor published; no other page's check reads it."""
    line_chars = Opt(int, DEFAULT_LIMITS.line_chars, check=_between(1_000, 10_000_000))
    """Longest line of a page in characters (default 100,000); same treatment."""
    rule_ms = Opt(int, 60_000, check=_between(10, 600_000))
    """Time budget of one rule on one page, in milliseconds (default 60 s: far above any
    rule on a page within the size limits, one-time loading of word lists and typo tables
    included, even on a loaded machine). A rule that
    runs over it is stopped and reported as an error of that rule on that page (the page
    is not published unchecked), so one page cannot stall the check of every other."""


class TyposSchema(Schema):
    terms = Opt(list, list, items=str)
    """Platform-wide names and terms that are right as written (place names, programmes,
    the exact titles of policies the district cites, issuers' abbreviations such as
    黔江府办发): the suspected-typo rule TYP002 never questions a character inside one.
    Unit names and the people of every ``unit.yml`` are known already."""


class Settings(Schema):
    portal = Opt(PortalSchema, lambda: _defaults(PortalSchema))
    """Identity of the portal."""
    page_size = Opt(int, 20, check=lambda v: None if 5 <= v <= 200 else "应在 5 到 200 之间")
    """Items per page on a column's list page."""
    allowed_domains = Opt(list, list, items=str, each=allowing_domain_problem, hint=DOMAIN_HINT)
    """Outbound-link domains allowed besides gov.cn and the party's domains (spelt as in
    :mod:`govsite.core.domains`: ``example.com``, covering its subdomains)."""
    designated_sources = Opt(list, list, items=str, each=allowing_domain_problem, hint=DOMAIN_HINT)
    """Domains of designated news sources (稿源单位) that pages may repost from."""
    attachments = Opt(AttachmentsSchema, lambda: _defaults(AttachmentsSchema))
    """Which files besides pages may be published, and how large (see ``govsite/data/attachments.yml``)."""
    wordlists = Opt(list, list, items=str)
    """Extra word-list files (repository-relative YAML) merged into the built-in lists."""
    today = Opt(str)
    """Fixed 'today' (YYYY-MM-DD) for reproducible checks; normally unset."""
    early_warning_days = Opt(int, 3)
    """Patrol: report a column that will cross a veto line within this many days."""
    deploy_keep = Opt(int, 5)
    """Deploy: how many releases to keep for rollback."""
    links = Opt(LinksSchema, lambda: _defaults(LinksSchema))
    """Link patrol (``govsite links``): which non-public addresses it may request."""
    limits = Opt(LimitsSchema, lambda: _defaults(LimitsSchema))
    """Resource limits that keep one hostile or broken page from stalling every check."""
    typos = Opt(TyposSchema, lambda: _defaults(TyposSchema))
    """Typo checks (第十一条（四））: the platform's own list of names and terms."""

    @property
    def page_limits(self) -> Limits:
        return Limits(page_bytes=self.limits.page_bytes, line_chars=self.limits.line_chars)
    platform_staff = Opt(list, list, items=str)
    """Names or e-mail addresses of the platform owner's staff (区政府办公室政务公开科) whose
    commits may touch any unit (``govsite maintainers``, 第十四条（三））."""


SETTINGS_FILE = "govsite.yml"


def load_settings(root: Path) -> Settings:
    path = root / SETTINGS_FILE
    if not path.exists():
        return Settings.load({}, load_located("{}"), SETTINGS_FILE)
    located = load_config_file(path, SETTINGS_FILE)
    return Settings.load(located.data, located, SETTINGS_FILE)

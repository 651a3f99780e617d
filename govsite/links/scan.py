"""The built site: its pages, which unit and source file each comes from, and every link
in them (a page's own content apart from the template around it)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

PORTAL = "portal"
TEMPLATE = "(页面模板)"

_ATTR_RE = re.compile(r"""<(?:a|img|link|script|source|iframe|video|audio|embed|area|track)\b[^<>]*?\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I | re.S)
_ARTICLE_START_RE = re.compile(r"<article\b", re.I)
_ARTICLE_END_RE = re.compile(r"</article\s*>", re.I)
SKIP_SCHEMES = ("mailto", "tel", "javascript", "data", "sms", "weixin", "about")
SKIP_PAGES = ("404.html",)
SKIP_DIRS = ("assets/", "pagefind/")  # the theme's files and the search index (govsite/publish/search.py)


@dataclass
class SitePage:
    address: str  # /qzfb/gzdt/x/
    unit: str  # unit id, or "portal"
    source: str  # units/qzfb/gzdt/x.md, content/about.md, or a description of a generated page


@dataclass
class Occurrence:
    page: SitePage
    href: str  # as written in the HTML


def page_address(rel_html: str) -> str:
    if rel_html == "index.html":
        return "/"
    if rel_html.endswith("/index.html"):
        return "/" + rel_html[: -len("index.html")]
    return "/" + rel_html


def describe(address: str, root: Path, unit_ids: set[str]) -> SitePage:
    parts = [p for p in address.strip("/").split("/") if p]
    unit = parts[0] if parts and parts[0] in unit_ids else PORTAL
    if unit != PORTAL:
        if len(parts) == 1:
            source = f"units/{unit}（单位首页，自动生成）"
        elif len(parts) == 2 or (len(parts) == 4 and parts[2] == "page"):
            source = f"units/{unit}/{parts[1]}（栏目列表，自动生成）"
        else:
            rel = "units/" + "/".join(parts) + ".md"
            source = rel if (root / rel).is_file() else "units/" + "/".join(parts)
    else:
        stem = "/".join(parts)
        candidates = [f"content/{stem}.md", f"content/{stem}/index.md"] if stem else ["content/index.md"]
        source = next((c for c in candidates if (root / c).is_file()), address)
    return SitePage(address, unit, source)


def scan_site(site_dir: Path, root: Path, unit_ids: set[str]) -> tuple[list[SitePage], list[Occurrence]]:
    """Every page of the built site, and every link in it: links in a page's content
    (Material's ``<article>``) belong to the page; links of the surrounding template
    (navigation, header, footer) to one pseudo-page, reported once."""
    pages: list[SitePage] = []
    found: list[Occurrence] = []
    template = SitePage("/", PORTAL, TEMPLATE)
    template_seen: set[str] = set()
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel in SKIP_PAGES or rel.startswith(SKIP_DIRS):
            continue
        try:
            text = path.read_text("utf-8", errors="replace")
        except OSError:
            continue
        page = describe(page_address(rel), root, unit_ids)
        pages.append(page)
        start = _ARTICLE_START_RE.search(text)
        ends = list(_ARTICLE_END_RE.finditer(text))
        if start and ends:
            inside = [(start.start(), ends[-1].end())]
        else:
            inside = [(0, len(text))]
        for m in _ATTR_RE.finditer(text):
            href = html.unescape(next(g for g in m.groups() if g is not None)).strip()
            if not href or href.startswith("#"):
                continue
            scheme = urlsplit(href).scheme.lower() if ":" in href else ""
            if scheme in SKIP_SCHEMES:
                continue
            absolute = urljoin("http://site.invalid" + page.address, href)
            if any(a <= m.start() < b for a, b in inside):
                found.append(Occurrence(page, absolute))
            elif absolute not in template_seen:
                template_seen.add(absolute)
                found.append(Occurrence(template, absolute))
    return pages, found

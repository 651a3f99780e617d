"""A page's links inside the portal, resolved against the docs tree (for the link rules)."""

from __future__ import annotations

import difflib
import posixpath
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from govsite.core.memo import memo
from govsite.core.pages import Page
from govsite.core.project import Project
from govsite.links.sitemap import SiteMap
from govsite.text.document import BARE, HTML, Link, document

_HTML_LINK_ATTRS = ("href", "src")
def sitemap(project: Project) -> SiteMap:
    """One :class:`SiteMap` per project object (a check run)."""
    return memo(project, SiteMap)


@dataclass(frozen=True)
class PageLink:
    link: Link
    line: int
    column: int
    path: str  # the URL's path, percent-decoded
    anchor: str

    @property
    def url(self) -> str:
        return self.link.url


def page_links(page: Page) -> list[PageLink]:
    """The links of a page's body (Markdown, references, autolinks and the ``href``/``src``
    of raw HTML; not bare addresses, which are text) with the file line and column of the URL."""
    if page.text is None:
        return []
    doc = document(page)
    out = []
    for link in doc.links:
        if link.kind == BARE or (link.kind == HTML and link.attr not in _HTML_LINK_ATTRS):
            continue
        try:
            parts = urlsplit(link.url)
        except ValueError:
            continue  # not an address a browser can follow (e.g. an unclosed [IPv6 host)
        line, column = doc.where(link.url_start)
        out.append(PageLink(link, line, column, unquote(parts.path), unquote(parts.fragment)))
    return out


def is_relative_markdown(pl: PageLink) -> bool:
    """A relative link written in Markdown: MkDocs resolves it against the source file."""
    return not pl.link.is_external and not pl.link.is_site_absolute and pl.link.kind != HTML


def suggestion(site: SiteMap, target: str) -> str:
    """A close existing file in the target's folder, as a hint (or '')."""
    folder, name = posixpath.split(target)
    names = []
    for base in (site.root / "content" / folder, site.root / "units" / folder):
        if base.is_dir():
            names += [p.name for p in base.iterdir() if p.is_file() and not p.name.startswith(".") and p.name != "unit.yml"]
    match = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    return match[0] if match else ""

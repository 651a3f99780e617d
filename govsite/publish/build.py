"""The build's decisions, called by the MkDocs hooks: what to check, mount and render.

Kept free of MkDocs imports except where a hook hands MkDocs objects in, so that the
same content model can drive another generator.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from govsite.core.attachments import AttachmentTypes, active_problem, name_problem, type_problem
from govsite.core.dates import as_date, is_expired
from govsite.core.files import ATTACHMENT, PAGE, PUBLISHED_TREES, TreeFile, classify, walk
from govsite.core.findings import ERROR, visible
from govsite.core.project import CONTENT_DIR, UNITS_DIR, Project
from govsite.engine.runner import Report
from govsite.regulation.policies import POLICY_KIND
from govsite.site.identity import Identity, article_meta, column_meta, site_meta
from govsite.site.pages import latest_news, unit_directory
from govsite.site.policyblock import policy_block
from govsite.text import escape
from govsite.text.escape import html_text

UNITS_PLACEHOLDER = "<!-- govsite:units -->"
LATEST_PLACEHOLDER = "<!-- govsite:latest -->"


@dataclass(frozen=True)
class Mount:
    src_uri: str  # path in the docs tree: <unit>/<column>/<file>
    abs_path: Path
    expired: bool = False  # a page past its ``expires`` date: mounted, never built


def build_failure(report: Report) -> str | None:
    """One line for the build's error, or None when the build may go on."""
    errors = len(report.errors)
    if not errors:
        return None
    return f"govsite: {errors} 个错误，页面未发布；请按上面列出的每一条修改后重新构建（govsite check 可在本地逐条检查）"


@dataclass(frozen=True)
class Door:
    """What may reach the site from the repository: nothing else is published."""

    content: frozenset[str]  # paths under content/ (MkDocs src_uri): pages and attachments
    mounts: tuple[Mount, ...]  # pages and attachments under units/, at /<unit>/...


def door(project: Project, report: Report) -> Door:
    """Pages of the gate and attachments of an allowed type whose entries no rule
    refused: the one list the build publishes (checked again here, not only trusted to
    the report, so a file added between the check and the copy is not published)."""
    refused = {f.path for f in report.errors}
    types = project.attachment_types
    content, mounts = set(), []
    for entry in (e for top in PUBLISHED_TREES for e in walk(project.root, top)):
        if entry.rel in refused or not passes_door(entry, types):
            continue
        parts = entry.rel.split("/")
        if parts[0] == CONTENT_DIR:
            content.add("/".join(parts[1:]))
        elif len(parts) >= 3 and parts[1] in project.unit_ids():
            # A page past its ``expires`` date is unpublished: it stays in the repository
            # and is mounted (links to it are judged as links to an excluded page, not as
            # broken Markdown), but it is not built, listed, or put in the sitemap or the
            # search index.
            expired = entry.rel.endswith(".md") and is_expired(project.page(entry.rel).meta, project.today)
            mounts.append(Mount("/".join(parts[1:]), entry.path, expired))
    return Door(frozenset(content), tuple(mounts))


def passes_door(entry: TreeFile, types: AttachmentTypes) -> bool:
    """The door's own test of one entry: a regular file that is a page or an allowed,
    well-formed attachment with a safe name (the same checks as FIL005-FIL010)."""
    if entry.is_symlink or any(name_problem(part) for part in entry.rel.split("/")[1:]):
        return False
    kind = classify(entry, types)
    if kind == PAGE:
        return True
    if kind != ATTACHMENT or entry.size > types.max_size:
        return False
    spec = types.of(entry.name)
    data = entry.read(types.max_size)
    return (spec is not None and data is not None and type_problem(spec, data[:4096]) is None
            and active_problem(spec, data) is None)


def portal_markdown(project: Project, src_uri: str, markdown: str) -> str:
    """Fill the portal pages' placeholders with generated lists."""
    if UNITS_PLACEHOLDER in markdown:
        markdown = markdown.replace(UNITS_PLACEHOLDER, unit_directory(project, src_uri))
    if LATEST_PLACEHOLDER in markdown:
        markdown = markdown.replace(LATEST_PLACEHOLDER, latest_news(project, src_uri))
    return markdown


def page_header(meta: dict, updated: dt.date | None = None) -> str:
    """The line under a page's title: publish date, last update (from git), source, document number."""
    parts = []
    when = as_date(meta.get("date"))
    if when:
        parts.append(f"发布日期：{when.isoformat()}")
    if updated:
        parts.append(f"最后更新：{updated.isoformat()}")
    if meta.get("doc_number"):
        parts.append(f"发文字号：{html_text(meta['doc_number'])}")
    if meta.get("source"):
        parts.append(f"信息来源：{html_text(meta['source'])}")
    elif meta.get("repost_of"):
        parts.append(f"转载自：{html_text(meta['repost_of'])}")
    if not parts:
        return ""
    return '<p class="govsite-meta">' + "　".join(parts) + "</p>\n\n"


def unit_page_markdown(project: Project, src_uri: str, meta: dict, markdown: str) -> str:
    """A unit page as rendered: header (last update from git), text, related policy links."""
    from govsite.site.related import correction_note, last_updated, related_links

    header = page_header(meta, last_updated(project, src_uri))
    unit_id, column_id = src_uri.split("/")[:2]
    unit = project.unit(unit_id)
    column = unit.column(column_id)
    if column is not None and column.kind == POLICY_KIND:
        header = policy_block(meta, unit.name) + header
    return header + correction_note(project, src_uri) + markdown + related_links(project, src_uri)


def theme_meta(meta: dict) -> dict:
    """The page's front-matter as the theme may print it: every text value escaped
    (Material writes ``page.meta.title`` and ``description`` into the page unescaped)."""
    return escape.theme_meta(meta)
def head_meta(project: Project, ident: Identity, src_uri: str, meta: dict, title: str | None) -> list[str]:
    """The 指引's meta tags for one page: the site's everywhere, the column's on column
    lists and articles, the article's on unit pages."""
    tags = site_meta(ident)
    parts = src_uri.split("/")
    unit = project.unit(parts[0]) if len(parts) >= 2 and (project.root / UNITS_DIR / parts[0]).is_dir() else None
    column = unit.column(parts[1]) if unit is not None and len(parts) >= 3 else None
    if unit is not None and column is not None:
        tags += column_meta(column.name, column.name, f"{unit.name} · {column.name}")
    if is_unit_page(src_uri, project):
        when = meta.get("date")
        published = when if isinstance(when, dt.date) else as_date(when)
        source = meta.get("source") or meta.get("repost_of") or (unit.name if unit else "")
        tags += article_meta(str(meta.get("title") or title or ""), published, str(source))
    return tags


def is_unit_page(src_uri: str, project: Project) -> bool:
    first = src_uri.split("/", 1)[0]
    return (project.root / UNITS_DIR / first).is_dir() and src_uri.count("/") == 2 and src_uri.endswith(".md") and not src_uri.endswith("/index.md")


def log_lines(report: Report) -> list[tuple[str, str]]:
    """(level, line) pairs for the build log: every finding, errors first."""
    out = []
    for f in sorted(report.findings, key=lambda f: (f.severity != ERROR, f.path, f.line)):
        # visible(): a name or message from a page cannot start a new line in the build log
        out.append(("error" if f.severity == ERROR else "warning",
                    f"{visible(f.path)}:{f.line}: {f.rule} {visible(f.message)}（{f.article}）"))
    for s in report.suppressed:
        out.append(("info", s.as_text()))
    return out

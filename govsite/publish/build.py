"""The build's decisions, called by the MkDocs hooks: what to check, mount and render.

Kept free of MkDocs imports except where a hook hands MkDocs objects in, so that the
same content model can drive another generator.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path

from govsite.core.attachments import AttachmentTypes, active_problem, name_problem, type_problem
from govsite.core.dates import as_date, is_expired
from govsite.core.errors import Failure
from govsite.core.files import ATTACHMENT, CHART, PAGE, PUBLISHED_TREES, TreeFile, chart_admitted, classify, walk
from govsite.core.findings import ERROR, Finding, visible
from govsite.core.paths import PagePath
from govsite.core.project import CONTENT_DIR, UNITS_DIR, Project
from govsite.core.withdrawal import NOTICE_TITLE, notice_markdown, withdrawal
from govsite.engine.runner import Report, run, update
from govsite.regulation.policies import POLICY_KIND
from govsite.site.identity import Identity, article_meta, column_meta, site_meta
from govsite.site.pages import latest_news, unit_directory
from govsite.site.policyblock import policy_block
from govsite.text import escape
from govsite.text.escape import html_text

UNITS_PLACEHOLDER = "<!-- govsite:units -->"
LATEST_PLACEHOLDER = "<!-- govsite:latest -->"


# -- draft preview ---------------------------------------------------------------
# A draft build renders pages the gate would refuse, each under a banner that lists
# its findings, so editors and reviewers see what they sign. Which builds are drafts is
# decided by the command MkDocs hands to ``on_startup``, never by anything the
# repository or the environment can set: ``mkdocs build`` and ``gh-deploy`` always
# pass "build"/"gh-deploy" and so always build for production.
PREVIEW_COMMAND = "govsite-preview"  # passed only by ``govsite preview`` (govsite/ops/preview.py)
DRAFT_COMMANDS = frozenset({"serve", PREVIEW_COMMAND})
DRAFT_MARKER = "govsite-draft.txt"  # written into a preview's site folder; deploy refuses it
MISSING_APPROVAL = "REV010"
STALE_APPROVAL = "REV011"


def is_draft_command(command: str) -> bool:
    """True for ``mkdocs serve`` and ``govsite preview``; False for every production build."""
    return command in DRAFT_COMMANDS


def draft_findings(report: Report) -> dict[str, list[Finding]]:
    """Error findings of each unit page, keyed by its path in the docs tree (<unit>/<column>/<file>)."""
    prefix = UNITS_DIR + "/"
    out: dict[str, list[Finding]] = {}
    for f in sorted(report.errors, key=lambda f: (f.path, f.line, f.column, f.rule)):
        if f.path.startswith(prefix):
            out.setdefault(f.path[len(prefix):], []).append(f)
    return out


def dirty_stale(report: Report, before: dict[str, list[Finding]], after: dict[str, list[Finding]],
                pages: dict[str, str]) -> set[str] | None:
    """Pages a dirty preview rebuild (``govsite serve --unit``, ``mkdocs serve --dirty``)
    must render again although their own file did not change, by docs-tree path; None:
    every page (the check was a whole one: settings, a ``unit.yml``, the trust, records,
    templates or the set of files changed, and any page may look different).

    ``pages`` maps each page's docs-tree path to its repository path; ``before`` and
    ``after`` are the banners' findings of the previous and of this build. Again: pages
    whose banner changed, and the pages checked again because they name an edited page
    (what a page shows of another, its links, a policy's interpretations and an
    interpretation's policy, it names in its own text)."""
    if report.changed is None or report.rechecked is None:
        return None
    stale = {uri for uri in before.keys() | after.keys() if before.get(uri) != after.get(uri)}
    stale.update(uri for uri, rel in pages.items() if rel in report.rechecked)
    return stale


def draft_status(findings: list[Finding]) -> str:
    """The banner's word: 审核已失效 (signed, then changed), 未审核 (not fully signed) or 草稿."""
    rules = {f.rule for f in findings}
    if STALE_APPROVAL in rules:
        return "审核已失效"
    if any(f.category == "review" for f in findings):
        return "未审核"
    return "草稿"


_DRAFT_EXPLAIN = {
    "审核已失效": "本页在审核人签名后被修改，签名已不再对应现在的内容，需重新三审三校签名。",
    "未审核": "本页尚未完成三审三校签名。",
    "草稿": "本页有未解决的错误。",
}


def draft_banner(findings: list[Finding]) -> str:
    """The banner a draft build puts above a page the gate would refuse; every value escaped."""
    if not findings:
        return ""
    status = draft_status(findings)
    items = "".join(
        f"<li>第 {f.line} 行：{html.escape(f.rule)} {html.escape(f.message)}（{html.escape(f.article)}）</li>"
        for f in findings)
    return ('<div class="admonition danger govsite-draft" role="alert">'
            f'<p class="admonition-title">{status}：草稿预览，正式发布时本页会被拒绝</p>'
            f"<p>{_DRAFT_EXPLAIN[status]}以下 {len(findings)} 个问题须全部解决后本页才能发布：</p>"
            f"<ul>{items}</ul></div>\n")


def draft_note(report: Report) -> str:
    """The build log's line in a draft build instead of the production failure."""
    errors = len(report.errors)
    if not errors:
        return ""
    return f"govsite 草稿预览：{errors} 个错误，有问题的页面带“未审核/审核已失效”横幅显示；正式构建（mkdocs build）会拒绝这些页面"


@dataclass(frozen=True)
class Mount:
    src_uri: str  # path in the docs tree: <unit>/<column>/<file>
    abs_path: Path
    expired: bool = False  # a page past its ``expires`` date: mounted, never built


_SERVED: dict[Path, Report] = {}  # the last check of each site a draft server rebuilds


def check_site(project: Project, draft: bool) -> Report:
    """The full check a build needs. A production build runs it (reusing the report of
    a ``govsite check`` of exactly the same inputs); a draft server (``mkdocs serve``)
    checks after an edit only what the edit can change (:func:`govsite.engine.runner.update`)."""
    if not draft:
        return run(project, None)
    report = update(project, _SERVED.get(project.root))
    _SERVED[project.root] = report
    return report


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


def door(project: Project, report: Report, draft: bool = False,
         trees: tuple[str, ...] = PUBLISHED_TREES) -> Door:
    """Pages of the gate and attachments of an allowed type whose entries no rule
    refused: the one list the build publishes (checked again here, not only trusted to
    the report, so a file added between the check and the copy is not published).
    ``trees``: the folders a shard build publishes (govsite/publish/shards.py)."""
    # a draft preview (mkdocs serve, govsite preview) shows pages the review has not passed
    # yet, under a banner; files the door itself refuses stay out even there
    refused = {f.path for f in report.errors if not draft or f.rule.startswith("FIL")}
    types = project.attachment_types
    units = set(project.unit_ids())  # once: listing units/ for every entry made the door O(entries × units)
    content, mounts = set(), []
    for entry in (e for top in trees for e in walk(project.root, top)):
        if entry.rel in refused or not passes_door(entry, types):
            continue
        if PagePath(entry.rel).in_newmedia:
            continue  # posts, their images and post logs go to the platforms (govsite newmedia export), not the site
        parts = entry.rel.split("/")
        if parts[0] == CONTENT_DIR:
            content.add("/".join(parts[1:]))
        elif len(parts) >= 3 and parts[1] in units:
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
    if kind == CHART:
        return chart_admitted(entry)
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


def withdrawn_page(project: Project, src_uri: str) -> tuple[dict, str] | None:
    """(meta, markdown) served in place of a withdrawn page (第十五条（一）), or None.

    The meta replaces the page's own: the title is the notice's, the search index skips
    the page, so nothing of what was taken down stays on the site."""
    if not is_unit_page(src_uri, project):
        return None
    info = withdrawal(project.page(f"{UNITS_DIR}/{src_uri}").meta)
    if info is None:
        return None
    return {"title": NOTICE_TITLE, "search": {"exclude": True}}, notice_markdown(info)


def withdrawn_paths(project: Project) -> list[str]:
    """Site paths (``<unit>/<column>/<slug>/``) of every withdrawn page."""
    out = []
    for unit_id in project.unit_ids():
        for rel in project.page_paths(unit_id):
            if withdrawal(project.page(rel).meta) is not None:
                out.append(rel[len(UNITS_DIR) + 1:-3] + "/")
    return out


def drop_from_sitemap(site_dir: Path, paths: list[str]) -> None:
    """Remove withdrawn pages from ``sitemap.xml`` (and its ``.gz``): search engines are
    not invited back to what was taken down."""
    import gzip
    import re

    sitemap = site_dir / "sitemap.xml"
    if not paths or not sitemap.is_file():
        return
    text = sitemap.read_text("utf-8")
    for path in paths:
        text = re.sub(r"\s*<url>\s*<loc>[^<]*/" + re.escape(path) + r"</loc>.*?</url>", "", text, flags=re.S)
    sitemap.write_text(text, "utf-8")
    packed = site_dir / "sitemap.xml.gz"
    if packed.is_file():
        packed.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


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


def mkdocs_in_process(config_file: Path, site_dir: Path, command: str, strict: bool) -> None:
    """Run ``mkdocs build`` in this process, announcing ``command`` to the hooks' on_startup
    (the production builds, the shards and the draft preview share this). A content problem
    is raised as :class:`~govsite.core.errors.Failure` with MkDocs' one line."""
    # MkDocs is imported here only: the library stays usable without it (design.md).
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=strict)
        # MkDocs types `command` as its own three names; the preview's fourth is the point
        config.plugins.on_startup(command=command, dirty=False)  # type: ignore[arg-type]
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as err:
        raise Failure(str(err)) from None

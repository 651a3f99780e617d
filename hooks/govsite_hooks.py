"""MkDocs hooks: thin adapters from MkDocs events to the govsite library.

Declared in mkdocs.yml under ``hooks:``. Every decision lives in ``govsite.publish.build``;
content problems stop the build with one ``PluginError`` line after every finding has
been logged as ``path:line: CODE message``. In a draft build (``mkdocs serve``,
``govsite preview``: the command MkDocs passes to ``on_startup``) the same pages are
rendered instead, each under a banner listing its findings.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from govsite.core.errors import GovsiteError
from govsite.core.project import Project
from govsite.publish import build, search, shards
from govsite.site import sanitize
from govsite.site.breadcrumbs import breadcrumb_html, nav_anchor, trail
from govsite.site.identity import Identity, footer_html, identity
from govsite.site.masthead import banner_html, published_reports
from govsite.site.nav import merge_nav, unit_nav
from govsite.site.pages import generated_pages
from govsite.site.sections import top_items, top_nav_html
from govsite.text.escape import html_text

log = logging.getLogger("mkdocs.govsite")
_project: Project | None = None
_identity: Identity | None = None
_draft = False  # set only by on_startup; a build that never announced itself is production
_dirty = False  # a dirty build (MkDocs renders only the pages whose file changed)
_draft_findings: dict[str, list] = {}
_draft_unindexed: frozenset[str] = frozenset()  # pages a preview shows despite errors: not searchable
_staging: tempfile.TemporaryDirectory | None = None  # generated pages of a dirty preview (_staged)
_opened: list = []  # navigation entries opened for the page being rendered (on_page_context)
_nav_pages: dict = {}  # docs-tree path -> page of the navigation (on_nav)


def _current() -> Project:
    assert _project is not None, "on_config did not run"
    return _project


def on_startup(command, dirty):
    global _draft, _dirty
    _draft = build.is_draft_command(command)
    _dirty = bool(dirty)
    if _dirty and not _draft:
        # a dirty build keeps the pages of the last build it did not render again: one the
        # gate now refuses would stay in site/ and could be deployed
        raise PluginError("正式构建不能使用 --dirty（上次构建留下的页面不会经过本次检查）；请去掉 --dirty 重新构建")


def on_config(config):
    global _project, _identity
    _project = Project(Path(config.config_file_path).parent)
    try:
        config.nav = merge_nav(config.nav, unit_nav(_project))
        _identity = identity(_project, config.site_url or "")
    except GovsiteError as err:
        raise PluginError(str(err)) from None
    # The footer of every page: the district's identity from govsite.yml, escaped, and the
    # patrol's reports when the scheduled patrol has written them into content/.
    config.copyright = footer_html(_identity, published_reports(_project))
    # The banner is the same on every page; it and the main sections also frame the pages
    # that have no page of their own (404.html).
    config.extra["govsite_banner"] = banner_html(_identity)
    config.extra["govsite_topnav"] = top_nav_html(top_items(), _identity.base, "404.md", [])
    config.extra["govsite_home"] = html_text(_identity.base)
    if (shard := shards.active()) is not None:
        config.watch = shards.watched(_project, shard)  # govsite serve --unit: only this unit's files
    return config


def on_files(files, config):
    global _draft_findings, _draft_unindexed
    project = _current()
    shard = shards.active()  # None for every mkdocs build: set only by govsite build/serve --unit
    try:
        # a whole build reuses a check's report (serve re-checks only what an edit changed);
        # a shard checks what it publishes
        report = build.check_site(project, _draft) if shard is None else shards.check(project, shard, _draft)
    except GovsiteError as err:
        raise PluginError(str(err)) from None
    for level, line in build.log_lines(report):
        # Warnings are logged at INFO so that --strict fails on link problems, not on
        # findings the rules themselves rank as warnings.
        # In a draft, errors are logged at INFO too: in strict mode a logged error would abort
        # the build and leave `mkdocs serve` stuck on the last good one.
        (log.error if level == "error" and not _draft else log.info)(line)
    before = _draft_findings
    if _draft:
        _draft_findings = build.draft_findings(report)
        _draft_unindexed = search.draft_refused(report)
        if report.errors:
            log.info(build.draft_note(report))
    elif failure := build.build_failure(report):
        raise PluginError(failure)
    door = build.door(project, report, draft=_draft, **({"trees": shard.trees} if shard else {}))
    docs_dir = os.path.normpath(config.docs_dir)
    for file in list(files):
        # MkDocs lists every file of docs_dir, through links; only the door's pass.
        if file.src_dir is not None and os.path.normpath(file.src_dir) == docs_dir and file.src_uri not in door.content:
            files.remove(file)
    for mount in door.mounts:
        if files.get_file_from_path(mount.src_uri) is not None:
            raise PluginError(f"content/{mount.src_uri} 与单位页面 units/{mount.src_uri} 网址冲突；请重命名 content/ 下的文件")
        inclusion = InclusionLevel.NOT_IN_NAV if mount.src_uri.endswith(".md") else InclusionLevel.UNDEFINED
        if mount.expired:
            inclusion = InclusionLevel.EXCLUDED  # past its expires date: not built, listed or indexed
        files.append(File.generated(config, mount.src_uri, abs_src_path=str(mount.abs_path), inclusion=inclusion))
    for page in generated_pages(project, shards.generated_units(shard), sections=shard is None or shard.unit is None):
        in_nav = "/page/" not in page.src_uri
        inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        if _draft and _dirty:
            # a file rewritten only when its text changes: a dirty rebuild renders the lists an edit changed
            files.append(File.generated(config, page.src_uri, abs_src_path=str(_staged(page)), inclusion=inclusion))
        else:
            files.append(File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion))
    page = search.search_page(project)
    if (shard is None or shard.unit is None) and files.get_file_from_path(page.src_uri) is None:
        # the portal may write its own search page; in shards the portal shard has it
        files.append(File.generated(config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV))
    if shard is not None:
        # the rest of the district: excluded (never read or written), so the nav and links resolve
        taken = {f.src_uri for f in files}  # one set: a look-up per stub rebuilt MkDocs' index 70,000 times
        for stub in shards.stubs(project, shard):
            if stub.src_uri in taken:
                raise PluginError(f"content/{stub.src_uri} 与单位页面 units/{stub.src_uri} 网址冲突；请重命名 content/ 下的文件")
            taken.add(stub.src_uri)
            files.append(File.generated(config, stub.src_uri, inclusion=InclusionLevel.EXCLUDED,
                                        **({"abs_src_path": str(stub.abs_path)} if stub.abs_path else {"content": ""})))
    if _draft and _dirty:
        _render_again(project, report, before, files, door.mounts)
    return files


def _staged(page) -> Path:
    """A generated page as a file of this preview server's own folder, written only when
    its text changed, so that MkDocs' dirty build (the file's age) skips it otherwise."""
    global _staging
    if _staging is None:
        _staging = tempfile.TemporaryDirectory(prefix="govsite-preview-pages-")
    path = Path(_staging.name, page.src_uri)
    data = page.markdown.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return path
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _render_again(project, report, before, files, mounts):
    """A dirty preview renders a page only when its output is older than its file: remove
    the output of every page whose look an edit elsewhere changed (its banner, its links,
    the interpretations it lists), so that the preview never shows a stale page."""
    pages = {m.src_uri: project.rel(m.abs_path) for m in mounts if m.src_uri.endswith(".md")}
    stale = build.dirty_stale(report, before, _draft_findings, pages)
    for file in files.documentation_pages():
        if (stale is None or file.src_uri in stale) and os.path.isfile(file.abs_dest_path):
            os.remove(file.abs_dest_path)


def on_page_markdown(markdown, page, config, files):
    project = _current()
    notice = build.withdrawn_page(project, page.file.src_uri)
    if notice is not None:
        page.meta, markdown = notice  # taken down: a fixed notice, nothing of the page
        return markdown
    if build.is_unit_page(page.file.src_uri, project):
        markdown = build.unit_page_markdown(project, page.file.src_uri, page.meta, markdown)
    else:
        markdown = build.portal_markdown(project, page.file.src_uri, markdown)
    # The 指引's meta tags, read by templates as page.govsite_head (overrides/main.html):
    # an attribute of the page object, so front-matter can never supply it; made from
    # the front-matter as written (head_meta escapes every value itself).
    assert _identity is not None, "on_config did not run"
    page.govsite_head = "\n".join(build.head_meta(project, _identity, page.file.src_uri, page.meta, page.title))
    # The banner, the main sections and 当前位置 (overrides/main.html), escaped by the library.
    src_uri = page.file.src_uri
    page.govsite_topnav = top_nav_html(top_items(), _identity.base, src_uri, project.unit_ids())
    page.govsite_breadcrumb = breadcrumb_html(trail(project, src_uri, str(page.title or page.file.name)), _identity.base)
    # From here on the theme and the search index read the front-matter: escaped.
    page.meta = build.theme_meta(page.meta)
    return markdown


def on_page_content(html, page, config, files):
    # Scripts, frames, forms, event handlers and javascript:/data: addresses never reach
    # the site, even when a finding was suppressed; the theme's own markup is not touched.
    html = sanitize.sanitize_content(html)
    # Only the article's own text goes into the search index, with its 单位/栏目 filters.
    html = search.mark_content(_current(), page.file.src_uri, html, page.file.src_uri in _draft_unindexed)
    if _draft:
        html = build.draft_banner(_draft_findings.get(page.file.src_uri, [])) + html
    return html


def on_nav(nav, config, files):
    global _nav_pages
    _nav_pages = {p.file.src_uri: p for p in nav.pages}
    return nav


def on_page_context(context, page, config, nav):
    # An article is not in the navigation (site/nav.py): open its column's entry, so the
    # unit's navigation stays open on its pages and the reader keeps their place.
    if page.parent is None and (anchor := nav_anchor(page.file.src_uri)) is not None:
        target = _nav_pages.get(anchor)
        if target is not None and target is not page:
            target.active = True
            _opened.append(target)
    return context


def on_post_page(output, page, config):
    while _opened:
        _opened.pop().active = False
    return output


def on_post_build(config):
    shard = shards.active()
    paths = build.withdrawn_paths(_current()) if shard is None else shards.withdrawn_paths(_current(), shard)
    build.drop_from_sitemap(Path(config.site_dir), paths)
    shards.canonicalize(Path(config.site_dir))  # the sitemap in one order: shards compose to the same bytes
    if shard is None:  # a shard has part of the site: its composition is indexed (shards.compose)
        index_search(Path(config.site_dir))


def index_search(site_dir: Path) -> None:
    try:
        result = search.index_site(site_dir)
    except GovsiteError as err:
        raise PluginError(str(err)) from None
    if result is not None:
        log.info(f"govsite: 搜索索引 {result.pages} 页，用时 {result.seconds:.1f} 秒（{search.BUNDLE_DIR}/）")

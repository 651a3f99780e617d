"""The build's decisions, called by the MkDocs hooks: what to check, mount and render.

Kept free of MkDocs imports except where a hook hands MkDocs objects in, so that the
same content model can drive another generator.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from govsite.core.dates import as_date
from govsite.core.findings import ERROR, Finding
from govsite.core.project import UNITS_DIR, Project
from govsite.engine.runner import Report, run
from govsite.site.pages import latest_news, unit_directory

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


def check_all(project: Project) -> Report:
    return run(project, None)


def build_failure(report: Report) -> str | None:
    """One line for the build's error, or None when the build may go on."""
    errors = len(report.errors)
    if not errors:
        return None
    return f"govsite: {errors} 个错误，页面未发布；请按上面列出的每一条修改后重新构建（govsite check 可在本地逐条检查）"


def mounts(project: Project) -> list[Mount]:
    """Every file under units/ except unit.yml, mounted at /<unit>/..."""
    out = []
    for unit_id in project.unit_ids():
        base = project.units_dir / unit_id
        for path in sorted(base.rglob("*")):
            if path.is_file() and path.name != "unit.yml" and not path.name.startswith("."):
                out.append(Mount(path.relative_to(project.units_dir).as_posix(), path))
    return out


def portal_markdown(project: Project, src_uri: str, markdown: str) -> str:
    """Fill the portal pages' placeholders with generated lists."""
    if UNITS_PLACEHOLDER in markdown:
        markdown = markdown.replace(UNITS_PLACEHOLDER, unit_directory(project, src_uri))
    if LATEST_PLACEHOLDER in markdown:
        markdown = markdown.replace(LATEST_PLACEHOLDER, latest_news(project, src_uri))
    return markdown


def page_header(meta: dict, updated=None) -> str:
    """The line under a page's title: publish date, last update (from git), source, document number."""
    parts = []
    when = as_date(meta.get("date"))
    if when:
        parts.append(f"发布日期：{when.isoformat()}")
    if updated:
        parts.append(f"最后更新：{updated.isoformat()}")
    if meta.get("doc_number"):
        parts.append(f"发文字号：{meta['doc_number']}")
    if meta.get("source"):
        parts.append(f"信息来源：{meta['source']}")
    elif meta.get("repost_of"):
        parts.append(f"转载自：{meta['repost_of']}")
    if not parts:
        return ""
    return '<p class="govsite-meta">' + "　".join(parts) + "</p>\n\n"


def unit_page_markdown(project: Project, src_uri: str, meta: dict, markdown: str) -> str:
    """A unit page as rendered: header (last update from git), text, related policy links."""
    from govsite.site.related import correction_note, last_updated, related_links

    header = page_header(meta, last_updated(project, src_uri))
    return header + correction_note(project, src_uri) + markdown + related_links(project, src_uri)


def is_unit_page(src_uri: str, project: Project) -> bool:
    first = src_uri.split("/", 1)[0]
    return (project.root / UNITS_DIR / first).is_dir() and src_uri.count("/") == 2 and src_uri.endswith(".md") and not src_uri.endswith("/index.md")


def log_lines(report: Report) -> list[tuple[str, str]]:
    """(level, line) pairs for the build log: every finding, errors first."""
    out = []
    for f in sorted(report.findings, key=lambda f: (f.severity != ERROR, f.path, f.line)):
        out.append(("error" if f.severity == ERROR else "warning", f"{f.path}:{f.line}: {f.rule} {f.message}（{f.article}）"))
    for s in report.suppressed:
        out.append(("info", s.as_text()))
    return out

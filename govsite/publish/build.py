"""The build's decisions, called by the MkDocs hooks: what to check, mount and render.

Kept free of MkDocs imports except where a hook hands MkDocs objects in, so that the
same content model can drive another generator.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from govsite.core.dates import as_date
from govsite.core.findings import ERROR
from govsite.core.project import UNITS_DIR, Project
from govsite.engine.runner import Report
from govsite.site.pages import latest_news, unit_directory

UNITS_PLACEHOLDER = "<!-- govsite:units -->"
LATEST_PLACEHOLDER = "<!-- govsite:latest -->"


@dataclass(frozen=True)
class Mount:
    src_uri: str  # path in the docs tree: <unit>/<column>/<file>
    abs_path: Path


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


def page_header(meta: dict, updated: dt.date | None = None) -> str:
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

"""One computation of the quarterly report, and the files it is written to.

``compute`` runs every section of :data:`govsite.report.sections.SECTIONS` once; the site
page, the workbook and the 通报 are all rendered from its result.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from govsite.core import gitio
from govsite.core.project import Project
from govsite.report.context import ReportContext
from govsite.report.model import QuarterReport
from govsite.report.quarter import Quarter
from govsite.report.sections import SECTIONS


def compute(project: Project, quarter: Quarter, links_report: Path | None = None) -> QuarterReport:
    ctx = ReportContext(project, quarter, links_report)
    with ctx.checkouts():
        sections = [module.compute(ctx) for module in SECTIONS]
    return QuarterReport(str(quarter), quarter.label, project.settings.portal.name, quarter.start, ctx.as_of,
                         ctx.end_sha or gitio.head_sha(project.root) or "", sections, project.today)


@dataclass(frozen=True)
class Written:
    page: Path
    charts: list[Path]
    workbook: Path
    circular: Path


def write(report: QuarterReport, out: Path) -> Written:
    """index.md, one .svg per chart, report-<quarter>.xlsx and report-<quarter>.docx in ``out``."""
    from govsite.report import circular, page, svg, workbook

    out.mkdir(parents=True, exist_ok=True)
    charts = []
    for chart in report.charts:
        path = out / f"{chart.id}.svg"
        path.write_text(svg.render(chart), "utf-8")
        charts.append(path)
    book = out / f"report-{report.quarter}.xlsx"
    workbook.write(report, book)
    doc = out / f"report-{report.quarter}.docx"
    circular.write(report, doc)
    index = out / "index.md"
    index.write_text(page.render(report, book.name, doc.name), "utf-8")
    return Written(index, charts, book, doc)


def reports_index(project: Project, quarters: list[Quarter]) -> str:
    """The list page of every quarter's report (``content/reports/index.md``), newest first."""
    lines = ["---", "title: 政府网站和政务新媒体工作季度通报", f"date: {project.today}", "---", "",
             "# 政府网站和政务新媒体工作季度通报", "",
             "依据《管理办法》第十七条，区政府办公室每季度通报各单位政府网站和政务新媒体工作情况。"
             "各季度报告由 `govsite report` 根据版本历史生成。", ""]
    for quarter in reversed(quarters):
        lines.append(f"- [{quarter.label}]({quarter}/index.md)：[Excel]({quarter}/report-{quarter}.xlsx)　"
                     f"[通报（Word）]({quarter}/report-{quarter}.docx)")
    return "\n".join(lines) + "\n"

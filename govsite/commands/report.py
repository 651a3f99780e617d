"""``govsite report --quarter 2026Q3 | --every [--out DIR] [--links FILE]``: the quarterly
report on every unit (第十七条), computed from git history.

Writes ``index.md`` (a page of the portal), one ``.svg`` per chart, ``report-<季度>.xlsx``
(one sheet per table) and ``report-<季度>.docx`` (the 通报) into ``DIR`` (default
``content/reports/<季度>/``). ``--every`` writes every quarter from the first commit to
today, each into ``<DIR>/<季度>/`` (default ``content/reports/``), and a list of them
(``<DIR>/index.md``): what the scheduled job publishes with the site (see README).
Exit 0 when written, 2 on a usage or configuration error.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from govsite.commands import open_project
from govsite.core import gitio
from govsite.core.errors import UsageError
from govsite.core.project import Project
from govsite.report.build import compute, reports_index, write
from govsite.report.quarter import Quarter, local_day

REPORTS_DIR = "content/reports"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--quarter", help="季度，如 2026Q3")
    which.add_argument("--every", action="store_true", help="从第一次提交所在季度到本季度，逐季生成，并生成报告列表页")
    parser.add_argument("--out", type=Path, default=None,
                        help=f"输出目录（默认 {REPORTS_DIR}/<季度>/；--every 时为上级目录，默认 {REPORTS_DIR}/）")
    parser.add_argument("--links", type=Path, default=None,
                        help="最近一次链接巡查的 JSON 报告（govsite links --output reports/links.json）；只用于巡查时间所在的季度")


def quarters_of(project: Project) -> list[Quarter]:
    """Every quarter from the first commit's to today's."""
    first = gitio.first_commit_time(project.root)
    if first is None:
        raise UsageError("仓库还没有提交，无法生成季度报告")
    quarter, last, out = Quarter.of(local_day(first)), Quarter.of(project.today), []
    while (quarter.year, quarter.number) <= (last.year, last.number):
        out.append(quarter)
        quarter = quarter.next()
    return out


def _one(project: Project, quarter: Quarter, out: Path, links: Path | None) -> None:
    report = compute(project, quarter, links)
    try:
        written = write(report, out)
    except OSError as err:
        raise UsageError(f"{out}: 无法写入（{err.strerror}）；请换一个输出目录") from None
    print(f"{report.label}报告：{written.page}、{written.workbook.name}、{written.circular.name}、图表 {len(written.charts)} 个")
    for section in report.sections:
        for text in section.summary:
            print(f"  {section.title}：{text}")


def run(args: argparse.Namespace) -> int:
    project = open_project(args)
    if args.every:
        base = args.out or project.root / REPORTS_DIR
        quarters = quarters_of(project)
        for quarter in quarters:
            _one(project, quarter, base / str(quarter), args.links)
        (base / "index.md").write_text(reports_index(project, quarters), "utf-8")
        return 0
    quarter = Quarter.parse(args.quarter)
    if quarter.start > project.today:
        raise UsageError(f"{quarter} 尚未开始（今天是 {project.today}）；请指定已开始的季度")
    first = gitio.first_commit_time(project.root)
    if first is None or quarter.end < local_day(first):
        begun = f"版本历史始于 {local_day(first)}" if first else "仓库还没有提交"
        raise UsageError(f"{quarter} 早于版本历史（{begun}）；请指定 {Quarter.of(local_day(first)) if first else '有提交的'} 及以后的季度")
    _one(project, quarter, args.out or project.root / REPORTS_DIR / str(quarter), args.links)
    return 0

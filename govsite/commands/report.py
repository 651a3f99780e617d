"""``govsite report --quarter 2026Q3 [--out DIR] [--links FILE]``: the quarterly report on
every unit (第十七条), computed from git history.

Writes ``index.md`` (a page of the portal), one ``.svg`` per chart, ``report-<季度>.xlsx``
(one sheet per table) and ``report-<季度>.docx`` (the 通报) into ``DIR`` (default
``content/reports/<季度>/``, which the scheduled job publishes with the site; see README).
Exit 0 when written, 2 on a usage or configuration error.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from govsite.commands import open_project
from govsite.core.errors import UsageError
from govsite.report.build import compute, write
from govsite.report.quarter import Quarter

REPORTS_DIR = "content/reports"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quarter", required=True, help="季度，如 2026Q3")
    parser.add_argument("--out", type=Path, default=None, help=f"输出目录（默认 {REPORTS_DIR}/<季度>/，随网站发布）")
    parser.add_argument("--links", type=Path, default=None,
                        help="季末最近一次链接巡查的 JSON 报告（govsite links --output reports/links.json）")


def run(args: argparse.Namespace) -> int:
    quarter = Quarter.parse(args.quarter)
    project = open_project(args)
    if quarter.start > project.today:
        raise UsageError(f"{quarter} 尚未开始（今天是 {project.today}）；请指定已开始的季度")
    report = compute(project, quarter, args.links)
    out = args.out or project.root / REPORTS_DIR / str(quarter)
    try:
        written = write(report, out)
    except OSError as err:
        raise UsageError(f"{out}: 无法写入（{err.strerror}）；请换一个输出目录") from None
    print(f"{report.label}报告：{written.page}、{written.workbook.name}、{written.circular.name}、图表 {len(written.charts)} 个")
    for section in report.sections:
        for text in section.summary:
            print(f"  {section.title}：{text}")
    return 0

"""``govsite import FILE.docx --unit U --column C [--slug S] [--date D]``: a Word
document (Word or WPS .docx) in as a page, then checked.

The body keeps headings, numbered lists, tables and images (saved beside the page);
the front-matter gets the title, 文号 and 成文日期 the document shows. The check's
findings that follow are the to-do list (reviewers to fill in, approvals to sign).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from govsite.commands import open_project
from govsite.commands.new import _date
from govsite.core.errors import EXIT_OK
from govsite.core.findings import format_findings
from govsite.engine.runner import run as run_rules
from govsite.ops.wordimport import import_docx


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE.docx", help="Word 文档（.docx；旧的 .doc 请先另存为 .docx）")
    parser.add_argument("--unit", required=True, help="单位 id（如 czj）")
    parser.add_argument("--column", required=True, help="栏目 id（如 tzgg 通知公告、zcwj 政策文件）")
    parser.add_argument("--slug", default=None, help="文件名（不含 .md；默认：日期加标题拼音首字母）")
    parser.add_argument("--date", type=_date, default=None, help="发布日期 YYYY-MM-DD（默认：今天）")


def run(args: argparse.Namespace) -> int:
    project = open_project(args)
    done = import_docx(project, args.file, args.unit, args.column, slug=args.slug, date=args.date)
    print(f"已导入 {done.rel}（标题：{done.title}" + (f"，文号：{done.doc_number}" if done.doc_number else "")
          + (f"，成文日期：{done.issued.isoformat()}" if done.issued else "") + "）")
    for rel in done.attachments:
        print(f"  图片 {rel}")
    for note in done.messages:
        print(f"  提示：{note}")
    report = run_rules(project, [str(project.root / done.rel)])
    print("检查结果（填写审核人、核对内容后送审签名）：")
    print(format_findings(report.findings, "text", report.suppressed))
    return EXIT_OK

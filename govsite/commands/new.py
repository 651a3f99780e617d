"""``govsite new UNIT COLUMN "标题" [--slug S] [--date D]``: scaffold a page.

Writes ``units/UNIT/COLUMN/<slug>.md`` with the front-matter its column needs and the
``reviewers`` record to fill in (a comment after each role lists who in ``unit.yml``
may take it). Refuses unknown units and columns; never overwrites a file.
"""

from __future__ import annotations

import argparse
import datetime as dt

from govsite.commands import open_project
from govsite.core.errors import EXIT_OK
from govsite.ops.scaffold import scaffold, write


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} 不是日期，请写成 YYYY-MM-DD") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("unit", help="单位 id（units/ 下的目录名，如 czj）")
    parser.add_argument("column", help="栏目 id（如 gzdt 工作动态、tzgg 通知公告）")
    parser.add_argument("title", help="页面标题")
    parser.add_argument("--slug", default=None, help="文件名（不含 .md；默认：日期加标题拼音首字母）")
    parser.add_argument("--date", type=_date, default=None, help="发布日期 YYYY-MM-DD（默认：今天）")


def run(args: argparse.Namespace) -> int:
    project = open_project(args)
    made = scaffold(project, args.unit, args.column, args.title, slug=args.slug, date=args.date)
    write(project, made)
    print(f"已新建 {made.rel}")
    print("下一步：撰写正文，填写 reviewers 中的三位审核人，运行 govsite check " + made.rel)
    return EXIT_OK

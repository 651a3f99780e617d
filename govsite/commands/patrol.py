"""``govsite patrol [--format text|json|markdown] [--output FILE] [--publish] [--warn-days N]``.

Patrols the whole portal (巡网): days since each column's last update against 第十二条 and
the 检查指标, empty columns, the portal home page, the 政府信息公开指南 and 年报, and the new-media accounts' public
messages not yet acknowledged or answered (第十三条: overdue, or due within a working day;
text and JSON only, never the published page). Exit 0 when no veto item and no overdue
message is found, 1 otherwise, 2 on a usage or configuration error.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from govsite.commands import open_project
from govsite.core.errors import UsageError
from govsite.newmedia.messages import pending, with_messages
from govsite.regulation.patrol import patrol
from govsite.regulation.patrol_report import FORMATTERS, as_markdown

PUBLISH_PATH = "content/patrol.md"


def _days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} 不是整数") from None
    if days < 0:
        raise argparse.ArgumentTypeError("不能为负数")
    return days


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=tuple(FORMATTERS), default="text", help="输出格式（markdown 为可发布的页面）")
    parser.add_argument("--output", type=Path, default=None, help="写入此文件而不是标准输出")
    parser.add_argument("--publish", action="store_true", help=f"同时把 Markdown 报告写入 {PUBLISH_PATH}，随网站发布")
    parser.add_argument("--warn-days", type=_days, default=None,
                        help="提前预警天数：N 天内将达到否决时限的栏目也报告（默认 govsite.yml 的 early_warning_days）")


def run(args: argparse.Namespace) -> int:
    project = open_project(args)
    report = patrol(project, args.warn_days)
    text = FORMATTERS[args.format](report)
    # 政务新媒体 public messages (第十三条): unanswered ones past or near their deadline
    messages = pending(project, project.today)
    text = with_messages(text, args.format, messages)
    if args.output:
        try:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text(text if text.endswith("\n") else text + "\n", "utf-8")
        except OSError as err:
            raise UsageError(f"{args.output}: 无法写入（{err.strerror}）；请换一个输出路径") from None
    else:
        print(text)
    if args.publish:
        target = project.root / PUBLISH_PATH
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(as_markdown(report), "utf-8")
    return max(report.exit_code, 1 if any(m.overdue for m in messages) else 0)

"""``govsite check [PATH...] [--format text|json|github|sarif|html]``."""

from __future__ import annotations

import argparse

from govsite.commands import BASE_HELP, open_project
from govsite.core.errors import EXIT_FINDINGS, EXIT_OK
from govsite.core.findings import format_findings
from govsite.core.project import Project
from govsite.engine.runner import run as run_rules

FORMATS = ("text", "json", "github", "sarif", "html")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", help="要检查的页面或目录（默认：全部单位）")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="输出格式；html 为一个独立的网页报告（按页面分组、标出问题文字和修改方法），可直接发给负责人")
    parser.add_argument("--select", default=None, help="只运行这些规则代码（逗号分隔）")
    parser.add_argument("--no-cache", action="store_true", help="不使用按内容哈希缓存的结果")
    parser.add_argument("--base", metavar="REF", help=BASE_HELP)
    parser.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                        help="并行检查的进程数（默认：CPU 核数；页面多时才并行，结果与逐页检查完全相同）")


def check(project: Project, paths: list[str], fmt: str, select: set[str] | None = None, use_cache: bool = True,
          jobs: int | None = None) -> tuple[int, str]:
    report = run_rules(project, paths or None, codes=select, use_cache=use_cache, jobs=jobs)
    if fmt == "html":
        from govsite.publish.checkreport import render

        text = render(project, report.findings, report.suppressed)
    else:
        text = format_findings(report.findings, fmt, report.suppressed)
    return (EXIT_FINDINGS if report.errors else EXIT_OK), text


def run(args: argparse.Namespace) -> int:
    project = open_project(args)
    select = {c.strip().upper() for c in args.select.split(",")} if args.select else None
    if select:
        from govsite.core.errors import UsageError
        from govsite.rules.registry import BY_CODE

        unknown = sorted(select - set(BY_CODE))
        if unknown:
            raise UsageError(f"未知的规则代码：{', '.join(unknown)}；用 govsite rules 查看全部代码")
    if args.jobs is not None and args.jobs < 1:
        from govsite.core.errors import UsageError

        raise UsageError(f"--jobs {args.jobs}：进程数至少为 1")
    code, text = check(project, args.paths, args.format, select, not args.no_cache, args.jobs)
    print(text)
    _warn_pending_keys(project, args)
    return code


def _warn_pending_keys(project, args: argparse.Namespace) -> None:
    """Approvals that pass here only because their key is registered in this checkout."""
    import sys

    from govsite.engine.runner import select as select_targets
    from govsite.review.pending import pending_signatures

    warnings = pending_signatures(project, select_targets(project, args.paths or None).pages)
    out = sys.stdout if args.format == "text" else sys.stderr  # machine formats stay exactly as they were
    for line in warnings:
        print(f"警告 {line}", file=out)

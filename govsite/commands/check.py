"""``govsite check [PATH...] [--format text|json|github|sarif]``."""

from __future__ import annotations

import argparse

from govsite.commands import open_project
from govsite.core.errors import EXIT_FINDINGS, EXIT_OK
from govsite.core.findings import format_findings
from govsite.core.project import Project
from govsite.engine.runner import run as run_rules

FORMATS = ("text", "json", "github", "sarif")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", help="要检查的页面或目录（默认：全部单位）")
    parser.add_argument("--format", choices=FORMATS, default="text", help="输出格式")
    parser.add_argument("--select", default=None, help="只运行这些规则代码（逗号分隔）")
    parser.add_argument("--no-cache", action="store_true", help="不使用按内容哈希缓存的结果")


def check(project: Project, paths: list[str], fmt: str, select: set[str] | None = None, use_cache: bool = True) -> tuple[int, str]:
    report = run_rules(project, paths or None, codes=select, use_cache=use_cache)
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
    code, text = check(project, args.paths, args.format, select, not args.no_cache)
    print(text)
    return code

"""``govsite changed --base REF [--head REF] [--check] [--format ...]``: the pages a pull
request touches (changed, plus pages linking to what it changed, renamed or deleted).

Without ``--check`` it lists them, one per line (or JSON), for scripts; with
``--check`` it checks them with the rule engine, exactly as ``govsite check`` would,
and exits 0/1 like it. Everything is checked when the settings, the rules or the
build configuration changed.
"""

from __future__ import annotations

import argparse
import json
import os

from govsite.commands import open_project
from govsite.core.errors import EXIT_FINDINGS, EXIT_OK
from govsite.core.findings import format_findings, visible
from govsite.engine.runner import run as run_rules
from govsite.ops.changed import scope

FORMATS = ("text", "json", "github", "sarif")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base", required=True, help="比较基准（拉取请求的目标分支，如 origin/main）")
    parser.add_argument("--head", default="HEAD", help="比较对象（默认 HEAD）")
    parser.add_argument("--no-linked", action="store_true", help="不包括链接到变更文件的其他页面")
    parser.add_argument("--check", action="store_true", help="检查这些页面（否则只列出）")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="输出格式：列出时 text 每行一个路径、json 含原因；检查时同 govsite check")
    parser.add_argument("--no-cache", action="store_true", help="检查时不使用按内容哈希缓存的结果")


def run(args: argparse.Namespace) -> int:
    project = open_project(args)
    found = scope(project, args.base, args.head, linked=not args.no_linked)
    targets = found.targets
    if not args.check:
        if args.format == "json":
            print(json.dumps({"everything": found.everything, "targets": targets, "pages": found.pages,
                              "units": found.units, "linked": found.linked, "reasons": found.reasons},
                             ensure_ascii=False, indent=2))
        else:
            for target in targets:
                print(visible(target))  # one line per path, whatever the name holds
        return EXIT_OK
    if not targets:
        note = f"本次变更（{visible(args.base)}...{visible(args.head)}）不涉及单位页面，无需检查"
        print(f"::notice::{note}" if args.format == "github" else ("[]" if args.format == "json" else note))
        return EXIT_OK
    absolute = [os.path.join(project.root, t) for t in targets]
    report = run_rules(project, absolute, use_cache=not args.no_cache)
    if args.format == "text":
        print(f"检查 {len(targets)} 项（{len(found.pages)} 个修改的页面，{len(found.linked)} 个链接到变更的页面，"
              f"{len(found.units)} 个单位）" if not found.everything else "配置或规则已修改：检查全部单位")
    print(format_findings(report.findings, args.format, report.suppressed))
    return EXIT_FINDINGS if report.errors else EXIT_OK

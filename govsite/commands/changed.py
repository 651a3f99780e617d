"""``govsite changed --base REF [--head REF] [--check] [--format ...]``: the pages a pull
request touches (changed, plus pages linking to what it changed, renamed or deleted).

Without ``--check`` it lists them, one per line (or JSON), for scripts, with why each
is there on stderr (in JSON: ``reasons``); with
``--check`` it checks them with the rule engine, exactly as ``govsite check`` would,
and exits 0/1 like it. Everything is checked when the settings, the rules or the
build configuration changed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from govsite.commands import open_project
from govsite.core.errors import EXIT_FINDINGS, EXIT_OK
from govsite.core.findings import format_findings, visible
from govsite.engine.runner import Report, repo_findings
from govsite.engine.runner import run as run_rules
from govsite.ops.changed import scope

FORMATS = ("text", "json", "github", "sarif")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base", required=True, help="比较基准（拉取请求的目标分支，如 origin/main）；"
                        "名单、角色、平台账号、审核人公钥与设置以它为准")
    parser.add_argument("--head", default="HEAD", help="比较对象（默认 HEAD）")
    parser.add_argument("--no-linked", action="store_true", help="不包括链接到变更文件的其他页面")
    parser.add_argument("--check", action="store_true", help="检查这些页面（否则只列出）")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="输出格式：列出时 text 每行一个路径（原因写到标准错误）、json 含原因；检查时同 govsite check")
    parser.add_argument("--no-cache", action="store_true", help="检查时不使用按内容哈希缓存的结果")


def trust_text(changes) -> str:
    """Trust changes for people: one line each, with what is still missing."""
    lines = [f"信任变更 {len(changes)} 项（名单、审核人公钥、设置、词表；须经单位主要负责人和区政府办公室签名）："]
    for t in changes:
        state = "签名齐全" if t.approved else "缺少 " + "、".join(n.label for n in t.missing) + " 的签名"
        lines.append(f"  {t.path}:{t.line} {t.what}：{state}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    project = open_project(args)
    found = scope(project, args.base, args.head, linked=not args.no_linked)
    targets = found.targets
    if not args.check:
        if args.format == "json":
            print(json.dumps({"everything": found.everything, "targets": targets, "pages": found.pages,
                              "units": found.units, "linked": found.linked, "reasons": found.reasons,
                              "trust": [t.as_json() for t in found.trust]},
                             ensure_ascii=False, indent=2))
        else:
            # stdout stays one path per line for scripts; the reasons go beside it, on stderr
            for target in targets:
                print(visible(target))  # one line per path, whatever the name holds
                if found.reasons.get(target):
                    print(f"  {visible(target)}：{found.reasons[target]}", file=sys.stderr)
            if not targets:
                print(f"本次变更（{visible(args.base)}...{visible(args.head)}）不涉及单位页面", file=sys.stderr)
            if found.trust:  # after a blank line, so scripts reading the paths can stop there
                print()
                print(trust_text(found.trust))
        return EXIT_OK
    if not targets and not found.trust:
        note = f"本次变更（{visible(args.base)}...{visible(args.head)}）不涉及单位页面，无需检查"
        print(f"::notice::{note}" if args.format == "github" else ("[]" if args.format == "json" else note))
        return EXIT_OK
    if targets:
        absolute = [os.path.join(project.root, t) for t in targets]
        report = run_rules(project, absolute, use_cache=not args.no_cache)
    else:  # only trust changes: the repository-wide rules still judge them
        report = Report(findings=sorted(set(repo_findings(project))))
    if args.format == "text":
        print(f"检查 {len(targets)} 项（{len(found.pages)} 个修改的页面，{len(found.linked)} 个链接到变更的页面，"
              f"{len(found.units)} 个单位）" if not found.everything else "配置或规则已修改：检查全部单位")
        if found.trust:
            print(trust_text(found.trust))
    print(format_findings(report.findings, args.format, report.suppressed))
    return EXIT_FINDINGS if report.errors else EXIT_OK

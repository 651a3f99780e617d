"""``govsite maintainers [--since REF]``: commits to a unit by people it has not vetted.

Lists every commit (after ``REF``, e.g. the pull request's base) that changed a unit's
files and whose author is neither on the unit's roster, nor platform staff, nor a filed
third-party maintainer with a confidentiality agreement in force on that day
(第十四条（三））. Exit 1 when there is any.
"""

from __future__ import annotations

import argparse
import json

from govsite.commands import open_project
from govsite.core.errors import EXIT_FINDINGS, EXIT_OK
from govsite.ops.maintainers import unvetted


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", default=None, metavar="REF", help="只看该提交之后的提交（如拉取请求的基准提交）")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")


def run(args: argparse.Namespace) -> int:
    project = open_project(args)
    found = unvetted(project, args.since)
    if args.format == "json":
        print(json.dumps([{"commit": u.commit.sha, "author": u.commit.author, "date": u.commit.when.isoformat(),
                           "unit": u.unit, "paths": list(u.paths), "why": u.why} for u in found],
                         ensure_ascii=False, indent=1))
    else:
        for u in found:
            print(f"units/{u.unit}: 提交 {u.commit.sha[:12]}（{u.commit.when:%Y-%m-%d}，{u.commit.author}）"
                  f"改动了 {len(u.paths)} 个文件：{u.why}")
        if found:
            print("请核实这些改动；第三方运维须向区政府办公室政务公开科报备并签订保密协议后登记在 unit.yml 的 maintainers 中")
        else:
            print("各单位的改动均来自本单位人员、平台管理员或已报备且保密协议有效的第三方运维人员")
    return EXIT_FINDINGS if found else EXIT_OK

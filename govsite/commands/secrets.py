"""``govsite secrets [--history] [--all-refs]``: credentials in the repository (第十四条（二）).

Scans the working tree (the same scan as rule SCR002 in ``govsite check``) and, with
``--history``, every earlier version of every file reachable from HEAD (``--all-refs``:
from every branch and tag), naming the commit that introduced each. Exit 1 when any
credential is found.
"""

from __future__ import annotations

import argparse
import json

from govsite.commands import open_project
from govsite.core.errors import EXIT_FINDINGS, EXIT_OK
from govsite.review.secrets import scan_history, scan_tree


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--history", action="store_true", help="同时扫描提交历史中的每个文件版本")
    parser.add_argument("--all-refs", action="store_true", help="历史扫描包括所有分支和标签（默认只扫当前分支的历史）")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")


def run(args: argparse.Namespace) -> int:
    project = open_project(args)
    found = scan_tree(project.root)
    if args.history:
        found += scan_history(project.root, args.all_refs)
    if args.format == "json":
        print(json.dumps([s.__dict__ for s in found], ensure_ascii=False, indent=1))
    elif found:
        print(f"发现 {len(found)} 处账号密码或密钥（第十四条（二））：")
        for s in found:
            print(f"  {s.text()}")
        print("请立即删除并更换这些密码、吊销这些令牌和密钥（应视为已泄露）；历史中的需由平台管理员改写历史")
    else:
        print("未发现账号密码、令牌、私钥、会话 Cookie 或含密码的连接串" + ("（含提交历史）" if args.history else ""))
    return EXIT_FINDINGS if found else EXIT_OK

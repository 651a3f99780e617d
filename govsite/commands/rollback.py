"""``govsite rollback [RELEASE] --to DIR [--list] [--rsync TARGET]``: switch the live
site back to an earlier release in one step (第十五条: restore at once).

Without RELEASE: the release before the live one. RELEASE may be a unique prefix of
a release name (``govsite rollback --list`` shows them).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from govsite.core.errors import EXIT_OK, UsageError
from govsite.ops.deploy import current_name, list_releases, rollback


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("release", nargs="?", help="要切换到的版本（默认：当前版本的上一个版本）")
    parser.add_argument("--to", type=Path, default=os.environ.get("GOVSITE_DEPLOY_DIR") or None,
                        help="部署目录（默认取环境变量 GOVSITE_DEPLOY_DIR）")
    parser.add_argument("--list", action="store_true", help="列出保留的版本")
    parser.add_argument("--rsync", default=None, metavar="TARGET", help="切换后用 rsync 同步到该目标")


def run(args: argparse.Namespace) -> int:
    if args.to is None:
        raise UsageError("请用 --to 指定部署目录（或设置环境变量 GOVSITE_DEPLOY_DIR）")
    to = Path(args.to)
    if args.list:
        live = current_name(to)
        for r in list_releases(to):
            mark = "*" if r.name == live else " "
            print(f"{mark} {r.name}  第 {r.seq} 版  {r.created}  {r.source}")
        return EXIT_OK
    previous, target = rollback(to, args.release, rsync=args.rsync)
    print(f"已回滚：current → releases/{target.name}（原为 {previous or '无'}）")
    return EXIT_OK

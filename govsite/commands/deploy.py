"""``govsite deploy --to DIR [--site DIR] [--keep N] [--rsync TARGET]``: publish atomically.

Builds the site strictly into a new release folder ``DIR/releases/<time>-<commit>/``
(or copies an already built ``--site``), then switches the symlink ``DIR/current`` to
it in one rename, keeps the newest N releases, and optionally copies the live release
to the platform's web servers with rsync. A failed build leaves the live site as it was.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from govsite.commands import open_project
from govsite.core.errors import EXIT_OK, UsageError
from govsite.ops.deploy import deploy


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--to", type=Path, default=os.environ.get("GOVSITE_DEPLOY_DIR") or None,
                        help="部署目录（网站根目录指向其中的 current；默认取环境变量 GOVSITE_DEPLOY_DIR）")
    parser.add_argument("--site", type=Path, default=None, help="使用已构建好的站点目录，不再构建")
    parser.add_argument("--keep", type=int, default=None, help="保留最近几个版本（默认 govsite.yml 的 deploy_keep）")
    parser.add_argument("--rsync", default=None, metavar="TARGET", help="切换后用 rsync 同步到该目标（如 web1:/srv/www/）")


def run(args: argparse.Namespace) -> int:
    if args.to is None:
        raise UsageError("请用 --to 指定部署目录（或设置环境变量 GOVSITE_DEPLOY_DIR）")
    project = open_project(args)
    keep = args.keep if args.keep is not None else project.settings.deploy_keep
    release = deploy(project.root, Path(args.to), site=args.site, keep=keep, rsync=args.rsync)
    print(f"已发布版本 {release.name}（第 {release.seq} 版）：{Path(args.to).resolve()}/current → releases/{release.name}")
    return EXIT_OK

"""``govsite restore --to DIR``: after tampering, rebuild and redeploy the site.

Builds the repository's signed sources into a new release and switches to it
atomically (as ``govsite deploy``), then checks the new release against its manifest.
The tampered release stays in ``releases/`` as evidence until it is pruned.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from govsite.commands import open_project
from govsite.core.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from govsite.ops.restore import restore, verify_live


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--to", type=Path, default=os.environ.get("GOVSITE_DEPLOY_DIR") or None,
                        help="部署目录（默认取环境变量 GOVSITE_DEPLOY_DIR）")


def run(args: argparse.Namespace) -> int:
    if args.to is None:
        raise UsageError("请用 --to 指定部署目录（或设置环境变量 GOVSITE_DEPLOY_DIR）")
    project = open_project(args)
    before, release = restore(project.root, Path(args.to), keep=project.settings.deploy_keep)
    check = verify_live(Path(args.to))
    print(f"已恢复：重新构建并发布版本 {release.name}（替换 {before or '无'}；原版本保留为证据）")
    if not check.difference.clean:
        print("恢复后的版本仍与清单不一致，请检查部署目录的权限和服务器安全")
        return EXIT_FINDINGS
    return EXIT_OK

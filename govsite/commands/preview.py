"""``govsite preview [--out DIR]``: build the draft site (a pull request's preview).

Pages whose 三审三校 approvals are missing or stale are rendered, each under a
未审核 / 审核已失效 banner listing its findings, exactly as ``mkdocs serve`` shows
them. The folder is marked as a draft and ``govsite deploy --site`` refuses it;
production builds (``mkdocs build``, ``govsite deploy``) still refuse such pages.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from govsite.commands import open_project
from govsite.core.errors import EXIT_OK
from govsite.publish.preview import preview


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=Path("preview-site"),
                        help="草稿站点的输出目录（默认：preview-site）")


def run(args: argparse.Namespace) -> int:
    project = open_project(args)
    out = preview(project.root, args.out)
    print(f"草稿预览已生成：{out}（未审核或审核已失效的页面带横幅显示；此目录不能发布）")
    return EXIT_OK

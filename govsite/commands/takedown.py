"""``govsite takedown PAGE --reason "…" --as PERSON [--to DIR]``: take a page off the site now.

Marks the page withdrawn (the source is kept), writes an incident record under
``review/incidents/`` signed with the person's reviewer key, and, with ``--to``,
rebuilds and deploys atomically so that the page's address serves "该信息已撤下".
No three-level review: the signed record is the evidence and is listed for follow-up.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from govsite.commands import open_project
from govsite.core.errors import EXIT_OK
from govsite.ops.takedown import takedown


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("page", help="要撤下的页面（units/<单位>/<栏目>/<页面>.md）")
    parser.add_argument("--reason", required=True, help="撤稿原因（写入处置记录）")
    parser.add_argument("--as", dest="person", required=True, help="执行撤稿的人员（本单位名单中的 id 或姓名），用其密钥签名")
    parser.add_argument("--to", type=Path, default=os.environ.get("GOVSITE_DEPLOY_DIR") or None,
                        help="部署目录：撤稿后立即重新构建并原子发布（默认取环境变量 GOVSITE_DEPLOY_DIR；不给则只标记和记录）")
    parser.add_argument("--key", type=Path, default=None, help="私钥路径（默认为密钥目录中此人的密钥）")


def run(args: argparse.Namespace) -> int:
    project = open_project(args)
    done = takedown(project, args.page, args.reason, args.person, to=args.to, key=args.key,
                    keep=project.settings.deploy_keep)
    inc = done.incident
    if done.release is not None:
        print(f"已撤下并发布：{inc.page} 现显示“该信息已撤下”；版本 {done.release.name}，用时 {done.seconds:.1f} 秒")
    else:
        print(f"已标记撤下：{inc.page}（尚未发布；请运行 govsite deploy 使其在网站上生效）")
    print(f"处置记录：review/incidents/{inc.id}.incident（{inc.name} 签名）；请提交本页面和处置记录，"
          f"并向区委网信办、区政府办公室报告（govsite incident report {inc.id}）")
    return EXIT_OK

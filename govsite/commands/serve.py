"""``govsite serve --unit ID [--dev-addr HOST:PORT]``: preview one unit of a large district.

``mkdocs serve`` restricted to one shard (:mod:`govsite.publish.shards`): only that
unit's pages are checked and rendered, only its folder, approvals and the shared files
are watched, and an edit checks again only what it can change and renders again only
the pages it changes (the edited pages, the pages linking to them or listing them, the
pages whose banner changed, the generated lists; every page after a change of settings,
``unit.yml``, trust or templates); ``--full`` renders the whole unit every time. A draft
build like ``mkdocs serve``: pages the gate would refuse are shown under a 未审核 /
审核已失效 banner.
"""

from __future__ import annotations

import argparse

from govsite.commands import open_project
from govsite.core.errors import EXIT_OK
from govsite.publish import shardbuild, shards


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--unit", metavar="ID", required=True,
                        help=f"要预览的单位 ID（{shards.PORTAL} 表示门户自身的页面）")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                        help="本地预览地址（默认 127.0.0.1:8000）")
    parser.add_argument("--full", action="store_true",
                        help="每次修改后重新生成本单位的全部页面（默认只重新生成受修改影响的页面）")


def run(args: argparse.Namespace) -> int:
    project = open_project(args)
    shard = shards.shard_of(project, args.unit)
    shardbuild.serve(project, shard, args.dev_addr, dirty=not args.full)
    return EXIT_OK

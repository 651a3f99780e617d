"""One module per CLI verb: ``add_arguments(parser)`` and ``run(args) -> int``."""

from __future__ import annotations

import argparse

from govsite.core.project import Project, find_root


def open_project(args: argparse.Namespace) -> Project:
    """The project named by ``--root``, or the one around the current folder; with
    ``--base REF`` (a pull request's base branch), trust is read from that ref."""
    project = Project(find_root(args.root) if args.root else find_root(), base=getattr(args, "base", None))
    if project.base:
        _ = project.base_sha  # an unknown or option-like ref is a usage error, said first
    return project


BASE_HELP = ("拉取请求的目标分支（如 origin/main）：名单、角色、平台账号、审核人公钥与设置以它为准，"
             "签名时间以记录进入该分支的时间为准；也可由环境变量 GOVSITE_BASE 给出")

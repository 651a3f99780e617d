"""One module per CLI verb: ``add_arguments(parser)`` and ``run(args) -> int``."""

from __future__ import annotations

import argparse

from govsite.core.project import Project, find_root


def open_project(args: argparse.Namespace) -> Project:
    """The project named by ``--root``, or the one around the current folder."""
    return Project(find_root(args.root) if args.root else find_root())

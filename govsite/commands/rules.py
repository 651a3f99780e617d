"""``govsite rules [CODE]``: the registry, for editors and the platform owner."""

from __future__ import annotations

import argparse

from govsite.core.errors import EXIT_OK, UsageError
from govsite.rules.registry import BY_CODE, RULES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", nargs="?", help="显示该规则的完整说明")


def run(args: argparse.Namespace) -> int:
    if args.code:
        spec = BY_CODE.get(args.code.upper())
        if spec is None:
            raise UsageError(f"未知的规则代码 {args.code}；用 govsite rules 查看全部代码")
        state = "，已停用" if spec.retired else ""
        print(f"{spec.code} {spec.name} [{spec.category}, {spec.severity}{state}] {spec.article}\n\n{spec.doc}")
        return EXIT_OK
    for spec in RULES:
        summary = spec.doc.splitlines()[0] if spec.doc else ""
        if spec.retired:
            summary = f"（已停用，代码保留不再复用）{summary}"
        print(f"{spec.code}  {spec.severity:<7} {spec.category:<12} {spec.name:<34} {summary}")
    return EXIT_OK

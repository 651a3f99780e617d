"""``govsite rules [CODE]``: the registry, for editors and the platform owner, in Chinese
(the explanations are ``govsite/data/rule_help.yml``; the rule docstrings stay English
for developers and are shown with ``--dev``)."""

from __future__ import annotations

import argparse

from govsite.core.errors import EXIT_OK, UsageError
from govsite.rules.help import rule_help
from govsite.rules.registry import BY_CODE, RULES

LEVEL = {"error": "错误", "warning": "警告"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", nargs="?", metavar="CODE", help="显示该规则的完整说明（如 FMT005）")
    parser.add_argument("--dev", action="store_true", help="同时显示规则模块的英文说明（供开发者）")


def run(args: argparse.Namespace) -> int:
    texts = rule_help()
    if args.code:
        spec = BY_CODE.get(args.code.upper())
        if spec is None:
            raise UsageError(f"未知的规则代码 {args.code}；用 govsite rules 查看全部代码")
        entry = texts.get(spec.code)
        state = "，已停用" if spec.retired else ""
        print(f"{spec.code}（{spec.name}）[{LEVEL.get(spec.severity, spec.severity)}，类别 {spec.category}{state}] {spec.article}")
        if entry:
            print(f"\n问题：{entry.title}\n修改：{entry.fix}")
        if not spec.suppressible:
            print("\n此规则不能在页面中豁免（三审三校）。")
        if args.dev or not entry:
            print(f"\n{spec.doc}")
        return EXIT_OK
    for spec in RULES:
        entry = texts.get(spec.code)
        summary = entry.title if entry else (spec.doc.splitlines()[0] if spec.doc else "")
        if spec.retired:
            summary = f"（已停用，代码保留不再复用）{summary}"
        print(f"{spec.code}  {LEVEL.get(spec.severity, spec.severity)}  {spec.category:<12} {summary}")
    return EXIT_OK

"""The ``govsite`` command line: parses arguments and dispatches to ``commands/``.

Every command is a typed function in ``govsite/commands/<verb>.py`` returning an exit
code (0 ok, 1 findings or negative verdict, 2 usage or configuration error). This
module only builds the parser and applies the one error policy: a
:class:`~govsite.errors.GovsiteError` prints one clean line; a bug keeps its traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from .errors import EXIT_USAGE, GovsiteError

# verb -> (module, one-line help). Each module defines add_arguments(parser) and run(args).
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("govsite.commands.check", "检查页面（三审三校、内容、栏目等规则）"),
    "rules": ("govsite.commands.rules", "列出全部规则及其代码、条款和说明"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="govsite", description="政府网站发布流水线（govsite）")
    parser.add_argument("--root", type=Path, default=None, help="站点仓库根目录（默认：自动查找）")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for verb, (module, help_text) in COMMANDS.items():
        cmd = sub.add_parser(verb, help=help_text, description=help_text)
        importlib.import_module(module).add_arguments(cmd)
        cmd.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    try:
        return importlib.import_module(args._module).run(args)
    except GovsiteError as err:
        print(f"govsite {args.command}: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

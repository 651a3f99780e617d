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

from govsite.core.errors import EXIT_USAGE, GovsiteError

# verb -> (module, one-line help). Each module defines add_arguments(parser) and run(args).
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("govsite.commands.check", "检查页面（三审三校、内容、栏目等规则）"),
    "rules": ("govsite.commands.rules", "列出全部规则及其代码、条款和说明"),
    "review": ("govsite.commands.review", "三审三校签名：生成密钥、签名、查看状态、核验、导入平台审批、审核历史"),
    "patrol": ("govsite.commands.patrol", "巡网：各单位栏目更新、空白栏目、首页、公开指南和年报，对照检查指标报告并提前预警"),
    "changed": ("govsite.commands.changed", "拉取请求涉及的页面（修改的页面及链接到它们的页面），可直接检查"),
    "links": ("govsite.commands.links", "链接巡查：用 linkchecker 检查构建好的站点，报告失效、跳转和指向违规域名的链接"),
    "deploy": ("govsite.commands.deploy", "原子发布：严格构建为新版本，切换符号链接上线，保留最近几个版本"),
    "rollback": ("govsite.commands.rollback", "一步回滚到之前的版本"),
    "new": ("govsite.commands.new", "新建页面：生成带元数据和审核人提示的页面文件"),
    "unit": ("govsite.commands.unit", "单位：新建单位子站点（unit.yml 和各标准栏目的示例页面），在名单中增加人员"),
    "preview": ("govsite.commands.preview", "草稿预览：生成含未审核页面（带横幅）的站点，供拉取请求预览，不能发布"),
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

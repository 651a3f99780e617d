"""The ``govsite`` command line: parses arguments and dispatches to ``commands/``.

Every command is a typed function in ``govsite/commands/<verb>.py`` returning an exit
code (0 ok, 1 findings or negative verdict, 2 usage or configuration error). This
module only builds the parser and applies the one error policy: a
:class:`~govsite.errors.GovsiteError` prints one clean line; a bug keeps its traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
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
    "takedown": ("govsite.commands.takedown", "应急撤稿：立即撤下页面、签名记录处置经过并重新发布（第十五条）"),
    "incident": ("govsite.commands.incident", "事件记录：列出、生成处置报告（页面和 Word）、记录舆情事件（第十五条）"),
    "trace": ("govsite.commands.trace", "溯源：某段文字由哪个提交、哪个拉取请求、哪三位审核人放行"),
    "verify-live": ("govsite.commands.verify_live", "防篡改：核对线上版本与发布清单，列出被改动、添加、删除的文件"),
    "restore": ("govsite.commands.restore", "遭篡改后重新构建并原子发布，原版本保留为证据"),
    "secrets": ("govsite.commands.secrets", "扫描仓库（及其历史）中的密码、令牌、私钥、Cookie 和连接串"),
    "maintainers": ("govsite.commands.maintainers", "第三方运维管控：列出非本单位人员、未报备或保密协议无效者对单位页面的提交"),
    "new": ("govsite.commands.new", "新建页面：生成带元数据和审核人提示的页面文件"),
    "import": ("govsite.commands.importdoc", "导入 Word 文档（.docx）为页面：保留标题、编号列表、表格和图片，读出文号和成文日期"),
    "unit": ("govsite.commands.unit", "单位：新建单位子站点（unit.yml 和各标准栏目的示例页面），在名单中增加人员"),
    "accounts": ("govsite.commands.accounts", "政务新媒体账号：登记、保留名单、审批链与签名（第六条至第九条）"),
    "report": ("govsite.commands.report", "季度通报（第十七条）：从版本历史统计各单位发布、更新、三审三校、解读时限、问题整改和否决项，生成页面、Excel 和 Word"),
    "build": ("govsite.commands.build", "构建站点：整站、单个单位的分片（--unit）、合成各分片（--compose），供 CI 按单位并行构建"),
    "serve": ("govsite.commands.serve", "本地预览一个单位（--unit）：只检查、只监视、只重建这个单位的页面"),
    "preview": ("govsite.commands.preview", "草稿预览：生成含未审核页面（带横幅）的站点，供拉取请求预览，不能发布"),
    "newmedia": ("govsite.commands.newmedia", "政务新媒体：导出文章为平台格式（过同一道检查和签名），导入平台的发布记录"),
}


# argparse's own words (headings, usage, errors) in Chinese: argparse looks its
# module-level gettext function ``_`` up on every call, so replacing it translates them.
ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "参数 %s 必须给出其中之一",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少需要一个值",
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "unexpected option string: %s": "意外的选项：%s",
    "ignored explicit argument %r": "忽略了多余的值 %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的子命令 %(parser_name)r（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开 '%(filename)s'：%(error)s",
}


def _zh(message: str) -> str:
    return ARGPARSE_ZH.get(message, message)


def _zh_n(singular: str, plural: str, n: int) -> str:
    return _zh(singular if n == 1 else plural)


def _describe(parser: argparse.ArgumentParser) -> None:
    """A subcommand's description defaults to its one-line help, at every level."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, child in action.choices.items():
                if not child.description and helps.get(name):
                    child.description = helps[name]
                _describe(child)


def _top_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="govsite", description="政府网站发布流水线（govsite）")
    parser.add_argument("--root", type=Path, default=None, help="站点仓库根目录（默认：自动查找）")
    return parser


def chosen_verb(argv: list[str]) -> str | None:
    """The subcommand ``argv`` names, when it names a known one; the only option that
    may come before it is ``--root DIR`` (anything else: the full parser decides)."""
    k = 0
    while k < len(argv) and argv[k].startswith("--root"):
        k += 1 if "=" in argv[k] else 2
    return argv[k] if k < len(argv) and argv[k] in COMMANDS else None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``only``, the arguments of that subcommand alone are
    declared (the others keep their one-line help), so a command imports its own module
    and not every other one: a CI step such as ``govsite changed --check`` starts in
    about half the time."""
    argparse._ = _zh  # type: ignore[attr-defined]
    argparse.ngettext = _zh_n  # type: ignore[attr-defined]
    parser = _top_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", help="子命令（govsite COMMAND --help 查看用法）")
    for verb, (module, help_text) in COMMANDS.items():
        cmd = sub.add_parser(verb, help=help_text, description=help_text)
        if only is None or verb == only:
            importlib.import_module(module).add_arguments(cmd)
        cmd.set_defaults(_module=module)
    _describe(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    verb = chosen_verb(argv)
    parser = build_parser(verb) if verb else build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    try:
        code = importlib.import_module(args._module).run(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handler below
        return code
    except GovsiteError as err:
        print(f"govsite {args.command}: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`govsite rules | head`): not an error of ours. Point
        # stdout at /dev/null so that the interpreter's final flush stays silent.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())

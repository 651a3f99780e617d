"""``govsite unit``: a new unit's subsite and its roster.

    govsite unit new ID --name 全称 --kind department|township|street [--short-name 简称] [--person id:姓名:角色[:职务]]...
    govsite unit add-person UNIT --id ID --name 姓名 --role ROLE [--role ROLE] [--title 职务]
"""

from __future__ import annotations

import argparse

from govsite.commands import open_project
from govsite.core.errors import EXIT_OK
from govsite.core.units import ROLE_NAMES, UNIT_KINDS
from govsite.ops.unitnew import KIND_NAMES, add_person, new_unit, parse_person, person

ROLES_HELP = "、".join(f"{k}（{v}）" for k, v in ROLE_NAMES.items())


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="unit_command", metavar="SUBCOMMAND", help="子命令（govsite unit SUBCOMMAND --help 查看用法）")
    sub.required = True
    p = sub.add_parser("new", help="新建单位子站点：unit.yml 和每个标准栏目的示例页面",
                       description="新建 units/ID/：unit.yml（名称、类型、人员名单）和每个标准栏目的示例页面，"
                                   "示例页面说明该栏目应发布什么内容。")
    p.add_argument("id", metavar="ID", help="单位 id（小写拼音首字母，如 czj）")
    p.add_argument("--name", required=True, help="单位全称，如 重庆市黔江区财政局")
    p.add_argument("--short-name", default="", help="简称，用于导航，如 区财政局（默认同全称）")
    p.add_argument("--kind", required=True, choices=UNIT_KINDS,
                   help="单位类型：" + "、".join(f"{k}（{v}）" for k, v in KIND_NAMES.items()))
    p.add_argument("--person", action="append", default=[], metavar="id:姓名:角色[:职务]",
                   help=f"名单中的人员，可多次使用；多个角色用 + 连接。角色：{ROLES_HELP}")

    p = sub.add_parser("add-person", help="在单位名单中增加一人（新审核人随后运行 govsite review keygen）",
                       description="在 units/UNIT/unit.yml 的人员名单末尾增加一人，文件其余内容不变。")
    p.add_argument("unit", metavar="UNIT", help="单位 id")
    p.add_argument("--id", dest="person_id", required=True, help="人员 id（姓名拼音，如 wangli）")
    p.add_argument("--name", required=True, help="姓名（页面 reviewers 中写的名字）")
    p.add_argument("--role", action="append", required=True, choices=tuple(ROLE_NAMES),
                   help=f"角色，可多次使用：{ROLES_HELP}")
    p.add_argument("--title", default="", help="职务，如 办公室主任")


def run(args: argparse.Namespace) -> int:
    project = open_project(args)
    if args.unit_command == "new":
        people = [parse_person(spec) for spec in args.person]
        written = new_unit(project, args.id, args.name, args.kind, args.short_name, people)
        for rel in written:
            print(f"已新建 {rel}")
        print(f"下一步：在 unit.yml 中补全人员名单（govsite unit add-person {args.id} …），"
              "每位审核人生成密钥（govsite review keygen），把示例页面改写为正式内容后送审签名；"
              f"govsite check units/{args.id} 列出尚待完成的事项。")
        return EXIT_OK
    new = person(args.person_id, args.name.strip(), tuple(dict.fromkeys(args.role)), args.title.strip())
    path = add_person(project, args.unit, new)
    print(f"已在 {path.relative_to(project.root).as_posix()} 的名单中增加 {new.name}（{new.id}）")
    print(f"下一步：{new.name} 在自己的电脑上运行 govsite review keygen --unit {args.unit} --person {new.id}，"
          "把 unit.yml 和 review/allowed_signers 的改动一起提交为拉取请求，合并后即可签名。")
    return EXIT_OK

"""``govsite newmedia import|export``: 政务新媒体 posts and post logs.

* ``govsite newmedia export POST [-o OUT.json]``: the post as its platform takes it
  (WeChat ``draft/add`` body; Weibo/Douyin text and media list), after the same gate
  as a web page: every rule and the three signatures. Exit 1, nothing written, when
  the gate refuses the post. The images to upload are listed on standard error (text)
  and in ``OUT.uploads.json`` next to the output.
* ``govsite newmedia import --account UNIT/ACCOUNT EXPORT.csv``: merges a platform's
  export of the account's publishing record into
  ``units/<unit>/newmedia/<account>/posts.csv`` (sorted, duplicates once), which is
  committed like any content; a malformed row refuses the whole file (file:line).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from govsite.commands import BASE_HELP, open_project
from govsite.core.errors import EXIT_OK, Failure, UsageError
from govsite.core.findings import ERROR, format_findings
from govsite.core.paths import PagePath
from govsite.engine.runner import run as run_rules
from govsite.newmedia.export import export_post
from govsite.newmedia.postlog import LOG_NAME, PostLogError, import_export
from govsite.newmedia.posts import account_dir, images, local_path, text_of


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="newmedia_command", metavar="SUBCOMMAND",
                                help="子命令（govsite newmedia SUBCOMMAND --help 查看用法）")
    exp = sub.add_parser("export", help="导出新媒体文章为平台接受的格式（微信草稿箱 draft/add 图文 JSON；微博、抖音为正文和图片清单）；未通过检查和三审三校签名的文章不导出")
    exp.add_argument("post", type=Path, help="文章路径：units/<单位>/newmedia/<账号>/<文章>.md")
    exp.add_argument("-o", "--output", type=Path, default=None, help="写入此 JSON 文件（默认标准输出）；待上传图片清单写入同名 .uploads.json")
    exp.add_argument("--base", metavar="REF", help=BASE_HELP)
    imp = sub.add_parser("import", help=f"导入平台后台导出的发布记录（CSV，UTF-8 或 GBK），合并到账号目录的 {LOG_NAME}")
    imp.add_argument("--account", required=True, metavar="UNIT/ACCOUNT", help="单位和账号 id，如 qzfb/qjzf-wx")
    imp.add_argument("csv", type=Path, help="平台导出的 CSV 文件（微信公众平台发表记录、微博数据助手、抖音创作者服务中心）")


def run(args: argparse.Namespace) -> int:
    if args.newmedia_command == "export":
        return export(args)
    if args.newmedia_command == "import":
        return import_log(args)
    raise UsageError("请给出子命令：govsite newmedia export 或 govsite newmedia import")


def export(args: argparse.Namespace) -> int:
    project = open_project(args)
    if not args.post.is_file():
        raise UsageError(f"{args.post}: 文件不存在")
    rel = project.rel(args.post)
    if not PagePath(rel).is_post:
        raise UsageError(f"{rel}: 不是新媒体文章；文章应在 units/<单位>/newmedia/<账号>/<文章>.md")
    # the gate: every rule of the page, its signatures included, exactly as for a web page;
    # the file rules on the images that go out with it; the repository's trust (path ".")
    page = project.page(rel)
    media = [m for m in (local_path(rel, text_of(page.meta.get("cover"))), *(i.local for i in images(page))) if m]
    files = [rel, *dict.fromkeys(m for m in media if (project.root / m).is_file())]
    report = run_rules(project, [str(project.root / f) for f in files])
    errors = [f for f in report.findings if f.severity == ERROR and (f.path in files or f.path == ".")]
    if errors:
        print(format_findings(errors, "text", []), file=sys.stderr)
        raise Failure(f"{rel}: 未通过检查或三审三校签名（{len(errors)} 个错误），不能导出；请按上面各条改正并重新签名")
    exported = export_post(project, page)
    text = json.dumps(exported.body, ensure_ascii=False, indent=2) + "\n"
    uploads = json.dumps(exported.uploads, ensure_ascii=False, indent=2) + "\n"
    if args.output is None:
        sys.stdout.write(text)
        for item in exported.uploads:
            print(f"待上传：{item['path']}（{item['use']}）", file=sys.stderr)
        return EXIT_OK
    target = args.output
    sidecar = target.with_name(target.stem + ".uploads.json")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
        sidecar.write_text(uploads, "utf-8")
    except OSError as err:
        raise UsageError(f"{target}: 无法写入（{err.strerror}）；请换一个输出路径") from None
    print(f"已导出 {rel} → {target}；待上传图片 {len(exported.uploads)} 项见 {sidecar}")
    return EXIT_OK


def import_log(args: argparse.Namespace) -> int:
    project = open_project(args)
    unit_id, _, account_id = str(args.account).partition("/")
    if not unit_id or not account_id:
        raise UsageError(f"--account {args.account!r} 应写成 单位/账号，如 qzfb/qjzf-wx")
    if unit_id not in project.unit_ids():
        raise UsageError(f"单位 {unit_id!r} 不存在；可用：{'、'.join(project.unit_ids())}")
    unit = project.unit(unit_id)
    account = unit.account(account_id)
    if account is None:
        known = "、".join(a.id for a in unit.new_media) or "无"
        raise UsageError(f"账号 {account_id!r} 不在 units/{unit_id}/unit.yml 的 new_media 中（已登记：{known}）")
    if not args.csv.is_file():
        raise UsageError(f"{args.csv}: 文件不存在")
    target_rel = f"{account_dir(unit_id, account_id)}/{LOG_NAME}"
    try:
        read, added = import_export(args.csv, project.root / target_rel, str(args.csv), target_rel)
    except PostLogError as err:
        raise Failure(str(err)) from None
    print(f"已导入 {args.csv}：读到 {read} 条，新增 {added} 条（重复的只记一次）→ {target_rel}；请提交该文件")
    return EXIT_OK

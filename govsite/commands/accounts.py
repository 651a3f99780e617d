"""``govsite accounts``: the new-media account registry (第六条至第九条).

    govsite accounts list [--format text|json]       every unit's accounts, kept or approved, chain and signatures
    govsite accounts show UNIT ACCOUNT               the exact bytes an approval of the entry signs
    govsite accounts approve UNIT ACCOUNT --as P --unit U [--key K]
                                                     sign the entry's current content (本单位主要负责人 / 区政府办公室)

``list`` exits 1 when an account needs an approval chain it lacks, the chain is
incomplete or its signatures are missing or stale (the same verdicts as NMD001,
NMD004 and NMD005 of ``govsite check``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from govsite.commands import BASE_HELP, open_project
from govsite.core.accounts import ApprovalAction
from govsite.core.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from govsite.newmedia.chain import approve_account, canonical, chain_problems, required_actions, signatures
from govsite.newmedia.kept import kept_entry
from govsite.review import keys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="accounts_command", metavar="SUBCOMMAND", help="子命令（govsite accounts SUBCOMMAND --help 查看用法）")
    sub.required = True
    p = sub.add_parser("list", help="列出各单位的政务新媒体账号：是否保留、审批链、签名")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")
    p.add_argument("--base", metavar="REF", help=BASE_HELP)
    p = sub.add_parser("show", help="显示账号登记内容签名所覆盖的确切字节")
    p.add_argument("unit", help="单位 id")
    p.add_argument("account", help="账号 id（unit.yml 中 new_media 的 id）")
    p = sub.add_parser("approve", help="以本人密钥签名账号登记（含审批链）的当前内容")
    p.add_argument("unit", help="账号所属单位 id")
    p.add_argument("account", help="账号 id（unit.yml 中 new_media 的 id）")
    p.add_argument("--as", dest="person", required=True, help="签名人的人员 id")
    p.add_argument("--unit", dest="signer_unit", required=True,
                   help="签名人所在单位 id：账号所属单位（主要负责人），或区政府办公室（govsite.yml 的 portal.owner）")
    p.add_argument("--key", type=Path, help=f"私钥文件（默认：${keys.ENV} 或 ~/.config/govsite/keys/<单位>/<人员>）")


def run(args: argparse.Namespace) -> int:
    project = open_project(args)
    if args.accounts_command == "approve":
        a = approve_account(project, args.unit, args.account, args.person, args.signer_unit, args.key)
        print(f"已签名账号登记 {a.page}：{a.person.name}（{a.person.id}，{args.signer_unit}），内容 {a.hash}\n"
              f"  记录 {project.rel(a.path) if a.path else '—'}（连同 .sig 一并提交）")
        return EXIT_OK
    if args.accounts_command == "show":
        account = project.unit(args.unit).account(args.account)
        if account is None:
            raise UsageError(f"单位 {args.unit} 没有 id 为 {args.account!r} 的新媒体账号")
        sys.stdout.write(canonical(account).decode("utf-8"))
        return EXIT_OK
    rows = []
    for unit in project.units():
        for account in unit.new_media:
            kept = kept_entry(unit, account)
            problems = chain_problems(unit, account, project.today)
            state = signatures(project, unit, account) if account.approvals else None
            needs = [a.value for a in required_actions(unit, account)]
            unapproved = account.is_open and kept is None and not any(
                a.action in (ApprovalAction.OPEN, ApprovalAction.CREATE_APP) for a in account.approvals)
            ok = not unapproved and not problems and not (state and state.missing)
            rows.append({
                "unit": unit.id, "id": account.id, "platform": account.platform.value, "name": account.name,
                "status": account.status.value, "kept": kept.article if kept else None, "needs": needs,
                "chain_problems": [p.message for p in problems],
                "signatures_missing": [n.label for n in state.missing] if state else [],
                "signed": None if state is None else not state.missing, "stale": bool(state and state.stale), "ok": ok,
            })
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            basis = f"保留（{r['kept']}）" if r["kept"] else ("须审批：" + "、".join(r["needs"]) if r["needs"] else "名单外")
            sign = {None: "无审批链", True: "审批链签名齐全"}.get(r["signed"], "签名缺：" + "、".join(r["signatures_missing"]))
            mark = "✔" if r["ok"] else "✘"
            print(f"{mark} {r['unit']}/{r['id']}  {r['name']}（{r['platform']}，{r['status']}）  {basis}  {sign}")
            for message in r["chain_problems"]:
                print(f"    {message}")
        print(f"共 {len(rows)} 个账号，{sum(not r['ok'] for r in rows)} 个有问题。")
    return EXIT_FINDINGS if any(not r["ok"] for r in rows) else EXIT_OK

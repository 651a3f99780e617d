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
from dataclasses import dataclass
from pathlib import Path

from govsite.commands import BASE_HELP, open_project
from govsite.core.accounts import Account, ApprovalAction
from govsite.core.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from govsite.core.units import Unit
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
    rows = [_row(project, unit, account) for unit in project.units() for account in unit.new_media]
    if args.format == "json":
        print(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=2))
    else:
        for r in rows:
            print(r.text())
            for message in r.chain_problems:
                print(f"    {message}")
        print(f"共 {len(rows)} 个账号，{sum(not r.ok for r in rows)} 个有问题。")
    return EXIT_FINDINGS if any(not r.ok for r in rows) else EXIT_OK


@dataclass(frozen=True)
class Row:
    account: Account
    kept: str | None  # the article that keeps it
    needs: tuple[str, ...]  # actions its state needs approved
    unapproved: bool  # off the kept list, open, no opening chain (NMD001)
    chain_problems: tuple[str, ...]  # NMD004
    signed: bool | None  # None: no chain to sign; NMD005
    missing: tuple[str, ...]
    stale: bool

    @property
    def ok(self) -> bool:
        return not self.unapproved and not self.chain_problems and self.signed is not False

    def as_json(self) -> dict:
        a = self.account
        return {"unit": a.unit_id, "id": a.id, "platform": a.platform.value, "name": a.name, "status": a.status.value,
                "kept": self.kept, "needs": list(self.needs), "unapproved": self.unapproved,
                "chain_problems": list(self.chain_problems), "signed": self.signed,
                "signatures_missing": list(self.missing), "stale": self.stale, "ok": self.ok}

    def text(self) -> str:
        a = self.account
        basis = (f"保留（{self.kept}）" if self.kept else "未经批准，须关停" if self.unapproved
                 else "须审批：" + "、".join(self.needs) if self.needs else "名单外")
        sign = ("无审批链" if self.signed is None else "审批链签名齐全" if self.signed
                else "签名缺：" + "、".join(self.missing) + ("（签名后内容已改动）" if self.stale else ""))
        return f"{'✔' if self.ok else '✘'} {a.unit_id}/{a.id}  {a.name}（{a.platform.label}，{a.status.value}）  {basis}  {sign}"


def _row(project, unit: Unit, account: Account) -> Row:
    kept = kept_entry(unit, account)
    state = signatures(project, unit, account) if account.approvals else None
    unapproved = account.is_open and kept is None and not any(
        a.action in (ApprovalAction.OPEN, ApprovalAction.CREATE_APP) for a in account.approvals)
    return Row(account, kept.article if kept else None, tuple(a.value for a in required_actions(unit, account)), unapproved,
               tuple(p.message for p in chain_problems(unit, account, project.today)),
               None if state is None else not state.missing, tuple(n.label for n in state.missing) if state else (),
               bool(state and state.stale))

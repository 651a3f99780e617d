"""``govsite review``: 三审三校 signatures (keys, approvals, status, verification,
forge import, history, revocation).

    govsite review keygen  --unit U --person P            a reviewer's key (outside the repo)
    govsite review keygen  --importer NAME                 a forge importer's key (CI)
    govsite review approve PAGE... --as P [--role R]       sign the pages' current content
    govsite review status  [PATH...]                       which approvals are there, missing, stale
    govsite review verify  [PATH...]                       everything verifies (exit 1 otherwise)
    govsite review import  --forge github|gitea --pr N     pull-request approvals -> records
    govsite review log     PAGE                            the page's review history
    govsite review revoke  --unit U --person P             revoke a person's keys
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from govsite.commands import open_project
from govsite.core import gitio
from govsite.core.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from govsite.core.findings import ERROR
from govsite.core.project import Project
from govsite.engine.runner import run as run_rules
from govsite.engine.runner import select
from govsite.review import (
    ALLOWED_SIGNERS,
    APPROVALS_DIR,
    FORGE_IMPORTERS,
    FORGE_NAMES,
    FORGES,
    REVOKED_KEYS,
    forge,
    gate,
    history,
    keys,
    principal,
    signing,
)
from govsite.review.roster import REVIEW_ROLES
from govsite.review.status import ReviewStatus
from govsite.review.trust import append_lines

GATE_CODES = {"REV010", "REV011", "REV012", "REV013", "REV014", "REV015"}
STATUS_WORDS = {ReviewStatus.OK: "有效", ReviewStatus.MISSING: "缺少", ReviewStatus.STALE: "已失效（签名后页面被修改）",
                ReviewStatus.WRONG: "签名人或角色不符", ReviewStatus.KEY_INVALID: "密钥无效（吊销或不在有效期）"}

IMPORT_WORDS = {forge.Standing.APPROVED: "已批准（最新提交）", forge.Standing.STALE: "批准的是旧提交或已过时",
                forge.Standing.WITHDRAWN: "批准已撤回", forge.Standing.UNOFFICIAL: "非正式评审",
                forge.Standing.AUTHOR: "PR 作者本人（不计入）", forge.Standing.BAD_LOGIN: "账号名不合规（不计入）"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="review_command", metavar="SUBCOMMAND")
    sub.required = True

    p = sub.add_parser("keygen", help="为审核人生成签名密钥（私钥保存在仓库之外）")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--person", help="人员 id（unit.yml 中的 id）")
    who.add_argument("--importer", help="改为生成平台审批导入者（如 CI）的密钥，登记到 " + FORGE_IMPORTERS)
    p.add_argument("--unit", help="单位 id（与 --person 同用）")
    p.add_argument("--no-passphrase", action="store_true", help="不设口令（仅用于 CI 或临时密钥）")
    p.add_argument("--valid-after", help="公钥生效时间 YYYYMMDD[Z]（默认今天）")

    p = sub.add_parser("approve", help="以本人密钥签名页面的当前内容")
    p.add_argument("pages", nargs="+", metavar="PAGE", help="要签名的页面 units/<单位>/<栏目>/<页面>.md")
    p.add_argument("--as", dest="person", required=True, help="签名人的人员 id")
    p.add_argument("--role", choices=REVIEW_ROLES, help="审核角色（默认：页面 reviewers 中此人的角色）")
    p.add_argument("--key", type=Path, help=f"私钥文件（默认：${keys.ENV} 或 ~/.config/govsite/keys/<单位>/<人员>）")

    p = sub.add_parser("status", help="列出页面三个签名的状态：有效、缺少、已失效")
    p.add_argument("paths", nargs="*", metavar="PATH", help="页面或目录（默认：全部单位）")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = sub.add_parser("verify", help="核验全部签名记录与页面签名；有任何问题时退出码为 1")
    p.add_argument("paths", nargs="*", metavar="PATH", help="页面或目录（默认：全部）")

    p = sub.add_parser("import", help="把 GitHub / Gitea 上 PR 的批准导入为签名记录")
    p.add_argument("--forge", choices=FORGES, required=True)
    p.add_argument("--pr", type=int, required=True, help="PR 编号")
    p.add_argument("--repo", help="所有者/仓库名（默认：取自 git remote origin）")
    p.add_argument("--api", help="API 地址（GitHub 默认 https://api.github.com；Gitea 默认 https://<remote 主机>/api/v1）")
    p.add_argument("--importer", default=None, help="导入者名称（默认：$GOVSITE_IMPORTER 或 ci）")
    p.add_argument("--base", metavar="REF",
                   help="从这一提交读取人员名单（unit.yml 的 forge 账号），只认其中登记的账号（默认：平台报告的 PR 基准提交）")
    p.add_argument("pages", nargs="*", metavar="PAGE", help="只导入这些页面（默认：PR 改动的全部页面）")

    p = sub.add_parser("log", help="页面的审核历史（跟随改名）")
    p.add_argument("page", metavar="PAGE")

    p = sub.add_parser("revoke", help="吊销密钥（泄露、遗失）：其全部签名作废")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--person", help="人员 id")
    who.add_argument("--importer", help="导入者名称")
    p.add_argument("--unit", help="单位 id（与 --person 同用）")
    p.add_argument("--fingerprint", help="只吊销这一把密钥（SHA256:...）")
    p.add_argument("--reason", default="", help="原因（写入 review/revoked_keys 的注释）")


def run(args: argparse.Namespace) -> int:
    project = open_project(args)
    handler = {"keygen": _keygen, "approve": _approve, "status": _status, "verify": _verify,
               "import": _import, "log": _log, "revoke": _revoke}[args.review_command]
    return handler(project, args)


# -- keygen ---------------------------------------------------------------------------
def _passphrase(args: argparse.Namespace) -> str | None:
    if args.no_passphrase:
        return ""
    if sys.stdin.isatty():
        return None  # ssh-keygen asks on the terminal
    raise UsageError("不在终端中运行，无法输入口令；请在终端中运行，或加 --no-passphrase（仅用于 CI 或临时密钥）")


def _keygen(project: Project, args: argparse.Namespace) -> int:
    if args.importer:
        path, line = signing.importer_keygen(project, args.importer, _passphrase(args))
        trust = FORGE_IMPORTERS
    else:
        if not args.unit:
            raise UsageError("请用 --unit 指定单位 id")
        path, line = signing.keygen(project, args.unit, args.person, _passphrase(args), valid_after=args.valid_after)
        trust = ALLOWED_SIGNERS
    print(f"私钥：{path}（只在本机保存，切勿提交、复制或发送给他人）")
    print(f"公钥已登记到 {trust}：\n  {line}")
    print(f"下一步：提交 {trust} 的改动（拉取请求由平台管理员审核），之后即可签名。")
    return EXIT_OK


# -- approve ----------------------------------------------------------------------------
def _approve(project: Project, args: argparse.Namespace) -> int:
    for target in args.pages:
        for a in signing.approve(project, target, args.person, args.role, args.key):
            page = project.page(a.page)
            title = page.meta.get("title") or ""
            head = f"{a.page}（{title}）" if title else a.page
            if a.path is None:
                print(f"{head}：{gate.role_text(a.role)} {gate.who(a.person)} 已有对当前内容的有效签名，无需重复")
            else:
                print(f"已签名 {head}：{gate.role_text(a.role)} {gate.who(a.person)}，内容 {a.hash}\n"
                      f"  记录 {a.path.relative_to(project.root).as_posix()}（连同 .sig 一并提交）")
    return EXIT_OK


# -- status -------------------------------------------------------------------------------
def _pages(project: Project, paths: list[str]) -> list[str]:
    return select(project, paths or None).pages


def _role_json(state: gate.RoleState, rel: str) -> dict:
    return {
        "role": state.role, "person": state.person.id, "name": state.person.name, "status": state.status,
        "approvals": [{"record": c.rel, "provider": c.parsed.provider, "when": c.parsed.when} for c in state.valid],
        "problems": [v.reason or c.rel for c, v in state.evidence],
        "command": None if state.status == ReviewStatus.OK else gate.command(rel, state.person.id),
    }


def _status(project: Project, args: argparse.Namespace) -> int:
    out = []
    lines = []
    for rel in _pages(project, args.paths):
        page = project.page(rel)
        result = gate.evaluate(page, project)
        if result is None:
            continue
        entry = {"page": rel, "hash": result.hash, "approved": result.approved,
                 "roles": [_role_json(s, rel) for s in result.roles],
                 "forged": [{"record": c.rel, "reason": c.verdict.reason} for c in result.forged],
                 "shared": [{"signer": who, "roles": list(roles)} for who, roles in result.shared]}
        out.append(entry)
        lines.append(f"{rel}  {'✔ 签名齐全' if result.approved else '✘ 签名不全'}  内容 {result.hash[:19]}…")
        named = {s.role for s in result.roles}
        for state in result.roles:
            detail = ""
            if state.status == ReviewStatus.OK:
                r = state.valid[-1].parsed
                detail = f"  {r.when[:10]} {FORGE_NAMES[r.provider]}" + (f" PR #{r.pr}" if r.is_forge else "")
            else:
                why = next((v.reason for _, v in state.evidence if v.reason), "")
                detail = (f"（{why}）" if why else "") + f"  → {gate.command(rel, state.person.id)}"
            lines.append(f"  {gate.role_text(state.role):<14} {gate.who(state.person):<16} {STATUS_WORDS[state.status]}{detail}")
        for role in REVIEW_ROLES:
            if role not in named:
                lines.append(f"  {gate.role_text(role):<14} （reviewers 未写明名单中的人员，见 govsite check）")
        for c in result.forged:
            lines.append(f"  伪造或无效的记录 {c.rel}：{c.verdict.reason}")
        for who, roles in result.shared:
            lines.append(f"  同一签名人担任多个角色：{who} → {'、'.join(roles)}")
    if args.format == "json":
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        done = sum(1 for e in out if e["approved"])
        lines.append(f"共 {len(out)} 个页面，{done} 个三审签名齐全，{len(out) - done} 个签名不全。")
        print("\n".join(lines))
    return EXIT_OK


# -- verify -------------------------------------------------------------------------------
def _verify(project: Project, args: argparse.Namespace) -> int:
    verifier = gate.verifier_for(project)
    store = verifier.store
    _ = store.allowed, store.importers  # a broken trust file is a configuration error (exit 2)
    problems: list[str] = []
    notes: list[str] = []
    pages = _pages(project, args.paths)
    if args.paths:
        files = [f for rel in pages for f in store.files_for(rel)]
    else:
        files = store.all_files()
    for c in verifier.check_many(files):
        r = c.record
        verdict = c.verdict
        if r is not None and verdict.status == ReviewStatus.OK and r.is_forge and r.unit in project.unit_ids():
            verdict = gate.effective(c, project.unit(r.unit))
        if verdict.status in (ReviewStatus.FORGED, ReviewStatus.WRONG_KEY):
            problems.append(f"{c.rel}: 签名记录无效：{verdict.reason}")
        elif verdict.status == ReviewStatus.KEY_INVALID:
            notes.append(f"{c.rel}: 签名不再计入：{verdict.reason}")
    if not args.paths:
        for sig in store.orphan_signatures():
            notes.append(f"{store.rel(sig)}: 只有签名、没有记录文件")
    report = run_rules(project, args.paths or None, codes=GATE_CODES, use_cache=False)
    for f in report.findings:
        if f.severity == ERROR:
            problems.append(f"{f.path}:{f.line}: {f.rule} {f.message}")
    if gitio.is_repository(project.root):
        for sha, status, path in gitio.rewritten_files(project.root, APPROVALS_DIR):
            verb = "修改" if status == "M" else "删除或改名"
            problems.append(f"{path}: 提交 {sha[:10]} {verb}了已有的签名记录；签名记录只可新增，请恢复原文件")
    for line in notes:
        print(f"提示 {line}")
    for line in problems:
        print(line)
    checked = f"{len(pages)} 个页面、{len(files)} 条签名记录"
    if problems:
        print(f"核验未通过：{len(problems)} 个问题（{checked}）。")
        return EXIT_FINDINGS
    print(f"核验通过：{checked}。")
    return EXIT_OK


# -- import -------------------------------------------------------------------------------
def _import(project: Project, args: argparse.Namespace) -> int:
    spec = forge.SPECS[args.forge]
    client, repo = forge.client_for(project, args.forge, args.repo, args.api, os.environ.get(spec.token_env) or None)
    importer = args.importer or os.environ.get("GOVSITE_IMPORTER") or "ci"
    result = forge.import_pr(project, args.forge, args.pr, repo, client, importer, args.pages or None, base=args.base)
    name = FORGE_NAMES[args.forge]
    print(f"{name} {repo} PR #{result.pr}，最新提交 {result.head[:12]}，人员名单取自基准提交 {result.base[:12]}")
    for f in sorted(result.folded.values(), key=lambda f: f.login):
        print(f"  {forge.shown_login(f)}: {IMPORT_WORDS[f.status]}")
    for rel, role, person, path in result.written:
        print(f"已导入 {rel}：{gate.role_text(role)} {person} → {path.relative_to(project.root).as_posix()}")
    for rel, role, person in result.existing:
        print(f"已有记录 {rel}：{gate.role_text(role)} {person}（未重复导入）")
    for note in result.notes:
        print(f"提示 {note}")
    print(f"共导入 {len(result.written)} 条签名记录。")
    return EXIT_OK


# -- log ----------------------------------------------------------------------------------
def _log(project: Project, args: argparse.Namespace) -> int:
    rel = project.rel(Path(args.page))
    if not (project.root / rel).is_file():
        raise UsageError(f"{args.page}: 页面不存在")
    current, events = history.page_log(project, rel)
    print(f"{rel} 的审核记录（当前内容 {current}）")
    for e in events:
        print(e.line())
    if not events:
        print("（没有提交记录，也没有签名记录）")
    return EXIT_OK


# -- revoke --------------------------------------------------------------------------------
def _revoke(project: Project, args: argparse.Namespace) -> int:
    store = gate.verifier_for(project).store
    if args.importer:
        who, signers = args.importer, [s for s in store.importers if args.importer in s.principals]
    else:
        if not args.unit:
            raise UsageError("请用 --unit 指定单位 id")
        person = signing.resolve_person(project.unit(args.unit), args.person)
        who = principal(args.unit, person.id)
        signers = store.signers_for(who)
    if args.fingerprint:
        signers = [s for s in signers if s.fingerprint == args.fingerprint]
    todo = [s for s in signers if s.blob not in store.revoked]
    if not todo:
        raise UsageError(f"没有可吊销的 {who} 的密钥（未登记，或已全部吊销）")
    import base64

    stamp = signing.now_utc().strftime("%Y-%m-%d")
    lines = [f"{s.key_type} {base64.b64encode(s.blob).decode()} # {who} {stamp} {args.reason}".rstrip() for s in todo]
    append_lines(project.root / REVOKED_KEYS, lines)
    gate.forget(project)
    for s in todo:
        print(f"已吊销 {who} 的密钥 {s.fingerprint}（{REVOKED_KEYS}）；该密钥的全部签名不再计入")
    print("提交此改动后，受影响的页面须由本人用新密钥（govsite review keygen）重新签名。")
    return EXIT_OK

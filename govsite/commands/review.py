"""``govsite review``: 三审三校 signatures (keys, approvals, status, verification,
forge import, history, revocation).

    govsite review keygen  --unit U --person P            a reviewer's key (outside the repo)
    govsite review keygen  --importer NAME                 a forge importer's key (CI)
    govsite review approve PAGE... --as P [--role R]       sign the pages' current content
    govsite review status  [PATH...]                       which approvals are there, missing, stale
    govsite review verify  [PATH...]                       everything verifies (exit 1 otherwise)
    govsite review import  --forge github|gitea --pr N     pull-request approvals -> records
    govsite review log     PAGE                            the page's review history
    govsite review show    PAGE [--raw | --html [FILE]]    exactly what a signature covers; diffs of stale ones
    govsite review revoke  --unit U --person P             revoke a person's keys
    govsite review keygen  --unit U --person P --replace   a lost key: revoke it, make a new one
    govsite review retire  --unit U --person P             a person who left: their keys end now
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from govsite.commands import BASE_HELP, open_project
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
    onboarding,
    principal,
    signing,
)
from govsite.review.incidents import INCIDENTS_DIR
from govsite.review.incidents import all_ids as all_incidents
from govsite.review.incidents import verify as verify_incident
from govsite.review.roster import REVIEW_ROLES
from govsite.review.status import ReviewStatus
from govsite.rules.registry import RULES

# What verify re-checks besides the signatures: every rule no page can silence, i.e.
# the whole 三审三校 gate as check and build apply it (the roster and role rules
# REV001-REV009 with the signature rules REV010-REV015), and the page refusals that
# decide what the signed bytes mean (FMT007 front-matter, FIL011 size).
GATE_CODES = {r.code for r in RULES if not r.suppressible} | {"REV030", "REV031"}  # and trust
STATUS_WORDS = {ReviewStatus.OK: "有效", ReviewStatus.MISSING: "缺少", ReviewStatus.STALE: "已失效（签名后页面被修改）",
                ReviewStatus.WRONG: "签名人或角色不符", ReviewStatus.KEY_INVALID: "密钥无效（吊销或不在有效期）"}

IMPORT_WORDS = {forge.Standing.APPROVED: "已批准（最新提交）", forge.Standing.STALE: "批准的是旧提交或已过时",
                forge.Standing.WITHDRAWN: "批准已撤回", forge.Standing.UNOFFICIAL: "非正式评审",
                forge.Standing.AUTHOR: "PR 作者本人（不计入）", forge.Standing.BAD_LOGIN: "账号名不合规（不计入）"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="review_command", metavar="SUBCOMMAND", help="子命令（govsite review SUBCOMMAND --help 查看用法）")
    sub.required = True

    p = sub.add_parser("keygen", help="为审核人生成签名密钥（私钥保存在仓库之外）")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--person", help="人员 id（unit.yml 中的 id）")
    who.add_argument("--importer", help="改为生成平台审批导入者（如 CI）的密钥，登记到 " + FORGE_IMPORTERS)
    p.add_argument("--unit", help="单位 id（与 --person 同用）")
    p.add_argument("--no-passphrase", action="store_true", help="不设口令（仅用于 CI 或临时密钥）")
    p.add_argument("--valid-after", help="公钥生效时间 YYYYMMDD[Z]（默认今天）")
    p.add_argument("--replace", action="store_true",
                   help="此人已有密钥时（遗失、泄露）：吊销旧密钥并生成新密钥；旧密钥的签名全部作废，须重新签名")
    p.add_argument("--reason", default="更换密钥", help="更换原因（与 --replace 同用，写入 review/revoked_keys）")

    p = sub.add_parser("approve", help="以本人密钥签名页面的当前内容")
    p.add_argument("pages", nargs="+", metavar="PAGE", help="要签名的页面 units/<单位>/<栏目>/<页面>.md")
    p.add_argument("--as", dest="person", required=True, help="签名人的人员 id")
    p.add_argument("--role", choices=REVIEW_ROLES, help="审核角色（默认：页面 reviewers 中此人的角色）")
    p.add_argument("--unit", help="签名人所在单位 id：签名信任变更（unit.yml 名单、review/ 信任文件、govsite.yml、词表）时必填")
    p.add_argument("--key", type=Path, help=f"私钥文件（默认：${keys.ENV} 或 ~/.config/govsite/keys/<单位>/<人员>）")

    p = sub.add_parser("status", help="列出页面三个签名的状态：有效、缺少、已失效")
    p.add_argument("paths", nargs="*", metavar="PATH", help="页面或目录（默认：全部单位）")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")

    p = sub.add_parser("verify", help="核验全部签名记录与页面签名；有任何问题时退出码为 1")
    p.add_argument("paths", nargs="*", metavar="PATH", help="页面或目录（默认：全部）")
    p.add_argument("--base", metavar="REF", help=BASE_HELP)

    p = sub.add_parser("import", help="把 GitHub / Gitea 上 PR 的批准导入为签名记录")
    p.add_argument("--forge", choices=FORGES, required=True, help="代码托管平台：github 或 gitea")
    p.add_argument("--pr", type=int, required=True, help="PR 编号")
    p.add_argument("--repo", help="所有者/仓库名（默认：取自 git remote origin）")
    p.add_argument("--api", help="API 地址（GitHub 默认 https://api.github.com；Gitea 默认 https://<remote 主机>/api/v1）")
    p.add_argument("--importer", default=None, help="导入者名称（默认：$GOVSITE_IMPORTER 或 ci）")
    p.add_argument("--base", metavar="REF",
                   help="从这一提交读取人员名单（unit.yml 的 forge 账号），只认其中登记的账号（默认：平台报告的 PR 基准提交）")
    p.add_argument("pages", nargs="*", metavar="PAGE", help="只导入这些页面（默认：PR 改动的全部页面）")

    p = sub.add_parser("show", help="显示签名所覆盖的确切内容；签名已失效时显示签名以来的改动",
                       description="显示签名所覆盖的确切内容（规范化后的页面字节，即内容哈希的输入）；"
                                   "某人的签名已失效时，显示其签名时的内容到现在的改动（从 git 历史中按哈希找到）。")
    p.add_argument("page", metavar="PAGE", help="页面 units/<单位>/<栏目>/<页面>.md")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--raw", action="store_true", help="只输出签名覆盖的字节（可用 sha256sum 核对内容哈希）")
    mode.add_argument("--html", nargs="?", const="-", metavar="FILE",
                      help="生成一个网页：页面发布后的样子、签名状态和改动（默认输出到标准输出）")

    p = sub.add_parser("log", help="页面的审核历史（跟随改名）")
    p.add_argument("page", metavar="PAGE", help="页面 units/<单位>/<栏目>/<页面>.md")

    p = sub.add_parser("revoke", help="吊销密钥（泄露、遗失）：其全部签名作废")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--person", help="人员 id")
    who.add_argument("--importer", help="导入者名称")
    p.add_argument("--unit", help="单位 id（与 --person 同用）")
    p.add_argument("--fingerprint", help="只吊销这一把密钥（SHA256:...）")
    p.add_argument("--reason", default="", help="原因（写入 review/revoked_keys 的注释）")

    p = sub.add_parser("retire", help="人员离任：其密钥自此刻起失效（设置 valid-before），此前的签名仍有效",
                       description="人员离任或调岗：在 review/allowed_signers 中给此人的每把密钥加上 valid-before（不删除任何行），"
                                   "此后的签名不再计入，离任前的签名仍然有效。")
    p.add_argument("--unit", required=True, help="单位 id")
    p.add_argument("--person", required=True, help="人员 id")
    p.add_argument("--at", default=None, metavar="YYYY-MM-DD",
                   help="失效时间（默认：现在；写日期则为当天 00:00 UTC）")


def run(args: argparse.Namespace) -> int:
    project = open_project(args)
    handler = {"keygen": _keygen, "approve": _approve, "status": _status, "verify": _verify,
               "import": _import, "log": _log, "revoke": _revoke, "show": _show, "retire": _retire}[args.review_command]
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
        _replace_or_refuse(project, args)
        path, line = signing.keygen(project, args.unit, args.person, _passphrase(args), valid_after=args.valid_after)
        trust = ALLOWED_SIGNERS
    print(f"私钥：{path}（只在本机保存，切勿提交、复制或发送给他人）")
    print(f"公钥已登记到 {trust}：\n  {line}")
    print(f"下一步：提交 {trust} 的改动（拉取请求由平台管理员审核），之后即可签名。")
    return EXIT_OK


def _replace_or_refuse(project: Project, args) -> None:
    """One key per person: a second one only with --replace, which revokes the first."""
    person = signing.resolve_person(project.unit(args.unit), args.person)
    base = keys.keys_dir(project.root)  # a keys folder inside the repository is the first error
    who = principal(args.unit, person.id)
    store = gate.verifier_for(project).store
    now = signing.now_utc()
    existing = onboarding.active_keys(store, who, now)
    if existing and not args.replace:
        prints = "、".join(s.fingerprint for s in existing)
        raise UsageError(f"{who} 已有登记的密钥 {prints}（{ALLOWED_SIGNERS}），不再生成第二把；"
                         f"密钥遗失或泄露时请运行 govsite review keygen --unit {args.unit} --person {person.id} --replace"
                         "（吊销旧密钥并生成新密钥）")
    if existing:
        onboarding.revoke(project.root, who, existing, args.reason, now)
        for s in existing:
            print(f"已吊销 {who} 的旧密钥 {s.fingerprint}（{REVOKED_KEYS}）；其全部签名不再计入，相关页面须用新密钥重新签名")
    if args.replace:
        old = onboarding.set_aside(keys.person_key(base, args.unit, person.id), now)
        if old:
            print(f"本机的旧私钥已改名为 {old}")
    gate.forget(project)


# -- approve ----------------------------------------------------------------------------
def _approve(project: Project, args: argparse.Namespace) -> int:
    for target in args.pages:
        rel = project.rel(Path(target))
        if not rel.endswith(".md"):
            if not args.unit:
                raise UsageError(f"{target}: 签名信任变更须用 --unit 指定签名人所在单位（本单位主要负责人，或区政府办公室）")
            a = signing.approve_trust(project, target, args.person, args.unit, args.key)
            print(f"已签名信任变更 {a.page}：{gate.who(a.person)}（{args.unit}），内容 {a.hash}\n"
                  f"  记录 {project.rel(a.path) if a.path else '—'}（连同 .sig 一并提交）")
            continue
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
            lines.append(f"  {gate.role_text(state.role):<14} {gate.who(state.person):<16} {STATUS_WORDS[ReviewStatus(state.status)]}{detail}")
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
            verdict = gate.effective(c, project.trusted_unit(r.unit))
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
        for sha, status, path in gitio.rewritten_files(project.root, INCIDENTS_DIR):
            verb = "修改" if status == "M" else "删除或改名"
            problems.append(f"{path}: 提交 {sha[:10]} {verb}了已有的处置记录；处置记录只可新增，请恢复原文件")
    if not args.paths:
        for incident_id in all_incidents(project.root):  # takedowns and 舆情 records (第十五条)
            inc = verify_incident(project.root, incident_id)
            if not inc.ok:
                problems.append(f"{INCIDENTS_DIR}/{incident_id}.incident: 处置记录无效：{inc.reason}")
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


# -- show ---------------------------------------------------------------------------------
def _role_lines(shown) -> list[str]:
    lines = []
    for state in shown.evaluation.roles if shown.evaluation else []:
        when = f"（{state.valid[-1].record.when[:10]}）" if state.status == gate.OK_ else ""
        lines.append(f"{gate.role_text(state.role)} {gate.who(state.person)}：{STATUS_WORDS[state.status]}{when}")
    return lines


def _show(project: Project, args) -> int:
    from govsite.review.show import as_text, show

    rel = project.rel(Path(args.page))
    if not (project.root / rel).is_file():
        raise UsageError(f"{args.page}: 页面不存在")
    shown = show(project, rel)
    if args.raw:
        sys.stdout.flush()
        sys.stdout.buffer.write(shown.signed_bytes)
        return EXIT_OK
    if args.html:
        from govsite.publish.render import review_html

        page = project.page(rel)
        text = review_html(project.root, shown, page.meta if isinstance(page.meta, dict) else {}, page.body,
                           _role_lines(shown))
        if args.html == "-":
            print(text, end="")
        else:
            Path(args.html).write_text(text, "utf-8")
            print(f"已生成 {args.html}")
        return EXIT_OK
    print(f"{rel} 签名所覆盖的内容（内容哈希 {shown.hash}，{len(shown.signed_bytes)} 字节；"
          "审核人签名的就是下面两条横线之间的全部文字）：")
    print("─" * 20 + " 开始 " + "─" * 20)
    print(as_text(shown.signed_bytes), end="")
    print("─" * 20 + " 结束 " + "─" * 20)
    for line in _role_lines(shown):
        print(line)
    groups: dict[str, list] = {}  # people who signed the same content share one diff
    for item in shown.stale:
        groups.setdefault(item.record.hash, []).append(item)
    for same in groups.values():
        item = same[0]
        head = "、".join(f"{gate.role_text(i.role)} {gate.who(i.person)} 于 {i.record.when[:10]}" for i in same) + " 签名"
        if item.signed is None:
            print(f"{head}的内容（{item.record.hash}）不在 git 历史中（签名后未提交就被修改），无法显示改动。")
        else:
            print(f"{head}以来的改动（签名时的内容见提交 {item.commit[:12]}）：")
            print("\n".join(item.diff) if item.diff else "（签名覆盖的内容没有变化）")
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
    onboarding.revoke(project.root, who, todo, args.reason, signing.now_utc())
    gate.forget(project)
    for s in todo:
        print(f"已吊销 {who} 的密钥 {s.fingerprint}（{REVOKED_KEYS}）；该密钥的全部签名不再计入")
    print("提交此改动后，受影响的页面须由本人用新密钥（govsite review keygen）重新签名。")
    return EXIT_OK


# -- retire ---------------------------------------------------------------------------------
def _retire(project: Project, args) -> int:
    import datetime as dt

    person = signing.resolve_person(project.unit(args.unit), args.person)
    who = principal(args.unit, person.id)
    if args.at:
        try:
            when = dt.datetime.combine(dt.date.fromisoformat(args.at), dt.time(), dt.UTC)
        except ValueError:
            raise UsageError(f"--at 的值 {args.at!r} 不是日期，请写成 YYYY-MM-DD") from None
    else:
        when = signing.now_utc().replace(microsecond=0)
    store = gate.verifier_for(project).store
    todo = [s for s in store.signers_for(who) if s.valid_before is None or s.valid_before > when]
    if not todo:
        raise UsageError(f"{who} 没有需要设置失效时间的密钥（未登记，或已在 {when:%Y-%m-%d %H:%M} UTC 前失效）")
    changed = onboarding.retire(project.root, who, todo, when)
    gate.forget(project)
    print(f"已在 {ALLOWED_SIGNERS} 第 {'、'.join(map(str, changed))} 行为 {who}（{person.name}）设置 valid-before="
          f"{when:%Y-%m-%d %H:%M} UTC：此后的签名不再计入，此前的签名仍有效。")
    print(f"提交此改动。{person.name} 仍留在 unit.yml 的名单中（已签名页面的审核记录需要核对此人），"
          "页面的 reviewers 今后请填写其他人员。")
    return EXIT_OK

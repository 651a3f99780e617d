"""``govsite trace PAGE [--text "…"] [--format text|json]``: where a text came from.

Prints the commit that introduced the text (or the page's last published version), its
author, the pull request that merged it and the three approvals that let it through.
"""

from __future__ import annotations

import argparse
import json

from govsite.commands import open_project
from govsite.core.errors import EXIT_OK
from govsite.ops.trace import trace
from govsite.review.gate import ROLE_LABEL


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("page", help="页面（units/<单位>/<栏目>/<页面>.md）")
    parser.add_argument("--text", default=None, help="要溯源的文字（原文照录）；不给则溯源页面最后发布的版本")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")


def run(args: argparse.Namespace) -> int:
    project = open_project(args)
    t = trace(project, args.page, args.text)
    approvals = [{"role": c.record.role, "person": c.record.person, "name": c.record.name, "when": c.record.when,
                  "provider": c.record.provider, "pr": c.record.pr or None, "record": c.rel} for c in t.approvals]
    if args.format == "json":
        print(json.dumps({"page": t.page, "text": t.text, "commit": t.commit.sha, "author": t.commit.author,
                          "date": t.commit.when.isoformat(), "message": t.commit.message.splitlines()[0] if t.commit.message else "",
                          "merge": t.merge.sha if t.merge else None, "pull_request": t.pr,
                          "approved_version": t.version.commit.sha if t.version else None, "hash": t.hash,
                          "approvals": approvals}, ensure_ascii=False, indent=1))
        return EXIT_OK
    what = f"文字“{t.text}”" if t.text else "页面最后发布的版本"
    print(f"{t.page}：{what}")
    print(f"  引入提交：{t.commit.sha[:12]}  {t.commit.when:%Y-%m-%d %H:%M}  作者 {t.commit.author}")
    if t.commit.message:
        print(f"  提交说明：{t.commit.message.splitlines()[0]}")
    if t.merge:
        print(f"  合并提交：{t.merge.sha[:12]}  {t.merge.when:%Y-%m-%d %H:%M}  {t.merge.author}")
    print(f"  拉取请求：#{t.pr}" if t.pr else "  拉取请求：未找到（直接提交，未经拉取请求合并）")
    if t.approvals:
        print(f"  放行的审核签名（内容哈希 {t.hash[:19]}…，版本 {t.version.commit.sha[:12] if t.version else '?'}）：")
        for c in t.approvals:
            r = c.record
            via = f"，{r.provider} PR #{r.pr}" if r.pr else ""
            print(f"    {ROLE_LABEL.get(r.role, r.role)}（{r.role}）{r.name}（{r.person}）{r.when}{via}  {c.rel}")
    else:
        print("  放行的审核签名：无（该内容没有有效的三审三校签名记录，请核查它如何上线）")
    return EXIT_OK

"""``govsite links``: link rot on the built site, checked by the real linkchecker.

Serves the built site (``--site``, default the ``site_dir`` of mkdocs.yml) on
127.0.0.1, runs linkchecker over it with bounded threads, a per-request timeout and
a total time limit, and reports per unit and page: broken links (4xx/5xx, DNS,
timeouts, redirect loops), redirects, and links that lead to a gambling, adult or
parked domain (a veto-level finding: take the link down and report it, 第十五条).
Recent verdicts on external links are cached (``--cache``, ``--cache-hours``).

Exit code: 1 when a finding reaches ``--fail-on`` (default: error), else 0.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from govsite.commands import open_project
from govsite.core.errors import EXIT_FINDINGS, EXIT_OK, GovsiteError, UsageError
from govsite.links import baddomains
from govsite.links.cache import DEFAULT_FILE, LinkCache
from govsite.links.linkchecker import seconds_int
from govsite.links.output import FORMATS, render, summary_line
from govsite.links.rot import check_site
from govsite.links.status import LinkSeverity
from govsite.text.render import mkdocs_config

FAIL_ON = (*LinkSeverity, "never")
SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".md": "markdown", ".txt": "text"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", type=Path, default=None, help="构建好的站点目录（默认：mkdocs.yml 的 site_dir）")
    parser.add_argument("--format", choices=FORMATS, default="text", help="输出格式（markdown 为可发布到站点的巡查报告页）")
    parser.add_argument("--output", type=Path, action="append", default=[],
                        help="写入文件而不是标准输出；可多次指定，格式按扩展名（.json .csv .md .txt）或 --format")
    parser.add_argument("--timeout", type=float, default=10, help="单个请求的超时秒数（默认 10）")
    parser.add_argument("--max-time", type=float, default=600, help="总时限秒数，超出后未检查的链接留待下次（默认 600）")
    parser.add_argument("--threads", type=int, default=10, help="并发线程数（默认 10）")
    parser.add_argument("--cache", type=Path, default=None, help=f"外部链接结果缓存文件（默认 {DEFAULT_FILE}）")
    parser.add_argument("--cache-hours", type=float, default=24, help="正常结果沿用的小时数，0 为不沿用（默认 24）")
    parser.add_argument("--bad-domains", type=Path, action="append", default=[], help="追加的违规域名清单（YAML，可多次指定）")
    parser.add_argument("--network", choices=("auto", "on"), default="auto",
                        help="auto（默认）：先探测本机能否解析常用域名，没有网络时跳过需要域名解析的外部链接并说明一次；"
                             "on：不探测，照常检查（如经代理上网）")
    parser.add_argument("--fail-on", choices=FAIL_ON, default="error",
                        help="达到该级别即退出码 1：veto 仅违规域名，error 含失效链接（默认），warning 含跳转，never 从不")


def default_site(root: Path) -> Path:
    config = mkdocs_config(root) or {}
    return root / str(config.get("site_dir") or "site")


def run(args: argparse.Namespace) -> int:
    project = open_project(args)
    root = project.root
    if args.threads < 1 or args.timeout <= 0 or args.max_time <= 0:
        raise UsageError("--threads、--timeout 和 --max-time 须为正数")
    site = args.site if args.site is not None else default_site(root)
    cache_path = args.cache if args.cache is not None else root / DEFAULT_FILE
    bad = baddomains.load(project, [Path(p) for p in args.bad_domains])
    for note in bad.notes:
        print(f"govsite links: {note}", file=sys.stderr)
    config = mkdocs_config(root) or {}
    try:
        names = {u.id: u.short_name for u in project.units()}
    except GovsiteError:
        names = {}
    cache = LinkCache(cache_path, args.cache_hours)
    report = check_site(Path(os.path.abspath(site)), root, set(project.unit_ids()), bad=bad, cache=cache,
                        timeout=seconds_int(args.timeout), threads=args.threads,
                        max_time=seconds_int(args.max_time), site_url=config.get("site_url") or None,
                        allow_addresses=project.settings.links.allow_addresses,
                        probe_network=args.network == "auto")
    try:
        cache.save()
    except OSError as err:
        print(f"govsite links: 无法写入缓存 {cache_path}：{err.strerror}", file=sys.stderr)
    if args.output:
        for out in args.output:
            text = render(report, SUFFIX_FORMATS.get(out.suffix.lower(), args.format), names, project.today)
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = out.with_name(f".{out.name}.tmp")
            tmp.write_text(text if text.endswith("\n") else text + "\n", "utf-8")
            os.replace(tmp, out)
        print(summary_line(report) + " 报告已写入 " + "、".join(str(o) for o in args.output))
    else:
        print(render(report, args.format, names, project.today))
    worst = report.worst()
    if args.fail_on != "never" and worst is not None and worst.rank <= LinkSeverity(args.fail_on).rank:
        return EXIT_FINDINGS
    return EXIT_OK

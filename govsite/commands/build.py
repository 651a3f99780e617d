"""``govsite build``: the production build of the whole portal, of one unit's shard, or
the composition of shards (a CI matrix builds a district one unit per job).

* ``govsite build [--out site]``: the whole portal, exactly as ``mkdocs build --strict``;
* ``govsite build --unit ID [--out site-shards/ID]``: unit ``ID``'s subsite with the
  portal's shared chrome; ``--unit _portal`` (or ``--portal``): the portal's own pages,
  assets, search index and sitemap; ``--unit A --unit B``: several shards one after
  another in one process (the rule data and the search segmenter load once);
* ``govsite build --compose site-shards [--out site]``: the shards, each built once from
  the same commit, copied into one tree (conflicts are errors);
* ``govsite build --list-units [--base REF] [--json]``: the shard names, one per line
  (every shard; with ``--base``, only those a pull request touches).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from govsite.commands import BASE_HELP, open_project
from govsite.core.errors import EXIT_OK, UsageError
from govsite.publish import shardbuild, shards

SHARDS_DIR = Path("site-shards")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--unit", metavar="ID", action="append",
                      help="只构建这个单位的子站点（含门户共用的页头、导航和样式）；"
                      f"{shards.PORTAL} 表示门户自身的页面；可重复，在同一进程中依次构建到 site-shards/<ID>")
    what.add_argument("--portal", action="store_true", help=f"只构建门户自身的页面（同 --unit {shards.PORTAL}）")
    what.add_argument("--compose", type=Path, metavar="DIR", help="把 DIR 下各分片的构建结果合成完整站点")
    what.add_argument("--list-units", action="store_true", help="列出各分片（单位 ID 和 _portal），每行一个")
    parser.add_argument("--out", type=Path, default=None,
                        help="输出目录（默认：整站和合成为 site，分片为 site-shards/<ID>）")
    parser.add_argument("--base", default=None, help="与 --list-units 合用：只列出拉取请求改动到的分片。" + BASE_HELP)
    parser.add_argument("--json", action="store_true", help="与 --list-units 合用：输出 JSON 数组（CI 矩阵用）")


def _changed(project, base: str) -> list[str]:
    """Shards a pull request must rebuild: the units of the pages it changes and of the
    pages linking to what it changed, renamed or deleted; every shard when the settings,
    the build or a unit.yml changed (unit names and columns are in every page's
    navigation); the portal with any of them (its home lists every unit's latest news)."""
    from govsite.ops.changed import scope

    found = scope(project, base)
    if found.everything or found.units:
        return shards.shard_names(project)
    names: set[str] = set()
    for path in found.pages + found.linked:
        parts = path.split("/")
        names.add(parts[1] if parts[0] == "units" and len(parts) > 2 else shards.PORTAL)
    if names:
        names.add(shards.PORTAL)
    return [n for n in shards.shard_names(project) if n in names]


def run(args: argparse.Namespace) -> int:
    if args.base and not args.list_units:
        raise UsageError("--base 只能与 --list-units 合用")
    project = open_project(args)
    if args.list_units:
        names = _changed(project, args.base) if args.base else shards.shard_names(project)
        print(json.dumps(names) if args.json else "\n".join(names))
        return EXIT_OK
    if args.compose is not None:
        folders = shards.shard_folders(args.compose)
        if not folders:
            raise UsageError(f"{args.compose}: 没有分片目录；请先用 govsite build --unit 构建各分片")
        out = (args.out or Path("site")).resolve()
        names = shards.compose(project, folders, out)
        print(f"已合成 {len(names)} 个分片：{out}")
        return EXIT_OK
    names = [shards.PORTAL] if args.portal else list(dict.fromkeys(args.unit or []))
    if not names:
        out = shardbuild.build(project, args.out or Path("site"))
        print(f"站点已构建：{out}")
        return EXIT_OK
    if args.out is not None and len(names) > 1:
        raise UsageError("构建多个分片时不能用 --out：每个分片输出到 site-shards/<ID>")
    todo = [shards.shard_of(project, name) for name in names]  # every name checked before the first build
    for shard in todo:
        out = shardbuild.build(project, args.out or SHARDS_DIR / shard.name, shard)
        print(f"分片 {shard.name} 已构建：{out}（合成：govsite build --compose {out.parent}）")
    return EXIT_OK

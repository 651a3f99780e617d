"""``govsite verify-live DIR``: compare the live release with the manifest written at deploy.

Lists every changed, added and removed file; exit 1 when there is any (tampering,
第十五条（二）), 0 when the live site is exactly what was deployed.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from govsite.core.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from govsite.ops.restore import verify_live


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", type=Path, nargs="?", default=os.environ.get("GOVSITE_DEPLOY_DIR") or None,
                        help="部署目录（含 current 和 releases/；默认取环境变量 GOVSITE_DEPLOY_DIR）")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    parser.add_argument("--output", type=Path, default=None, help="另将 JSON 结果写入该文件（巡查报告）")


def run(args: argparse.Namespace) -> int:
    if args.dir is None:
        raise UsageError("请指定部署目录（或设置环境变量 GOVSITE_DEPLOY_DIR）")
    check = verify_live(Path(args.dir))
    d = check.difference
    data = json.dumps({"release": check.release, "changed": d.changed, "added": d.added, "removed": d.removed},
                      ensure_ascii=False, indent=1)
    if args.output is not None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(data + "\n", "utf-8")
    if args.format == "json":
        print(data)
    elif d.clean:
        print(f"线上版本 {check.release} 与发布清单一致")
    else:
        print(f"线上版本 {check.release} 与发布清单不一致（可能被篡改）：")
        for label, paths in (("被改动", d.changed), ("被添加", d.added), ("被删除", d.removed)):
            for p in paths:
                print(f"  {label}：{p}")
        print(f"请立即运行 govsite restore --to {args.dir} 恢复，并按第十五条（二）报告")
    return EXIT_OK if d.clean else EXIT_FINDINGS

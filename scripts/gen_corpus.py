#!/usr/bin/env python3
"""Generate a synthetic district for benchmarks: N units x M pages of government-style text.

    python scripts/gen_corpus.py OUT --units 10 --pages 200

OUT receives units/, govsite.yml and copies of mkdocs.yml, hooks/ and content/ from this
repository, so ``mkdocs build`` and ``govsite check`` run there as on a real portal.
The text is assembled from sentence templates written for this generator; it is not
real prose and is used only to measure speed and size, never rule accuracy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COLUMNS = ("gzdt", "tzgg", "zcwj", "zcjd", "jgzn", "ldxx", "xxgkzn", "xxgknb")
SUBJECTS = ("区财政局", "区教委", "区卫生健康委", "区住房城乡建委", "区农业农村委", "区生态环境局", "各乡镇街道", "区级各部门")
ACTIONS = ("召开专题会议", "开展专项检查", "组织业务培训", "推进重点项目建设", "部署年度重点工作", "开展调研走访")
TOPICS = ("政务公开", "安全生产", "乡村振兴", "营商环境", "民生保障", "生态环境保护", "基层治理", "财政预算管理")
CLAUSES = (
    "会议强调，要坚持以人民为中心的发展思想，压实工作责任，确保各项任务落地见效。",
    "各单位要对照目标任务，细化工作措施，建立工作台账，按时报送工作进展情况。",
    "下一步，将持续加强统筹协调，完善长效机制，推动工作取得新的更大成效。",
    "此次活动进一步提升了干部职工的业务能力和服务水平，取得了良好效果。",
    "要严格落实信息发布审核制度，做到发布前三审三校，确保信息内容准确规范。",
    "各乡镇街道要结合实际，因地制宜，扎实做好宣传引导和政策解读工作。",
)
UNIT_YML = """name: 重庆市黔江区第{n}号示例单位
short_name: 示例单位{n}
kind: department
order: {n}
people:
  - {{id: zhuren, name: 周仁, roles: [principal]}}
  - {{id: fuzhu, name: 傅柱, roles: [deputy]}}
  - {{id: kezhang, name: 柯章, roles: [section_head]}}
  - {{id: keyuan, name: 柯源, roles: [operator]}}
oncall:
  - {{name: 柯章, phone: "010-0000 0000", role: 应急处置负责人}}
"""


def body(rng: random.Random, chars: int) -> str:
    out, size = [], 0
    while size < chars:
        para = "".join(rng.choice(CLAUSES) for _ in range(3))
        lead = f"{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)}，围绕{rng.choice(TOPICS)}工作作出安排。"
        out.append(lead + para)
        size += len(lead) + len(para)
    return "\n\n".join(out)


def generate(out: Path, units: int, pages: int, chars: int = 1500, seed: int = 1) -> int:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "holidays.yml"):
        shutil.copy(REPO / name, out / name)
    # the portal's own pages (content/) are signed by the roster of the first unit
    settings = (REPO / "govsite.yml").read_text("utf-8")
    (out / "govsite.yml").write_text(re.sub(r"(?m)^(\s+owner:) \S+$", r"\1 u001", settings), "utf-8")
    for folder in ("hooks", "content", "overrides"):
        if not (out / folder).exists():
            shutil.copytree(REPO / folder, out / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for page in (out / "content").glob("*.md"):  # reviewers from the owner's roster (UNIT_YML)
        text = page.read_text("utf-8")
        for role, name in (("drafter", "柯源"), ("checker", "柯章"), ("approver", "傅柱")):
            text = re.sub(rf"(?m)^(\s+{role}:) .*$", rf"\1 {name}", text, count=1)
        page.write_text(text, "utf-8")
    start = dt.date(2026, 11, 20)
    count = 0
    for u in range(1, units + 1):
        unit = out / "units" / f"u{u:03d}"
        unit.mkdir(parents=True, exist_ok=True)
        (unit / "unit.yml").write_text(UNIT_YML.format(n=u), "utf-8")
        for p in range(pages):
            column = COLUMNS[p % len(COLUMNS)] if p < len(COLUMNS) else rng.choice(COLUMNS[:3])
            date = start - dt.timedelta(days=p)
            folder = unit / column
            folder.mkdir(exist_ok=True)
            title = f"{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)}（{date.isoformat()}）"
            # Interpretations of national policies point at gov.cn, so no local pairing is needed.
            extra = "policy: https://www.gov.cn/zhengce/\n" if column == "zcjd" else ""
            text = (f"---\ntitle: {title}\ndate: {date.isoformat()}\nsource: 示例单位{u}\n{extra}"
                    f"reviewers:\n  drafter: 柯源\n  checker: 柯章\n  approver: 傅柱\n---\n\n{body(rng, chars)}\n")
            (folder / f"p{p:05d}.md").write_text(text, "utf-8")
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--units", type=int, default=10)
    parser.add_argument("--pages", type=int, default=200, help="pages per unit")
    parser.add_argument("--chars", type=int, default=1500, help="characters per page")
    args = parser.parse_args()
    n = generate(args.out, args.units, args.pages, args.chars)
    print(f"{n} pages in {args.out}")


if __name__ == "__main__":
    main()

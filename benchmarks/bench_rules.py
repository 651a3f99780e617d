#!/usr/bin/env python3
"""The whole rule set on real government prose: findings and speed, through the engine.

    .venv/bin/python benchmarks/bench_rules.py

Writes the 47 State Council work reports of ``../shared/eval/work-reports-dev.jsonl``
(about 1.0 M characters of clean prose) as pages of one unit of a temporary copy of the
test fixture site, then runs ``govsite.engine.run`` over them exactly as ``govsite
check`` does, on one core:

* cold: every page rule (statistical typo detection included, with the other pages as
  the site's archive), nothing cached;
* warm: the same run again, every page-local result served by content hash.

It prints characters per second and the findings per level, by code. The review gate's
findings (the pages carry no signatures) are counted apart: they are about signatures,
not text. Targets (issue 4): the whole rule set at least 50,000 characters per second;
0 error-level content findings; at most 1 warning per 10,000 characters.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from govsite.core.findings import ERROR  # noqa: E402
from govsite.core.project import Project  # noqa: E402
from govsite.engine.runner import run  # noqa: E402

EVAL = REPO.parent / "shared" / "eval" / "work-reports-dev.jsonl"
SIGNATURE_CODES = {f"REV{n:03d}" for n in range(10, 20)}
PAGE = """---
title: {title}
date: 2026-11-20
source: 国务院
policy: https://www.gov.cn/zhengce/
reviewers:
  drafter: 柯源
  checker: 柯章
  approver: 傅柱
---

{content}
"""


def main() -> int:
    if not EVAL.exists():
        print(f"{EVAL} not found: the evaluation data sits beside the repository in ../shared/eval/")
        return 2
    reports = [json.loads(line) for line in EVAL.read_text("utf-8").splitlines() if line.strip()]
    chars = sum(len(r["content"]) for r in reports)
    work = Path(tempfile.mkdtemp(prefix="govsite-rules-"))
    try:
        root = work / "site"
        shutil.copytree(REPO / "tests" / "fixtures" / "site", root)
        shutil.rmtree(root / "review", ignore_errors=True)
        folder = root / "units" / "demo" / "zcjd"  # a column every rule family applies to
        for index, report in enumerate(reports):
            (folder / f"r{index:02d}.md").write_text(PAGE.format(title=report["title"], content=report["content"]), "utf-8")
        os.chdir(root)
        project = Project(root)
        target = [str(folder)]
        start = time.perf_counter()
        cold = run(project, target, use_cache=True)
        cold_s = time.perf_counter() - start
        start = time.perf_counter()
        run(Project(root), target, use_cache=True)
        warm_s = time.perf_counter() - start
    finally:
        shutil.rmtree(work, ignore_errors=True)
    content = [f for f in cold.findings if f.rule not in SIGNATURE_CODES and "/r" in f.path]
    errors = Counter(f.rule for f in content if f.severity == ERROR)
    warnings = Counter(f.rule for f in content if f.severity != ERROR)
    print(f"pages: {len(reports)}, characters: {chars:,}")
    print(f"whole rule set, cold (nothing cached): {cold_s:.1f} s = {chars / cold_s:,.0f} characters/s")
    print(f"whole rule set, warm (cached by content hash): {warm_s:.2f} s")
    print(f"content findings: {sum(errors.values())} errors {dict(errors)}, "
          f"{sum(warnings.values())} warnings {dict(warnings)} "
          f"= {sum(warnings.values()) / chars * 10000:.2f} warnings per 10,000 characters")
    ok = chars / cold_s >= 50_000 and not errors and sum(warnings.values()) / chars * 10000 <= 1
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

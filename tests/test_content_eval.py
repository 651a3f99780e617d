"""False alarms of the content rules on real, clean government prose (not timed).

``../shared/eval/work-reports-dev.jsonl`` holds 47 State Council work reports (about one
million characters, proofread): the content rules must raise no error on them and at
most one warning per 10,000 characters. The 办法 itself (``../shared/seed/``) talks about
ads, secrets, following and sharing in prose and must raise nothing at all.
``benchmarks/bench_content_rules.py`` prints the same figures with timings.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rulekit import make_site

from govsite.core.pages import page_from_bytes
from govsite.core.project import Project
from govsite.engine.runner import Context
from govsite.rules.registry import RULES

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
EVAL = SHARED / "eval" / "work-reports-dev.jsonl"
SEED = SHARED / "seed"
FAMILIES = ("ADS", "SRC", "SCR", "PII", "EXP", "SEN", "ENG", "HTM")
SPECS = [r for r in RULES if r.code[:3] in FAMILIES and r.scope == "page" and not r.retired]
HEAD = "---\ntitle: {title}\ndate: 2026-11-20\nsource: 测试区示例局\n---\n\n"


def _run(root: Path, docs: list[tuple[str, str]]):
    ctx = Context(Project(root))
    out = []
    for index, (title, body) in enumerate(docs):
        raw = (HEAD.format(title=json.dumps(title, ensure_ascii=False)) + body).encode("utf-8")
        page = page_from_bytes(root, f"units/demo/gzdt/r{index:03d}.md", raw)
        for spec in SPECS:
            out.extend((spec.code, spec.severity, title, hit.line, hit.message) for hit in spec.check(page, ctx) or ())
    return out


@pytest.mark.skipif(not EVAL.exists(), reason="../shared/eval is not available")
def test_no_errors_and_few_warnings_on_work_reports(tmp_path):
    docs = [(d["title"], d["content"]) for d in map(json.loads, EVAL.read_text("utf-8").splitlines())]
    found = _run(make_site(tmp_path / "s"), docs)
    errors = [f for f in found if f[1] == "error"]
    assert errors == [], errors[:10]
    chars = sum(len(body) for _, body in docs)
    warnings = [f for f in found if f[1] == "warning"]
    assert len(warnings) / chars * 10000 <= 1, warnings[:10]


@pytest.mark.skipif(not SEED.is_dir(), reason="../shared/seed is not available")
def test_the_measures_themselves_raise_nothing(tmp_path):
    docs = [("《黔江区政府网站和政务新媒体管理办法》", p.read_text("utf-8")) for p in sorted(SEED.glob("*.txt"))]
    assert _run(make_site(tmp_path / "s"), docs) == []

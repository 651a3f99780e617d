#!/usr/bin/env python3
"""Content rules of 第十条/第十一条: false alarms on real government prose, and speed.

    .venv/bin/python benchmarks/bench_content_rules.py [--repeat 3]

Reads ``../shared/eval/work-reports-dev.jsonl`` (47 State Council work reports, about
1.0 M characters of clean, proofread prose; every finding on it is a false alarm) and the
办法 itself from ``../shared/seed/``, runs the content rules (ADS, SRC, SCR, PII, EXP,
SEN, ENG, HTM) on each as a synthetic page (``govsite.core.pages.page_from_bytes``: no files
are written), and prints:

* error- and warning-level findings per rule, and per 10,000 characters;
* the speed of the word-list matching (normalisation + one Aho-Corasick pass over every
  list + context checks) and of the whole content rule set, on one core.

Targets (issue 4): 0 errors; at most 1 warning per 10,000 characters; word-list matching
at least 1,000,000 characters per second. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from govsite.core.pages import page_from_bytes  # noqa: E402
from govsite.core.project import Project  # noqa: E402
from govsite.engine.runner import Context  # noqa: E402
from govsite.rules.registry import RULES  # noqa: E402
from govsite.text.pagetext import word_matches  # noqa: E402
from govsite.text.wordlists import wordlists_for  # noqa: E402

EVAL = REPO.parent / "shared" / "eval" / "work-reports-dev.jsonl"
ECSPELL = REPO.parent / "shared" / "eval" / "ecspell-odw.train.tsv"
SEED = REPO.parent / "shared" / "seed"
FAMILIES = ("ADS", "SRC", "SCR", "PII", "EXP", "SEN", "ENG", "HTM")
SPECS = [r for r in RULES if r.code[:3] in FAMILIES and r.scope == "page" and not r.retired]
HEAD = "---\ntitle: {title}\ndate: 2026-11-20\nsource: 测试区示例局\n---\n\n"


def make_page(root: Path, index: int, title: str, body: str):
    raw = (HEAD.format(title=json.dumps(title, ensure_ascii=False)) + body).encode("utf-8")
    return page_from_bytes(root, f"units/demo/gzdt/r{index:03d}.md", raw)


def load_docs() -> list[tuple[str, str]]:
    docs = [(d["title"], d["content"]) for d in map(json.loads, EVAL.read_text("utf-8").splitlines()) if d.get("content")]
    return docs


def seed_docs() -> list[tuple[str, str]]:
    if not SEED.is_dir():
        return []
    return [("《黔江区政府网站和政务新媒体管理办法》", p.read_text("utf-8")) for p in sorted(SEED.glob("*.txt"))]


def project_for_bench() -> tuple[Project, Path]:
    folder = Path(tempfile.mkdtemp(prefix="govsite-bench-"))
    shutil.copytree(REPO / "tests" / "fixtures" / "site", folder / "site")
    return Project(folder / "site"), folder


def findings(ctx, docs):
    """Counter of (code, severity) and examples, over ``docs``."""
    counts: Counter = Counter()
    examples: dict[str, list[str]] = {}
    for index, (title, body) in enumerate(docs):
        page = make_page(ctx.project.root, index, title, body)
        for spec in SPECS:
            for hit in spec.check(page, ctx) or ():
                counts[(spec.code, spec.severity)] += 1
                examples.setdefault(spec.code, []).append(f"{title} 第{hit.line}行：{hit.message[:70]}")
    return counts, examples


def speed(ctx, docs, repeat: int) -> tuple[float, float]:
    """(word-list matching chars/s, whole content rule set chars/s), best of ``repeat``."""
    lists = wordlists_for(ctx.project)
    lists.automaton()
    chars = sum(len(b) for _, b in docs)
    best_words = best_all = float("inf")
    for _ in range(repeat):
        pages = [make_page(ctx.project.root, i, t, b) for i, (t, b) in enumerate(docs)]
        start = time.perf_counter()
        for page in pages:
            word_matches(page, lists)
        best_words = min(best_words, time.perf_counter() - start)
        pages = [make_page(ctx.project.root, i, t, b) for i, (t, b) in enumerate(docs)]
        start = time.perf_counter()
        for page in pages:
            for spec in SPECS:
                for _hit in spec.check(page, ctx) or ():
                    pass
        best_all = min(best_all, time.perf_counter() - start)
    return chars / best_words, chars / best_all


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not EVAL.exists():
        print(f"找不到评测数据 {EVAL}", file=sys.stderr)
        return 2
    project, folder = project_for_bench()
    try:
        ctx = Context(project)
        docs = load_docs()
        chars = sum(len(b) for _, b in docs)
        counts, examples = findings(ctx, docs)
        errors = sum(n for (code, sev), n in counts.items() if sev == "error")
        warnings = sum(n for (code, sev), n in counts.items() if sev == "warning")
        print(f"work reports: {len(docs)} documents, {chars:,} characters")
        print(f"  rules run: {', '.join(s.code for s in SPECS)}")
        for (code, sev), n in sorted(counts.items()):
            print(f"  {code} {sev}: {n}")
            for line in examples[code][:3]:
                print(f"      {line}")
        print(f"  error-level findings: {errors}  (target 0)")
        print(f"  warning-level findings: {warnings} = {warnings / chars * 10000:.3f} per 10,000 characters  (target <= 1)")
        if ECSPELL.exists():
            rows = [line.split("\t") for line in ECSPELL.read_text("utf-8").splitlines()]
            sentences = [("ECSpell", row[2]) for row in rows if len(row) >= 3]
            sent_counts, sent_examples = findings(ctx, sentences)
            print(f"ECSpell official-document sentences, corrected column ({len(sentences)} sentences, "
                  f"{sum(len(b) for _, b in sentences):,} characters): {sum(sent_counts.values())} findings")
            for code, lines in sent_examples.items():
                for line in lines[:3]:
                    print(f"      {code} {line}")
        seed = seed_docs()
        if seed:
            seed_counts, seed_examples = findings(ctx, seed)
            print(f"the 办法 itself ({sum(len(b) for _, b in seed):,} characters): {sum(seed_counts.values())} findings")
            for code, lines in seed_examples.items():
                for line in lines[:3]:
                    print(f"      {code} {line}")
        words_cps, all_cps = speed(ctx, docs, args.repeat)
        print(f"speed, one core: word-list matching {words_cps:,.0f} characters/s  (target >= 1,000,000)")
        print(f"speed, one core: all {len(SPECS)} content rules {all_cps:,.0f} characters/s")
        ok = errors == 0 and warnings / chars * 10000 <= 1 and words_cps >= 1_000_000
        print("targets met" if ok else "TARGET MISSED")
        return 0 if ok else 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

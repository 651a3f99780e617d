"""Typo detection benchmark (issue 4, item 5): accuracy and speed.

    .venv/bin/python benchmarks/bench_typos.py

Reads ``../shared/eval`` relative to the repository (see typo_eval.py for the
protocol). Prints, for the ECSpell official-document sentences, the share of sentences
with a typo that get a correct finding (recall) and the precision of the findings, per
level (error: rulebook TYP001; warning: TYP002 and TYP003) and overall; for the State
Council work reports, findings per 10,000 characters (all false alarms); and the speed
of the whole typo detection on one core. Tuning half: even lines / even-numbered reports
(benchmarks/train_typos.py); held out: odd. Copy the printed figures into README.md.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import typo_eval as ev


def main() -> int:
    if not ev.available():
        print(f"evaluation data not found in {ev.EVAL_DIR}")
        return 2
    from govsite.text.typos import resources
    from govsite.text.typos.detector import Detector

    t0 = time.perf_counter()
    tables = resources.tables()
    det = Detector(tables)
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    arch = ev.archive_of_reports()
    t_arch = time.perf_counter() - t0
    print("typo detection benchmark")
    print(f"  start-up: tables {t_load:.2f} s (disk cache .govsite-cache/typo), "
          f"archive of {arch.docs} reports {t_arch:.2f} s ({len(arch):,} n-grams)")
    for label, use in (("with the site archive (reports, leave-one-out)", True), ("without an archive", False)):
        res = ev.evaluate(det, arch, use_archive=use)
        print(f"\n== {label}")
        print(f"  {'half':<5} {'recall':>7} {'prec':>6} {'prec.err':>9} {'prec.warn':>9} {'n.err':>6} {'n.warn':>6} "
              f"{'fixed':>6} {'clean.flag':>10} | {'err/10k':>7} {'warn/10k':>8} {'reports':>8}")
        for half in ("all", "even", "odd"):
            r = res[half]
            t = r["tally"]
            chars = r["report_chars"]
            e, w = r["alarms"]["error"], r["alarms"]["warning"]
            fixed = t.fixed / max(1, t.tp["error"] + t.tp["warning"])
            print(f"  {half:<5} {t.recall():7.1%} {t.precision():6.1%} {t.precision('error'):9.1%} "
                  f"{t.precision('warning'):9.1%} {t.findings('error'):6d} {t.findings('warning'):6d} "
                  f"{fixed:6.1%} {t.clean_flagged:10d} | {e / chars * 1e4:7.2f} {w / chars * 1e4:8.2f} {chars:8,d}")
    # speed: the whole typo detection (rulebook, statistical, Latin) on one core
    reps = ev.reports()
    views = [(r.content, arch.view(f"report-{r.index}", r.content)) for r in reps]
    chars = sum(len(t) for t, _ in views)
    fresh = Detector(tables)  # nothing remembered from the accuracy runs above
    for label, d in (("warm, first pass", fresh), ("warm, repeated pass", fresh)):
        t0 = time.perf_counter()
        for text, view in views:
            ev.findings(text, d, view)
        dt = time.perf_counter() - t0
        print(f"\nspeed ({label}): {chars:,} characters in {dt:.2f} s = {chars / dt:,.0f} characters/s "
              f"(one core, tables loaded, archive views included)")
    # cold: a fresh process, tables from the per-user cache, archive counted from scratch
    cold = subprocess.run([sys.executable, str(Path(__file__).with_name("typo_cold.py")), "reports"],
                          capture_output=True, text=True, check=False)
    print(f"speed (cold, statistical detection, fresh process): {cold.stdout.strip() or cold.stderr.strip()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

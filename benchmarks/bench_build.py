#!/usr/bin/env python3
"""Build benchmark: check and build a synthetic district of N pages.

    .venv/bin/python benchmarks/bench_build.py [--units 10] [--pages 200]

Prints, for the generated corpus: ``govsite check`` cold (empty cache) and warm (every
page cached by content hash), the real ``mkdocs build --strict`` wall time, its peak
memory, and the size of the HTML. The navigation lists units and columns only; a nav
that lists every page makes this quadratic (see README).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from gen_corpus import generate  # noqa: E402


def timed(cmd: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    return time.perf_counter() - start, proc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10)
    parser.add_argument("--pages", type=int, default=200, help="pages per unit")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="govsite-bench-"))
    try:
        n = generate(work, args.units, args.pages)
        sign = REPO / "scripts" / "sign_demo.py"
        if sign.exists():  # the review gate needs every page signed, as in production
            subprocess.run([sys.executable, str(sign), "--root", str(work)], check=True, capture_output=True)
        govsite = [sys.executable, "-m", "govsite", "check"]
        cold, proc = timed(govsite, work)
        warm, _ = timed(govsite, work)
        build, proc = timed([sys.executable, "-m", "mkdocs", "build", "--strict"], work)
        if proc.returncode != 0:
            sys.exit(f"mkdocs build failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        html = sum(p.stat().st_size for p in (work / "site").rglob("*") if p.is_file()) / 2**20
        print(f"pages: {n}")
        print(f"govsite check, cold cache: {cold:.2f} s ({n / cold:.0f} pages/s)")
        print(f"govsite check, warm cache: {warm:.2f} s")
        print(f"mkdocs build --strict: {build:.1f} s ({n / build:.0f} pages/s), peak RSS {peak_mb:.0f} MB, site {html:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

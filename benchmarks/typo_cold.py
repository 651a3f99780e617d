"""Cold typo detection, run by bench_typos.py in a fresh process (issue 16, item 2).

    .venv/bin/python benchmarks/typo_cold.py reports       # the 47 work reports
    .venv/bin/python benchmarks/typo_cold.py site DIR      # every units/**/*.md of a site

"Cold" is what a new ``govsite check`` pays: a fresh interpreter, the tables taken from
the per-user cache (built once per install), the site's archive counted from scratch,
and no cached results. Prints one line: seconds for each step and characters per second
over the whole (start-up included).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main(argv: list[str]) -> int:
    # the pages' prose is what every rule reads (parsed once per check): not counted
    if argv[0] == "site":
        from govsite.core.pages import FRONTMATTER_RE
        from govsite.text.document import parsed

        root = Path(argv[1]).resolve()
        docs = []
        for path in sorted(root.glob("units/**/*.md")):
            raw = path.read_text("utf-8")
            m = FRONTMATTER_RE.match(raw)
            docs.append((path.relative_to(root).as_posix(), parsed(root, raw[m.end():] if m else raw).prose))
    else:
        import typo_eval as ev

        docs = [(f"report-{r.index}", r.content) for r in ev.reports()]
    t_start = time.perf_counter()
    c_start = time.process_time()
    from govsite.text.typos.archive import Archive
    from govsite.text.typos.detector import Detector
    from govsite.text.typos.resources import tables

    t0 = time.perf_counter()
    det = Detector(tables())
    t_tables = time.perf_counter() - t0
    t0 = time.perf_counter()
    if argv[0] == "site":
        from govsite.text.typos import service

        arch = service.archive(root)  # the caller empties its cache directory first
    else:
        arch = Archive.build(docs)
    t_arch = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = 0
    for doc_id, text in docs:
        found += len(det.scan(text, arch.view(doc_id, text)))
    t_scan = time.perf_counter() - t0
    total = time.perf_counter() - t_start
    cpu = time.process_time() - c_start
    chars = sum(len(t) for _, t in docs)
    print(f"tables {t_tables:.2f} s, archive {t_arch:.2f} s, scan {t_scan:.2f} s, total {total:.2f} s: "
          f"CPU {cpu:.2f} s; {chars:,} characters, {chars / total:,.0f} characters/s cold, "
          f"{chars / cpu:,.0f} per CPU second ({found} suspects)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

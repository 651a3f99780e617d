#!/usr/bin/env python3
"""Build the character language model of the typo detector (``govsite/data/typo_lm.npz``).

    .venv/bin/python scripts/build_typo_lm.py [--eval ../shared/eval] [--out govsite/data/typo_lm.npz]

Source: the State Council work reports of ``../shared/eval/work-reports-dev.jsonl``
(public documents, not protected works under 著作权法 第五条), **even-numbered reports
only**: the odd-numbered ones are the held-out half on which the benchmark counts false
alarms, so the model never saw them. ECSpell's sentences are not used (they are the
benchmark's test data).

The model: counts of character unigrams, bigrams and trigrams within runs of Chinese
characters, a run's start and end marked by U+3000; every n-gram is kept (pruning
those seen once halved the file but lost recall on the tuning half). Each n-gram is packed into one 64-bit code (21 bits a character, as in
:mod:`govsite.text.typos.archive`), stored as sorted ``codes`` with parallel ``counts``.
Same inputs give a byte-identical file (numpy writes the archive with fixed dates).
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
BOUNDARY = "\u3000"
HAN_RUN = re.compile("[\u4e00-\u9fff]+")
MIN_COUNT = 1  # every n-gram is kept (pruning at 2 lost recall on the tuning half)


def documents(eval_dir: Path) -> list[str]:
    out = []
    with open(eval_dir / "work-reports-dev.jsonl", encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            if k % 2 == 0:  # the tuning half; odd reports are held out
                out.append(json.loads(line).get("content", ""))
    return out


def count(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    parts = []
    for text in texts:
        runs = BOUNDARY + BOUNDARY.join(HAN_RUN.findall(text)) + BOUNDARY
        cp = np.frombuffer(runs.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
        parts.append(cp)
        parts.append((cp[:-1] << np.uint64(21)) | cp[1:])
        parts.append((cp[:-2] << np.uint64(42)) | (cp[1:-1] << np.uint64(21)) | cp[2:])
    codes, counts = np.unique(np.concatenate(parts), return_counts=True)
    keep = (codes < (1 << 21)) | (counts >= MIN_COUNT)
    return codes[keep], counts[keep].astype(np.uint32)


def build(eval_dir: Path) -> bytes:
    codes, counts = count(documents(eval_dir))
    buf = io.BytesIO()
    np.savez_compressed(buf, codes=codes, counts=counts)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--eval", type=Path, default=REPO.parent / "shared" / "eval")
    ap.add_argument("--out", type=Path, default=REPO / "govsite" / "data" / "typo_lm.npz")
    args = ap.parse_args(argv)
    if not (args.eval / "work-reports-dev.jsonl").is_file():
        print(f"{args.eval / 'work-reports-dev.jsonl'} not found", file=sys.stderr)
        return 2
    data = build(args.eval)
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Signature verification: in-process (cryptography) against one ssh-keygen per signature.

    .venv/bin/python benchmarks/bench_signatures.py [--root .] [--limit 0]

Reads every approval record of the site (the demo district by default) with its
signature and checks each twice in the same run, interleaved so machine load hits both
alike: govsite's in-process check (:func:`govsite.review.sshsig.signature_valid`) and
``ssh-keygen -Y check-novalidate`` in a process of its own (what every signature cost
before). Prints both rates, the ratio, and that both gave the same verdict on every one.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    from govsite.review import sshsig

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO)
    parser.add_argument("--limit", type=int, default=0, help="at most this many signatures (0: all)")
    args = parser.parse_args()
    records = sorted((args.root / "review/approvals").rglob("*.approval"))
    pairs = [(r.read_bytes(), r.with_name(r.name + ".sig")) for r in records if r.with_name(r.name + ".sig").exists()]
    if args.limit:
        pairs = pairs[: args.limit]
    ours = tool = 0.0
    agree = 0
    for data, sig in pairs:
        armored = sig.read_bytes()
        start = time.perf_counter()
        a = sshsig.signature_valid(data, armored)
        ours += time.perf_counter() - start
        start = time.perf_counter()
        b = sshsig.check_novalidate(data, sig)
        tool += time.perf_counter() - start
        agree += a == b
    n = len(pairs)
    print(f"{n} signatures of {args.root.name or args.root}")
    print(f"  in-process (cryptography): {ours:.3f} s = {ours / n * 1000:.2f} ms per signature")
    print(f"  ssh-keygen per signature:  {tool:.3f} s = {tool / n * 1000:.2f} ms per signature")
    print(f"  speed-up {tool / ours:.0f}x; same verdict on {agree} of {n}")
    return 0 if agree == n else 1


if __name__ == "__main__":
    sys.exit(main())

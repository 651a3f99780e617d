"""Choose the weights and threshold of the suspected-typo score (writes
``govsite/data/typo_model.yml`` and the confusion pairs ``govsite/data/typo_pairs.yml``). Uses only the tuning halves: even lines of ECSpell and
even-numbered work reports; ``bench_typos.py`` reports the held-out halves.

    .venv/bin/python benchmarks/train_typos.py [--dry-run]

A logistic regression (Newton's method, L2) over the detector's features: positives
are candidates at a typo, negatives every other candidate on ECSpell and every
candidate on the reports, weighted so that a false alarm on clean prose costs as much
as the benchmark says it does. The threshold is then the lowest one whose precision on
the tuning sentences is at least ``--precision`` and whose false alarms on the tuning
reports stay under ``--alarms`` per 10,000 characters, counting what the detector would
report (the weaker of two neighbouring suspects is dropped, as ``Detector.scan`` does).

The feature ``lm`` comes from the character language model of
``scripts/build_typo_lm.py``, which counts the even-numbered reports; while training, a
tuning report is scored by a model built from the other fold of them (``fold_models``),
so the weights see the model on text it never counted, as on a real page. The feature
``pair`` counts how often ECSpell's tuning half shows the confusion, leaving each
sentence's own typos out. Only the odd (held-out) halves, which neither the models nor
the weights saw, give the figures in README.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import typo_eval as ev

from govsite.text.typos.detector import FEATURES, TWO_FEATURES, Detector, is_traditional, strongest_of_neighbours
from govsite.text.typos.resources import HAN_RUN

_spec = importlib.util.spec_from_file_location("build_typo_lm", ev.REPO / "scripts" / "build_typo_lm.py")
assert _spec and _spec.loader
build_lm = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_lm)

MODEL = ev.REPO / "govsite" / "data" / "typo_model.yml"
PAIRS = ev.REPO / "govsite" / "data" / "typo_pairs.yml"
PAIR = FEATURES.index("pair")
ARCHIVE_FEATURES = {"orig2", "orig3", "sugg2", "sugg3"}  # (of both feature sets)


def collect(det: Detector, text: str, view, errors=frozenset()):
    rows = []
    if is_traditional(text):
        return rows
    for m in HAN_RUN.finditer(text):
        s = m.group()
        for cand in det.candidates(s):
            x = det.features(s, cand, view) if len(cand[1]) == 1 else det.two_features(s, cand, view)
            rows.append((m.start() + cand[0], x, cand))
    return rows


def pair_counts(sents) -> Counter:
    """(written, correct) character pairs of the typos in ``sents``."""
    return Counter(s.text[i] + s.correct[i] for s in sents for i in s.errors)


def write_pairs(pairs: Counter) -> None:
    lines = ["# Character pairs real writers confused: written character, then the right one,",
             "# and how often. Counted by benchmarks/train_typos.py from the typos of the tuning",
             "# half (even lines) of ECSpell's official-document sentences (odw.train), MIT licence,",
             "# see ECSPELL-LICENSE next to this file. Never from the held-out half.",
             "pairs:"]
    lines += [f"  {k}: {v}" for k, v in sorted(pairs.items())]
    PAIRS.write_text("\n".join(lines) + "\n", "utf-8")
    print("wrote", PAIRS, len(pairs), "pairs")


def fold_models() -> dict:
    """Character models that did not see the report they score: the tuning reports split
    in two folds by ``index // 2``, each scored by the model of the other fold. The
    shipped model counts every tuning report, so scoring them with it would show the
    model text it has memorised, and the weights would trust it too much."""
    from govsite.text.typos.lm import CharLM

    texts = {r.index: r.content for r in ev.reports("even")}
    return {fold: CharLM(*build_lm.count([t for k, t in texts.items() if (k // 2) % 2 != fold]))
            for fold in (0, 1)}


def fit_kind(det, S, R, features, drop):
    """Weights for one kind of candidate (``S`` on sentences, ``R`` on reports), the
    features in ``drop`` left out; and the scored rows ``(text, offset, score, label)``."""
    mask = [0.0 if f in drop else 1.0 for f in features]

    def m(x):
        return [a * b for a, b in zip(x, mask)]

    X = [m(x) for _, _, x, _ in S] + [m(x) for *_, x in R]
    y = [t for *_, t in S] + [0] * len(R)
    # clean prose is what editors see: weight its candidates up
    w = [1.0] * len(S) + [8.0] * len(R)
    beta = fit(X, y, w) if any(y) else [-20.0] + [0.0] * (len(features) - 1)
    sp = [(k, pos, det.score(m(x), beta), t) for k, pos, x, t in S]
    rp = [(k, pos, det.score(m(x), beta), 0) for k, pos, x in R]
    return sp, rp, beta


def measure(warned, alarms, nerr, rep_chars):
    """(recall, precision, false alarms per 10,000 characters) of what is reported."""
    tp = sum(1 for *_, t in warned if t)
    prec = tp / len(warned) if warned else 1.0
    rec = len({k for k, _pos, _p, t in warned if t}) / nerr
    return rec, prec, len(alarms) / rep_chars * 1e4


def reported(scored, thr, scored2=(), thr2=1.1):
    """The rows ``(text, offset, score, label)`` the detector would report at threshold
    ``thr`` (and the two-character rows ``scored2`` at ``thr2``): those scoring at least
    the threshold, less the weaker of two neighbours, as ``Detector.scan`` does."""
    by_text: dict = {}
    for rows, t in ((scored, thr), (scored2, thr2)):
        for row in rows:
            if row[2] >= t:
                by_text.setdefault(row[0], []).append(row)
    out = []
    for rows in by_text.values():
        keep = strongest_of_neighbours([(pos, p) for _k, pos, p, _t in rows])
        out += [row for row, k in zip(rows, keep) if k]
    return out


def fit(X, y, w, l2=1.0, iters=25):
    d = len(X[0])
    beta = [0.0] * d
    for _ in range(iters):
        g = [0.0] * d
        H = [[0.0] * d for _ in range(d)]
        for x, t, wt in zip(X, y, w):
            z = sum(a * b for a, b in zip(x, beta))
            p = 1 / (1 + math.exp(-max(-50, min(50, z))))
            r = wt * (p - t)
            q = wt * p * (1 - p)
            for a in range(d):
                if x[a]:
                    g[a] += r * x[a]
                    qa = q * x[a]
                    row = H[a]
                    for b in range(d):
                        if x[b]:
                            row[b] += qa * x[b]
        for a in range(1, d):
            g[a] += l2 * beta[a]
            H[a][a] += l2
        H[0][0] += 1e-6
        step = solve(H, g)
        beta = [b - s for b, s in zip(beta, step)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return beta


def solve(A, b):
    n = len(b)
    M = [row[:] + [b[i]] for i, row in enumerate(A)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(M[r][c]))
        M[c], M[p] = M[p], M[c]
        if abs(M[c][c]) < 1e-12:
            continue
        for r in range(n):
            if r != c:
                f = M[r][c] / M[c][c]
                if f:
                    M[r] = [x - f * y for x, y in zip(M[r], M[c])]
    return [M[i][n] / M[i][i] if abs(M[i][i]) > 1e-12 else 0.0 for i in range(n)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--precision", type=float, default=0.96)
    ap.add_argument("--archive-precision", type=float, default=0.96,
                    help="the same for the model with an archive (its warnings alone must stay at 95 %%)")
    ap.add_argument("--alarms", type=float, default=0.7)
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args(argv)
    if not ev.available():
        print("evaluation data not found in", ev.EVAL_DIR)
        return 2
    det = Detector(model={})
    arch = ev.archive_of_reports()
    sents = ev.ecspell("even")
    pairs = pair_counts(sents)
    det.pairs = dict(pairs)
    reps = ev.reports("even")
    full_view = arch.view(None, "")
    S = []  # (sentence index, pos, x, label)
    S2 = []  # the same for two-character replacements: right when both characters are typos
    for k, s in enumerate(sents):
        own = pair_counts([s])
        for pos, x, cand in collect(det, s.text, full_view):
            if len(cand[1]) == 2:
                S2.append((k, pos, x, int(pos in s.errors and pos + 1 in s.errors)))
                continue
            # leave one out: a sentence's own typos do not count as evidence for it
            left = pairs[s.text[pos] + cand[1]] - own[s.text[pos] + cand[1]]
            x[PAIR] = math.log1p(left)
            S.append((k, pos, x, int(pos in s.errors)))
    R: list = []  # (report index, offset, x)
    R2: list = []
    rep_chars = 0
    shipped, folds = det.lm, fold_models()
    for r in reps:
        rep_chars += len(r.content)
        view = arch.view(f"report-{r.index}", r.content)
        det.lm = folds[(r.index // 2) % 2]
        for pos, x, cand in collect(det, r.content, view):
            (R if len(cand[1]) == 1 else R2).append((r.index, pos, x))
    det.lm = shipped
    nerr = sum(1 for s in sents if s.errors)
    models = {}
    for name, drop in (("archive", set()), ("no_archive", ARCHIVE_FEATURES)):
        target = args.archive_precision if name == "archive" else args.precision
        # one-character candidates first, then the two-character ones on top of them
        sp, rp, beta = fit_kind(det, S, R, FEATURES, drop)
        best = None
        for thr in [i / 200 for i in range(1, 200)]:
            got = measure(reported(sp, thr), reported(rp, thr), nerr, rep_chars)
            if got[1] >= target and got[2] <= args.alarms and (best is None or got[0] > best[1]):
                best = (thr, *got)
        thr1 = best[0] if best else 0.9
        print(name, "positives", sum(t for *_, t in S), "candidates", len(S) + len(R), "best", best)
        print("  weights", {f: round(b, 3) for f, b in zip(FEATURES, beta)})
        sp2, rp2, beta2 = fit_kind(det, S2, R2, TWO_FEATURES, drop)
        best2 = None
        for thr in [i / 200 for i in range(1, 201)]:
            got = measure(reported(sp, thr1, sp2, thr), reported(rp, thr1, rp2, thr), nerr, rep_chars)
            if got[1] >= target and got[2] <= args.alarms and (best2 is None or got[0] > best2[1]):
                best2 = (thr, *got)
        print("  two characters: positives", sum(t for *_, t in S2), "candidates", len(S2) + len(R2), "best", best2)
        print("  weights", {f: round(b, 3) for f, b in zip(TWO_FEATURES, beta2)})
        models[name] = {"threshold": thr1, "weights": [round(b, 4) for b in beta],
                        "two_threshold": best2[0] if best2 else 1.0, "two_weights": [round(b, 4) for b in beta2]}
    if not args.dry_run:
        write_pairs(pairs)
        lines = ["# Weights of the suspected-typo score (logistic regression over the features named",
                 "# below), written by benchmarks/train_typos.py from the tuning halves of the",
                 "# evaluation data. 'archive' is used when the site has an archive of published pages",
                 "# (see govsite/text/typos/archive.py), 'no_archive' otherwise. 'lm' is the gain of",
                 "# the character language model (govsite/text/typos/lm.py, scripts/build_typo_lm.py).",
                 f"features: [{', '.join(FEATURES)}]"]
        lines += ["# 'two_*': the two-character replacements (淡味 -> 单位), scored on their own features.",
                  f"two_features: [{', '.join(TWO_FEATURES)}]"]
        for name in ("archive", "no_archive"):
            mdl = models[name]
            lines += [f"{name}:", f"  threshold: {mdl['threshold']}",
                      f"  weights: [{', '.join(str(b) for b in mdl['weights'])}]",
                      f"  two_threshold: {mdl['two_threshold']}",
                      f"  two_weights: [{', '.join(str(b) for b in mdl['two_weights'])}]"]
        MODEL.write_text("\n".join(lines) + "\n", "utf-8")
        print("wrote", MODEL)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

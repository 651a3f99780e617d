"""Shared by bench_typos.py, train_typos.py and tests/test_typos_eval.py: reading the
evaluation data from ``../shared/eval`` (never copied into the project) and scoring.

Protocol. ECSpell official-document sentences are split by line number: even lines
(0, 2, 4 ...) choose the weights and thresholds, odd lines are held out. A sentence
whose columns differ has typos at the differing characters; a finding is correct when
it points at one of them. The State Council work reports are clean prose: every finding
there is a false alarm. They also stand in for a site's own archive (its published
pages): for an ECSpell sentence the archive is every report; for a report it is every
*other* report (leave-one-out), as for a page checked against the rest of its site.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EVAL_DIR = REPO.parent / "shared" / "eval"
ECSPELL = EVAL_DIR / "ecspell-odw.train.tsv"
REPORTS = EVAL_DIR / "work-reports-dev.jsonl"


def available() -> bool:
    return ECSPELL.is_file() and REPORTS.is_file()


def in_half(index: int, half: str) -> bool:
    """Whether line ``index`` belongs to ``half``: all, even (tuning) or odd (held out)."""
    return half == "all" or (half == "even") == (index % 2 == 0)


@dataclass
class Sentence:
    line: int
    text: str
    errors: frozenset[int]  # positions of the typos (empty: a clean sentence)
    correct: str


def ecspell(half: str = "all") -> list[Sentence]:
    """``half``: all, even (tuning) or odd (held out)."""
    out = []
    with open(ECSPELL, encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            if not in_half(k, half):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3:
                continue
            _, wrong, right = parts
            if len(wrong) != len(right):
                continue  # one row rewrites a phrase; positions cannot be compared
            errs = frozenset(i for i, (a, b) in enumerate(zip(wrong, right)) if a != b)
            out.append(Sentence(k, wrong, errs, right))
    return out


@dataclass
class Report:
    index: int
    year: int
    title: str
    content: str


def reports(half: str = "all") -> list[Report]:
    out = []
    with open(REPORTS, encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            if not in_half(k, half):
                continue
            d = json.loads(line)
            out.append(Report(k, d.get("year", 0), d.get("title", ""), d.get("content", "")))
    return out


def archive_of_reports():
    from govsite.text.typos.archive import Archive

    return Archive.build((f"report-{r.index}", r.content) for r in reports())


@dataclass
class Tally:
    """Findings as (position, level) per sentence, scored against the typos."""

    sentences: int = 0
    with_error: int = 0
    detected: int = 0  # sentences with an error and at least one correct finding
    clean_flagged: int = 0  # clean sentences with any finding
    tp: dict = field(default_factory=lambda: {"error": 0, "warning": 0})
    fp: dict = field(default_factory=lambda: {"error": 0, "warning": 0})
    fixed: int = 0  # correct findings whose suggestion is the right character

    def add(self, s: Sentence, found: list[tuple[int, str, str | None]]) -> None:
        self.sentences += 1
        hit = False
        for pos, level, suggestion in found:
            if pos in s.errors:
                self.tp[level] += 1
                hit = True
                if suggestion and s.correct[pos:pos + len(suggestion)] == suggestion:
                    self.fixed += 1
            else:
                self.fp[level] += 1
        if s.errors:
            self.with_error += 1
            self.detected += hit
        elif found:
            self.clean_flagged += 1

    def precision(self, level: str | None = None) -> float:
        levels = [level] if level else ["error", "warning"]
        tp = sum(self.tp[x] for x in levels)
        fp = sum(self.fp[x] for x in levels)
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self) -> float:
        return self.detected / self.with_error if self.with_error else 0.0

    def findings(self, level: str | None = None) -> int:
        levels = [level] if level else ["error", "warning"]
        return sum(self.tp[x] + self.fp[x] for x in levels)


def findings(text: str, det, view) -> list[tuple[int, str, str | None]]:
    """Everything the three typo rules report on a text: (offset, level, suggestion)."""
    from govsite.text.typos.latin import find as latin_find
    from govsite.text.typos.rulebook import rulebook

    out: list[tuple[int, str, str | None]] = []
    for offset, entry in rulebook().find(text):
        # the position of the first differing character, so it can be scored
        diff = next((k for k, (a, b) in enumerate(zip(entry.wrong, entry.right)) if a != b), 0)
        out.append((offset + diff, "error", entry.right[diff:diff + 1]))
    for s in det.scan(text, view):
        out.append((s.offset, "warning", s.suggestion))
    for m in latin_find(text):
        out.append((m.offset, "warning", None))
    return out


def evaluate(det, arch, halves=("all", "even", "odd"), use_archive: bool = True) -> dict:
    """Scores on ECSpell and false alarms on the reports, per half."""
    from govsite.text.typos.archive import EMPTY

    res: dict = {}
    full = arch.view(None, "") if use_archive else EMPTY
    for half in halves:
        t = Tally()
        for s in ecspell(half):
            t.add(s, findings(s.text, det, full))
        chars = 0
        by_level = {"error": 0, "warning": 0}
        for r in reports(half):
            view = arch.view(f"report-{r.index}", r.content) if use_archive else EMPTY
            chars += len(r.content)
            for _pos, level, _sugg in findings(r.content, det, view):
                by_level[level] += 1
        res[half] = {"tally": t, "report_chars": chars, "alarms": by_level}
    return res

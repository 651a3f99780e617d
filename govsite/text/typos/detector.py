"""Statistical detection of suspected Chinese typos.

For every run of Chinese characters the detector segments the text with a word-unigram
model (jieba's dictionary plus the government terms of ``typo_terms.yml``), once
forwards and once backwards. A single-character substitution that turns a span of 2-4
characters into a dictionary word then has an exact score in O(1)::

    gain = fwd[start] + logp(word) + bwd[end] - best

(the best segmentation that uses the new word, minus the best segmentation of the text
as written). Candidates come from a one-character-wildcard index of the dictionary and
are kept only when the characters are confusable: same pinyin (with or without tone),
fuzzy pinyin (z/zh, n/l, en/eng ...) or similar shape (``typo_shapes.yml``).

Two neighbouring characters both replaced (淡味 for 单位, as a pinyin IME does when the
writer picks the wrong word) come from a homophone index of the two-character words: the
word must read as the two characters do (without tones), and the same gain applies to
the two-character span. They have their own, smaller set of features and weights.

The final score is a logistic combination of the gain, the kind of confusion, the
rarity of the character written and of the suggested word, how often real writers
confused the two characters (``typo_pairs.yml``), and what the site's own
archive says about the phrase as written and as suggested (see :mod:`.archive`). The
weights and the thresholds live in ``govsite/data/typo_model.yml``; they were chosen on
one half of the ECSpell official-document sentences and the work reports, and
``benchmarks/bench_typos.py`` reports the other half.

Speed: positions covered by a frequent dictionary word are skipped, a bound on the gain
(per character: the most probable word that any of its confusable characters is part of)
prunes spans before any look-up, and the confusion kind of a character pair is cached.

Of two suspects side by side only the stronger is reported (:func:`strongest_of_neighbours`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from importlib import resources as ilr

from govsite.core.yamlio import load_fast
from govsite.text.typos.archive import EMPTY, ArchiveView
from govsite.text.typos.lm import model as lm_model
from govsite.text.typos.names import KnownNames
from govsite.text.typos.names import builtin as builtin_names
from govsite.text.typos.resources import HAN_RUN, Tables, tables

NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两廿卅")
PRE_GAIN = 3.0  # candidates below this gain are not scored at all
# Tokens at least this frequent in jieba's dictionary (200 of its 60 million) are trusted:
# never suspected. A lower bar (it was 50) also trusted words that are themselves common
# real-word errors of official documents (the written word exists but is the wrong one);
# on the tuning half this bar finds more typos at the same precision and the same speed.
SKIP_LOGP = math.log(200) - math.log(60_101_967)
# The most frequent characters (的 了 是 在 和 为 等 ...): swapping one for another (的/第,
# 在/再) is a grammar question a word-frequency model cannot judge; never suggest there.
SKIP_CHAR_LOGP = -6.0
TIER_NAMES = ("同音同调", "同音", "近音", "形近")
TIER_PENALTY = (0.0, 1.0, 3.0, 3.0)  # only to pick the best candidate at a position
RUN_MEMO = 200_000  # runs whose candidates are remembered (then the memo starts again)


@dataclass(frozen=True)
class Suspect:
    offset: int  # into the text given to :meth:`Detector.scan`
    char: str  # as written (two characters when a word replaces them both)
    suggestion: str  # suggested character (or word)
    word: str  # the word the suggestion makes
    tier: int
    score: float  # probability-like, 0..1

    @property
    def kind(self) -> str:
        return TIER_NAMES[self.tier]


def strongest_of_neighbours(found: list[tuple[int, float]]) -> list[bool]:
    """Which of the suspects ``(offset, score)`` to keep: one whose next-door neighbour
    (offset one less or one more) scores higher is dropped (on a tie the earlier stays).

    Why: one typo upsets the segmentation around it, so the character next to it often
    becomes a suspect too, pointing at the wrong place; the stronger of the two is nearly
    always the typo. Two typos side by side still get one warning between them."""
    score_at: dict[int, float] = {}
    for off, p in found:
        if p > score_at.get(off, -1.0):
            score_at[off] = p
    keep = []
    for off, p in found:
        left = score_at.get(off - 1, -1.0)
        right = score_at.get(off + 1, -1.0)
        keep.append(p >= score_at[off] and p > left and p >= right)
    return keep


def _is_rare(c: str) -> bool:
    try:
        c.encode("gb2312")
        return False
    except UnicodeEncodeError:
        return True


def _rare_count(han: str) -> int:
    """How many characters of ``han`` lie outside GB 2312, counted by the codec in C:
    encoding with "ignore" drops exactly those, and every GB 2312 character decodes back
    to one character."""
    return len(han) - len(han.encode("gb2312", "ignore").decode("gb2312"))


def is_traditional(text: str, limit: float = 0.003) -> bool:
    """Text written in traditional characters, wholly or mixed in (more than 0.3 % of its
    Chinese characters outside GB 2312, at least three): the model cannot judge it."""
    han = "".join(HAN_RUN.findall(text))
    if len(han) < 20:
        return False
    rare = _rare_count(han)
    return rare > limit * len(han) and rare >= 3


FEATURES = ("bias", "gain", "tier1", "tier2", "tier3", "char_logp", "word_logp", "short",
            "rare", "numeral", "orig2", "orig3", "sugg2", "sugg3", "in_word", "span_word", "lm",
            "pair")
# the features of a two-character replacement (淡味 -> 单位): its gain, whether a tone
# differs, how probable the span as written and the word are, the language model's gain,
# and the site archive's support for the span as written and for the word
TWO_FEATURES = ("bias", "gain", "toneless", "orig_logp", "word_logp", "lm", "orig2", "sugg2")
PAIRS_FILE = "typo_pairs.yml"


def load_pairs() -> dict[str, int]:
    """How often real writers typed the first character for the second
    (``govsite/data/typo_pairs.yml``, counted from the tuning half of ECSpell)."""
    data = load_fast((ilr.files("govsite") / "data" / PAIRS_FILE).read_text("utf-8")) or {}
    return {str(k): int(v) for k, v in (data.get("pairs") or {}).items()}


MIN_ARCHIVE_DOCS = 20  # a smaller archive says too little: use the model without it


def load_model() -> dict:
    """``{"archive": {...}, "no_archive": {...}}``, each with ``threshold`` and ``weights``
    (one-character candidates) and ``two_threshold`` and ``two_weights`` (two-character)."""
    data = load_fast((ilr.files("govsite") / "data" / "typo_model.yml").read_text("utf-8"))
    assert list(data["features"]) == list(FEATURES), "typo_model.yml was trained on other features"
    assert list(data["two_features"]) == list(TWO_FEATURES), "typo_model.yml was trained on other features"
    return {k: data[k] for k in ("archive", "no_archive")}


def _share(readings: dict[str, str], a: str, b: str) -> bool:
    """Whether two characters share a reading (comma-separated in the tables)."""
    ra, rb = readings.get(a), readings.get(b)
    return bool(ra and rb and not set(ra.split(",")).isdisjoint(rb.split(",")))


class Detector:
    def __init__(self, t: Tables | None = None, model: dict | None = None) -> None:
        self.t = t or tables()
        self.model = model if model is not None else load_model()
        self._tier: dict[tuple[str, str], int | None] = {}
        self._runs: dict[str, tuple] = {}
        self._conf: dict[str, dict[str, int]] = {}
        self._readings: dict[str, list[str]] = {}
        self._bounds: dict[str, list[tuple[int, float]]] = {}
        self._tops: dict[str, tuple[float, float]] = {}
        self.lm = lm_model()
        self.pairs = load_pairs()
        maxlp: dict[int, float] = {}
        for w, lp in self.t.logp.items():
            if 2 <= len(w) <= 4 and lp > maxlp.get(len(w), -1e9):
                maxlp[len(w)] = lp
        self.maxlp = maxlp

    # -- candidates -----------------------------------------------------------------
    def confusions(self, c: str) -> dict[str, int]:
        """Every character confusable with ``c`` and its tier (as :meth:`tier` says),
        worked out once per character from the reading index."""
        conf = self._conf.get(c)
        if conf is None:
            t = self.t
            by_toned, by_toneless, by_fuzzy = t.by_reading
            conf = {}
            # later tiers overwrite earlier ones: toned (0) beats toneless (1) beats
            # shape (3) beats fuzzy (2), the order of :meth:`tier`
            for r in (t.fuzzy.get(c) or "").split(","):
                conf.update(dict.fromkeys(by_fuzzy.get(r, ""), 2))
            conf.update(dict.fromkeys(t.shapes.get(c, ()), 3))
            for r in (t.toneless.get(c) or "").split(","):
                conf.update(dict.fromkeys(by_toneless.get(r, ""), 1))
            for r in (t.toned.get(c) or "").split(","):
                conf.update(dict.fromkeys(by_toned.get(r, ""), 0))
            conf.pop(c, None)
            self._conf[c] = conf
            # the most a substitution at c can gain, by the length of the word it makes
            tops = self.t.char_top
            none = (-1e9, -1e9, -1e9)
            best = [max((tops.get(x, none)[k] for x in conf), default=-1e9) for k in range(3)]
            self._bounds[c] = [(L, min(best[L - 2], self.maxlp.get(L, -1e9))) for L in (2, 3, 4)]
        return conf

    def tier(self, a: str, b: str) -> int | None:
        key = (a, b)
        if key in self._tier:
            return self._tier[key]
        t = self.t
        r: int | None = None
        if _share(t.toned, a, b):
            r = 0
        elif _share(t.toneless, a, b):
            r = 1
        elif b in t.shapes.get(a, ()):
            r = 3
        elif _share(t.fuzzy, a, b):
            r = 2
        self._tier[key] = r
        return r

    def readings(self, c: str) -> list[str]:
        """The toneless readings of a character (empty for one pypinyin lacks)."""
        r = self._readings.get(c)
        if r is None:
            r = self._readings[c] = [x for x in (self.t.toneless.get(c) or "").split(",") if x]
        return r

    def tops(self, c: str) -> tuple[float, float]:
        """The log probability of the most probable two-character word of the homophone
        index whose first (second) character reads as ``c`` does: the most a replacement
        of ``c`` and its neighbour can gain, known before any look-up."""
        r = self._tops.get(c)
        if r is None:
            top = self.t.homophone_top
            rs = self.readings(c)
            r = self._tops[c] = (max((top.get(x + " ?", -1e9) for x in rs), default=-1e9),
                                 max((top.get("? " + x, -1e9) for x in rs), default=-1e9))
        return r

    def candidates(self, s: str, pre: float = PRE_GAIN) -> tuple:
        """Best candidate per position of a run: (pos, suggestion, word, gain, tier, start);
        then the best two-character replacement per position, where the suggestion is the
        word (two characters) and start is the position.

        Depends on the run alone, so the answer is remembered per run: government pages
        repeat their phrases (headings, formulas, boilerplate) from page to page."""
        if pre == PRE_GAIN:
            hit = self._runs.get(s)
            if hit is None:
                hit = self._candidates(s, pre)
                if len(self._runs) >= RUN_MEMO:
                    self._runs.clear()  # bounded: a long check never grows without limit
                self._runs[s] = hit
            return hit
        return self._candidates(s, pre)

    def _candidates(self, s: str, pre: float) -> tuple:
        n = len(s)
        if n < 2:
            return ()
        logp = self.t.logp
        unk = self.t.unknown
        # The segmentation DAG: an edge per character (its own probability, or that of
        # an unknown character) and one per dictionary word found by the automaton.
        # Forward scores are filled by destination; edges into one destination are
        # tried from the earliest start, as a left-to-right search would, so the back
        # pointers (which decide the trusted tokens) break ties the same way.
        neg = -1e18
        single = [logp.get(c, unk) for c in s]
        fwd = [neg] * (n + 1)
        fwd[0] = 0.0
        back = [0] * (n + 1)
        starts: list[list[tuple[int, float]]] = [[] for _ in range(n)]
        into: list[list[tuple[int, float]]] = [[] for _ in range(n)]
        for end, (extra, lp) in self.t.words.iter(s):
            st = end - extra
            starts[st].append((end + 1, lp))
            into[end].append((st, lp))
        for e in range(n):
            edges = into[e]
            if edges:
                if len(edges) > 1:
                    edges.sort()
                for st, lp in edges:
                    v = fwd[st] + lp
                    if v > fwd[e + 1]:
                        fwd[e + 1] = v
                        back[e + 1] = st
            v = fwd[e] + single[e]
            if v > fwd[e + 1]:
                fwd[e + 1] = v
                back[e + 1] = e
        bwd = [0.0] * (n + 1)
        for i in range(n - 1, -1, -1):
            m = single[i] + bwd[i + 1]
            for j, lp in starts[i]:
                v = lp + bwd[j]
                if v > m:
                    m = v
            bwd[i] = m
        best = fwd[n]
        # positions covered by a trusted (frequent, multi-character) token are skipped
        trusted = bytearray(n)
        j = n
        while j > 0:
            i = back[j]
            if j - i > 1 and logp.get(s[i:j], -1e9) >= SKIP_LOGP:
                trusted[i:j] = b"\x01" * (j - i)
            j = i
        patterns = self.t.patterns
        maxlp = self.maxlp
        bounds = self._bounds
        confusions = self.confusions
        out = []
        # untrusted positions of characters that are not among the most frequent (an
        # unknown character is far below the bar)
        for i in [i for i, (tr, lp) in enumerate(zip(trusted, single)) if not tr and lp <= SKIP_CHAR_LOGP]:
            c = s[i]
            conf_of = confusions(c)
            conf = conf_of.keys()
            spans = bounds[c]
            top = None
            for L, bound in spans:
                lo = i - L + 1
                if lo < 0:
                    lo = 0
                hi = n - L
                if hi > i:
                    hi = i
                for st in range(lo, hi + 1):
                    e = st + L
                    base = fwd[st] + bwd[e] - best
                    if base + bound <= pre:
                        continue
                    head = s[st:i]
                    tail = s[i + 1:e]
                    hits = patterns.get(head + "?" + tail)
                    if not hits:
                        continue
                    common = conf & hits  # the confusable completions, found in C
                    if not common:
                        continue
                    # hits come most probable word first, so the gain only falls: stop
                    # at the first confusable one that cannot pass the bar or beat the
                    # best so far (a tier penalty is never negative)
                    for ch in sorted(common, key=hits.index) if len(common) > 1 else common:
                        tr = conf_of[ch]
                        w = head + ch + tail
                        g = base + logp[w]
                        if g <= pre or (top is not None and g <= top[0]):
                            break
                        v = g - TIER_PENALTY[tr]
                        if top is None or v > top[0]:
                            top = (v, ch, w, g, tr, st)
            if top is not None:
                out.append((i, top[1], top[2], top[3], top[4], top[5]))
        # two neighbouring characters both replaced by a word that reads the same
        homophones = self.t.homophones
        readings = self.readings
        tops, known_tops = self.tops, self._tops
        # the positions whose gain could pass the bar with the most probable word at all,
        # picked out by one comprehension (most positions of clean text fail here)
        lim = best + pre - maxlp.get(2, -1e9)
        for i in [i for i, (f, e) in enumerate(zip(fwd, bwd[2:])) if f + e > lim]:
            base = fwd[i] + bwd[i + 2] - best
            a, b = s[i], s[i + 1]
            if base + (known_tops.get(a) or tops(a))[0] <= pre or base + (known_tops.get(b) or tops(b))[1] <= pre:
                continue
            top2 = None
            for ra in readings(a):
                for rb in readings(b):
                    words = homophones.get(ra + " " + rb)
                    if not words:
                        continue
                    # most probable first: the gain only falls, and the first word that
                    # replaces both characters is the best this reading offers
                    for k in range(0, len(words), 2):
                        w = words[k:k + 2]
                        g = base + logp[w]
                        if g <= pre:
                            break
                        if w[0] == a or w[1] == b:
                            continue
                        if top2 is None or g > top2[0]:
                            top2 = (g, w)
                        break
            if top2 is not None:
                g, w = top2
                tr = max(self.tier(a, w[0]) or 0, self.tier(b, w[1]) or 0)
                out.append((i, w, w, g, tr, i))
        return tuple(out)

    # -- scoring --------------------------------------------------------------------
    def features(self, s: str, cand: tuple, arch: ArchiveView) -> list[float]:
        i, ch, w, gain, tr, st = cand
        c = s[i]
        logp = self.t.logp
        unk = self.t.unknown
        lp_c = logp.get(c, unk)
        in_word = unk
        for L in (2, 3, 4):
            for k in range(max(0, i - L + 1), min(i, len(s) - L) + 1):
                v = logp.get(s[k:k + L])
                if v is not None and v > in_word:
                    in_word = v
        span_word = float(s[st:st + len(w)] in logp)
        alt = s[:i] + ch + s[i + 1:]

        def support(text: str, n: int) -> float:
            lo = max(0, i - n + 1)
            hi = min(i, len(text) - n)
            best = 0
            for k in range(lo, hi + 1):
                d = arch.get(text[k:k + n])
                if d > best:
                    best = d
            return math.log1p(best)

        return [1.0, gain, float(tr == 1), float(tr == 2), float(tr == 3), lp_c / 10.0,
                self.t.logp.get(w, self.t.unknown) / 10.0, float(len(w) == 2),
                float(_is_rare(c)), float(c in NUMERALS or ch in NUMERALS),
                support(s, 2), support(s, 3), support(alt, 2), support(alt, 3),
                in_word / 10.0, span_word, self.lm.gain(s, i, ch) / 10.0,
                math.log1p(self.pairs.get(c + ch, 0))]

    def two_features(self, s: str, cand: tuple, arch: ArchiveView) -> list[float]:
        """The features of a two-character replacement (:data:`TWO_FEATURES`)."""
        i, w, _w, gain, tr, _st = cand
        logp, unk = self.t.logp, self.t.unknown
        orig = s[i:i + 2]
        return [1.0, gain, float(tr == 1), logp.get(orig, unk) / 10.0, logp[w] / 10.0,
                self.lm.gain(s, i, w) / 10.0, math.log1p(arch.get(orig)), math.log1p(arch.get(w))]

    def params(self, arch: ArchiveView) -> dict:
        return self.model["archive" if arch.docs >= MIN_ARCHIVE_DOCS else "no_archive"]

    @staticmethod
    def score(x: list[float], weights: list[float]) -> float:
        z = sum(a * b for a, b in zip(x, weights))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def scan(self, text: str, arch: ArchiveView = EMPTY, threshold: float | None = None,
             known: KnownNames | None = None) -> list[Suspect]:
        """Suspected typos of a text (offsets into ``text``), best first per position.

        Nothing inside a name or term ``known`` vouches for (by default the built-in
        place names, 《》 titles and document numbers) is suspected."""
        if is_traditional(text):
            return []
        params = self.params(arch)
        thr = params["threshold"] if threshold is None else threshold
        weights = params["weights"]
        out = []
        two_thr = params["two_threshold"] if threshold is None else threshold
        two_weights = params["two_weights"]
        for m in HAN_RUN.finditer(text):
            s = m.group()
            for cand in self.candidates(s):
                i, ch, w, _g, tr, _st = cand
                if len(ch) == 1:
                    p = self.score(self.features(s, cand, arch), weights)
                    ok = p >= thr
                else:
                    p = self.score(self.two_features(s, cand, arch), two_weights)
                    ok = p >= two_thr
                if ok:
                    out.append(Suspect(m.start() + i, s[i:i + len(ch)], ch, w, tr, p))
        if out:
            mask = (known or builtin_names()).mask(text)
            out = [x for x in out if not any(mask[x.offset:x.offset + len(x.char)])]
            keep = strongest_of_neighbours([(x.offset, x.score) for x in out])
            out = sorted((x for x, k in zip(out, keep) if k), key=lambda x: x.offset)
        return out

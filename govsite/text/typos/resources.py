"""Lexical resources of the typo detector, built once per process and cached on disk.

* word log-probabilities: jieba's dictionary (about 349,000 words with frequencies)
  plus the project's own government terms (``govsite/data/typo_terms.yml``);
* a one-character-wildcard index of the 2-4 character words: ``"大数?"`` -> 大数据,
  so the candidates that a single substitution would turn into a word are found with a
  few dictionary look-ups instead of trying every confusable character;
* a homophone index of the two-character words: toneless readings ``"dan wei"`` -> 单位,
  for two neighbouring characters both replaced (淡味 for 单位), as a pinyin IME does;
* reading classes per character from pypinyin (toned, toneless and fuzzy pinyin), and
  the project's table of shape-similar characters (``govsite/data/typo_shapes.yml``).

Building takes a few seconds; the result is pickled under ``.govsite-cache/typo/``
keyed by the versions of jieba and pypinyin and the hash of the data files.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import threading
import unicodedata
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import ahocorasick

from govsite.core import buildcache
from govsite.core.yamlio import load_fast

FORMAT = 7  # bump when the pickled layout changes
DATA = resources.files("govsite") / "data"
TERMS_FILE = "typo_terms.yml"
SHAPES_FILE = "typo_shapes.yml"
MIN_PATTERN_FREQ = 3  # words rarer than this never become a suggestion
TERM_FREQ = 2000  # frequency given to a government term of the user dictionary

HAN = "\u4e00-\u9fff"


def _strip_tone(p: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", p) if not unicodedata.combining(ch)).replace("ü", "v")


_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("l", "n"), ("h", "f"), ("r", "l"))
_FUZZY_FINALS = (("iang", "ian"), ("uang", "uan"), ("ang", "an"), ("eng", "en"), ("ing", "in"))


def fuzzy(p: str) -> str:
    """A toneless pinyin folded the way southwestern speakers and IMEs confuse it."""
    for a, b in _FUZZY_INITIALS:
        if p.startswith(a):
            p = b + p[len(a):]
            break
    for a, b in _FUZZY_FINALS:
        if p.endswith(a):
            p = p[: -len(a)] + b
            break
    return p


def versions() -> str:
    parts = [f"format={FORMAT}"]
    for dist in ("jieba", "pypinyin", "pyahocorasick"):
        try:
            parts.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist}=?")
    digest = hashlib.sha256()
    for name in (TERMS_FILE, SHAPES_FILE):
        digest.update((DATA / name).read_bytes())
    digest.update(Path(__file__).read_bytes())
    digest.update(__name__.encode())  # the pickled tables name their classes by module path
    parts.append(digest.hexdigest()[:16])
    return ";".join(parts)


def load_terms() -> list[str]:
    data = load_fast((DATA / TERMS_FILE).read_text("utf-8")) or {}
    out: list[str] = []
    for group in (data.get("terms") or {}).values():
        out.extend(str(t).strip() for t in group or ())
    return [t for t in out if t]


def load_shapes() -> list[str]:
    data = load_fast((DATA / SHAPES_FILE).read_text("utf-8")) or {}
    return [str(g).replace(" ", "") for g in data.get("groups") or ()]


@dataclass
class Tables:
    logp: dict[str, float]  # word -> log probability
    # every word of two or more characters -> (length - 1, log probability), as an
    # Aho-Corasick automaton: one pass in C finds every word of a run (the edges of the
    # segmentation DAG), in order of their last character
    words: ahocorasick.Automaton
    # "大数?" -> "据局…": the characters that complete the pattern to a word, most
    # probable word first (the word is the pattern with the character in place of "?").
    # Plain strings rather than tuples of (char, logp, word): a tenth of the objects, so
    # the tables load from the disk cache in a fraction of the time.
    patterns: dict[str, str]
    # "dan wei" -> "单位担为…": the two-character words read so (without tones), most
    # probable first, concatenated (every two characters one word)
    homophones: dict[str, str]
    # "dan ?" / "? wei" -> the log probability of the most probable word of the index whose
    # first (second) character reads so: a bound that skips most pairs before any look-up
    homophone_top: dict[str, float]
    # char -> the log probability of the most probable word of 2, 3 and 4 characters (of
    # those that can be suggested) that contains it: bounds what a substitution can gain
    char_top: dict[str, tuple[float, float, float]]
    toned: dict[str, str]  # char -> its toned readings, comma-separated
    toneless: dict[str, str]
    fuzzy: dict[str, str]
    shapes: dict[str, frozenset[str]]  # char -> shape-similar chars
    # the other way round: reading -> every character that has it (for the confusion set
    # of one character without comparing it with every other)
    by_reading: tuple[dict[str, str], dict[str, str], dict[str, str]]  # toned, toneless, fuzzy
    unknown: float  # log probability of a character the dictionary lacks
    terms: frozenset[str]


def _jieba_dict() -> Path:
    import jieba  # only for the location of its dictionary; jieba itself is not loaded

    return Path(jieba.__file__).parent / "dict.txt"


def build() -> Tables:
    freq: dict[str, int] = {}
    with open(_jieba_dict(), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ")
            if len(parts) >= 2:
                freq[parts[0]] = freq.get(parts[0], 0) + int(parts[1])
    terms = load_terms()
    for t in terms:
        freq[t] = max(freq.get(t, 0), TERM_FREQ)
    total = sum(freq.values())
    log_total = math.log(total)
    logp = {w: math.log(f) - log_total for w, f in freq.items() if f > 0}
    words = ahocorasick.Automaton()
    for w, lp in logp.items():
        if len(w) > 1:
            words.add_word(w, (len(w) - 1, lp))
    words.make_automaton()
    buckets: dict[str, list] = {}
    for w, f in freq.items():
        if 2 <= len(w) <= 4 and f >= MIN_PATTERN_FREQ:
            lp = logp[w]
            for j in range(len(w)):
                buckets.setdefault(w[:j] + "?" + w[j + 1:], []).append((w[j], lp))
    patterns = {k: "".join(ch for ch, _lp in sorted(v, key=lambda x: -x[1])) for k, v in buckets.items()}
    from pypinyin.pinyin_dict import pinyin_dict

    toned, toneless, fz = {}, {}, {}
    for cp, value in pinyin_dict.items():
        c = chr(cp)
        readings = value.split(",")
        toned[c] = ",".join(sorted(set(readings)))
        plain = {_strip_tone(p) for p in readings}
        toneless[c] = ",".join(sorted(plain))
        fz[c] = ",".join(sorted({fuzzy(p) for p in plain}))
    homophones = _homophones(freq, logp, toneless)
    tops: dict[str, list[float]] = {}
    for w, f in freq.items():
        if 2 <= len(w) <= 4 and f >= MIN_PATTERN_FREQ:
            for c in set(w):
                top = tops.setdefault(c, [-1e9, -1e9, -1e9])
                if logp[w] > top[len(w) - 2]:
                    top[len(w) - 2] = logp[w]
    homophone_top: dict[str, float] = {}
    for key, ws in homophones.items():
        ra, rb = key.split(" ")
        for k in (ra + " ?", "? " + rb):
            homophone_top[k] = max(homophone_top.get(k, -1e9), logp[ws[:2]])
    shapes: dict[str, set[str]] = {}
    for group in load_shapes():
        for c in group:
            shapes.setdefault(c, set()).update(x for x in group if x != c)
    return Tables(logp=logp, words=words, patterns=patterns, homophones=homophones, homophone_top=homophone_top,
                  char_top={c: (t[0], t[1], t[2]) for c, t in tops.items()}, toned=toned,
                  toneless=toneless, fuzzy=fz, shapes={k: frozenset(v) for k, v in shapes.items()},
                  by_reading=(_invert(toned), _invert(toneless), _invert(fz)),
                  unknown=math.log(0.5) - log_total, terms=frozenset(terms))


def _homophones(freq: dict[str, int], logp: dict[str, float], toneless: dict[str, str]) -> dict[str, str]:
    buckets: dict[str, list[str]] = {}
    for w, f in freq.items():
        if len(w) == 2 and f >= MIN_PATTERN_FREQ:
            for ra in (toneless.get(w[0]) or "").split(","):
                for rb in (toneless.get(w[1]) or "").split(","):
                    if ra and rb:
                        buckets.setdefault(f"{ra} {rb}", []).append(w)
    return {k: "".join(sorted(v, key=lambda w: -logp[w])) for k, v in buckets.items()}


def _invert(readings: dict[str, str]) -> dict[str, str]:
    out: dict[str, list[str]] = {}
    for c, rs in readings.items():
        for r in rs.split(","):
            out.setdefault(r, []).append(c)
    return {r: "".join(cs) for r, cs in out.items()}


_lock = threading.Lock()
_tables: Tables | None = None


def default_cache_dir() -> Path:
    """Per-user cache: the tables depend on package versions only, not on the site, so
    every site (and every test's temporary site) shares one copy."""
    env = os.environ.get("GOVSITE_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "govsite"


def tables(cache_dir: Path | None = None) -> Tables:
    """The tables, built at most once per process (and once per version on disk)."""
    global _tables
    if _tables is not None:
        return _tables
    with _lock:
        if _tables is None:
            _tables = _load_or_build((cache_dir or default_cache_dir()) / "typo")
    return _tables


def _load_or_build(folder: Path) -> Tables:
    key = hashlib.sha256(versions().encode()).hexdigest()[:20]
    return buildcache.load_or_build("tables", key, build, folder)


HAN_RUN = re.compile(f"[{HAN}]+")

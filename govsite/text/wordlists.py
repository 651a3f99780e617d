"""Word lists as data, and the one matcher that runs them all at once.

The lists live in ``govsite/data/wordlists/*.yml``; the platform owner extends them with
the repository files named under ``wordlists:`` in ``govsite.yml``. Every file has the
same shape: a mapping from a list name to its entries::

    ads:
      - term: 扫码购买              # what is matched (normalised like the text)
        level: error                # error | warning | off (off removes a built-in entry)
        note: 引导购买商品           # why it is on the list (optional)
      - term: 促销
        level: error
        context: {near: ["@price", 购买, 下单], window: 12}
    expression:
      - term: 国务院办公室
        standard: 国务院办公厅       # the standard form (expression list: required)
        level: error
      - pattern: '([一二三四五六七八九十]+)次([一二三四五六七])中全会'
        anchor: 中全会              # a literal the pattern's match contains
        standard: '\\1届\\2中全会'   # may refer to the pattern's groups
        level: error
    domains:                        # the one format of domain lists (govsite.core.domains)
      - {domain: taobao.com, kind: shop, name: 淘宝}

A ``context`` says when a term counts (every key given must hold):

* ``near``: one of these words within ``window`` characters (default 12) on either side;
  ``@price`` stands for an amount of money (``99元``, ``￥99``), ``@contact`` for a mobile
  or phone number or a QQ / WeChat id;
* ``unless``: none of these words within ``window`` characters;
* ``before`` / ``after``: one of these words right before / after the term;
* ``not_before`` / ``not_after``: none of these words right before / after the term;
* ``marking: true``: the term stands as a document marking, not in prose: followed by
  ★ or 保密期限, after 密级, in brackets 【】, or alone on its line.

Top-level keys starting with a dot (``.reporting:``) are ignored: they hold YAML anchors
(``&reporting``) that several entries share (``unless: *reporting``).

The shape is declared by :class:`WordListFile` and its entry classes (schema classes, like
``govsite.yml``'s); an error names the file, the line of the entry, what is wrong and how
to fix it.

All matching runs on the normalised tight text (:mod:`govsite.textnorm`) with one
Aho-Corasick automaton over every term and anchor of every list, so the cost of a page
does not grow with the number of words.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

import ahocorasick

from govsite.core import buildcache
from govsite.core.domains import DomainEntry, level_off
from govsite.core.errors import ConfigError
from govsite.core.findings import Severity
from govsite.core.project import Project
from govsite.core.schema import Issue, Opt, Schema
from govsite.core.yamlio import Located, load_config_text
from govsite.text.evasion import latin_automaton, latin_matches
from govsite.text.normalize import CJK, fold

DOMAIN_KINDS = {
    "government": "党政机关网站",
    "party": "党的机关网站",
    "media": "中央新闻网站",
    "shop": "网店或购物平台",
    "ads": "广告或推广联盟",
    "shortener": "短网址跳转",
    "gambling": "赌博网站",
}
ALLOWED_KINDS = ("government", "party", "media")
BAD_KINDS = ("shop", "ads", "shortener", "gambling")
DEFAULT_WINDOW = 12
PATTERN_WINDOW = 40

PRICE_RE = re.compile(r"(?:[¥￥$]\s*\d|(?<![\d.,])\d[\d.,]*\s*(?:元|块钱|rmb))", re.I)  # a number from its start: linear
CONTACT_RE = re.compile(
    r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|"
    r"(?:qq|q群|微信|weixin|vx|wx|v信|薇信|威信|加v|飞机|telegram)[:：号]?\s*[a-z0-9_-]{5,}", re.I)


@dataclass(frozen=True)
class Context:
    near: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    window: int = DEFAULT_WINDOW
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()
    marking: bool = False


@dataclass(frozen=True)
class Entry:
    list: str
    level: str
    term: str | None = None          # as written
    pattern: str | None = None
    anchor: str | None = None
    standard: str | None = None
    context: Context | None = None
    note: str = ""
    kind: str = ""
    window: int = PATTERN_WINDOW
    source: str = ""                 # file:line it came from

    @property
    def label(self) -> str:
        return self.term or self.pattern or ""

    @property
    def key(self) -> str:
        return fold(self.term) if self.term else fold(self.anchor or "")

    def compiled(self) -> re.Pattern:
        return _compile(self.pattern or "")


@dataclass(frozen=True)
class Domain:
    domain: str
    kind: str
    name: str = ""
    source: str = ""


@cache
def _compile(pattern: str) -> re.Pattern:
    return re.compile(pattern)


# -- the file format, as schema classes ----------------------------------------------------

def _window(low: int, high: int) -> Callable[[int], str | None]:
    return lambda v: None if low <= v <= high else f"应为 {low} 到 {high} 的整数"


def _words(value: list) -> str | None:
    if not value or not all(isinstance(v, str) and v.strip() for v in value):
        return "应为非空的词语列表"
    return None


def _words_or_placeholders(value: list) -> str | None:
    problem = _words(value)
    if problem is None:
        unknown = [w for w in value if w.startswith("@") and w not in ("@price", "@contact")]
        if unknown:
            return f"未知的占位符 {unknown[0]!r}（可用：@price, @contact）"
    return problem


_WORDS_HINT = "请写成词语列表，如 [购买, 下单]"


class ContextSchema(Schema):
    """When a term counts: every condition given must hold."""

    near = Opt(list, items=str, check=_words_or_placeholders, hint=_WORDS_HINT)
    """One of these words within ``window`` characters on either side (``@price``, ``@contact``)."""
    unless = Opt(list, items=str, check=_words_or_placeholders, hint=_WORDS_HINT)
    """None of these words within ``window`` characters."""
    window = Opt(int, DEFAULT_WINDOW, check=_window(1, 100))
    """How far ``near`` and ``unless`` look, in characters of the normalised text."""
    before = Opt(list, items=str, check=_words, hint=_WORDS_HINT)
    """One of these words right before the term."""
    after = Opt(list, items=str, check=_words, hint=_WORDS_HINT)
    """One of these words right after the term."""
    not_before = Opt(list, items=str, check=_words, hint=_WORDS_HINT)
    """None of these words right before the term."""
    not_after = Opt(list, items=str, check=_words, hint=_WORDS_HINT)
    """None of these words right after the term."""
    marking = Opt(bool, False, check=lambda v: None if v else "只能为 true", hint="不需要时删去该键")
    """The term stands as a document marking (★, 保密期限, after 密级, in 【】, alone on its line)."""

    def validate(self) -> Iterator[Issue]:
        conditions = ("near", "unless", "before", "after", "not_before", "not_after")
        if not self.marking and not any(getattr(self, key) for key in conditions):
            yield None, "context 没有条件", f"请写出条件之一：{', '.join(conditions)}, marking；不需要条件时删去 context"


def _term_problem(term: str) -> str | None:
    if not fold(term).strip():
        return "应为非空文本"
    if len(fold(term)) < 2:
        return f"{term!r} 太短：单个字符会误报"
    return None


def _pattern_problem(pattern: str) -> str | None:
    try:
        re.compile(pattern)
    except re.error as err:
        return f"不是有效的正则表达式：{err}"
    return None


class TermEntry(Schema):
    """One entry of a term list. Subclasses (one per list) set the levels it allows."""

    levels: ClassVar[tuple[Severity, ...]] = (Severity.ERROR,)
    needs_standard: ClassVar[bool] = False

    term = Opt(str, check=_term_problem)
    """What is matched, normalised like the text (at least two characters)."""
    pattern = Opt(str, check=_pattern_problem)
    """A regular expression instead of a term, over the normalised tight text."""
    anchor = Opt(str)
    """For a pattern: a literal that every match contains (the fast matcher looks for it)."""
    standard = Opt(str)
    """The standard form (expression list: required); a pattern's may use its groups (``\\1``)."""
    level = Opt(str, convert=level_off)
    """error or warning as the list allows; ``off`` removes a built-in entry."""
    context = Opt(ContextSchema)
    """When the term counts (see :class:`ContextSchema`)."""
    note = Opt(str, "")
    """Why the entry is on the list."""
    kind = Opt(str, "")
    """A label shown in the message (e.g. 赌博推广)."""
    window = Opt(int, PATTERN_WINDOW, check=_window(4, 200))
    """For a pattern: how far around the anchor the pattern may reach."""

    def validate(self) -> Iterator[Issue]:
        term, pattern, anchor, standard = self.term, self.pattern, self.anchor, self.standard
        if (term is None) == (pattern is None):
            yield None, "应有 term（词语）或 pattern（正则表达式）之一", "每个条目写一个 term，或一个 pattern 加 anchor"
        if pattern is not None:
            if not anchor or not anchor.strip():
                yield None, "pattern 条目须有 anchor：匹配结果中必定出现的一段文字", "请补充 anchor"
            elif fold(anchor) not in fold(pattern):
                yield "anchor", f"anchor {anchor!r} 应原样出现在 pattern 中", "请从 pattern 中选一段必定出现的文字作 anchor"
        elif anchor is not None:
            yield "anchor", "anchor 只用于 pattern 条目", "请删去 anchor"
        if self.level == "off":
            return
        if self.level not in self.levels:
            yield "level", f"level 应为 {' | '.join(self.levels)}（或 off 以停用内置条目），实际为 {self.level!r}", "请改正 level"
        if self.needs_standard:
            if not standard or not standard.strip():
                yield None, "缺少 standard：规范表述", "请补充 standard"
            elif term is not None and fold(standard) == fold(term):
                yield "standard", "standard 与 term 相同", "请写出规范表述"
            elif term is not None and fold(term) in fold(standard):
                yield "term", "term 是 standard 的一部分，规范写法也会被报告", "请写出只在错误写法中出现的词语"


class AdsEntry(TermEntry):
    """Commercial advertising (rule ADS001)."""


class EngagementEntry(TermEntry):
    """Forced following, liking or sharing (rule ENG001)."""


class ExpressionEntry(TermEntry):
    """A wrong political expression and its standard form (rule EXP001)."""

    needs_standard = True


class SecretEntry(TermEntry):
    """Classification markings (rule SCR001)."""


class SensitiveEntry(TermEntry):
    """Spam (error, SEN001) and terms to look at twice (warning, SEN003)."""

    levels = (Severity.ERROR, Severity.WARNING)


class WordListDomain(DomainEntry):
    """A domain of outbound links and reposts (rules ADS002, ADS003, SRC001)."""

    kinds = DOMAIN_KINDS
    allowing = ALLOWED_KINDS


class WordListFile(Schema):
    """A word-list file: list name -> entries. Keys starting with a dot hold YAML anchors."""

    skip_prefix = "."
    ads = Opt(list, list, items=AdsEntry)
    """Commercial advertising wording."""
    engagement = Opt(list, list, items=EngagementEntry)
    """Forced engagement wording."""
    expression = Opt(list, list, items=ExpressionEntry)
    """Wrong political expressions with their standard forms."""
    secret = Opt(list, list, items=SecretEntry)
    """Classification markings and handling instructions."""
    sensitive = Opt(list, list, items=SensitiveEntry)
    """Spam of hacked pages; sensitive terms."""
    domains = Opt(list, list, items=WordListDomain)
    """Domains and their kinds (:mod:`govsite.core.domains`)."""


TERM_LISTS: dict[str, type[TermEntry]] = {
    name: opt.items for name, opt in WordListFile.options.items() if name != "domains"  # type: ignore[misc]
}


def entry_problems(list_name: str, entry: Any) -> list[str]:
    """What is wrong with one raw entry of a list (empty when it is well-formed)."""
    opt = WordListFile.options.get(list_name)
    if opt is None:
        return [f"未知的词表 {list_name!r}（可用：{', '.join(WordListFile.options)}）"]
    try:
        opt.items.load(entry, Located(entry), "<entry>")  # type: ignore[union-attr]
    except ConfigError as err:
        return [err.what]
    return []



# -- loading --------------------------------------------------------------------------

@dataclass
class WordLists:
    terms: dict[str, list[Entry]] = field(default_factory=dict)
    domains: list[Domain] = field(default_factory=list)
    _automaton: Any = None
    _latin: Any = None

    def automaton(self) -> ahocorasick.Automaton:
        """One Aho-Corasick automaton over every term and anchor; values list the entries."""
        if self._automaton is None:
            table: dict[str, list[Entry]] = {}
            for entries in self.terms.values():
                for entry in entries:
                    table.setdefault(entry.key, []).append(entry)
            auto = ahocorasick.Automaton()
            for key, entries in table.items():
                auto.add_word(key, (len(key), tuple(entries)))
            if table:
                auto.make_automaton()
            self._automaton = auto
        return self._automaton

    def latin_automaton(self) -> Any:
        """The Latin view's automaton: spaced ASCII terms and pinyin (:mod:`govsite.text.evasion`)."""
        if self._latin is None:
            self._latin = latin_automaton(e for entries in self.terms.values() for e in entries)
        return self._latin

    def domain_kind(self, host: str) -> Domain | None:
        """The most specific listed domain that ``host`` is or is under."""
        best = None
        for d in self.domains:
            under = host == d.domain or host.endswith("." + d.domain)
            if under and (best is None or len(d.domain) > len(best.domain)):
                best = d
        return best


def builtin_files() -> list[tuple[str, str]]:
    """(name, text) of every built-in word-list file."""
    folder = resources.files("govsite.data").joinpath("wordlists")
    return sorted((f"govsite/data/wordlists/{p.name}", p.read_text("utf-8"))
                  for p in folder.iterdir() if p.name.endswith(".yml"))


def parse_file(name: str, text: str, *, trusted: bool = False) -> list[tuple[str, int, TermEntry | WordListDomain]]:
    """(list name, line, entry) of every entry in one file; ConfigError naming the file
    and line of the first malformed one. ``trusted``: a built-in list, which may use YAML
    anchors; a repository's may not."""
    located = load_config_text(text, name, trusted=trusted)
    if located.data is None:
        return []
    data = WordListFile.load(located.data, located, name)
    return [(list_name, located.line(list_name, index), entry)
            for list_name in WordListFile.options for index, entry in enumerate(getattr(data, list_name))]


def _context(ctx: ContextSchema | None) -> Context | None:
    if ctx is None:
        return None
    def tup(words: list[str] | None) -> tuple[str, ...]:  # folded once here, compared as is when matching
        return tuple(w if w.startswith("@") else fold(w) for w in words or ())

    return Context(near=tup(ctx.near), unless=tup(ctx.unless), window=ctx.window,
                   before=tup(ctx.before), after=tup(ctx.after), not_before=tup(ctx.not_before),
                   not_after=tup(ctx.not_after), marking=ctx.marking)


def build(files: list[tuple[str, str]], *, shipped: bool = False) -> WordLists:
    """Merge files in order; a later ``level: off`` entry removes an earlier one.
    ``shipped``: the files are the package's own lists (which may use YAML anchors)."""
    lists = WordLists(terms={name: [] for name in TERM_LISTS})
    builtin = dict(builtin_files())
    for name, text in files:
        # trusted only when it is the package's own file, whatever the repository names its files
        for list_name, line, raw in parse_file(name, text, trusted=shipped or builtin.get(name) == text):
            where = f"{name}:{line}"
            if isinstance(raw, WordListDomain):
                lists.domains = [d for d in lists.domains if d.domain != raw.domain]
                if raw.level != "off":
                    lists.domains.append(Domain(raw.domain, raw.kind, raw.name, where))
                continue
            # an entry replaces the entries of the same term from earlier files (within a
            # file, one term may have several entries with different contexts)
            label = raw.term or raw.pattern
            lists.terms[list_name] = [e for e in lists.terms[list_name]
                                      if e.label != label or e.source.rsplit(":", 1)[0] == name]
            if raw.level == "off":
                continue
            lists.terms[list_name].append(Entry(
                list=list_name, level=raw.level, term=raw.term, pattern=raw.pattern, anchor=raw.anchor,
                standard=raw.standard, context=_context(raw.context), note=raw.note, kind=raw.kind,
                window=raw.window, source=where))
    return lists


@lru_cache(maxsize=8)
def _load(root: str, extra: tuple[str, ...], stamps: tuple) -> WordLists:
    files = builtin_files()
    for rel in extra:
        path = Path(root) / rel
        try:
            files.append((rel, path.read_text("utf-8-sig")))
        except OSError as err:
            raise ConfigError("govsite.yml", None, f"wordlists 中的文件 {rel} 无法读取：{err.strerror}", "请检查路径（相对于仓库根目录）") from None
        except UnicodeDecodeError:
            raise ConfigError(rel, None, "不是 UTF-8 编码", "请用 UTF-8 保存") from None
    return _kept(files)


def _kept(files: list[tuple[str, str]]) -> WordLists:
    """:func:`build` with both automata, kept per install for exactly these files (the
    lists' validation and the pinyin of every term took a second in every process)."""
    from govsite.core import domains, schema
    from govsite.text import evasion, normalize

    code = [Path(m.__file__ or "") for m in (sys.modules[__name__], domains, schema, evasion, normalize)]
    texts = "\0".join(f"{name}\0{text}" for name, text in files)
    key = buildcache.key_of(files=code, libraries=("pyahocorasick", "pypinyin", "opencc", "pyyaml"), extra=texts)

    def built() -> WordLists:
        lists = build(files)
        lists.automaton()
        lists.latin_automaton()
        return lists

    return buildcache.load_or_build("wordlists", key, built)


def wordlists_for(project: Project) -> WordLists:
    """The built-in lists merged with the project's extensions (cached while unchanged)."""
    extra = tuple(project.settings.wordlists or ())
    stamps: list[tuple[int, int] | None] = []
    for rel in extra:
        try:
            st = (project.root / rel).stat()
            stamps.append((st.st_mtime_ns, st.st_size))
        except OSError:
            stamps.append(None)
    return _load(str(project.root), extra, tuple(stamps))


# -- matching ---------------------------------------------------------------------------

@dataclass(frozen=True)
class WordMatch:
    entry: Entry
    start: int      # in the tight text
    end: int
    standard: str | None = None
    latin: bool = False  # found in the Latin view (spaced letters or pinyin), not as written


def match_text(lists: WordLists, tight: str, norm: str | None = None,
               to_norm: Callable[[int], int] | None = None) -> list[WordMatch]:
    """Every entry of every list that matches ``tight`` with its context satisfied.

    ``norm`` (the text before tightening) and ``to_norm`` (tight offset → norm offset)
    let ``marking`` see the ★, spaces and line breaks that tightening removed.
    """
    auto = lists.automaton()
    if not len(auto):
        return []
    out: list[WordMatch] = []
    seen: set[tuple] = set()
    for end, (length, entries) in auto.iter(tight):
        start = end + 1 - length
        for entry in entries:
            if entry.pattern is None:
                if entry.context is None or _context_ok(entry.context, tight, start, end + 1, norm, to_norm):
                    out.append(WordMatch(entry, start, end + 1, entry.standard))
                continue
            lo = max(0, start - entry.window)
            for m in entry.compiled().finditer(tight, lo, min(len(tight), end + 1 + entry.window)):
                if m.start() <= start and m.end() >= end + 1 and (id(entry), m.start()) not in seen:
                    seen.add((id(entry), m.start()))
                    if entry.context is None or _context_ok(entry.context, tight, m.start(), m.end(), norm, to_norm):
                        out.append(WordMatch(entry, m.start(), m.end(), m.expand(entry.standard) if entry.standard else None))
    for entry, start, end in latin_matches(lists.latin_automaton(), tight):
        if entry.context is None or _context_ok(entry.context, tight, start, end, norm, to_norm):
            out.append(WordMatch(entry, start, end, entry.standard, latin=True))
    return out


def _near(words: tuple[str, ...], text: str, start: int, end: int, window: int) -> bool:
    left = text[max(0, start - window):start]
    right = text[end:end + window]
    for word in words:
        if word == "@price":
            if PRICE_RE.search(left) or PRICE_RE.search(right):
                return True
        elif word == "@contact":
            if CONTACT_RE.search(left) or CONTACT_RE.search(right):
                return True
        elif word in left or word in right:
            return True
    return False


_SPACES = " \t:"


def _context_ok(ctx: Context, tight: str, start: int, end: int, norm: str | None,
                to_norm: Callable[[int], int] | None) -> bool:
    if ctx.near and not _near(ctx.near, tight, start, end, ctx.window):
        return False
    if ctx.unless and _near(ctx.unless, tight, start, end, ctx.window):
        return False
    if ctx.before or ctx.not_before:
        left = tight[max(0, start - 12):start].rstrip(_SPACES)
        if ctx.before and not any(left.endswith(w) for w in ctx.before):
            return False
        if ctx.not_before and any(left.endswith(w) for w in ctx.not_before):
            return False
    if ctx.after or ctx.not_after:
        right = tight[end:end + 12].lstrip(_SPACES)
        if ctx.after and not any(right.startswith(w) for w in ctx.after):
            return False
        if ctx.not_after and any(right.startswith(w) for w in ctx.not_after):
            return False
    if ctx.marking:
        text = norm if norm is not None else tight
        s = to_norm(start) if to_norm else start
        e = (to_norm(end - 1) + 1) if to_norm else end
        if not is_marking(text, s, e):
            return False
    return True


_STAR = "★☆✩✭✮✯*"
_OPEN, _CLOSE = "【[(〔<「", "】])〕>」"
_FILLER_RE = re.compile(
    r"注意保存|注意保管|妥善保管|用后收回|阅后收回|不得外传|请勿外传|严禁外传|不得翻印|"
    r"保密期限|密级|期限|长期|(?<!\d)\d+\s*(?:年|个月|月)|[一二三四五六七八九十]+(?:年|个月)|"
    r"[\s" + re.escape(_STAR + _OPEN + _CLOSE) + r"#>|_:;,.\-—、，。：；（）]")


def is_marking(text: str, start: int, end: int) -> bool:
    """Does ``text[start:end]`` stand as a document marking rather than in prose?"""
    right = text[end:end + 8].lstrip(" \t")
    if right[:1] and right[0] in _STAR:
        return True
    if right.startswith("保密期限"):
        return True
    left = text[max(0, start - 8):start].rstrip(" \t:")
    if left.endswith("密级") or (left[-1:] and left[-1] in _STAR):
        return True
    if left[-1:] and right[:1] and left[-1] in _OPEN and right[0] == _CLOSE[_OPEN.index(left[-1])]:
        return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[line_start:start] + " " + text[end:line_end]
    return not re.search(f"[{CJK}a-z0-9]", _FILLER_RE.sub("", rest))

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
    domains:
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

All matching runs on the normalised tight text (:mod:`govsite.textnorm`) with one
Aho-Corasick automaton over every term and anchor of every list, so the cost of a page
does not grow with the number of words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick

from govsite.core.errors import ConfigError
from govsite.core.findings import Severity
from govsite.core.project import Project
from govsite.core.yamlio import load_config_text
from govsite.text.normalize import CJK, fold

# Which lists exist, which levels each allows, and whether an entry needs a standard form.
TERM_LISTS: dict[str, dict[str, Any]] = {
    "ads": {"levels": (Severity.ERROR,), "standard": False},
    "engagement": {"levels": (Severity.ERROR,), "standard": False},
    "expression": {"levels": (Severity.ERROR,), "standard": True},
    "secret": {"levels": (Severity.ERROR,), "standard": False},
    "sensitive": {"levels": (Severity.ERROR, Severity.WARNING), "standard": False},
}
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
ENTRY_KEYS = {"term", "pattern", "anchor", "standard", "level", "context", "note", "kind", "window"}
CONTEXT_KEYS = {"near", "unless", "window", "before", "after", "not_before", "not_after", "marking"}
DOMAIN_KEYS = {"domain", "kind", "name", "level"}
DEFAULT_WINDOW = 12
PATTERN_WINDOW = 40

PRICE_RE = re.compile(r"(?:[¥￥$]\s*\d|\d(?:[\d.,]*)\s*(?:元|块钱|rmb))", re.I)
CONTACT_RE = re.compile(
    r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|"
    r"(?:qq|q群|微信|weixin|vx|wx|v信|薇信|威信|加v|飞机|telegram)[:：号]?\s*[a-z0-9_-]{5,}", re.I)
_DOMAIN_RE = re.compile(r"^(?=.{3,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$")


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


# -- validation -----------------------------------------------------------------------

def level_of(entry: Any) -> Any:
    """The entry's level; YAML 1.1 reads a bare ``off`` as false, which means off too."""
    level = entry.get("level") if isinstance(entry, dict) else None
    return "off" if level is False else level


def _strings(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v.strip() for v in value)


def entry_problems(list_name: str, entry: Any) -> list[str]:
    """What is wrong with one entry of a list (empty when it is well-formed)."""
    if list_name == "domains":
        return _domain_problems(entry)
    spec = TERM_LISTS.get(list_name)
    if spec is None:
        return [f"未知的词表 {list_name!r}（可用：{', '.join([*TERM_LISTS, 'domains'])}）"]
    if not isinstance(entry, dict):
        return ["条目应为映射，如 {term: 词语, level: error}"]
    problems = [f"未知的键 {k!r}" for k in entry if k not in ENTRY_KEYS]
    level = level_of(entry)
    term, pattern = entry.get("term"), entry.get("pattern")
    if (term is None) == (pattern is None):
        problems.append("应有 term（词语）或 pattern（正则表达式）之一")
    if term is not None and (not isinstance(term, str) or not fold(term).strip()):
        problems.append("term 应为非空文本")
    elif isinstance(term, str) and len(fold(term)) < 2:
        problems.append(f"term {term!r} 太短：单个字符会误报")
    if pattern is not None:
        anchor = entry.get("anchor")
        if not isinstance(pattern, str):
            problems.append("pattern 应为文本")
        else:
            try:
                re.compile(pattern)
            except re.error as err:
                problems.append(f"pattern 不是有效的正则表达式：{err}")
        if not isinstance(anchor, str) or not anchor.strip():
            problems.append("pattern 条目须有 anchor：匹配结果中必定出现的一段文字")
        elif isinstance(pattern, str) and fold(anchor) not in fold(pattern):
            problems.append(f"anchor {anchor!r} 应原样出现在 pattern 中")
    elif "anchor" in entry:
        problems.append("anchor 只用于 pattern 条目")
    if level == "off":
        return problems
    if level not in spec["levels"]:
        problems.append(f"level 应为 {' | '.join(spec['levels'])}（或 off 以停用内置条目），实际为 {level!r}")
    standard = entry.get("standard")
    if spec["standard"]:
        if not isinstance(standard, str) or not standard.strip():
            problems.append("缺少 standard：规范表述")
        elif term is not None and fold(standard) == fold(term):
            problems.append("standard 与 term 相同")
        elif term is not None and fold(term) in fold(standard):
            problems.append("term 是 standard 的一部分，规范写法也会被报告")
    elif standard is not None and not isinstance(standard, str):
        problems.append("standard 应为文本")
    if "window" in entry and (not isinstance(entry["window"], int) or not 4 <= entry["window"] <= 200):
        problems.append("window 应为 4 到 200 的整数")
    for key in ("note", "kind"):
        if key in entry and not isinstance(entry[key], str):
            problems.append(f"{key} 应为文本")
    if "context" in entry:
        problems.extend(_context_problems(entry["context"]))
    return problems


def _context_problems(ctx: Any) -> list[str]:
    if not isinstance(ctx, dict) or not ctx:
        return ["context 应为非空映射，如 {near: [购买, 下单], window: 12}"]
    problems = [f"context 中未知的键 {k!r}（可用：{', '.join(sorted(CONTEXT_KEYS))}）" for k in ctx if k not in CONTEXT_KEYS]
    for key in ("near", "unless", "before", "after", "not_before", "not_after"):
        if key in ctx and not _strings(ctx[key]):
            problems.append(f"context.{key} 应为非空的词语列表")
    for key in ("near", "unless"):
        for word in ctx.get(key) or []:
            if isinstance(word, str) and word.startswith("@") and word not in ("@price", "@contact"):
                problems.append(f"context.{key} 中未知的占位符 {word!r}（可用：@price, @contact）")
    if "window" in ctx and (not isinstance(ctx["window"], int) or not 1 <= ctx["window"] <= 100):
        problems.append("context.window 应为 1 到 100 的整数")
    if "marking" in ctx and ctx["marking"] is not True:
        problems.append("context.marking 只能为 true")
    if set(ctx) <= {"window"}:
        problems.append("context 只有 window，没有条件")
    return problems


def _domain_problems(entry: Any) -> list[str]:
    if not isinstance(entry, dict):
        return ["条目应为映射，如 {domain: example.com, kind: shop, name: 示例}"]
    problems = [f"未知的键 {k!r}" for k in entry if k not in DOMAIN_KEYS]
    domain = entry.get("domain")
    if not isinstance(domain, str) or not _DOMAIN_RE.match(domain):
        problems.append(f"domain 应为小写域名，如 example.com，实际为 {domain!r}")
    if level_of(entry) == "off":
        return problems
    if entry.get("kind") not in DOMAIN_KINDS:
        problems.append(f"kind 应为 {' | '.join(DOMAIN_KINDS)}")
    if "name" in entry and not isinstance(entry["name"], str):
        problems.append("name 应为文本")
    return problems


# -- loading --------------------------------------------------------------------------

@dataclass
class WordLists:
    terms: dict[str, list[Entry]] = field(default_factory=dict)
    domains: list[Domain] = field(default_factory=list)
    _automaton: Any = None

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


def parse_file(name: str, text: str) -> list[tuple[str, int, Any]]:
    """(list name, line, raw entry) of every entry in one file; ConfigError when malformed."""
    located = load_config_text(text, name)
    data = located.data
    if data is None:
        return []
    if not isinstance(data, dict):
        raise ConfigError(name, 1, "词表文件应为映射：词表名 → 条目列表", f"词表名：{', '.join([*TERM_LISTS, 'domains'])}")
    out = []
    for list_name, entries in data.items():
        if isinstance(list_name, str) and list_name.startswith("."):
            continue  # a holder for YAML anchors (&name) that entries refer to (*name)
        if list_name not in TERM_LISTS and list_name != "domains":
            raise ConfigError(name, located.line(list_name), f"未知的词表 {list_name!r}", f"可用：{', '.join([*TERM_LISTS, 'domains'])}")
        if not isinstance(entries, list):
            raise ConfigError(name, located.line(list_name), f"{list_name} 应为条目列表", "请用 YAML 列表（- term: ...）书写")
        for index, entry in enumerate(entries):
            out.append((list_name, located.line(list_name, index), entry))
    return out


def _context(raw: dict | None) -> Context | None:
    if not raw:
        return None
    def tup(key: str) -> tuple[str, ...]:  # folded once here, compared as is when matching
        return tuple(w if w.startswith("@") else fold(w) for w in raw.get(key) or ())

    return Context(near=tup("near"), unless=tup("unless"), window=raw.get("window", DEFAULT_WINDOW),
                   before=tup("before"), after=tup("after"), not_before=tup("not_before"),
                   not_after=tup("not_after"), marking=bool(raw.get("marking")))


def build(files: list[tuple[str, str]]) -> WordLists:
    """Merge files in order; a later ``level: off`` entry removes an earlier one."""
    lists = WordLists(terms={name: [] for name in TERM_LISTS})
    for name, text in files:
        for list_name, line, raw in parse_file(name, text):
            problems = entry_problems(list_name, raw)
            if problems:
                raise ConfigError(name, line, f"{list_name} 词表条目有误：{'；'.join(problems)}", "请按 govsite/text/wordlists.py 说明的格式改正")
            where = f"{name}:{line}"
            if list_name == "domains":
                lists.domains = [d for d in lists.domains if d.domain != raw["domain"]]
                if level_of(raw) != "off":
                    lists.domains.append(Domain(raw["domain"], raw["kind"], raw.get("name", ""), where))
                continue
            # an entry replaces the entries of the same term from earlier files (within a
            # file, one term may have several entries with different contexts)
            label = raw.get("term") or raw.get("pattern")
            lists.terms[list_name] = [e for e in lists.terms[list_name]
                                      if e.label != label or e.source.rsplit(":", 1)[0] == name]
            if level_of(raw) == "off":
                continue
            lists.terms[list_name].append(Entry(
                list=list_name, level=raw["level"], term=raw.get("term"), pattern=raw.get("pattern"),
                anchor=raw.get("anchor"), standard=raw.get("standard"), context=_context(raw.get("context")),
                note=raw.get("note", ""), kind=raw.get("kind", ""), window=raw.get("window", PATTERN_WINDOW),
                source=where))
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
    return build(files)


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
    r"保密期限|密级|期限|长期|\d+\s*(?:年|个月|月)|[一二三四五六七八九十]+(?:年|个月)|"
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

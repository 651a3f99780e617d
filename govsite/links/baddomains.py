"""The bad-domain list (``govsite/data/bad_domains.yml``, plus extensions): gambling,
adult and parked domains that a government page must never lead to.

The file is a domain list in the one format of :mod:`govsite.core.domains`
(``domains:`` entries ``{domain, kind, name}``) plus ``keywords:`` entries
``{keyword, kind}``; :class:`BadDomainsFile` declares it. Extension files given to
``govsite links --bad-domains`` have the same shape (or sit under a ``bad_domains:``
key). Files in the shape used before (``categories: {kind: {name, domains, keywords}}``)
are still read, with a note asking to convert them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from govsite.core.domains import DOMAIN_HINT, DomainEntry, domain_problem, level_off
from govsite.core.errors import ConfigError
from govsite.core.schema import Issue, Opt, Schema
from govsite.core.yamlio import Located, load_config_file, load_config_text

DATA_FILE = "bad_domains.yml"
KINDS = {"gambling": "赌博", "adult": "色情", "parked": "停放或待售域名"}
_KEYWORD_RE = re.compile(r"\A[a-z0-9-]{4,}\Z")
_KEYWORD_HINT = "关键词写小写字母、数字或连字符，至少 4 个字符，如 casino"


def _keyword_problem(value: str) -> str | None:
    return None if _KEYWORD_RE.match(value) else f"关键词 {value!r} 太短或含有其他字符"


class BadDomain(DomainEntry):
    """A domain (and its subdomains) that no link may lead to."""

    kinds = KINDS


class BadKeyword(Schema):
    keyword = Opt(str, required=True, check=_keyword_problem, hint=_KEYWORD_HINT)
    """A word that flags any host name containing it."""
    kind = Opt(str, choices=tuple(KINDS))
    """gambling | adult | parked; required unless ``level: off``."""
    level = Opt(str, choices=("off",), convert=level_off)
    """``off`` removes the entry of an earlier file."""

    def validate(self) -> Iterator[Issue]:
        if self.level != "off" and self.kind is None:
            yield None, f"关键词 {self.keyword} 缺少 kind", f"kind 可选：{' | '.join(KINDS)}"


class BadDomainsFile(Schema):
    domains = Opt(list, list, items=BadDomain)
    """Domains, each covering its subdomains."""
    keywords = Opt(list, list, items=BadKeyword)
    """Words that flag a host name containing them."""


class LegacyCategory(Schema):
    """One category of the shape used before: ``{name, domains: [...], keywords: [...]}``."""

    name = Opt(str)
    """Ignored: the kind's name is fixed."""
    domains = Opt(list, list, items=str, each=domain_problem, hint=DOMAIN_HINT)
    """Domains of the category."""
    keywords = Opt(list, list, items=str, each=_keyword_problem, hint=_KEYWORD_HINT)
    """Keywords of the category."""


@dataclass
class Category:
    id: str
    name: str
    domains: set[str] = field(default_factory=set)
    keywords: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Match:
    category: str  # gambling | adult | parked
    name: str  # Chinese name of the category
    host: str
    reason: str  # the domain or keyword that matched


class BadDomains:
    def __init__(self) -> None:
        self.categories: dict[str, Category] = {}
        self.notes: list[str] = []  # for the operator: files in the shape used before

    def _category(self, kind: str) -> Category:
        return self.categories.setdefault(kind, Category(kind, KINDS[kind]))

    def merge(self, spec: BadDomainsFile) -> None:
        """Add a file's entries in order; ``level: off`` removes an earlier entry."""
        for entry in spec.domains:
            for cat in self.categories.values():
                cat.domains.discard(entry.domain)
            if entry.level != "off":
                self._category(entry.kind).domains.add(entry.domain)
        for word in spec.keywords:
            for cat in self.categories.values():
                cat.keywords.discard(word.keyword)
            if word.level != "off":
                self._category(word.kind).keywords.add(word.keyword)

    def add_domains(self, kind: str, domains: list[str]) -> None:
        self._category(kind).domains.update(domains)

    def add_keywords(self, kind: str, keywords: list[str]) -> None:
        self._category(kind).keywords.update(keywords)

    def match_host(self, host: str) -> Match | None:
        host = (host or "").lower().rstrip(".")
        if not host:
            return None
        for cat in self.categories.values():
            for domain in cat.domains:
                if host == domain or host.endswith("." + domain):
                    return Match(cat.id, cat.name, host, domain)
        labels = re.split(r"[.]", host)
        for cat in self.categories.values():
            for keyword in cat.keywords:
                if any(keyword in label for label in labels[:-1] or labels):
                    return Match(cat.id, cat.name, host, keyword)
        return None

    def match_url(self, url: str) -> Match | None:
        try:
            return self.match_host(urlsplit(url).hostname or "")
        except ValueError:
            return None


def read(located: Located, rel: str, bad: BadDomains) -> None:
    """Validate a parsed bad-domain file and merge it into ``bad``; ConfigError naming
    ``rel`` and the line of the first malformed entry."""
    data, prefix = located.data, cast(tuple, ())
    if isinstance(data, dict) and "bad_domains" in data:
        data, prefix = data["bad_domains"], ("bad_domains",)
    if isinstance(data, dict) and _legacy(data):
        _read_legacy(data, located, rel, prefix, bad)
        return
    bad.merge(BadDomainsFile.load(data, located, rel, prefix))


def _legacy(data: dict) -> bool:
    return "categories" in data or any(key in KINDS and isinstance(value, dict) for key, value in data.items())


def _read_legacy(data: dict, located: Located, rel: str, prefix: tuple, bad: BadDomains) -> None:
    if "categories" in data:
        data, prefix = data["categories"], (*prefix, "categories")
    if not isinstance(data, dict):
        raise ConfigError(rel, located.line(*prefix), "categories 应为映射", "请改用 govsite/data/bad_domains.yml 开头说明的格式")
    for kind, raw in data.items():
        if kind not in KINDS:
            raise ConfigError(rel, located.line(*prefix, kind), f"未知的类别 {kind!r}",
                              f"类别可选：{' | '.join(KINDS)}；请改用 govsite/data/bad_domains.yml 开头说明的格式")
        category = LegacyCategory.load(raw, located, rel, (*prefix, kind))
        bad.add_domains(kind, category.domains)
        bad.add_keywords(kind, category.keywords)
    bad.notes.append(f"{rel}：坏域名清单仍是旧格式（categories），已照常读取；"
                     "请改写为 domains: [{domain: …, kind: …}] 和 keywords: [{keyword: …, kind: …}]（见 govsite/data/bad_domains.yml）")


def load(project: Any = None, extra: list[Path] | None = None) -> BadDomains:
    """The built-in list; the gambling domains of the word lists (``domains`` entries of
    kind ``gambling``, which the page rules also refuse, extended through ``wordlists:`` in
    govsite.yml); and ``extra`` files (``govsite links --bad-domains``)."""
    bad = BadDomains()
    text = resources.files("govsite.data").joinpath(DATA_FILE).read_text("utf-8")
    rel = f"govsite/data/{DATA_FILE}"
    read(load_config_text(text, rel), rel, bad)
    if project is not None:
        from govsite.text.wordlists import wordlists_for

        bad.add_domains("gambling", [d.domain for d in wordlists_for(project).domains if d.kind == "gambling"])
    for path in extra or []:
        read(load_config_file(path, str(path)), str(path), bad)
    return bad

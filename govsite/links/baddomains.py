"""The bad-domain list (``govsite/data/bad_domains.yml``, plus extensions): gambling,
adult and parked domains that a government page must never lead to."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from govsite.core.errors import ConfigError
from govsite.core.project import Project
from govsite.core.yamlio import load_config_file, load_located

DATA_FILE = "bad_domains.yml"


@dataclass
class Category:
    id: str
    name: str
    domains: set[str] = field(default_factory=set)
    keywords: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Match:
    category: str  # gambling | adult | parked | ...
    name: str  # Chinese name of the category
    host: str
    reason: str  # the domain or keyword that matched


class BadDomains:
    def __init__(self) -> None:
        self.categories: dict[str, Category] = {}

    def merge(self, data: dict, source: str) -> None:
        cats = data.get("categories", data) if isinstance(data, dict) else None
        if not isinstance(cats, dict):
            raise ConfigError(source, None, "坏域名清单应为映射：categories: {类别: {name, domains, keywords}}", "请参照 govsite/data/bad_domains.yml 的格式")
        for cid, spec in cats.items():
            if not isinstance(spec, dict):
                raise ConfigError(source, None, f"类别 {cid} 应为映射（name、domains、keywords）", "请参照 govsite/data/bad_domains.yml 的格式")
            cat = self.categories.setdefault(str(cid), Category(str(cid), str(spec.get("name") or cid)))
            for key, target in (("domains", cat.domains), ("keywords", cat.keywords)):
                values = spec.get(key) or []
                if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
                    raise ConfigError(source, None, f"类别 {cid} 的 {key} 应为非空文本的列表", "每项写一个域名或关键词")
                target.update(v.strip().lower().lstrip(".") for v in values)

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


def _load_file(path: Path, label: str) -> dict:
    return load_config_file(path, label).data or {}


def load(project: Project | None = None, extra: list[Path] | None = None) -> BadDomains:
    """The built-in list; the gambling domains of the word lists (``domains`` entries of
    kind ``gambling``, which the page rules also refuse, extended through ``wordlists:`` in
    govsite.yml); and ``extra`` files (``govsite links --bad-domains``)."""
    bad = BadDomains()
    text = resources.files("govsite.data").joinpath(DATA_FILE).read_text("utf-8")
    bad.merge(load_located(text).data, f"govsite/data/{DATA_FILE}")
    if project is not None:
        from govsite.text.wordlists import wordlists_for

        gambling = [d.domain for d in wordlists_for(project).domains if d.kind == "gambling"]
        if gambling:
            bad.merge({"gambling": {"name": "赌博", "domains": gambling}}, "wordlists: domains")
    for path in extra or []:
        data = _load_file(path, str(path))
        bad.merge(data.get("bad_domains", data) if isinstance(data, dict) else data, str(path))
    return bad

"""Domain lists: one spelling of a domain and one shape of a listed domain, everywhere.

A domain is written as a lowercase ASCII host name (``example.com``; an internationalised
name in its ``xn--`` form), without scheme, port, path, wildcard or leading dot, and it
covers all its subdomains (``gov.cn`` covers ``www.gov.cn``). A data file lists domains as
entries of :class:`DomainEntry`, ``{domain: example.com, kind: shop, name: 某网店}``: the
word lists' ``domains:`` (:mod:`govsite.text.wordlists`) and the bad-domain list's
``domains:`` (:mod:`govsite.links.baddomains`), each with its own vocabulary of kinds. The
lists of ``govsite.yml`` (``portal.domains``, ``allowed_domains``,
``designated_sources``) hold the domain alone, because the key says the kind.

A list that *allows* (government, party and media domains, the district's own, allowed
outbound domains, designated sources) takes names of at least two labels: a bare top-level
domain (``cn``, ``com``) would allow a whole registry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

from govsite.core.schema import Issue, Opt, Schema

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
DOMAIN_RE = re.compile(rf"(?=.{{1,253}}\Z){_LABEL}(?:\.{_LABEL})*\Z")
DOMAIN_HINT = "域名写作小写的主机名，如 example.com（不含 http://、端口、路径、通配符和开头的点；中文域名写作 xn-- 形式），它同时代表其所有子域名"


def spelled(value: str) -> str:
    """The one spelling of what someone meant by ``value`` (for the fix of an error)."""
    text = value.strip().lower()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text).split("/", 1)[0].split(":", 1)[0]
    text = text.lstrip("*.").rstrip(".")
    try:
        return text.encode("idna").decode("ascii") if text and not text.isascii() else text
    except UnicodeError:
        return text


def domain_problem(value: Any) -> str | None:
    """What is wrong with a domain as written, or None."""
    if not isinstance(value, str):
        return f"域名应为文本，实际为 {value!r}"
    if DOMAIN_RE.match(value):
        return None
    better = spelled(value)
    if better != value and DOMAIN_RE.match(better):
        return f"域名 {value!r} 应写作 {better}"
    return f"{value!r} 不是域名"


def allowing_domain_problem(value: Any) -> str | None:
    """:func:`domain_problem`, and at least two labels (for lists that allow)."""
    problem = domain_problem(value)
    if problem is None and "." not in value:
        return f"{value!r} 是顶级域名，会放行其下所有网站；请写出具体的域名，如 example.{value}"
    return problem


def level_off(value: Any) -> Any:
    """YAML 1.1 reads a bare ``off`` as false: both mean off."""
    return "off" if value is False else value


class DomainEntry(Schema):
    """One listed domain. Subclasses set :attr:`kinds` and the kinds that allow."""

    kinds: ClassVar[dict[str, str]] = {}
    """Kind -> its Chinese name; the vocabulary of the list."""
    allowing: ClassVar[tuple[str, ...]] = ()
    """Kinds that allow links or reposts: their domains need two labels."""

    domain = Opt(str, required=True, check=domain_problem, hint=DOMAIN_HINT)
    """The domain; it covers all its subdomains."""
    kind = Opt(str)
    """What the domain is (one of the list's kinds); required unless ``level: off``."""
    name = Opt(str, "")
    """Who runs it, in Chinese (shown in messages)."""
    level = Opt(str, choices=("off",), convert=level_off)
    """``off`` removes the entry of an earlier file (a built-in one)."""

    def validate(self) -> Iterator[Issue]:
        kinds = " | ".join(self.kinds)
        if self.level == "off":
            return
        if self.kind is None:
            yield "kind", f"域名 {self.domain} 缺少 kind", f"kind 可选：{kinds}"
        elif self.kind not in self.kinds:
            yield "kind", f"kind 的值 {self.kind!r} 无效", f"可选值：{kinds}"
        elif self.kind in self.allowing and (problem := allowing_domain_problem(self.domain)):
            yield "domain", problem, DOMAIN_HINT

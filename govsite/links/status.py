"""The words of the link-rot report: a link's status, a problem's severity, and the kinds
of failure. The values are what the JSON and CSV reports and ``.govsite-cache/links.json``
contain."""

from __future__ import annotations

from enum import StrEnum


class LinkStatus(StrEnum):
    OK = "ok"
    REDIRECT = "redirect"
    BROKEN = "broken"
    FILTERED = "filtered"  # left alone by linkchecker (a recent cached verdict, or not http)
    BAD_DOMAIN = "bad-domain"  # reaches a domain of the bad-domain list


class LinkSeverity(StrEnum):
    """A problem's severity, worst first."""

    VETO = "veto"  # 单项否决: a link to a bad domain
    ERROR = "error"  # a broken link
    WARNING = "warning"  # a redirect to fix

    @property
    def rank(self) -> int:
        """0 for the worst."""
        return list(LinkSeverity).index(self)


class LinkKind(StrEnum):
    """Why a link is not plainly ok. Besides these, a kind is ``http-<status code>`` or
    ``bad-domain:<category>`` (:func:`http_kind`, :func:`bad_domain_kind`)."""

    OK = "ok"
    FILTERED = "filtered"
    REDIRECT = "redirect"
    REDIRECT_CHAIN = "redirect-chain"
    REDIRECT_LOOP = "redirect-loop"
    DNS = "dns"
    TIMEOUT = "timeout"
    SSL = "ssl"
    CONNECTION = "connection"
    REFUSED = "refused"  # a non-public address the egress policy does not let linkchecker reach
    ERROR = "error"


def http_kind(code: str) -> str:
    return f"http-{code}"


def bad_domain_kind(category: str) -> str:
    return f"{LinkStatus.BAD_DOMAIN}:{category}"

"""Addresses as a browser reads them: the scheme, the host, and the one bare-URL pattern.

Used by the link, HTML and ad rules and by :mod:`govsite.text.document` (bare addresses
in text); nothing else in the package matches URLs in text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urlsplit

# A bare address in text: a scheme or ``www.``, up to a space, a quote, a bracket or
# Chinese punctuation (an address is never glued to the sentence that follows it).
BARE_URL_RE = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'()（）\u3000-\u303f\uff01-\uff5e]+", re.I)
_TRAILING = ".,;:!?。，；：！？"


def bare_urls(text: str) -> Iterable[tuple[int, str]]:
    """(offset, address) of every bare address in ``text``, sentence punctuation after it dropped."""
    for m in BARE_URL_RE.finditer(text):
        yield m.start(), m.group().rstrip(_TRAILING)


def clean_url(url: str) -> str:
    """The URL as a browser reads it: NFKC, no whitespace or control characters inside,
    backslashes as slashes."""
    url = unicodedata.normalize("NFKC", url)
    url = "".join(ch for ch in url if ch > " " and unicodedata.category(ch) not in ("Cc", "Cf"))
    return url.replace("\\", "/")


def scheme(url: str) -> str:
    """The URL's scheme, lowercase ('' for a relative URL)."""
    m = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", clean_url(url))
    return m.group(1).lower() if m else ""


def host(url: str) -> str | None:
    """The host an outbound link goes to, lowercase; None for relative or non-web links."""
    url = clean_url(url)
    low = url.lower()
    if low.startswith("www."):
        url = "http://" + url
    elif low.startswith("//"):
        url = "http:" + url
    elif scheme(url) not in ("http", "https", "ftp"):
        return None
    try:
        name = urlsplit(url).hostname
    except ValueError:
        return None
    if not name:
        return None
    name = name.rstrip(".")
    try:
        name = name.encode("idna").decode("ascii") if not name.isascii() else name
    except UnicodeError:
        pass
    return name.lower()


def under(host_name: str, domains: Iterable) -> bool:
    """Is ``host_name`` one of ``domains`` or a subdomain of one?"""
    for d in domains:
        d = str(d).strip().lower().lstrip(".")
        if d and (host_name == d or host_name.endswith("." + d)):
            return True
    return False


def is_external(url: str) -> bool:
    """Has a scheme (https:, mailto:, tel: ...) or a host (//host/...)."""
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)

"""One spelling per address, so that the links found in the built site, linkchecker's
verdicts and the cache all name a URL the same way."""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit, urlunsplit


def normalize(url: str) -> str:
    """One spelling per address: lowercase scheme and host, default port dropped,
    path percent-encoded the way linkchecker sends it, no fragment."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    try:
        host = host.encode("idna").decode("ascii") if host else host
    except UnicodeError:
        pass
    netloc = f"[{host}]" if ":" in host else host  # IPv6 literals keep their brackets
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        netloc += f":{port}"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~") or ("/" if netloc else "")
    return urlunsplit((scheme, netloc, path, parts.query, ""))

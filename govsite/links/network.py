"""Is this machine on a network at all? Asked once before external links are checked.

Without a resolver every external link fails DNS, and reporting each as 域名无法解析
(the mark of an expired domain) would be wrong; so when none of a few well-known names
resolves, ``govsite links`` skips the external links that need DNS and says once that
the machine is offline. Links to IP addresses (and the site itself, on 127.0.0.1) are
still checked. The default route is probed too, to name the cause.
"""

from __future__ import annotations

import os
import socket
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from ipaddress import ip_address
from urllib.parse import urlsplit

WELL_KNOWN = ("www.gov.cn", "www.baidu.com", "www.qq.com")
PUBLIC_ADDRESS = ("223.5.5.5", 53)  # a public resolver: only the route to it is asked, nothing is sent


@dataclass(frozen=True)
class Network:
    online: bool
    why: str = ""


def needs_dns(url: str) -> bool:
    """Whether checking ``url`` needs a name resolved (not an IP literal, not localhost)."""
    host = (urlsplit(url).hostname or "").lower()
    if not host or host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        ip_address(host)
        return False
    except ValueError:
        return True


def _has_route() -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(PUBLIC_ADDRESS)  # UDP connect: picks a route, sends no packet
            return True
        except OSError:
            return False


def probe(names: tuple[str, ...] = WELL_KNOWN, timeout: float = 3.0) -> Network:
    if any(os.environ.get(v) for v in ("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY")):
        return Network(True)  # linkchecker goes through the proxy: local DNS does not matter
    pool = ThreadPoolExecutor(max_workers=len(names))
    try:
        futures = [pool.submit(socket.getaddrinfo, name, 443) for name in names]
        done, _ = wait(futures, timeout=timeout)
        if any(f.exception() is None for f in done):
            return Network(True)
    finally:
        pool.shutdown(wait=False)  # a resolver that hangs is not waited for
    why = f"无法解析 {'、'.join(names)} 等常用域名"
    if not _has_route():
        why += "，也没有通往外部网络的路由"
    return Network(False, why)

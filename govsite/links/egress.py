"""Where the link checker may connect: the public internet, never the host's own networks.

The daily patrol runs ``govsite links`` on the deploy host, inside the district's
network. A signed page that links to ``http://127.0.0.1:8080/admin``, to the cloud
metadata address ``169.254.169.254`` or to a host name that resolves (or, after a
redirect, leads) to a private address would otherwise make that host request it and
publish whether it answered (server-side request forgery).

The check sits where a connection is made, after every name is resolved: linkchecker
(a Python program) runs through :func:`main` in this file, which wraps
``socket.socket.connect`` in that process before linkchecker starts. Every connection,
to a linked address or to a redirect target, by HTTP, HTTPS or FTP, passes through it:
a name is resolved there once and the socket connects to the very address that was
checked, so a DNS answer that changes between check and use (DNS rebinding) gains
nothing. A refused connection fails with :data:`REFUSED`, which :mod:`.rot` reports
without echoing the address.

Allowed anyway: the address of the site server that serves the build to linkchecker
(one host and port), and the networks the platform owner lists in ``govsite.yml``
(``links.allow_addresses``), e.g. an intranet portal that must be checked.

Proxies: a proxy would resolve and connect on the checker's behalf, out of sight of
this check, so linkchecker runs with the proxy variables removed.

This file is run as a script by ``python -I`` (nothing from the working directory or
the environment on ``sys.path``) and so imports only the standard library and
linkchecker.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import sys
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

REFUSED = "govsite-egress-refused"
"""Marker in the error text of a refused connection (linkchecker reports it as the result)."""

_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_INTERNAL_SUFFIXES = ("localhost", "local", "internal", "intranet", "lan", "home.arpa", "localdomain", "corp")
_NUMERIC_HOST_RE = re.compile(r"\A(?:0x[0-9a-f]+|[0-9]+)(?:\.(?:0x[0-9a-f]+|[0-9]+)){0,3}\Z", re.I)


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo, NAT64), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_internal(ip: IPAddress) -> bool:
    """True for every address that is not on the public internet: loopback, private
    (RFC 1918, IPv6 ULA), link-local (with the 169.254.169.254 metadata service),
    shared (100.64/10), multicast, reserved, unspecified, and IPv6 forms that carry
    one of those IPv4 addresses."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = embedded_ipv4(ip)
        if inner is not None and is_internal(inner):
            return True
        if ip.is_site_local:
            return True
    return (not ip.is_global or ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
            or ip.is_reserved or ip.is_unspecified)


def parse_ip(host: str) -> IPAddress | None:
    """The address a host written as an IP literal stands for, or None for a name.

    Also the historic forms every resolver still accepts (``2130706433``, ``0x7f.1``,
    ``127.1``): they name ``127.0.0.1`` just as well."""
    host = host.strip().strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if _NUMERIC_HOST_RE.match(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def is_internal_name(host: str) -> bool:
    """A host name that only resolves inside a network: ``localhost``, single-label
    names (``intranet``, ``oa``) and the private suffixes (``.local``, ``.internal``,
    ``.lan``, ``.home.arpa``, ...)."""
    name = host.strip().rstrip(".").lower()
    if not name or parse_ip(name) is not None:
        return False
    if "." not in name:
        return True
    return any(name == s or name.endswith("." + s) for s in _INTERNAL_SUFFIXES)


def parse_allowed(values: list[str]) -> list[IPNetwork]:
    """Networks from ``links.allow_addresses`` (``10.1.2.3``, ``10.1.0.0/16``, ``fd00::/8``)."""
    return [ipaddress.ip_network(v.strip(), strict=False) for v in values]


class Policy:
    """Which (address, port) pairs a connection may go to."""

    def __init__(self, allowed: Sequence[IPNetwork] = (), exact: Sequence[tuple[str, int]] = ()) -> None:
        self.allowed = list(allowed)
        self.exact = {(ipaddress.ip_address(h), int(p)) for h, p in exact}

    def permits(self, ip: IPAddress, port: int) -> bool:
        if (ip, port) in self.exact:
            return True
        if any(ip.version == net.version and ip in net for net in self.allowed):
            return True
        return not is_internal(ip)


HIDDEN = "（内部地址，已隐去）"
"""What reports show instead of an internal address."""


class Redactor:
    """Keeps internal addresses out of reports that are published (``patrol-links.md``):
    an IP literal that is not public, or an internal host name (``localhost``,
    ``intranet``, ``*.local``) whose addresses are not all allowed, is replaced by
    :data:`HIDDEN`. Allowed networks are the platform owner's choice, shown as is."""

    def __init__(self, allowed: Sequence[str] = ()) -> None:
        self.policy = Policy(parse_allowed(list(allowed)))
        self._names: dict[str, bool] = {}

    def hidden(self, url: str) -> bool:
        try:
            parts = urlsplit(url)
            host = parts.hostname or ""
            port = parts.port or 0
        except ValueError:
            return True  # unreadable: shown to nobody rather than perhaps internal
        ip = parse_ip(host)
        if ip is not None:
            return not self.policy.permits(ip, port)
        if not is_internal_name(host):
            return False
        if host not in self._names:
            try:
                found = {info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)}
                addresses = [ipaddress.ip_address(str(a).split("%", 1)[0]) for a in found]
            except (OSError, UnicodeError, ValueError):
                addresses = []
            self._names[host] = not addresses or not all(self.policy.permits(a, port) for a in addresses)
        return self._names[host]

    def __call__(self, url: str) -> str:
        return HIDDEN if url and self.hidden(url) else url


class EgressRefused(ConnectionRefusedError):
    """A connection to an address the policy does not permit."""


def install(policy: Policy) -> None:
    """Wrap ``socket.socket.connect``/``connect_ex`` in this process with ``policy``."""
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex

    def checked(sock: socket.socket, address: Any) -> Any:
        if sock.family not in (socket.AF_INET, socket.AF_INET6) or not isinstance(address, tuple):
            return address
        host, port = address[0], int(address[1])
        ip = parse_ip(str(host))
        if ip is None:
            # A name: resolve it once here and connect to the address checked, so a
            # second answer (DNS rebinding) never reaches the socket.
            infos = socket.getaddrinfo(host, port, sock.family, socket.SOCK_STREAM)
            if not infos:
                raise EgressRefused(f"{REFUSED}: no address")
            resolved = infos[0][4]
            ip = ipaddress.ip_address(str(resolved[0]).split("%", 1)[0])
            address = (str(resolved[0]), port, *address[2:])
        elif isinstance(ip, ipaddress.IPv4Address) and sock.family == socket.AF_INET:
            address = (str(ip), port)  # the canonical form of 0x7f.1 and friends
        if not policy.permits(ip, port):
            raise EgressRefused(f"{REFUSED}: connection to a non-public address refused")
        return address

    def connect(self: socket.socket, address: Any) -> None:
        return original_connect(self, checked(self, address))

    def connect_ex(self: socket.socket, address: Any) -> int:
        return original_connect_ex(self, checked(self, address))

    # setattr: replacing a method of the socket class is the point here (in linkchecker's process)
    setattr(socket.socket, "connect", connect)  # noqa: B010
    setattr(socket.socket, "connect_ex", connect_ex)  # noqa: B010


_PROXY_VARS = ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "no_proxy")


def environment(base: Mapping[str, str]) -> dict[str, str]:
    """``base`` without proxy settings: connections go straight to the checked address."""
    return {k: v for k, v in base.items() if k.lower() not in _PROXY_VARS}


def interpreter(script: str) -> str:
    """The Python that runs an installed ``linkchecker`` script (its ``#!`` line), so the
    wrapper imports the same linkchecker; this Python when that cannot be read."""
    try:
        with open(script, "rb") as handle:
            first = handle.readline(500).decode("utf-8", "replace").strip()
    except OSError:
        return sys.executable
    if first.startswith("#!") and "python" in first:
        parts = first[2:].split()
        if parts and parts[0].endswith("/env") and len(parts) > 1:
            return parts[1]
        return parts[0] if parts else sys.executable
    return sys.executable


def install_reporting() -> None:
    """Make linkchecker report a refused connection as :data:`REFUSED` alone.

    Its own message names the refused host and is cut at 240 characters, which could
    cut the marker off behind a long address; this one keeps neither problem."""
    from linkcheck.checker import urlbase

    original = urlbase.UrlBase.handle_exception

    def handle_exception(self: Any) -> Any:
        message = original(self)
        error = sys.exc_info()[1]
        return REFUSED if error is not None and REFUSED in str(error) else message

    urlbase.UrlBase.handle_exception = handle_exception


def command(python: str, allowed: list[str], exact: list[tuple[str, int]], linkchecker_args: list[str]) -> list[str]:
    """The command line that runs linkchecker under the policy."""
    args = [python, "-I", __file__]
    for net in allowed:
        args += ["--allow", net]
    for host, port in exact:
        args += ["--allow-exact", f"{host}|{port}"]
    return args + ["--", *linkchecker_args]


def main(argv: list[str]) -> int:
    allowed: list[str] = []
    exact: list[tuple[str, int]] = []
    args = list(argv)
    while args and args[0] != "--":
        flag, value = args.pop(0), args.pop(0)
        if flag == "--allow":
            allowed.append(value)
        elif flag == "--allow-exact":
            host, _, port = value.rpartition("|")
            exact.append((host, int(port)))
        else:
            raise SystemExit(f"egress: unknown option {flag}")
    install(Policy(parse_allowed(allowed), exact))
    install_reporting()
    from linkcheck.command.linkchecker import linkchecker

    sys.argv = ["linkchecker", *args[1:]]
    return linkchecker() or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

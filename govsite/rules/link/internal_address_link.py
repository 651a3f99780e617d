"""A link to an IP address, to this machine or to a host of an internal network.

What: a link (Markdown, HTML or a bare address) whose host is an IP address
    (``http://10.0.3.7/``, ``http://[::1]/``, also written as ``2130706433`` or ``0x7f.1``)
    or a name that only resolves inside a network: ``localhost``, a single label
    (``http://oa/``), or a name under ``.local``, ``.internal``, ``.intranet``, ``.lan``,
    ``.localdomain``, ``.corp`` or ``.home.arpa``.
Why: 第十四条 — 网站安全防护. A public page that names an internal address publishes
    the district's network layout, cannot be opened by visitors, and makes every
    program that checks the page's links (the daily link patrol on the deploy host)
    request that address from inside the network. An IP address also hides who runs the
    site behind it, so the reviewers cannot judge it (第十条).
Example: ``[内部系统](http://192.168.1.10/oa)``, ``<img src="http://169.254.169.254/x">``.
Fix: link to the public address (a domain name) of the information, or remove the link.
    Internal systems are not linked from the portal. An address the platform owner lists
    in ``links.allow_addresses`` of govsite.yml (on purpose) is not reported.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.links.egress import is_internal, is_internal_name, parse_allowed, parse_ip
from govsite.rules.base import Hit, RuleContext
from govsite.text.document import document
from govsite.text.urls import host


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    allowed = parse_allowed(ctx.settings.links.allow_addresses)
    reported = set()
    doc = document(page)
    for link in doc.links:
        name = host(link.url)
        if not name:
            continue
        ip = parse_ip(name)
        if ip is not None and any(ip.version == net.version and ip in net for net in allowed):
            continue  # an intranet address the platform owner allows on purpose
        if ip is not None:
            what = f"本机、内网或保留 IP 地址 {name}" if is_internal(ip) else f" IP 地址 {name}"
        elif is_internal_name(name):
            what = f"内部主机名 {name}（只能在内网解析）"
        else:
            continue
        line, column = doc.where(link.start)
        if (name, line) in reported:
            continue
        reported.add((name, line))
        yield Hit(line, f"链接指向{what}；公开页面不得链接 IP 地址或内部地址，请改为该信息的公开域名地址，或删除该链接", column)

"""The link-rot report: problems per unit and page, their severity, and how a
linkchecker verdict (or a cached one) becomes a problem."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from govsite.links.baddomains import BadDomains
from govsite.links.scan import PORTAL
from govsite.links.status import LinkKind, LinkSeverity, LinkStatus, bad_domain_kind, http_kind

SEVERITY_NAMES = {LinkSeverity.VETO: "否决", LinkSeverity.ERROR: "错误", LinkSeverity.WARNING: "警告"}


@dataclass
class Problem:
    unit: str
    page: str  # source path (or description) of the page
    address: str  # the page's address on the site
    url: str  # the link as checked (absolute; site links as /path)
    severity: LinkSeverity
    status: LinkStatus  # BROKEN | REDIRECT | BAD_DOMAIN
    kind: str
    message: str
    final_url: str = ""
    chain: list[str] = field(default_factory=list)
    source: str = "live"  # live | cache
    failures: int = 0  # runs in a row this link failed (cache)
    failing_since: str | None = None
    category: str = ""  # bad-domain category

    def as_json(self) -> dict:
        return asdict(self)


@dataclass
class LinkReport:
    started: str
    pages: int = 0
    internal_checked: int = 0
    external: int = 0
    external_live: int = 0
    external_cached: int = 0
    unchecked: list[str] = field(default_factory=list)
    seconds: float = 0.0
    timed_out: bool = False
    problems: list[Problem] = field(default_factory=list)
    offline: str = ""  # why external links were not checked: the machine has no network

    def count(self, severity: LinkSeverity) -> int:
        return sum(p.severity == severity for p in self.problems)

    def problems_by_unit(self) -> list[Problem]:
        """Problems grouped by unit (the portal last), then page, then link."""
        return sorted(self.problems, key=lambda p: (p.unit == PORTAL, p.unit, p.page, p.url))

    def worst(self) -> LinkSeverity | None:
        return min((p.severity for p in self.problems), key=lambda s: s.rank, default=None)

    def summary(self) -> dict:
        return {
            "started": self.started, "pages": self.pages, "internal_checked": self.internal_checked,
            "external": self.external, "external_live": self.external_live, "external_cached": self.external_cached,
            "unchecked": len(self.unchecked), "seconds": round(self.seconds, 1), "timed_out": self.timed_out,
            "offline": self.offline,
            "veto": self.count(LinkSeverity.VETO), "error": self.count(LinkSeverity.ERROR),
            "warning": self.count(LinkSeverity.WARNING),
            "broken": sum(p.status == LinkStatus.BROKEN for p in self.problems),
            "redirect": sum(p.status == LinkStatus.REDIRECT for p in self.problems),
            "bad_domain": sum(p.status == LinkStatus.BAD_DOMAIN for p in self.problems),
        }


KIND_TEXT: dict[str, str] = {
    LinkKind.DNS: "域名无法解析（域名可能已过期、停用或被转让）",
    LinkKind.TIMEOUT: "超时无响应",
    LinkKind.REDIRECT_LOOP: "循环跳转，无法打开",
    LinkKind.CONNECTION: "无法连接到服务器",
    LinkKind.SSL: "HTTPS 证书错误",
    LinkKind.REFUSED: "指向本机、内网或保留地址，巡查不访问此类地址（政府网站不得链接内部地址）",
    LinkKind.ERROR: "无法访问",
}


def _broken_text(kind: str, detail: str, timeout: int) -> str:
    if kind.startswith(http_kind("")):
        code = kind[5:]
        label = {"404": "页面不存在", "410": "页面已删除", "403": "禁止访问", "500": "服务器错误",
                 "502": "网关错误", "503": "服务暂不可用"}.get(code, "服务器错误" if code.startswith("5") else "请求被拒绝")
        return f"HTTP {code} {label}"
    if kind == LinkKind.TIMEOUT:
        return f"超时（{timeout} 秒内无响应）"
    return KIND_TEXT.get(kind, detail[:80] or "无法访问")


def problem_for(verdict: dict, url: str, internal: bool, bad: BadDomains,
                timeout: int) -> tuple[LinkSeverity, LinkStatus, str, str] | None:
    """(severity, status, kind, message) of a verdict, or None when the link is fine."""
    chain = verdict.get("chain") or []
    final = verdict.get("final_url") or url
    for hop in [url, *chain, final]:
        match = bad.match_url(hop)
        if match:
            via = "" if hop == url else f"经跳转后到达 {hop}，"
            return (LinkSeverity.VETO, LinkStatus.BAD_DOMAIN, bad_domain_kind(match.category),
                    f"链接{via}指向{match.name}网站 {match.host}（命中 {match.reason}）；请立即删除该链接，"
                    "核查页面是否被篡改，并按《管理办法》第十五条报告")
    status, kind = verdict.get("status"), verdict.get("kind", "")
    if status == LinkStatus.BROKEN:
        what = _broken_text(kind, verdict.get("detail", ""), timeout)
        where = "站内链接" if internal else "外部链接"
        fix = "请改正链接或删除" if internal else "请核实对方网站，改为有效地址或删除该链接"
        if kind == LinkKind.REFUSED:
            fix = "请删除该链接，或改为该信息的公开域名地址"
        return LinkSeverity.ERROR, LinkStatus.BROKEN, kind, f"{where}失效：{what}；{fix}"
    if status == LinkStatus.REDIRECT and chain:
        hops = len(chain)
        return (LinkSeverity.WARNING, LinkStatus.REDIRECT, LinkKind.REDIRECT if hops == 1 else LinkKind.REDIRECT_CHAIN,
                f"链接经 {hops} 次跳转到 {final}；请核实后改为最终地址")
    return None

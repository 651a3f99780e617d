"""Link rot on the built site: the real ``linkchecker`` checks, govsite attributes.

``check_site`` serves the built site on 127.0.0.1 (:mod:`.server`), runs
``linkchecker`` over it as a subprocess (internal pages recursively, external links
once each, with a thread count, a per-request timeout and a total time limit), reads
its CSV verdicts, and attributes every verdict to the units and pages whose content
links there, which linkchecker itself does not do (it reports a URL once, under the
first page where it found it).

Verdicts on external links are kept in a cache (:mod:`.cache`): a recent good verdict
is reused, and linkchecker is told to leave that URL alone (``[filtering] ignore``),
so a daily patrol does not ask the same hosts every day.

linkchecker drops root privileges to ``nobody`` when run as root (it has no option
to keep them): nothing here asks it to read or write a file after that point. Its
configuration is read before the drop, the site is served over HTTP by this process,
and its report comes back on standard output.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

from govsite.core.errors import GovsiteError, UsageError
from govsite.links.baddomains import BadDomains
from govsite.links.cache import LinkCache
from govsite.links.server import SiteServer
from govsite.links.status import LinkKind, LinkSeverity, LinkStatus, bad_domain_kind, http_kind

SEVERITY_NAMES = {LinkSeverity.VETO: "否决", LinkSeverity.ERROR: "错误", LinkSeverity.WARNING: "警告"}
PORTAL = "portal"
TEMPLATE = "(页面模板)"

_ATTR_RE = re.compile(r"""<(?:a|img|link|script|source|iframe|video|audio|embed|area|track)\b[^>]*?\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I | re.S)
_ARTICLE_START_RE = re.compile(r"<article\b", re.I)
_ARTICLE_END_RE = re.compile(r"</article\s*>", re.I)
_REDIRECT_RE = re.compile(r"Redirected to `([^']*)'")
_HTTP_STATUS_RE = re.compile(r"^(\d{3})\b")
SKIP_SCHEMES = ("mailto", "tel", "javascript", "data", "sms", "weixin", "about")
SKIP_PAGES = ("404.html",)
SKIP_DIRS = ("assets/", "search/")


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
    netloc = host
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        netloc += f":{port}"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~") or ("/" if netloc else "")
    return urlunsplit((scheme, netloc, path, parts.query, ""))


# -- the built site --------------------------------------------------------------

@dataclass
class SitePage:
    address: str  # /qzfb/gzdt/x/
    unit: str  # unit id, or "portal"
    source: str  # units/qzfb/gzdt/x.md, content/about.md, or a description of a generated page


@dataclass
class Occurrence:
    page: SitePage
    href: str  # as written in the HTML


def page_address(rel_html: str) -> str:
    if rel_html == "index.html":
        return "/"
    if rel_html.endswith("/index.html"):
        return "/" + rel_html[: -len("index.html")]
    return "/" + rel_html


def describe(address: str, root: Path, unit_ids: set[str]) -> SitePage:
    parts = [p for p in address.strip("/").split("/") if p]
    unit = parts[0] if parts and parts[0] in unit_ids else PORTAL
    if unit != PORTAL:
        if len(parts) == 1:
            source = f"units/{unit}（单位首页，自动生成）"
        elif len(parts) == 2 or (len(parts) == 4 and parts[2] == "page"):
            source = f"units/{unit}/{parts[1]}（栏目列表，自动生成）"
        else:
            rel = "units/" + "/".join(parts) + ".md"
            source = rel if (root / rel).is_file() else "units/" + "/".join(parts)
    else:
        stem = "/".join(parts)
        candidates = [f"content/{stem}.md", f"content/{stem}/index.md"] if stem else ["content/index.md"]
        source = next((c for c in candidates if (root / c).is_file()), address)
    return SitePage(address, unit, source)


def scan_site(site_dir: Path, root: Path, unit_ids: set[str]) -> tuple[list[SitePage], list[Occurrence]]:
    """Every page of the built site, and every link in it: links in a page's content
    (Material's ``<article>``) belong to the page; links of the surrounding template
    (navigation, header, footer) to one pseudo-page, reported once."""
    pages: list[SitePage] = []
    found: list[Occurrence] = []
    template = SitePage("/", PORTAL, TEMPLATE)
    template_seen: set[str] = set()
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel in SKIP_PAGES or rel.startswith(SKIP_DIRS):
            continue
        try:
            text = path.read_text("utf-8", errors="replace")
        except OSError:
            continue
        page = describe(page_address(rel), root, unit_ids)
        pages.append(page)
        start = _ARTICLE_START_RE.search(text)
        ends = list(_ARTICLE_END_RE.finditer(text))
        if start and ends:
            inside = [(start.start(), ends[-1].end())]
        else:
            inside = [(0, len(text))]
        for m in _ATTR_RE.finditer(text):
            href = html.unescape(next(g for g in m.groups() if g is not None)).strip()
            if not href or href.startswith("#"):
                continue
            scheme = urlsplit(href).scheme.lower() if ":" in href else ""
            if scheme in SKIP_SCHEMES:
                continue
            absolute = urljoin("http://site.invalid" + page.address, href)
            if any(a <= m.start() < b for a, b in inside):
                found.append(Occurrence(page, absolute))
            elif absolute not in template_seen:
                template_seen.add(absolute)
                found.append(Occurrence(template, absolute))
    return pages, found


# -- linkchecker -------------------------------------------------------------------

@dataclass
class Verdict:
    url: str  # normalised address as linked
    status: LinkStatus  # OK | REDIRECT | BROKEN | FILTERED
    kind: str  # a LinkKind, or http-<code>
    detail: str  # linkchecker's result text
    final_url: str
    chain: list[str] = field(default_factory=list)  # addresses after the first, in order

    def as_cache(self) -> dict:
        return {"status": self.status, "kind": self.kind, "detail": self.detail, "final_url": self.final_url, "chain": self.chain}


def linkchecker_command() -> list[str]:
    here = Path(sys.executable).parent / "linkchecker"
    if here.is_file() and os.access(here, os.X_OK):
        return [str(here)]
    found = shutil.which("linkchecker")
    if found:
        return [found]
    raise GovsiteError("未找到 linkchecker；请运行 bash scripts/setup.sh 安装依赖（requirements.lock 已包含 linkchecker）")


def classify(row: dict[str, str]) -> tuple[LinkStatus, str, list[str]]:
    result = (row.get("result") or "").strip()
    chain = _REDIRECT_RE.findall(row.get("warningstring") or "")
    if result == "filtered":
        return LinkStatus.FILTERED, LinkKind.FILTERED, chain
    if (row.get("valid") or "").strip() == "True":
        return (LinkStatus.REDIRECT, LinkKind.REDIRECT, chain) if chain else (LinkStatus.OK, LinkKind.OK, chain)
    status = _HTTP_STATUS_RE.match(result)
    kind: str
    if "TooManyRedirects" in result:
        kind = LinkKind.REDIRECT_LOOP
    elif status:
        kind = http_kind(status.group(1))
    elif any(s in result for s in ("NameResolution", "Failed to resolve", "Name or service not known", "getaddrinfo", "No address associated")):
        kind = LinkKind.DNS
    elif "Timeout" in result or "timed out" in result:
        kind = LinkKind.TIMEOUT
    elif "SSL" in result or "certificate" in result.lower():
        kind = LinkKind.SSL
    elif "ConnectionError" in result or "Connection refused" in result or "ConnectTimeout" in result:
        kind = LinkKind.CONNECTION
    else:
        kind = LinkKind.ERROR
    return LinkStatus.BROKEN, kind, chain


def parse_csv(text: str) -> list[Verdict]:
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("#")]
    out = []
    for row in csv.DictReader(io.StringIO("".join(lines)), delimiter=";", quotechar='"'):
        name = (row.get("urlname") or "").strip()
        if not name:
            continue
        parent = (row.get("parentname") or "").strip()
        linked = normalize(urljoin(parent, name) if parent else name)
        status, kind, chain = classify(row)
        final = (row.get("url") or "").strip() or linked
        out.append(Verdict(linked, status, kind, (row.get("result") or "").strip(), normalize(final), [normalize(u) for u in chain]))
    return out


def _config(timeout: int, threads: int, max_time: int, ignore: list[str], ignore_prefixes: list[str]) -> str:
    lines = ["[checking]", f"threads={threads}", f"timeout={timeout}", "maxrequestspersecond=100",
             f"maxrunseconds={max_time}", "aborttimeout=2", "recursionlevel=-1",
             "[filtering]", "checkextern=1", "ignorewarnings=http-redirected-to-different-host,url-whitespace",
             "ignore=", "  ^(?:mailto|tel|javascript|data|sms|weixin):"]
    # Cached URLs: one alternation per chunk, so a long list stays one regex pass per URL.
    for start in range(0, len(ignore), 200):
        chunk = ignore[start:start + 200]
        lines.append("  ^(?:" + "|".join(re.escape(u) for u in chunk) + ")$")
    lines += ["  ^" + re.escape(prefix) for prefix in ignore_prefixes]
    lines += ["[output]", "warnings=1"]
    return "\n".join(lines) + "\n"


@dataclass
class RunInfo:
    seconds: float
    timed_out: bool
    returncode: int
    stderr: str


def run_linkchecker(start_url: str, *, timeout: int, threads: int, max_time: int, ignore: list[str],
                    ignore_prefixes: Sequence[str] = ()) -> tuple[list[Verdict], RunInfo]:
    command = linkchecker_command()
    env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8", LANGUAGE="en", PYTHONIOENCODING="utf-8")
    no_proxy = ",".join(filter(None, [env.get("NO_PROXY") or env.get("no_proxy"), "127.0.0.1", "localhost"]))
    env["NO_PROXY"] = env["no_proxy"] = no_proxy
    with tempfile.TemporaryDirectory(prefix="govsite-links-") as tmp:
        config = Path(tmp) / "linkcheckerrc"
        config.write_text(_config(timeout, threads, max_time, ignore, list(ignore_prefixes)), "utf-8")
        os.chmod(tmp, 0o755)  # read as root before the drop to nobody; readable anyway
        os.chmod(config, 0o644)
        args = command + ["-f", str(config), "-o", "csv/utf-8", "--no-status", "-v", start_url]
        began = time.monotonic()
        out, err, code, timed_out = _run_with_deadline(args, env, tmp, max_time)
        seconds = time.monotonic() - began
    text = out.decode("utf-8", errors="replace")
    errtext = err.decode("utf-8", errors="replace")
    if code not in (0, 1) and not text.strip():
        raise GovsiteError(f"linkchecker 运行失败（退出码 {code}）：{errtext.strip()[-300:]}")
    timed_out = timed_out or "Interrupt after" in errtext  # its own maxrunseconds
    return parse_csv(text), RunInfo(seconds, timed_out, code, errtext)


def _run_with_deadline(args: list[str], env: dict, cwd: str, max_time: int) -> tuple[bytes, bytes, int, bool]:
    """Run linkchecker, stopping it at ``max_time`` seconds however slow a server is.

    linkchecker's own ``maxrunseconds`` is checked only every 5 seconds and then waits
    for requests in flight, so it is a soft limit. At the deadline it gets SIGINT (as
    after Ctrl-C it stops taking new URLs and ends its report; every row already
    written is flushed), a second SIGINT a moment later (it exits without waiting for
    requests in flight), and SIGKILL as the last resort. Nothing logged is lost."""
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd)
    chunks_out: list[bytes] = []
    chunks_err: list[bytes] = []
    timed_out = False
    for wait, action in ((max_time + 2, signal.SIGINT), (3, signal.SIGINT), (3, signal.SIGKILL), (None, None)):
        try:
            out, err = proc.communicate(timeout=wait)
            chunks_out.append(out or b"")
            chunks_err.append(err or b"")
            break
        except subprocess.TimeoutExpired:
            timed_out = True
            if action is not None:
                try:
                    proc.send_signal(action)
                except ProcessLookupError:
                    pass
    return b"".join(chunks_out), b"".join(chunks_err), proc.returncode if proc.returncode is not None else -9, timed_out


# -- the report ----------------------------------------------------------------------

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


def _problem_for(verdict: dict, url: str, internal: bool, bad: BadDomains,
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
        return LinkSeverity.ERROR, LinkStatus.BROKEN, kind, f"{where}失效：{what}；{fix}"
    if status == LinkStatus.REDIRECT and chain:
        hops = len(chain)
        return (LinkSeverity.WARNING, LinkStatus.REDIRECT, LinkKind.REDIRECT if hops == 1 else LinkKind.REDIRECT_CHAIN,
                f"链接经 {hops} 次跳转到 {final}；请核实后改为最终地址")
    return None


def check_site(site_dir: Path, root: Path, unit_ids: set[str], *, bad: BadDomains, cache: LinkCache,
               timeout: int = 10, threads: int = 10, max_time: int = 600, site_url: str | None = None,
               now: dt.datetime | None = None) -> LinkReport:
    site_dir = site_dir.resolve()
    if not (site_dir / "index.html").is_file():
        raise UsageError(f"{site_dir}: 没有构建好的站点（缺少 index.html）；请先运行 mkdocs build，或用 --site 指定站点目录")
    started = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    report = LinkReport(started)
    pages, occurrences = scan_site(site_dir, root, unit_ids)
    report.pages = len(pages)
    own = site_url.rstrip("/") + "/" if site_url else None
    with SiteServer(site_dir) as server:
        base = server.url

        def absolute(href: str) -> tuple[str, bool]:
            """(normalised URL as linkchecker sees it, internal?)."""
            if href.startswith("http://site.invalid/"):
                return normalize(base + href[len("http://site.invalid/"):]), True
            return normalize(href), False

        external = sorted({absolute(o.href)[0] for o in occurrences if not absolute(o.href)[1]
                           and not (own and o.href.startswith(own))})
        fresh = {u: cached for u in external if (cached := cache.fresh(u))}
        # The portal's own production address (canonical links of every page) is judged
        # against this build below, not fetched from the live site.
        verdicts, info = run_linkchecker(base, timeout=timeout, threads=threads, max_time=max_time,
                                         ignore=list(fresh), ignore_prefixes=[own] if own else [])
    report.seconds, report.timed_out = info.seconds, info.timed_out
    by_url: dict[str, Verdict] = {}
    for v in verdicts:
        if v.status != LinkStatus.FILTERED:
            by_url.setdefault(v.url, v)
    report.internal_checked = sum(1 for u in by_url if u.startswith(normalize(base)))
    report.external = len(external)
    report.external_cached = len(fresh)
    results: dict[str, tuple[dict, str]] = {}  # url -> (verdict dict, source)
    for url in external:
        if url in fresh:
            results[url] = (fresh[url], "cache")
        elif url in by_url:
            entry = cache.record(url, by_url[url].as_cache())
            results[url] = (entry, "live")
            report.external_live += 1
        else:
            report.unchecked.append(url)
    base_norm = normalize(base)
    for occ in occurrences:
        url, internal = absolute(occ.href)
        shown = url
        if internal:
            shown = "/" + url[len(base_norm):]
            verdict = by_url.get(url)
            if verdict is None:
                continue  # not reached within the time limit, or filtered
            data, source = verdict.as_cache(), "live"
            # Redirects inside the site (/x -> /x/) are the server's business, not the editor's.
            if data["status"] == LinkStatus.REDIRECT:
                continue
        elif own and occ.href.startswith(own):
            # The portal's own production address: judged against this build.
            rest = unquote(urlsplit(occ.href).path)[len(urlsplit(own).path):]
            target = site_dir / rest
            if (target / "index.html").is_file() or target.is_file() or not rest:
                continue
            data, source = {"status": LinkStatus.BROKEN, "kind": http_kind("404"), "detail": "404 Not Found", "final_url": url, "chain": []}, "build"
        else:
            if url not in results:
                continue
            data, source = results[url]
        found = _problem_for(data, shown, internal, bad, timeout)
        if found is None:
            continue
        severity, status, kind, message = found
        report.problems.append(Problem(
            unit=occ.page.unit, page=occ.page.source, address=occ.page.address, url=shown, severity=severity,
            status=status, kind=kind, message=message, final_url=data.get("final_url", "") if status != LinkStatus.BROKEN else "",
            chain=list(data.get("chain") or []), source=source, failures=int(data.get("failures", 0) or 0),
            failing_since=data.get("failing_since"), category=kind.split(":", 1)[1] if kind.startswith(bad_domain_kind("")) else ""))
    unique: dict[tuple[str, str], Problem] = {}
    for p in report.problems:
        unique.setdefault((p.page, p.url), p)
    report.problems = sorted(unique.values(), key=lambda p: (p.severity.rank, p.unit, p.page, p.url))
    return report


def seconds_int(value: float) -> int:
    return max(1, int(math.ceil(value)))

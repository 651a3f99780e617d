"""Link rot on the built site: the real ``linkchecker`` checks, govsite attributes.

``check_site`` serves the built site on 127.0.0.1 (:mod:`.server`), runs
``linkchecker`` over it (:mod:`.linkchecker`: internal pages recursively, external
links once each, with a thread count, a per-request timeout and a total time limit),
and attributes every verdict to the units and pages whose content links there
(:mod:`.scan`), which linkchecker itself does not do (it reports a URL once, under the
first page where it found it). :mod:`.report` turns verdicts into problems.

Verdicts on external links are kept in a cache (:mod:`.cache`): a recent good verdict
is reused, and linkchecker is told to leave that URL alone (``[filtering] ignore``),
so a daily patrol does not ask the same hosts every day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from govsite.core.errors import UsageError
from govsite.links import egress
from govsite.links.baddomains import BadDomains
from govsite.links.cache import LinkCache
from govsite.links.linkchecker import Verdict, run_linkchecker
from govsite.links.network import needs_dns, probe
from govsite.links.report import LinkReport, Problem, problem_for
from govsite.links.scan import Occurrence, scan_site
from govsite.links.server import SiteServer
from govsite.links.status import LinkStatus, bad_domain_kind, http_kind
from govsite.links.urls import normalize

_SCANNED_BASE = "http://site.invalid/"  # the base scan_site resolves the site's own links against


class _Addresses:
    """Where the site is served for this run, and the portal's production address."""

    def __init__(self, base: str, site_url: str | None) -> None:
        self.base = base
        self.base_norm = normalize(base)
        self.own = site_url.rstrip("/") + "/" if site_url else None

    def absolute(self, href: str) -> tuple[str, bool]:
        """(normalised URL as linkchecker sees it, internal?)."""
        if href.startswith(_SCANNED_BASE):
            return normalize(self.base + href[len(_SCANNED_BASE):]), True
        return normalize(href), False

    def is_production(self, href: str) -> bool:
        return self.own is not None and href.startswith(self.own)


def check_site(site_dir: Path, root: Path, unit_ids: set[str], *, bad: BadDomains, cache: LinkCache,
               timeout: int = 10, threads: int = 10, max_time: int = 600, site_url: str | None = None,
               now: dt.datetime | None = None, allow_addresses: Sequence[str] = (),
               probe_network: bool = True) -> LinkReport:
    site_dir = site_dir.resolve()
    if not (site_dir / "index.html").is_file():
        raise UsageError(f"{site_dir}: 没有构建好的站点（缺少 index.html）；请先运行 mkdocs build，或用 --site 指定站点目录")
    report = LinkReport((now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"))
    pages, occurrences = scan_site(site_dir, root, unit_ids)
    report.pages = len(pages)
    with SiteServer(site_dir) as server:
        where = _Addresses(server.url, site_url)
        external = sorted({where.absolute(o.href)[0] for o in occurrences
                           if not where.absolute(o.href)[1] and not where.is_production(o.href)})
        fresh = {u: cached for u in external if (cached := cache.fresh(u))}
        skipped = []
        if probe_network and any(needs_dns(u) for u in external if u not in fresh):
            net = probe()
            if not net.online:  # every named link would fail DNS: not the links' fault
                report.offline = net.why
                skipped = [u for u in external if u not in fresh and needs_dns(u)]
        # The portal's own production address (canonical links of every page) is judged
        # against this build below, not fetched from the live site.
        verdicts, info = run_linkchecker(where.base, timeout=timeout, threads=threads, max_time=max_time,
                                         ignore=list(fresh) + skipped, ignore_prefixes=[where.own] if where.own else [],
                                         allow_addresses=list(allow_addresses))
    report.seconds, report.timed_out = info.seconds, info.timed_out
    by_url: dict[str, Verdict] = {}
    for v in verdicts:
        if v.status != LinkStatus.FILTERED:
            by_url.setdefault(v.url, v)
    report.internal_checked = sum(1 for u in by_url if u.startswith(where.base_norm))
    results = _external_results(report, external, fresh, by_url, cache)
    hide = egress.Redactor(list(allow_addresses))  # published: no internal address in a report
    report.unchecked = [hide(u) for u in report.unchecked]
    for occ in occurrences:
        problem = _problem_of(occ, where, by_url, results, site_dir, bad, timeout, hide)
        if problem is not None:
            report.problems.append(problem)
    unique: dict[tuple[str, str], Problem] = {}
    for p in report.problems:
        unique.setdefault((p.page, p.url), p)
    report.problems = sorted(unique.values(), key=lambda p: (p.severity.rank, p.unit, p.page, p.url))
    return report


def _external_results(report: LinkReport, external: list[str], fresh: dict[str, dict],
                      by_url: dict[str, Verdict], cache: LinkCache) -> dict[str, tuple[dict, str]]:
    """url -> (verdict dict, source) for every external link checked now or recently;
    records this run's verdicts in the cache and counts them in ``report``."""
    report.external = len(external)
    report.external_cached = len(fresh)
    results: dict[str, tuple[dict, str]] = {}
    for url in external:
        if url in fresh:
            results[url] = (fresh[url], "cache")
        elif url in by_url:
            results[url] = (cache.record(url, by_url[url].as_cache()), "live")
            report.external_live += 1
        else:
            report.unchecked.append(url)
    return results


def _verdict_of(occ: Occurrence, url: str, internal: bool, where: _Addresses, by_url: dict[str, Verdict],
                results: dict[str, tuple[dict, str]], site_dir: Path) -> tuple[dict, str] | None:
    """(verdict dict, source) of one link, or None when there is nothing to judge."""
    if internal:
        verdict = by_url.get(url)
        if verdict is None:
            return None  # not reached within the time limit, or filtered
        data = verdict.as_cache()
        # Redirects inside the site (/x -> /x/) are the server's business, not the editor's.
        return None if data["status"] == LinkStatus.REDIRECT else (data, "live")
    if where.is_production(occ.href):
        # The portal's own production address: judged against this build.
        rest = unquote(urlsplit(occ.href).path)[len(urlsplit(where.own or "").path):]
        target = site_dir / rest
        if (target / "index.html").is_file() or target.is_file() or not rest:
            return None
        return {"status": LinkStatus.BROKEN, "kind": http_kind("404"), "detail": "404 Not Found", "final_url": url, "chain": []}, "build"
    return results.get(url)


def _problem_of(occ: Occurrence, where: _Addresses, by_url: dict[str, Verdict], results: dict[str, tuple[dict, str]],
                site_dir: Path, bad: BadDomains, timeout: int, hide: egress.Redactor) -> Problem | None:
    url, internal = where.absolute(occ.href)
    found = _verdict_of(occ, url, internal, where, by_url, results, site_dir)
    if found is None:
        return None
    data, source = found
    shown = "/" + url[len(where.base_norm):] if internal else url
    judged = problem_for(data, shown, internal, bad, timeout)
    if judged is None:
        return None
    severity, status, kind, message = judged
    final_url = data.get("final_url", "") if status != LinkStatus.BROKEN else ""
    chain = list(data.get("chain") or [])
    for address in [shown, final_url, *chain]:
        if address and hide(address) != address:
            message = message.replace(address, egress.HIDDEN)
    return Problem(
        unit=occ.page.unit, page=occ.page.source, address=occ.page.address, url=hide(shown), severity=severity,
        status=status, kind=kind, message=message, final_url=hide(final_url),
        chain=[hide(u) for u in chain], source=source, failures=int(data.get("failures", 0) or 0),
        failing_since=data.get("failing_since"), category=kind.split(":", 1)[1] if kind.startswith(bad_domain_kind("")) else "")

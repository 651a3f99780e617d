"""``govsite links`` runs the real linkchecker over a really built site and reports per
unit and page: 404, 500, DNS failure, timeout, redirect loop, redirects and a redirect
to a domain on the bad-domain list, in text, JSON, CSV and Markdown; it caches recent
verdicts and honours a total time limit.

The "external" sites are loopback servers started here, which ``govsite.yml`` allows
(``links.allow_addresses``; tests/security/test_ssrf.py shows that nothing else internal
is requested). The bad domain is
``localhost``, added for this test through ``--bad-domains``: linkchecker really
resolves it (/etc/hosts) and really fetches the landing page, which the test verifies.
"""

from __future__ import annotations

import csv
import io
import json
import time

import pytest
from linkkit import Site, fast_portal
from reviewkit import sign_all
from sitekit import govsite, mkdocs_build, page_text, write_page

DNS_FAIL = "http://nonexistent-govsite-test.invalid/"


def links_page(ext: Site) -> str:
    items = ["ok", "gone", "error", "slow", "loop", "moved", "chain", "expired"]
    lines = [f"- [{name}]({ext.url('/' + name)})" for name in items]
    lines.append(f"- [dns]({DNS_FAIL})")
    lines.append("<!-- govsite: allow LNK003 测试：构建后的站内失效链接由链接巡查发现 -->")
    lines.append('<a href="/demo/nowhere/">站内失效链接</a>')
    return "\n".join(lines)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    base = tmp_path_factory.mktemp("links")
    with Site({"/landing": (200,)}) as bad, Site({}, slow_seconds=4) as ext:
        ext.routes.update({
            "/ok": (200,), "/gone": (404,), "/error": (500,), "/slow": ("slow",),
            "/loop": (302, "/loop2"), "/loop2": (302, "/loop"),
            "/moved": (301, "/ok"), "/chain": (301, "/chain2"), "/chain2": (302, "/ok"),
            # an expired government link, taken over and pointed at a gambling site
            "/expired": (302, bad.url("/landing", host="localhost")),
        })
        root = fast_portal(base / "portal")
        # The "external" sites are loopback servers: the platform owner allows them
        # explicitly, as an intranet would be (the patrol requests no other internal address).
        with (root / "govsite.yml").open("a", encoding="utf-8") as settings:
            settings.write("links:\n  allow_addresses: [127.0.0.1]\n")
        write_page(root, "units/demo/gzdt/links.md", page_text("外部链接", links_page(ext)))
        write_page(root, "units/demo/tzgg/other.md", page_text("另一页", f"[旧链接]({ext.url('/gone')})"))
        sign_all(root)
        proc = mkdocs_build(root)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        extra = base / "bad-test.yml"
        extra.write_text("bad_domains:\n  categories:\n    gambling:\n      name: 赌博\n      domains: [localhost]\n", "utf-8")
        yield {"root": root, "ext": ext, "bad": bad, "extra": extra, "cache": base / "links.json", "base": base}


def run_links(world, *args):
    return govsite(world["root"], "links", "--site", "site", "--timeout", "1", "--max-time", "60", "--threads", "4",
                   "--cache", str(world["cache"]), "--bad-domains", str(world["extra"]), *args)


@pytest.fixture(scope="module")
def first(world):
    reports = world["base"] / "reports"
    began = time.monotonic()
    proc = run_links(world, "--output", str(reports / "links.json"), "--output", str(reports / "links.csv"),
                     "--output", str(reports / "links.txt"), "--output", str(world["root"] / "content" / "patrol-links.md"))
    seconds = time.monotonic() - began
    data = json.loads((reports / "links.json").read_text("utf-8"))
    return {"proc": proc, "data": data, "reports": reports, "seconds": seconds}


def problem(data, url_suffix, page="units/demo/gzdt/links.md"):
    found = [p for p in data["problems"] if p["url"].endswith(url_suffix) and p["page"] == page]
    assert len(found) == 1, (url_suffix, page, [(p["page"], p["url"]) for p in data["problems"]])
    return found[0]


def test_each_kind_of_link_rot_is_reported(world, first):
    data = first["data"]
    assert first["proc"].returncode == 1, first["proc"].stdout + first["proc"].stderr
    assert not [p for p in data["problems"] if p["url"].endswith("/ok") and p["page"].startswith("units/")]
    assert problem(data, "/gone")["kind"] == "http-404"
    assert problem(data, "/error")["kind"] == "http-500"
    assert problem(data, "/slow")["kind"] == "timeout"
    assert problem(data, "/loop")["kind"] == "redirect-loop"
    assert problem(data, DNS_FAIL)["kind"] == "dns"
    for p in (problem(data, k) for k in ("/gone", "/error", "/slow", "/loop", DNS_FAIL)):
        assert p["severity"] == "error" and p["status"] == "broken" and p["unit"] == "demo" and p["unit_name"] == "示例局"
        assert p["address"] == "/demo/gzdt/links/"


def test_redirects_and_chains(world, first):
    moved = problem(first["data"], "/moved")
    assert (moved["status"], moved["kind"], moved["severity"]) == ("redirect", "redirect", "warning")
    assert moved["final_url"] == world["ext"].url("/ok") and moved["chain"] == [world["ext"].url("/ok")]
    chain = problem(first["data"], "/chain")
    assert chain["kind"] == "redirect-chain" and chain["chain"] == [world["ext"].url("/chain2"), world["ext"].url("/ok")]


def test_redirect_to_a_bad_domain_is_a_veto(world, first):
    p = problem(first["data"], "/expired")
    assert (p["severity"], p["status"], p["category"]) == ("veto", "bad-domain", "gambling")
    landing = world["bad"].url("/landing", host="localhost")
    assert p["final_url"] == landing and landing in p["chain"]
    assert "赌博" in p["message"] and "第十五条" in p["message"]
    assert world["bad"].count("/landing") >= 1  # linkchecker really resolved and fetched it
    assert first["data"]["summary"]["veto"] == 1


def test_a_link_is_reported_on_every_page_that_has_it(first):
    # linkchecker reports a URL once; govsite attributes it to each page.
    other = problem(first["data"], "/gone", page="units/demo/tzgg/other.md")
    assert other["address"] == "/demo/tzgg/other/" and other["kind"] == "http-404"


def test_broken_link_inside_the_site(first):
    p = problem(first["data"], "/demo/nowhere/")
    assert p["status"] == "broken" and p["kind"] == "http-404" and "站内" in p["message"]


def test_text_csv_and_markdown_outputs(world, first):
    reports = first["reports"]
    text = (reports / "links.txt").read_text("utf-8")
    assert "【示例局】" in text and "units/demo/gzdt/links.md（/demo/gzdt/links/）" in text
    assert "[否决]" in text and "HTTP 404" in text and "共检查" in text
    rows = list(csv.DictReader(io.StringIO((reports / "links.csv").read_text("utf-8"))))
    kinds = {r["kind"] for r in rows if r["page"] == "units/demo/gzdt/links.md"}
    assert {"http-404", "http-500", "timeout", "redirect-loop", "dns", "redirect", "redirect-chain", "bad-domain:gambling"} <= kinds
    assert all(r["unit_name"] for r in rows)
    page = (world["root"] / "content" / "patrol-links.md").read_text("utf-8")
    # a portal page that passes the rules: dated by the project's today (govsite.yml)
    assert page.startswith("---\ntitle: 链接巡查报告\ndate: 2026-11-26\n---") and "## 示例局" in page
    assert "报告已写入" in first["proc"].stdout


def test_markdown_report_is_a_publishable_page(world, first):
    proc = mkdocs_build(world["root"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (world["root"] / "site" / "patrol-links" / "index.html").is_file()


def test_recent_verdicts_are_cached(world, first, tmp_path):
    ext = world["ext"]
    before = {path: ext.count(path) for path in ("/ok", "/moved", "/gone")}
    proc = run_links(world, "--fail-on", "veto", "--output", str(tmp_path / "again.json"), "--output", str(tmp_path / "again.csv"))
    assert proc.returncode == 1  # --fail-on veto: the gambling redirect
    data = json.loads((tmp_path / "again.json").read_text("utf-8"))
    assert ext.count("/ok") == before["/ok"] and ext.count("/moved") == before["/moved"]  # not asked again
    assert ext.count("/gone") == before["/gone"] + 1  # failures are checked again
    gone = problem(data, "/gone")
    assert gone["failures"] == 2 and gone["failing_since"] and gone["source"] == "live"
    assert problem(data, "/moved")["source"] == "cache"
    assert data["summary"]["external_cached"] >= 3
    assert (tmp_path / "again.csv").read_text("utf-8").startswith("unit,unit_name,page,address,severity")


def test_total_time_limit(world, tmp_path):
    site = tmp_path / "site"  # a one-page built site is enough here
    with Site({"/slow": ("slow",)}, slow_seconds=40) as slow:
        site.mkdir()
        (site / "index.html").write_text(f'<html><body><article><a href="{slow.url("/slow")}">慢</a></article></body></html>', "utf-8")
        began = time.monotonic()
        proc = govsite(world["root"], "links", "--site", str(site), "--timeout", "30", "--max-time", "3", "--cache-hours", "0",
                       "--cache", str(tmp_path / "c.json"), "--format", "json", "--fail-on", "never")
        seconds = time.monotonic() - began
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert seconds < 20, seconds  # the slow server would have held it for 30 s
    assert data["summary"]["timed_out"] is True
    assert slow.url("/slow") in data["unchecked"]


def test_fail_on_levels(world, first):
    assert first["proc"].returncode == 1  # default --fail-on error: broken links
    assert first["data"]["summary"]["error"] >= 5


def test_no_built_site_is_a_usage_error(world, tmp_path):
    proc = govsite(world["root"], "links", "--site", str(tmp_path / "nothing"))
    assert proc.returncode == 2 and "mkdocs build" in proc.stderr

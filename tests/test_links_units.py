"""The pieces of the link checks without a build: a page's links, the site map,
linkchecker's CSV verdicts, URL normalisation, the bad-domain list and the cache."""

from __future__ import annotations

import datetime as dt
import re

import yaml
from rulekit import make_site

from govsite.core.pages import page_from_bytes
from govsite.core.project import Project
from govsite.links import baddomains
from govsite.links.cache import LinkCache
from govsite.links.internal import page_links
from govsite.links.linkchecker import parse_csv
from govsite.links.sitemap import SiteMap
from govsite.links.urls import normalize
from govsite.text.document import HTML, IMAGE, MARKDOWN, REFERENCE


def test_markdown_links_skip_code_and_keep_offsets(tmp_path):
    text = (
        "见[通知](../tzgg/a.md \"标题\")和![图](tu.png)。\n"
        "`[不是链接](x.md)`\n"
        "```\n[也不是](y.md)\n```\n"
        "[![图标](icon.png)](b.md) <a href='c.html'>c</a> <!-- [注释](z.md) -->\n"
        "\n[ref]: <d.md>\n"
    )
    page = page_from_bytes(tmp_path, "units/demo/gzdt/a.md", text.encode("utf-8"))
    found = page_links(page)
    assert [(pl.url, pl.link.kind) for pl in found] == [
        ("../tzgg/a.md", MARKDOWN), ("tu.png", IMAGE), ("b.md", MARKDOWN), ("icon.png", IMAGE),
        ("c.html", HTML), ("d.md", REFERENCE)]
    lines = text.split("\n")
    for pl in found:
        line = lines[pl.line - 1]
        assert line[pl.column - 1:pl.column - 1 + len(pl.url)] == pl.url, pl.url


def test_site_map_knows_generated_and_served_pages(tmp_path):
    root = make_site(tmp_path / "site")
    (root / "content").mkdir()
    (root / "content" / "about.md").write_text("# 关于\n", "utf-8")
    (root / "content" / "index.md").write_text("# 首页\n", "utf-8")
    site = SiteMap(Project(root))
    assert site.exists("demo/index.md") and site.exists("demo/gzdt/index.md") and site.exists("demo/zfcg/index.md")
    assert not site.exists("demo/gzdt/page/2.md")  # one page of news: no second list page
    assert site.exists("demo/xxgkml/index.md")  # a generated column
    assert not site.exists("demo/unit.yml") and not site.exists("demo/nocolumn/index.md")
    for address in ("/", "/about/", "/demo/", "/demo/gzdt/", "/demo/gzdt/base/", "/assets/x.css", "/about"):
        assert site.serves(address), address
    for address in ("/nowhere/", "/demo/gzdt/missing/", "/demo/bszn/"):
        assert not site.serves(address), address
    assert site.served_url("demo/gzdt/base.md") == "/demo/gzdt/base/" and site.served_url("demo/index.md") == "/demo/"


def test_linkchecker_csv_is_classified():
    csv_text = (
        "# created by LinkChecker\n"
        "urlname;parentname;base;result;warningstring;infostring;valid;url;line;column;name;dltime;size;checktime;cached;level;modified\n"
        "http://h/a;http://s/p/;;404 Not Found;;;False;http://h/a;1;1;a;-1;0;0.1;0;1;\n"
        "http://h/r;http://s/p/;;200 OK;\"Redirected to `http://h/r2' status: 301 Moved Permanently.\n"
        "Redirected to `http://h/ok' status: 302 Found.\";;True;http://h/ok;2;1;r;-1;0;0.1;0;1;\n"
        "http://x.invalid/;http://s/p/;;\"ConnectionError: Failed to resolve 'x.invalid'\";;;False;http://x.invalid/;3;1;d;-1;-1;0;0;1;\n"
        "../q/;http://s/p/;;200 OK;;;True;http://s/q/;4;1;q;-1;0;0;0;1;\n"
        "# Stopped checking\n")
    verdicts = {v.url: v for v in parse_csv(csv_text)}
    assert verdicts["http://h/a"].kind == "http-404" and verdicts["http://h/a"].status == "broken"
    r = verdicts["http://h/r"]
    assert (r.status, r.chain, r.final_url) == ("redirect", ["http://h/r2", "http://h/ok"], "http://h/ok")
    assert verdicts["http://x.invalid/"].kind == "dns"
    assert verdicts["http://s/q/"].status == "ok"  # relative names are joined with their parent


def test_normalize():
    assert normalize("HTTP://Example.COM:80") == "http://example.com/"
    assert normalize("https://例子.中国/路径#frag") == "https://xn--fsqu00a.xn--fiqs8s/%E8%B7%AF%E5%BE%84"
    assert normalize("http://h/a%20b") == normalize("http://h/a b")


def test_bad_domain_list_is_well_formed():
    data = yaml.safe_load(baddomains.resources.files("govsite.data").joinpath("bad_domains.yml").read_text("utf-8"))
    assert set(data) == {"domains", "keywords"}
    for entry in data["domains"]:
        assert re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", entry["domain"]), entry
        assert not entry["domain"].endswith("gov.cn"), entry
    assert {e["kind"] for e in data["domains"] + data["keywords"]} == set(baddomains.KINDS)
    assert all(re.search(r"[\u4e00-\u9fff]", name) for name in baddomains.KINDS.values())


def test_bad_domains_match_subdomains_and_keywords_not_ordinary_names(tmp_path):
    bad = baddomains.load()
    assert bad.match_host("www.bet365.com").category == "gambling"
    assert bad.match_host("am-xinpujing88.com").category == "gambling"
    assert bad.match_host("ww1.sedoparking.com").category == "parked"
    assert bad.match_url("https://cdn.pornhub.com/x").category == "adult"
    for host in ("www.gov.cn", "essex.gov.uk", "www.alphabet.com", "www.xinhuanet.com", "kzp.cqykb.gov.cn",
                 "www.sussex.ac.uk", "betterhealth.gov", "www.12371.cn", "pingjiang.gov.cn"):
        assert bad.match_host(host) is None, host
    extra = tmp_path / "more.yml"
    extra.write_text("bad_domains:\n  domains:\n    - {domain: expired-example.net, kind: parked}\n", "utf-8")
    assert baddomains.load(extra=[extra]).match_host("expired-example.net").category == "parked"
    extra.write_text("domains:\n  - {domain: bet365.com, level: off}\nkeywords:\n  - {keyword: pujing, level: off}\n", "utf-8")
    assert baddomains.load(extra=[extra]).match_host("www.bet365.com") is None
    assert baddomains.load(extra=[extra]).match_host("am-xinpujing88.com").category == "gambling"  # xinpujing stays


def test_gambling_domains_of_the_word_lists_count(tmp_path):
    root = make_site(tmp_path / "site")
    (root / "more.yml").write_text("domains:\n  - {domain: xpj-example.com, kind: gambling, name: 测试赌博网站}\n", "utf-8")
    settings = root / "govsite.yml"
    settings.write_text(settings.read_text("utf-8") + "wordlists: [more.yml]\n", "utf-8")
    assert baddomains.load(Project(root)).match_host("www.xpj-example.com").category == "gambling"


def test_cache_keeps_good_verdicts_and_counts_failures(tmp_path):
    path = tmp_path / "links.json"
    t0 = dt.datetime(2026, 11, 26, 8, tzinfo=dt.UTC)
    cache = LinkCache(path, 24, now=t0)
    cache.record("http://ok/", {"status": "ok"})
    cache.record("http://bad/", {"status": "broken", "kind": "http-404"})
    cache.save()
    later = LinkCache(path, 24, now=t0 + dt.timedelta(hours=5))
    assert later.fresh("http://ok/") and later.fresh("http://bad/") is None  # failures are asked again
    again = later.record("http://bad/", {"status": "broken", "kind": "http-404"})
    assert again["failures"] == 2 and again["failing_since"] == "2026-11-26T08:00:00+00:00"
    assert LinkCache(path, 24, now=t0 + dt.timedelta(hours=30)).fresh("http://ok/") is None
    assert LinkCache(path, 0, now=t0).fresh("http://ok/") is None
    path.write_text("{broken json", "utf-8")
    assert LinkCache(path, 24).entries == {}

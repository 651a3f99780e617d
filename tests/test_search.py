"""Site search: the demo portal built for real (``mkdocs build``), indexed by Pagefind's
extended binary, and searched in Chinese in the real headless Chromium, site-wide and
for one unit; what is indexed (articles only, no navigation, no draft); the search box
and page without JavaScript."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from browserkit import browser, serve
from sitekit import REPO, govsite, make_portal, page_text, write_page

from govsite.publish.search import indexed

# A page of the demo (units/cxjd/gzdt/2026-11-23-sqzl.md) and its words.
QUERY = "社区治理"
EXPECTED = "/cxjd/gzdt/2026-11-23-sqzl/"
EXPECTED_TITLE = "城西街道召开社区治理工作推进会"
ZSZ = "重庆市黔江区濯水镇人民政府"

RESULTS = 'return [...document.querySelectorAll(".pagefind-ui__result-link")].map(a => a.getAttribute("href"))'


@pytest.fixture(scope="module")
def demo(demo_site):
    """The demo district built once for the session (conftest ``demo_site``)."""
    return demo_site


def article_pages(site):
    """Addresses of the built unit articles (``/<unit>/<column>/<slug>/``)."""
    out = []
    for path in site.glob("*/*/*/index.html"):
        unit, column, slug = path.relative_to(site).parts[:3]
        if slug != "page" and (REPO / "units" / unit / column / f"{slug}.md").is_file():
            out.append(f"/{unit}/{column}/{slug}/")
    return sorted(out)


def test_the_index_is_chunked_and_served_by_the_site(demo):
    bundle = demo / "pagefind"
    for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-entry.json", "wasm.unknown.pagefind"):
        assert (bundle / name).is_file(), name
    # one fragment a page, an index in chunks: nothing holds every page's text
    assert len(list((bundle / "fragment").glob("*.pf_fragment"))) == len(indexed(bundle)) > 50
    assert list((bundle / "index").glob("*.pf_index"))
    assert not (demo / "search" / "search_index.json").exists()  # Material's single index is gone
    page = (demo / "search" / "index.html").read_text("utf-8")
    sources = re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', page) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert any(s.endswith("pagefind/pagefind-ui.js") for s in sources)
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]  # nothing from outside the site


def test_articles_are_indexed_and_nothing_else(demo):
    docs = indexed(demo / "pagefind")
    urls = sorted(d["url"] for d in docs)
    articles = article_pages(demo)
    assert set(articles) <= set(urls)
    assert set(urls) - set(articles) == {"/about/", "/hdjl/"}  # the portal's own pages
    assert "/" not in urls and "/search/" not in urls and not [u for u in urls if "/xxgkml/" in u]
    mine = next(d for d in docs if d["url"] == EXPECTED)
    assert mine["meta"]["title"] == EXPECTED_TITLE and mine["meta"]["date"] == "2026-11-23"
    assert mine["filters"] == {"单位": ["重庆市黔江区城西街道办事处"]}
    # the article's text, not the page furniture around it
    assert "社区吹哨、部门报到" in mine["content"]
    for furniture in ("网站标识码", "回到页面顶部", "区政府部门", "¶"):
        assert furniture not in mine["content"], furniture


def test_a_chinese_query_finds_the_page_in_chromium(demo):
    served: list[tuple[str, int]] = []
    with serve(demo, served) as base, browser() as window:
        window.get(f"{base}search/?q={quote(QUERY)}")
        hrefs = window.wait_for(RESULTS)
        assert EXPECTED in hrefs
        message = window.run('return document.querySelector(".pagefind-ui__message").textContent')
        assert re.fullmatch(rf"找到 \d+ 条与“{QUERY}”相关的信息", message.strip()), message
        assert window.run('return document.querySelector(".pagefind-ui__search-input").placeholder') == "输入关键词搜索本站"
        # a word that is in no page finds nothing (Chinese queries match by segments, so a Latin one)
        window.get(f"{base}search/?q={quote('xyzzyqwv')}")
        message = window.wait_for('var m = document.querySelector(".pagefind-ui__message"); '
                                  'return m && !m.textContent.includes("正在搜索") && m.textContent')
        assert "没有找到" in message
    # the browser fetched the entry, the code and some chunks of the index, not all of it
    fragments = {path for path, _size in served if path.startswith("/pagefind/fragment/")}
    assert 0 < len(fragments) < len(indexed(demo / "pagefind"))


def test_one_unit_is_searched_alone(demo):
    with serve(demo) as base, browser() as window:
        window.get(f"{base}search/?q={quote(QUERY)}&unit={quote(ZSZ)}")
        hrefs = window.wait_for(RESULTS)
        assert hrefs and all(h.startswith("/zsz/") for h in hrefs), hrefs
        # the same through Pagefind's own API: site-wide both units, filtered one
        found = window.run_async("""
            const done = arguments[arguments.length - 1];
            import("/pagefind/pagefind.js").then(async (pf) => {
              const urls = async (r) => Promise.all(r.results.map(async (x) => (await x.data()).url));
              const all = await urls(await pf.search(arguments[0]));
              const one = await urls(await pf.search(arguments[0], {filters: {"单位": arguments[1]}}));
              done({all, one});
            }).catch((e) => done({error: String(e)}));
        """, QUERY, ZSZ)
    assert "error" not in found, found
    assert EXPECTED in found["all"] and any(u.startswith("/zsz/") for u in found["all"])
    assert found["one"] and all(u.startswith("/zsz/") for u in found["one"])
    assert set(found["one"]) < set(found["all"])


def test_the_search_box_and_page_work_without_javascript(demo):
    page = (demo / "cxjd/gzdt/2026-11-23-sqzl/index.html").read_text("utf-8")
    form = re.search(r'<form class="govsite-search-box" role="search" action="([^"]+)" method="get">.*?</form>', page, re.S)
    assert form and form.group(1) == "../../../search/" and 'name="q"' in form.group(0)
    search = (demo / "search" / "index.html").read_text("utf-8")
    assert "需要浏览器启用 JavaScript" in search
    for unit in ("qzfb", "czj", "jw", "gaj", "cxjd", "zsz"):
        assert f'href="../{unit}/xxgkml/"' in search, unit  # the way in without script: each 目录


def test_a_draft_preview_does_not_index_what_the_gate_refuses(tmp_path):
    root = make_portal(tmp_path / "portal")
    write_page(root, "units/demo/tzgg/unsigned.md", page_text("未签名的通知", "独有词组甲乙丙丁未签名。"))
    out = tmp_path / "preview"
    proc = govsite(root, "preview", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "govsite-draft" in (out / "demo/tzgg/unsigned/index.html").read_text("utf-8")  # shown, under its banner
    urls = [d["url"] for d in indexed(out / "pagefind")]
    assert "/demo/gzdt/base/" in urls  # signed: searchable in the preview too
    assert "/demo/tzgg/unsigned/" not in urls

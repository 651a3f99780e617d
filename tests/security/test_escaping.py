"""Every value escaped: markup in front-matter and ``unit.yml`` reaches the built site
(page, navigation, ``<title>``, ``<meta>``, unit home, column list, 目录, portal home and
the search index) as text, never as an element or attribute.

One real ``mkdocs build`` of the fixture portal; HTML parsed with html.parser. The page
suppresses HTM004 (with a reason) to show the second line of defence: even then the
site only shows the characters.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from browserkit import browser, serve
from reviewkit import sign_all
from sitekit import govsite, make_portal, mkdocs_build, write_page

from govsite.publish.search import indexed

TITLE = "通知<img src=x onerror=alert(1)>"
DESCRIPTION = '测试"><script>alert(15)</script>'
UNIT_NAME = "测试区示例局<img src=x onerror=alert(7)>"
SHORT_NAME = "示例局<img src=x onerror=alert(42)>"
COLUMN_NAME = "政府采购<img src=x onerror=alert(9)>"
SOURCE = "测试区示例局<b onclick=alert(3)>x</b>"
PAYLOADS = ("alert(1)", "alert(15)", "alert(7)", "alert(42)", "alert(9)", "alert(3)")

PAGE = f"""---
# <!-- govsite: allow HTM004 测试：元数据中的标记在网站上须显示为文字 -->
title: "{TITLE}"
# <!-- govsite: allow HTM004 测试：元数据中的标记在网站上须显示为文字 -->
description: '{DESCRIPTION}'
date: 2026-11-21
# <!-- govsite: allow HTM004 测试：元数据中的标记在网站上须显示为文字 -->
source: "{SOURCE}"
reviewers:
  drafter: 柯源
  checker: 柯章
  approver: 傅柱
---

正文。
"""


class Page(HTMLParser):
    """Elements with their attributes, and the text, of one HTML file."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.title = ""
        self._in_title = False
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_title = tag == "title"
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_title = self._in_script = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._in_script:
            self.scripts.append(data)
        self.text.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text)


def parse(path) -> Page:
    page = Page()
    page.feed(path.read_text("utf-8"))
    return page


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_portal(tmp_path_factory.mktemp("escaping"))
    unit_yml = root / "units/demo/unit.yml"
    text = unit_yml.read_text("utf-8")
    for old, new in (("name: 测试区示例局", f'name: "{UNIT_NAME}"'), ("short_name: 示例局", f'short_name: "{SHORT_NAME}"'),
                     ("{id: zfcg, name: 政府采购,", f'{{id: zfcg, name: "{COLUMN_NAME}",')):
        assert old in text, old
        text = text.replace(old, new, 1)
    unit_yml.write_text(text, "utf-8")
    write_page(root, "units/demo/gzdt/xss.md", PAGE)
    sign_all(root)
    proc = mkdocs_build(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


def every_html(site_dir):
    return sorted(p for p in site_dir.rglob("*.html"))


def test_no_element_or_attribute_from_a_value_exists(site):
    pages = every_html(site / "site")
    assert len(pages) > 10
    for path in pages:
        page = parse(path)
        for tag, attrs in page.elements:
            assert not any(name.startswith("on") for name in attrs), (path, tag, attrs)
            assert not (tag == "img" and attrs.get("src") == "x"), (path, attrs)
            assert tag != "b" or "onclick" not in attrs, path
        assert not any(p in script for script in page.scripts for p in PAYLOADS), path


def test_values_are_shown_as_text_everywhere(site):
    out = site / "site"
    page = parse(out / "demo/gzdt/xss/index.html")
    assert TITLE in page.title and TITLE in page.all_text  # <title> and <h1>
    assert SOURCE in page.all_text  # the header line under the title
    description = [a.get("content") for t, a in page.elements if t == "meta" and a.get("name") == "description"]
    assert description == [DESCRIPTION]
    home = parse(out / "demo/index.html")
    assert UNIT_NAME in home.all_text and TITLE in home.all_text and COLUMN_NAME in home.all_text
    listing = parse(out / "demo/gzdt/index.html")
    assert TITLE in listing.all_text and UNIT_NAME in listing.all_text
    assert SHORT_NAME in listing.all_text and COLUMN_NAME in listing.all_text  # the navigation
    catalog = parse(out / "demo/xxgkml/index.html")
    assert TITLE in catalog.all_text
    column = parse(out / "demo/zfcg/index.html")
    assert COLUMN_NAME in column.title
    portal = parse(out / "index.html")
    assert SHORT_NAME in portal.all_text and TITLE in portal.all_text


def test_search_index_holds_no_markup_from_values(site):
    # Pagefind keeps a page's text: the values' characters, exactly as the page shows them
    docs = indexed(site / "site/pagefind")
    mine = [d for d in docs if d["url"] == "/demo/gzdt/xss/"]
    assert len(mine) == 1
    assert mine[0]["meta"]["title"] == TITLE
    # filters without < > &: Pagefind's UI writes them into the page as HTML
    assert mine[0]["filters"]["单位"] == [UNIT_NAME.replace("<", "＜").replace(">", "＞")]


def test_search_results_show_values_as_text(site):
    # and the search page shows them as text: no element made of a value in the real browser
    # (the filter panel lists the unit's name; ?unit= narrows to it; an alert would stop the driver)
    with serve(site / "site") as base, browser() as window:
        window.get(f"{base}search/?q={quote('通知')}&unit={quote(UNIT_NAME)}")
        titles = window.wait_for('return [...document.querySelectorAll(".pagefind-ui__result-title")].map(e => e.textContent.trim())')
        assert TITLE in titles
        labels = window.run('return [...document.querySelectorAll(".pagefind-ui__filter-label")].map(e => e.textContent)')
        assert any("测试区示例局＜img src=x onerror=alert(7)＞" in label for label in labels), labels
        checked = window.run('return [...document.querySelectorAll(".pagefind-ui__filter-checkbox:checked")].length')
        assert checked == 1
        assert window.run('return document.querySelectorAll(\'#govsite-search img, #govsite-search [onerror], #govsite-search b\').length') == 0


def test_markup_in_front_matter_is_a_finding(site, tmp_path):
    page = site / "units/demo/gzdt/bare.md"
    page.write_text(PAGE.replace("# <!-- govsite: allow HTM004 测试：元数据中的标记在网站上须显示为文字 -->\n", ""), "utf-8")
    try:
        proc = govsite(site, "check", "--no-cache", "--format", "json", "--select", "HTM004", "units/demo/gzdt/bare.md")
    finally:
        page.unlink()
    found = json.loads(proc.stdout)
    assert proc.returncode == 1 and {f["line"] for f in found} == {2, 3, 5}

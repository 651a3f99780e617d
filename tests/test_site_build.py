"""The real ``mkdocs build``: the portal, unit homes, column lists, pages; and a
build with bad pages fails listing every finding."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from reviewkit import sign_all
from sitekit import make_portal, mkdocs_build, page_text, write_page


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")

    def handle_data(self, data):
        self.text.append(data)


def parse(path):
    parser = Links()
    parser.feed(path.read_text("utf-8"))
    return parser


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_portal(tmp_path_factory.mktemp("portal"))
    # 45 news items: three list pages at the default page size of 20.
    for day in range(1, 46):
        date = f"2026-10-{day:02d}" if day <= 31 else f"2026-11-{day - 31:02d}"
        write_page(root, f"units/demo/gzdt/n{day:02d}.md", page_text(f"第{day}条工作动态", date=date))
    sign_all(root)
    proc = mkdocs_build(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root / "site"


def test_portal_home_lists_units_and_latest_news(built):
    home = parse(built / "index.html")
    assert "demo/" in home.hrefs  # the unit directory
    text = "".join(home.text)
    assert "示例局" in text and "第45条工作动态" in text


def test_unit_home_has_every_column(built):
    home = parse(built / "demo/index.html")
    for column in ("gzdt", "tzgg", "zcwj", "zcjd", "jgzn", "ldxx", "xxgkzn", "xxgknb", "zfcg"):
        assert f"{column}/" in home.hrefs, column
    assert "第45条工作动态" in "".join(home.text)


def test_column_list_is_newest_first_and_paginated(built):
    first = (built / "demo/gzdt/index.html").read_text("utf-8")
    titles = re.findall(r">([^<>]*)</a> <span class=\"govsite-date\">", first)
    # the fixture's own page (2026-11-20) is newest, then the 45 items backwards
    assert titles[:4] == ["示例页面", "第45条工作动态", "第44条工作动态", "第43条工作动态"]
    assert len(titles) == 20
    assert (built / "demo/gzdt/page/2/index.html").exists()
    third = (built / "demo/gzdt/page/3/index.html").read_text("utf-8")
    assert "第1条工作动态" in third and "上一页" in third
    assert "下一页" in first


def test_page_is_served_at_the_contract_path(built):
    page = (built / "demo/gzdt/n07/index.html").read_text("utf-8")
    assert "第7条工作动态的正文" in page
    assert "发布日期：2026-10-07" in page and "信息来源：测试区示例局" in page


def primary_nav(html: str) -> str:
    start = html.index('<nav class="md-nav md-nav--primary"')
    return html[start: html.index('md-nav--secondary', start)]


def test_nav_lists_units_and_columns_never_pages(built):
    listing = primary_nav((built / "demo/gzdt/index.html").read_text("utf-8"))
    assert "工作动态" in listing and "政策解读" in listing and "示例局" in listing
    for html in (built / "demo/gzdt/index.html", built / "demo/gzdt/n07/index.html"):
        nav = primary_nav(html.read_text("utf-8"))
        assert "第7条工作动态" not in nav and "n07/" not in nav


def test_bad_pages_fail_the_build_with_every_finding(tmp_path):
    root = make_portal(tmp_path / "portal")
    write_page(root, "units/demo/gzdt/a.md", "# 没有元数据\n")
    write_page(root, "units/demo/tzgg/b.md", page_text("示例", date="2026-13-01"))
    write_page(root, "units/demo/news/c.md", page_text("示例", date="2026-11-01"))
    proc = mkdocs_build(root)
    assert proc.returncode != 0
    log = proc.stdout + proc.stderr
    assert "units/demo/gzdt/a.md:1: FMT001" in log
    assert "units/demo/tzgg/b.md:3: FMT005" in log
    assert "units/demo/news/c.md:1: COL001" in log
    assert "Traceback" not in log
    assert not (root / "site" / "demo").exists()  # nothing half-published

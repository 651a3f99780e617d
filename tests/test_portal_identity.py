"""The portal identifies itself as the national 指引 asks: the footer from govsite.yml,
the meta tags on every page, and the information block on policy pages (real builds,
HTML parsed)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from reviewkit import sign_all
from sitekit import make_portal, mkdocs_build, write_page

POLICY = """---
title: 关于印发测试区示例资金管理办法的通知
date: 2026-11-20
issued: 2026-11-18
issuer: 测试区示例局
doc_number: 测示发〔2026〕8号
index_number: 11500114MB1234567X/2026-00008
topic: 财政、金融、审计
status: repealed
replaced_by: ../zcwj/new.md
source: 测试区示例局
reviewers:
  drafter: 柯源
  checker: 柯章
  approver: 傅柱
---

正文。
"""
NEW = POLICY.replace("status: repealed\nreplaced_by: ../zcwj/new.md\n", "").replace("2026-00008", "2026-00009") \
    .replace("资金管理办法", "资金管理办法（修订）").replace("8号", "9号")


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[tuple[str, str]] = []  # (href, text)
        self.images: list[dict] = []
        self.cells: list[str] = []
        self.text: list[str] = []
        self._a: str | None = None
        self._in_cell = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name"):
            self.meta[a["name"]] = a.get("content") or ""
        elif tag == "a":
            self._a = a.get("href") or ""
            self.links.append((self._a, ""))
        elif tag == "img":
            self.images.append(a)
        elif tag in ("th", "td"):
            self._in_cell = True
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag == "a":
            self._a = None
        elif tag in ("th", "td"):
            self._in_cell = False

    def handle_data(self, data):
        self.text.append(data)
        if self._a is not None and self.links:
            href, text = self.links[-1]
            self.links[-1] = (href, text + data)
        if self._in_cell:
            self.cells[-1] += data


def parse(path) -> Page:
    page = Page()
    page.feed(path.read_text("utf-8"))
    return page


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_portal(tmp_path_factory.mktemp("portal"))
    write_page(root, "units/demo/zcwj/old.md", POLICY)
    write_page(root, "units/demo/zcwj/new.md", NEW)
    sign_all(root)
    proc = mkdocs_build(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root / "site"


@pytest.mark.parametrize("page", ["index.html", "demo/index.html", "demo/gzdt/index.html", "demo/zcwj/old/index.html"])
def test_footer_identity_on_every_page(built, page):
    html = parse(built / page)
    links = dict(html.links)
    text = "".join(html.text)
    assert "主办：测试区人民政府办公室" in text and "网站标识码：5001140099" in text
    assert links["https://beian.miit.gov.cn/"] == "渝ICP备00000000号"
    assert "https://beian.mps.gov.cn/#/query/webSearch?code=50011400000000" in links
    assert links["https://zfwzzc.www.gov.cn/check_web/errorInfo/jcInfoNew?websiteid=5001140099"] == "我为政府网站找错"
    assert links["/about/#联系我们"] == "联系我们"
    assert "https://bszs.conac.cn/sitename?method=show&id=5001140099" in links
    marks = {img.get("alt"): img.get("src") for img in html.images}
    assert marks["党政机关网站标识"] == "/assets/marks/demo-dzjg.png"
    assert marks["公安备案标识"] == "/assets/marks/demo-gaba.png"
    assert (built / "assets/marks/demo-dzjg.png").is_file()


def test_meta_tags_by_page_kind(built):
    home = parse(built / "index.html").meta
    assert home["SiteName"] == "测试区人民政府" and home["SiteIDCode"] == "5001140099"
    assert "ColumnName" not in home and "ArticleTitle" not in home
    column = parse(built / "demo/gzdt/index.html").meta
    assert column["ColumnName"] == "工作动态" and column["ColumnType"] == "工作动态"
    assert "ArticleTitle" not in column
    article = parse(built / "demo/zcwj/old/index.html").meta
    assert article["ArticleTitle"] == "关于印发测试区示例资金管理办法的通知"
    assert article["PubDate"] == "2026-11-20 00:00"
    assert article["ContentSource"] == "测试区示例局"
    assert article["ColumnName"] == "政策文件" and article["SiteDomain"]


def test_policy_information_block(built):
    html = parse(built / "demo/zcwj/old/index.html")
    cells = html.cells[: 14]
    fields = dict(zip(cells[0::2], cells[1::2]))
    assert fields == {"索引号": "11500114MB1234567X/2026-00008", "发文机关": "测试区示例局", "成文日期": "2026-11-18",
                      "发文字号": "测示发〔2026〕8号", "发布日期": "2026-11-20", "主题分类": "财政、金融、审计",
                      "有效性": "已废止"}
    text = "".join(html.text)
    assert "本文件已废止" in text
    assert ("../new/", "修改或废止本文件的文件") in html.links


def test_missing_identity_stops_the_build_naming_the_key(tmp_path):
    root = make_portal(tmp_path / "portal")
    settings = (root / "govsite.yml").read_text("utf-8")
    (root / "govsite.yml").write_text("\n".join(line for line in settings.splitlines() if "icp:" not in line) + "\n", "utf-8")
    proc = mkdocs_build(root)
    assert proc.returncode != 0
    assert "govsite.yml" in proc.stderr and "icp" in proc.stderr and "ICP 备案号" in proc.stderr
    assert "Traceback" not in proc.stderr

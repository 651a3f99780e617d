"""The demo reads as a district portal (issue #11, item 4): banner, main sections,
当前位置 on every page, the unit's navigation open on its pages, no empty heading on a
unit's home, the patrol's report linked when published. The real demo built once per
session (conftest ``demo_site``), its HTML parsed."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitekit import make_portal, mkdocs_build

from govsite.core.errors import ConfigError
from govsite.core.project import Project


class Portal(HTMLParser):
    """A built page as the tests read it: links with the classes around them, the
    breadcrumb, the banner, and the headings of the content with the text under each."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.links: list[dict] = []  # {href, text, current, classes (own and ancestors')}
        self.images: list[dict] = []
        self.crumbs: list[dict] = []  # {text, href (None for the page itself), current}
        self.sections: list[list] = []  # [heading level, heading text, text under it]
        self.banner = ""
        self.head_scripts: list[str] = []

    def _within(self, cls: str) -> bool:
        return any(cls in a.get("class", "").split() for _, a in self.stack)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag in ("img", "meta", "link", "input", "br", "hr"):
            if tag == "img":
                self.images.append(dict(a, within=" ".join(x.get("class", "") for _, x in self.stack)))
            return
        self.stack.append((tag, a))
        if tag == "a":
            item = next((x.get("class", "") for t, x in reversed(self.stack) if t == "li"), "")
            self.links.append({"href": a.get("href"), "text": "", "current": a.get("aria-current"),
                               "classes": " ".join(x.get("class", "") for _, x in self.stack), "item": item})
        if self._within("govsite-breadcrumb") and tag in ("li",):
            self.crumbs.append({"text": "", "href": None, "current": a.get("aria-current")})
        if tag == "a" and self._within("govsite-breadcrumb") and self.crumbs:
            self.crumbs[-1]["href"] = a.get("href")
        if tag in ("h1", "h2", "h3") and self._within("md-content__inner"):
            self.sections.append([int(tag[1]), "", ""])

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        tags = [t for t, _ in self.stack]
        if "a" in tags and self.links:
            self.links[-1]["text"] += data
        if "li" in tags and self._within("govsite-breadcrumb") and self.crumbs:
            self.crumbs[-1]["text"] += data
        if self._within("govsite-banner__name"):
            self.banner += data
        if "script" in tags and "head" in tags:
            self.head_scripts.append(data)
        if self.sections and self._within("md-content__inner") and not self._within("headerlink"):
            where = 1 if {"h1", "h2", "h3"} & set(tags) else 2
            self.sections[-1][where] += data.strip()


def parse(path: Path) -> Portal:
    page = Portal()
    page.feed(path.read_text("utf-8"))
    return page


def first_item(site: Path, list_dir: str) -> str:
    """The site path of the newest page of a column list (``czj/gzdt/…/``)."""
    listing = parse(site / list_dir / "index.html")
    hrefs = [x["href"] for x in listing.links if "md-content__inner" in x["classes"] and "govsite-breadcrumb" not in x["classes"]
             and x["href"] and not x["href"].startswith(("#", "/", "http", ".."))]
    return f"{list_dir}/{hrefs[0]}"


def trail(page: Portal) -> list[tuple[str, str | None]]:
    return [(c["text"].strip(), c["href"]) for c in page.crumbs]


def test_banner_shows_the_emblem_and_name_and_the_reading_tools(demo_site):
    home = parse(demo_site / "index.html")
    assert home.banner == "重庆市黔江区人民政府"
    emblem = [i for i in home.images if "govsite-banner" in i["within"]]
    assert [i["src"] for i in emblem] == ["/assets/marks/demo-emblem.png"]  # portal.emblem of govsite.yml
    assert (demo_site / "assets/marks/demo-emblem.png").is_file()
    html = (demo_site / "index.html").read_text("utf-8")
    for label in ("标准", "大", "特大", "高对比度"):
        assert f'aria-pressed="{"true" if label == "标准" else "false"}">{label}</button>' in html
    # applied before the first paint: the stored choice is read by a script in <head>
    assert any("govsite-font" in s and "localStorage" in s for s in home.head_scripts)
    # the portal's stylesheet is linked, with Material's own logo (a book icon) hidden and
    # the palette no longer Material's red (#ef5350, 3.4:1 on white)
    css = (demo_site / "assets/govsite/portal.css").read_text("utf-8")
    assert 'href="assets/govsite/portal.css"' in html and ".md-header__button.md-logo { display: none; }" in css
    assert "#ef5350" not in css and 'data-md-color-primary="custom"' in html


def test_top_navigation_has_the_main_sections(demo_site):
    home = parse(demo_site / "index.html")
    top = [(x["text"], x["href"], x["current"]) for x in home.links if "govsite-topnav" in x["classes"]]
    assert [t for t, _, _ in top] == ["首页", "政务公开", "政务服务", "互动交流", "单位导航"]
    assert top[0] == ("首页", "/", "page")
    assert dict((t, h) for t, h, _ in top) == {"首页": "/", "政务公开": "/zwgk/", "政务服务": "https://kzp.cqykb.gov.cn/",
                                               "互动交流": "/hdjl/", "单位导航": "/dwdh/"}
    for section, where in (("政务公开", "zwgk"), ("单位导航", "dwdh"), ("互动交流", "hdjl")):
        page = parse(demo_site / where / "index.html")
        assert [x["text"] for x in page.links if "govsite-topnav" in x["classes"] and x["current"] == "page"] == [section]
    # a unit's page sits under 单位导航
    unit = parse(demo_site / "czj/gzdt/index.html")
    assert [x["text"] for x in unit.links if "govsite-topnav__current" in x["classes"]] == ["单位导航"]


def test_missing_page_is_in_chinese_inside_the_portal(demo_site):
    page = parse(demo_site / "404.html")
    assert page.banner == "重庆市黔江区人民政府"
    assert [x["text"] for x in page.links if "govsite-topnav" in x["classes"]] == ["首页", "政务公开", "政务服务", "互动交流", "单位导航"]
    assert ("返回首页", "/") in [(x["text"], x["href"]) for x in page.links]
    assert "404 - Not found" not in (demo_site / "404.html").read_text("utf-8")


def test_section_pages_list_every_unit(demo_site):
    directory = parse(demo_site / "dwdh/index.html")
    hrefs = {x["href"]: x["text"] for x in directory.links if "md-content__inner" in x["classes"]}
    for unit in ("qzfb", "czj", "jw", "gaj", "zsz", "cxjd"):
        assert f"../{unit}/" in hrefs, unit
    assert hrefs["../czj/"] == "重庆市黔江区财政局"
    public = parse(demo_site / "zwgk/index.html")
    links = {(x["href"], x["text"]) for x in public.links if "md-content__inner" in x["classes"]}
    assert ("../czj/xxgkml/", "政府信息公开目录") in links and ("../czj/xxgkzn/", "政府信息公开指南") in links
    latest = [h for h, _ in links if h.startswith("../") and "/zcwj/" in h and h.count("/") > 3]
    assert latest, "the newest policy documents are listed"


def test_breadcrumbs_on_every_kind_of_page(demo_site):
    article = first_item(demo_site, "czj/gzdt")
    policy = first_item(demo_site, "czj/zcwj")
    assert trail(parse(demo_site / "index.html")) == [("首页", None)]
    assert trail(parse(demo_site / "czj/index.html")) == [("首页", "/"), ("区财政局", None)]
    assert trail(parse(demo_site / "czj/gzdt/index.html")) == [("首页", "/"), ("区财政局", "/czj/"), ("工作动态", None)]
    assert trail(parse(demo_site / "czj/xxgkml/index.html")) == [("首页", "/"), ("区财政局", "/czj/"), ("政府信息公开目录", None)]
    news = parse(demo_site / article / "index.html")
    assert trail(news)[:3] == [("首页", "/"), ("区财政局", "/czj/"), ("工作动态", "/czj/gzdt/")]
    title = next(s[1] for s in news.sections if s[0] == 1)
    assert trail(news)[3] == (title, None) and news.crumbs[-1]["current"] == "page"
    assert trail(parse(demo_site / policy / "index.html"))[:3] == [("首页", "/"), ("区财政局", "/czj/"), ("政策文件", "/czj/zcwj/")]
    assert trail(parse(demo_site / "hdjl/index.html")) == [("首页", "/"), ("互动交流", None)]
    assert trail(parse(demo_site / "zwgk/index.html")) == [("首页", "/"), ("政务公开", None)]
    # every built page has one
    missing = [str(p.relative_to(demo_site)) for p in demo_site.rglob("index.html")
               if 'class="govsite-breadcrumb"' not in p.read_text("utf-8")]
    assert missing == []


def test_unit_navigation_stays_open_on_its_articles(demo_site):
    article = parse(demo_site / first_item(demo_site, "czj/gzdt") / "index.html")
    nav = [x for x in article.links if "md-nav--primary" in x["classes"]]
    texts = [x["text"].strip() for x in nav]
    # the unit's columns are there (a pruned, closed section would not list them) ...
    for column in ("工作动态", "通知公告", "政策文件", "政府信息公开目录"):
        assert column in texts, column
    # ... with this article's column marked as where the reader is
    active = [x["text"].strip() for x in nav if "md-nav__item--active" in x["item"].split()]
    assert "工作动态" in active and "通知公告" not in active
    # another unit's section stays closed
    assert "区教委" in texts and texts.count("工作动态") == 1


def test_unit_home_has_no_empty_heading(demo_site):
    for unit in ("czj", "qzfb", "zsz"):
        page = parse(demo_site / unit / "index.html")
        headings = {title: under for level, title, under in page.sections if level == 2}
        assert {"政府信息公开目录", "政务服务", "互动交流", "工作动态"} <= set(headings), headings
        empty = [title for title, under in headings.items() if not under]
        assert empty == [], f"{unit}: headings without content: {empty}"
        links = {x["text"]: x["href"] for x in page.links if "md-content__inner" in x["classes"]}
        assert links["进入政务服务"] == "https://kzp.cqykb.gov.cn/"
        assert links["进入互动交流"] == "../hdjl/"
        assert links["查阅政府信息公开目录"] == "xxgkml/"


def test_patrol_report_is_linked_only_when_published(demo_site, tmp_path):
    without = parse(demo_site / "index.html")
    assert not [x for x in without.links if x["text"] == "网站巡查报告"]
    assert not (demo_site / "patrol").exists()
    # the scheduled patrol writes content/patrol.md with the real command; the build links it
    root = make_portal(tmp_path / "portal")
    proc = subprocess.run([sys.executable, "-m", "govsite", "patrol", "--publish", "--format", "json"], cwd=root,
                          capture_output=True, text=True, timeout=600)
    assert (root / "content/patrol.md").is_file(), proc.stdout + proc.stderr
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    for page in ("index.html", "demo/index.html", "demo/gzdt/index.html"):
        footer = [x for x in parse(root / "site" / page).links if "md-copyright" in x["classes"]]
        assert ("网站巡查报告", "/patrol/") in [(x["text"], x["href"]) for x in footer], page
    assert "巡" in (root / "site/patrol/index.html").read_text("utf-8")


def test_banner_without_emblem_and_names_escaped(tmp_path):
    root = make_portal(tmp_path / "portal")
    settings = (root / "govsite.yml").read_text("utf-8")
    assert "emblem" not in settings
    name = next(line for line in settings.splitlines() if line.strip().startswith("name:"))
    (root / "govsite.yml").write_text(settings.replace(name, '  name: "测试区<b>人民</b>政府&"'), "utf-8")
    proc = mkdocs_build(root)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    home = parse(root / "site/index.html")
    assert home.banner == "测试区<b>人民</b>政府&"  # shown as text, never as markup
    assert not [i for i in home.images if "govsite-banner" in i["within"]]
    assert "测试区<b>" not in (root / "site/index.html").read_text("utf-8")


def test_emblem_that_is_missing_names_the_setting(tmp_path):
    root = make_portal(tmp_path / "portal")
    settings = (root / "govsite.yml").read_text("utf-8")
    (root / "govsite.yml").write_text(settings.replace("portal:\n", "portal:\n  emblem: assets/marks/none.png\n", 1), "utf-8")
    proc = mkdocs_build(root)
    assert proc.returncode != 0
    assert "portal.emblem" in proc.stderr and "content/assets/marks/none.png" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("reserved", ["zwgk", "dwdh", "assets"])
def test_unit_may_not_take_a_portal_address(tmp_path, reserved):
    root = make_portal(tmp_path / "portal")
    (root / "units/demo").rename(root / "units" / reserved)
    with pytest.raises(ConfigError) as err:
        Project(root).unit(reserved)
    assert "保留" in str(err.value) and f"units/{reserved}/unit.yml" in str(err.value)


# -- the pieces, without a build ------------------------------------------------------------

def test_trail_from_the_docs_tree_path():
    from sitekit import FIXTURE_SITE

    from govsite.site.breadcrumbs import Crumb, nav_anchor
    from govsite.site.breadcrumbs import trail as crumbs

    project = Project(FIXTURE_SITE)
    unit = project.unit("demo").short_name
    assert crumbs(project, "demo/gzdt/page/3.md", "工作动态（第 3 页）") == [
        Crumb("首页", ""), Crumb(unit, "demo/"), Crumb("工作动态", "demo/gzdt/"), Crumb("第 3 页", None)]
    assert crumbs(project, "demo/gzdt/base.md", "示例页面")[-2:] == [Crumb("工作动态", "demo/gzdt/"), Crumb("示例页面", None)]
    # a page outside any column keeps its unit; a folder that is no unit is a portal page
    assert crumbs(project, "demo/newmedia/post.md", "推文") == [Crumb("首页", ""), Crumb(unit, "demo/"), Crumb("推文", None)]
    assert crumbs(project, "nosuch/x.md", "某页") == [Crumb("首页", ""), Crumb("某页", None)]
    assert crumbs(project, "about.md", "关于本站") == [Crumb("首页", ""), Crumb("关于本站", None)]
    assert nav_anchor("demo/gzdt/base.md") == "demo/gzdt/index.md"
    assert nav_anchor("demo/gzdt/page/2.md") == "demo/gzdt/index.md"
    assert nav_anchor("demo/index.md") is None and nav_anchor("about.md") is None


def test_breadcrumb_and_top_navigation_escape_every_label():
    from govsite.site.breadcrumbs import Crumb, breadcrumb_html
    from govsite.site.sections import TopItem, page_address, top_nav_html

    html = breadcrumb_html([Crumb("首页", ""), Crumb('<img src=x onerror="a">', "u/"), Crumb("<b>页</b>", None)], "/portal/")
    assert "<img" not in html and "<b>" not in html
    assert '<a href="/portal/u/">&lt;img src=x onerror=&quot;a&quot;&gt;</a>' in html
    assert '<li aria-current="page">&lt;b&gt;页&lt;/b&gt;</li>' in html
    nav = top_nav_html([TopItem('"><script>', 'x"/', "home")], "/", "index.md", [])
    assert "<script>" not in nav and 'href="/x&quot;/"' in nav
    assert [page_address(p) for p in ("index.md", "a/index.md", "hdjl.md", "a/b/c.md")] == ["", "a/", "hdjl/", "a/b/c/"]

"""``govsite check --format html``: one self-contained page for a 分管负责人, findings
grouped by page, the offending text highlighted, the fix beside it, everything escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from sitekit import govsite, make_portal, page_text, write_page


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.names: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.names.add(tag)
        self.attributes |= {name for name, _ in attrs}


HOSTILE = page_text("通知<img src=x onerror=alert(1)>",
                    "联系人手机 13812345678，详见下文。\n\n<script>alert('x')</script>\n")


def test_html_report_is_self_contained_grouped_and_escaped(tmp_path):
    root = make_portal(tmp_path / "portal")
    write_page(root, "units/demo/tzgg/a.md", HOSTILE)
    write_page(root, "units/demo/gzdt/b.md", page_text("新闻", "正文。"))
    proc = govsite(root, "check", "units/demo/tzgg/a.md", "units/demo/gzdt/b.md", "--format", "html")
    assert proc.returncode == 1, proc.stderr
    page = proc.stdout
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    # self-contained: inline CSS only, nothing fetched, nothing run
    tags = Tags()
    tags.feed(page)
    assert tags.names <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "span", "div", "pre", "mark",
                          "ul", "li"}, tags.names
    assert not tags.attributes & {"src", "href", "style", "action", "srcset"} and not any(a.startswith("on") for a in tags.attributes)
    css = page[page.index("<style>"):page.index("</style>")]
    assert "url(" not in css and "@import" not in css
    # grouped by page, the title escaped
    headings = re.findall(r"<h2>(.*?)</h2>", page)
    assert headings == ["新闻", "通知&lt;img src=x onerror=alert(1)&gt;"]
    assert '<p class="path">units/demo/tzgg/a.md' in page
    # the offending text highlighted in its line, with the fix
    assert "联系人手机 <mark>13812345678</mark>，详见下文。" in page
    assert "修改：删除，或改为单位的办公电话。" in page
    assert "<mark>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;</mark>" in page
    assert "PII003" in page and "HTM001" in page and "REV010" in page

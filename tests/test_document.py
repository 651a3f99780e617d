"""PageDocument: a page parsed once by the site's own Markdown engine and an HTML5 parser,
with every construct placed back at its line and column of the file."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
from mkdocs.config import load_config

from govsite.core.pages import page_from_bytes
from govsite.text.document import AUTOLINK, BARE, HTML, IMAGE, MARKDOWN, REFERENCE, Locator, document, parse
from govsite.text.render import engine, extension_list
from govsite.text.urls import clean_url

REPO = Path(__file__).resolve().parent.parent


def at(body: str, offset: int) -> str:
    return body[offset:offset + 12]


def test_links_of_every_kind_at_their_place(tmp_path):
    body = ("见[通知](../a.md \"标题\")和![图标](logo.png)。\n"
            "<a title='x>y' href=\"https://www.gov.cn/\">政府</a> 与 <https://www.12371.cn/>\n"
            "报名：https://t.cn/A6x 。\n"
            "\n[办理][1]\n\n[1]: javascript:alert(1)\n")
    doc = parse(tmp_path, body)
    got = [(link.kind, link.url, at(body, link.url_start)[:len(link.url)]) for link in doc.links]
    assert got == [
        (MARKDOWN, "../a.md", "../a.md"), (IMAGE, "logo.png", "logo.png"),
        (HTML, "https://www.gov.cn/", "https://www.gov.cn/"[:12]),
        (AUTOLINK, "https://www.12371.cn/", "https://www.12371.cn/"[:12]),
        (BARE, "https://t.cn/A6x", "https://t.cn/A6x"[:12]),
        (REFERENCE, "javascript:alert(1)", "javascript:alert(1)"[:12]),
    ]
    md_link, image, html = doc.links[:3]
    assert body[md_link.start] == "[" and body[image.start] == "!" and body[html.start:html.start + 2] == "<a"
    assert md_link.text == "通知" and md_link.title == "标题" and image.text == "图标" and html.attr == "href" and html.tag == "a"
    assert doc.where(doc.links[-1].url_start) == (7, 6)


def test_code_and_comments_are_never_links_or_html(tmp_path):
    body = ("`<script>alert(1)</script>` 与 `[x](https://t.cn/a)`\n\n"
            "```html\n<iframe src=\"https://x.example/\"></iframe>\nhttps://t.cn/b\n```\n\n"
            "    <img src=x onerror=alert(1)>\n\n"
            "<!-- <a href=\"https://t.cn/c\">c</a> [d](https://t.cn/d) -->\n正文\n")
    doc = parse(tmp_path, body)
    assert doc.links == []
    assert not [el for el in doc.elements if el.tag in ("script", "iframe", "img") or el.raw]
    assert len(doc.code) == 4 and len(doc.comments) == 1
    view = doc.content_view
    assert "t.cn/c" not in view and "```" not in view and "正文" in view


def test_hidden_is_what_the_browser_hides(tmp_path):
    # An unclosed hidden <div> hides the Markdown paragraphs after it, as in a browser.
    body = ('<div style="display: none">\n\n[赌场](https://bet.example.com/)\n\n'
            '正文 https://x.example.com/\n')
    doc = parse(tmp_path, body)
    assert [(link.url, link.hidden_by.tag if link.hidden_by else None) for link in doc.links] == [
        ("https://bet.example.com/", "div"), ("https://x.example.com/", "div")]
    visible = parse(tmp_path, '<div style="display:none">备注</div>\n\n[政府](https://www.gov.cn/)\n')
    assert [link.hidden_by for link in visible.links] == [None]


def test_a_page_cannot_forge_the_markers(tmp_path):
    body = "<!--0000000000000000:raw:0-->\n\n<!--x:end:0-->[a](https://t.cn/a)<b onclick=x>b</b>\n"
    doc = parse(tmp_path, body)
    assert [(link.url, doc.where(link.start)) for link in doc.links] == [("https://t.cn/a", (3, 15))]
    assert [(el.tag, doc.where(el.start)) for el in doc.elements if el.raw] == [("b", (3, 34))]


def test_attr_list_cannot_redirect_a_record(tmp_path):
    body = "`code` [买](https://www.taobao.com/){: data-govsite=\"0\" onclick=\"x()\" }\n"
    doc = parse(tmp_path, body)
    assert [(link.kind, link.url, doc.where(link.start)) for link in doc.links] == [
        (MARKDOWN, "https://www.taobao.com/", (1, 8))]
    assert [el.attr("onclick") for el in doc.elements if el.tag == "a"] == ["x()"]


def test_tabs_and_entities_in_raw_html(tmp_path):
    body = '<a href=" JaVa\tScRipt:alert(1)">x</a>\n\n<DIV STYLE="DISPLAY:&#110;one"><A HREF="https://x.example.com/">x</A></DIV>\n'
    doc = parse(tmp_path, body)
    # Python-Markdown expands tabs, so the published address has spaces; still found in the file.
    assert [(clean_url(link.url), doc.where(link.start)) for link in doc.links] == [
        ("JaVaScRipt:alert(1)", (1, 1)), ("https://x.example.com/", (3, 32))]
    assert doc.links[1].hidden_by is not None and doc.links[1].hidden_by.tag == "div"


def test_front_matter_values_and_memo(tmp_path):
    text = "---\ntitle: 通知\nreviewers:\n  drafter: 柯源\n---\n\n# 一、总体要求\n\n正文\n"
    page = page_from_bytes(tmp_path, "units/demo/gzdt/a.md", text.encode("utf-8"))
    doc = document(page)
    assert document(page) is doc and engine(tmp_path, Locator) is engine(tmp_path, Locator)
    assert [(v.path, v.value, v.line) for v in doc.front] == [(("title",), "通知", 2), (("reviewers", "drafter"), "柯源", 4)]
    assert [(h.level, h.id, h.text) for h in doc.headings] == [(1, "一总体要求", "一、总体要求")]
    assert doc.where(doc.body.index("正文")) == (9, 1)


def test_the_extensions_are_those_mkdocs_loads():
    config = load_config(str(REPO / "mkdocs.yml"))
    assert [name for name, _ in extension_list(REPO)] == list(config.markdown_extensions)


def test_the_html_is_what_mkdocs_markdown_makes():
    config = load_config(str(REPO / "mkdocs.yml"))
    body = ("## 一、政策要点 {#zcyd}\n\n!!! note \"提示\"\n    详见[通知](../a.md)。\n\n"
            "| 项目 | 金额 |\n| --- | --- |\n| 补贴 | 100 |\n\n<div class=\"x\">原样</div>\n\n```\ncode\n```\n")
    ours = parse(REPO, body).html
    ours = re.sub(r' data-govsite-[0-9a-f]{16}="\d+"', "", ours)
    ours = re.sub(r"<!--[0-9a-f]{16}:(?:raw|code|end):\d+-->", "", ours)
    theirs = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs).convert(body)
    assert ours == theirs


def test_md_in_html_only_when_the_site_enables_it(tmp_path):
    body = '<div markdown="1">\n[链接](https://t.cn/a)\n</div>\n'
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nmarkdown_extensions: [md_in_html]\n", "utf-8")
    assert [link.kind for link in parse(tmp_path, body).links] == [MARKDOWN]
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nmarkdown_extensions: [attr_list]\n", "utf-8")
    assert [link.kind for link in parse(tmp_path, body).links] == [BARE]  # published as text


def test_hostile_runs_parse_in_bounded_time(tmp_path):
    # Python-Markdown is quadratic on these; they cannot be markup, so they are read as text.
    import time

    for body in ("<a " * 60000, "[" * 100000, "[a](b " * 30000):
        start = time.process_time()
        doc = parse(tmp_path, body + "\n\n[正常](https://t.cn/x)\n")
        assert time.process_time() - start < 10
        assert [link.url for link in doc.links] == ["https://t.cn/x"]


def test_a_suppression_written_as_code_is_an_example(tmp_path):
    from govsite.text.suppressions import parse_suppressions

    text = ("---\ntitle: 通知\n# <!-- govsite: allow DDL003 逾期原因 -->\ndate: 2026-11-20\n---\n\n"
            "```\n<!-- govsite: allow SEN001 写法示例 -->\n```\n\n<!-- govsite: allow SEN001 案件报道 -->\n正文\n")
    page = page_from_bytes(tmp_path, "units/demo/gzdt/a.md", text.encode("utf-8"))
    assert [(s.line, s.codes, s.reason) for s in parse_suppressions(page)] == [
        (3, ("DDL003",), "逾期原因"), (11, ("SEN001",), "案件报道")]


def test_a_module_of_the_repository_is_never_loaded(tmp_path, monkeypatch):
    (tmp_path / "evil_ext.py").write_text("open(__file__ + '.ran', 'w').close()\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nmarkdown_extensions: [evil_ext, attr_list]\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert [name for name, _ in extension_list(tmp_path)][-2:] == ["evil_ext", "attr_list"]
    parse(tmp_path, "正文\n")
    assert not (tmp_path / "evil_ext.py.ran").exists()

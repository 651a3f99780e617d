"""What a platform takes for one post (``govsite newmedia export``).

WeChat (公众号): the body of ``draft/add`` (草稿箱 · 新建草稿), one article::

    {"articles": [{"title", "author", "digest", "content", "content_source_url",
                   "thumb_media_id", "need_open_comment", "only_fans_can_comment"}]}

``content`` is HTML as WeChat keeps it: only the tags its editor keeps, every style
inline (WeChat drops ``<style>``, classes, scripts and external CSS), every value
escaped. Images cannot be sent with the draft: WeChat filters images from outside
addresses. The export therefore lists them for upload (``uploads``): the operator
uploads the cover as permanent material (``material/add_material``, type image) and
puts its ``media_id`` where ``thumb_media_id`` says ``govsite-upload:<path>``, and
uploads each image of the text (``media/uploadimg``) and replaces the ``src`` that
names its repository path with the URL WeChat returns.

Weibo, Douyin, Toutiao: ``{"platform", "account", "title", "text", "media",
"source_url"}``, the plain text and the images in order.

Both are validated against the JSON Schema files in ``govsite/data/`` before they are
written. This module trusts its caller to have run the gate (check and signatures):
:mod:`govsite.commands.newmedia` refuses a post the gate refuses.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import nh3

from govsite.core.accounts import Account
from govsite.core.errors import Failure
from govsite.core.pages import Page
from govsite.core.project import Project
from govsite.newmedia import jsonshape
from govsite.newmedia.limits import ExportKind, for_platform
from govsite.newmedia.posts import account_of, images, local_path, plain_text, republished_page, site_address, text_of
from govsite.text.render import engine, mkdocs_config

UPLOAD_PREFIX = "govsite-upload:"  # thumb_media_id / src to replace by what the upload returns
WECHAT_SCHEMA = "wechat_draft_add.schema.json"
TEXT_MEDIA_SCHEMA = "newmedia_text_media.schema.json"

# Tags WeChat's editor keeps, each with the inline style it is written with.
_BASE = "margin:0 0 1em;line-height:1.75;font-size:16px;color:#333;"
STYLES = {
    "p": _BASE + "text-align:justify;",
    "h2": "margin:1.2em 0 0.6em;font-size:18px;font-weight:bold;color:#222;",
    "h3": "margin:1em 0 0.5em;font-size:17px;font-weight:bold;color:#222;",
    "h4": "margin:1em 0 0.5em;font-size:16px;font-weight:bold;color:#222;",
    "strong": "font-weight:bold;",
    "em": "font-style:italic;",
    "ul": "margin:0 0 1em;padding-left:2em;",
    "ol": "margin:0 0 1em;padding-left:2em;",
    "li": "line-height:1.75;font-size:16px;color:#333;",
    "blockquote": "margin:0 0 1em;padding:0.5em 1em;border-left:3px solid #b02028;color:#555;",
    "table": "border-collapse:collapse;width:100%;margin:0 0 1em;",
    "tr": "",
    "th": "border:1px solid #ccc;padding:4px 6px;font-weight:bold;",
    "td": "border:1px solid #ccc;padding:4px 6px;",
    "img": "display:block;max-width:100%;height:auto;margin:0 auto 1em;",
    "br": "",
    "a": "color:#576b95;",
}
_RENAME = {"h1": "h2", "h5": "h4", "h6": "h4", "b": "strong", "i": "em", "thead": None, "tbody": None}
_VOID = {"img", "br"}
_WECHAT_LINK = re.compile(r"\Ahttps://mp\.weixin\.qq\.com/")


@dataclass
class Exported:
    body: dict[str, Any]
    uploads: list[dict[str, str]] = field(default_factory=list)  # {"path", "use", "replace"}


class _Writer(HTMLParser):
    """Re-writes sanitised HTML with WeChat's tags and inline styles, escaping every value;
    a link WeChat would not keep (anything but an official-account article) becomes its
    text followed by the address."""

    def __init__(self, post_rel: str) -> None:
        super().__init__(convert_charrefs=True)
        self.post_rel = post_rel
        self.out: list[str] = []
        self.images: list[str] = []
        self.links: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = _RENAME.get(tag, tag) or ""
        if tag not in STYLES:
            return
        values = dict(attrs)
        if tag == "a":
            href = values.get("href") or ""
            self.links.append(None if _WECHAT_LINK.match(href) else href)
            if not _WECHAT_LINK.match(href):
                return
        extra = ""
        if tag == "a":
            extra = f' href="{html.escape(values.get("href") or "")}"'
        if tag == "img":
            local = local_path(self.post_rel, values.get("src") or "")
            if local is None:
                return  # a remote image: WeChat filters it (NMD024 refuses it before export)
            self.images.append(local)
            extra = f' src="{html.escape(UPLOAD_PREFIX + local)}" alt="{html.escape(values.get("alt") or "")}"'
        style = f' style="{STYLES[tag]}"' if STYLES[tag] else ""
        self.out.append(f"<{tag}{style}{extra}>")

    def handle_endtag(self, tag: str) -> None:
        tag = _RENAME.get(tag, tag) or ""
        if tag == "a":
            href = self.links.pop() if self.links else None
            if href is None:
                self.out.append("</a>")
            elif href.startswith(("https://", "http://")):
                self.out.append(html.escape(f"（{href}）", quote=False))
            return
        if tag in STYLES and tag not in _VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data, quote=False))


def wechat_html(project: Project, page: Page) -> tuple[str, list[str]]:
    """The post's body as WeChat-safe HTML, and the repository paths of its images."""
    md = engine(project.root)
    md.reset()
    rendered = md.convert(page.body or "")
    clean = nh3.clean(rendered, tags=set(STYLES) | set(_RENAME),
                      attributes={"img": {"src", "alt"}, "a": {"href"}}, url_schemes={"http", "https"},
                      link_rel=None, strip_comments=True, clean_content_tags={"script", "style"})
    writer = _Writer(page.rel)
    writer.feed(clean)
    writer.close()
    return re.sub(r"\n{2,}", "\n", "".join(writer.out)).strip(), writer.images


def source_url(project: Project, page: Page) -> str:
    """The full address of the website page the post republishes ('' when none)."""
    link = text_of(page.meta.get("republishes"))
    rel = republished_page(project, page.rel, link) if link else None
    address = site_address(rel) if rel else None
    if not address:
        return ""
    base = str((mkdocs_config(project.root) or {}).get("site_url") or "")
    return base.rstrip("/") + address if base.startswith(("https://", "http://")) else ""


def _comments(value: Any) -> tuple[int, int]:
    if value == "fans_only":
        return 1, 1
    return (1, 0) if value is True else (0, 0)


def export_post(project: Project, page: Page) -> Exported:
    """The platform's body for a post that passed the gate; :class:`Failure` when the
    post has no account, its platform takes no posts, or the result breaks the format."""
    account = account_of(page, project)
    if account is None:
        raise Failure(f"{page.rel}: 不是已登记账号的新媒体文章（units/<单位>/newmedia/<账号>/<文章>.md）")
    limits = for_platform(account.platform)
    if limits is None:
        raise Failure(f"{page.rel}: {account.platform.label}不从仓库发布文章，没有可导出的格式")
    if limits.export == ExportKind.WECHAT_DRAFT:
        exported, schema_name = _wechat(project, page), WECHAT_SCHEMA
    else:
        exported, schema_name = _text_media(project, page, account), TEXT_MEDIA_SCHEMA
    found = jsonshape.problems(exported.body, jsonshape.schema(schema_name))
    if found:
        raise Failure(f"{page.rel}: 导出内容不符合平台格式（govsite/data/{schema_name}）：" + "；".join(found))
    return exported


def _wechat(project: Project, page: Page) -> Exported:
    content, body_images = wechat_html(project, page)
    cover = local_path(page.rel, text_of(page.meta.get("cover")))
    comment, fans = _comments(page.meta.get("comments"))
    article = {
        "title": text_of(page.meta.get("title")),
        "author": text_of(page.meta.get("author")),
        "digest": text_of(page.meta.get("digest")),
        "content": content,
        "content_source_url": source_url(project, page),
        "thumb_media_id": UPLOAD_PREFIX + (cover or ""),
        "need_open_comment": comment,
        "only_fans_can_comment": fans,
    }
    uploads = []
    if cover:
        uploads.append({"path": cover, "use": "封面：material/add_material?type=image，得到的 media_id 填入 thumb_media_id",
                        "replace": UPLOAD_PREFIX + cover})
    for rel in dict.fromkeys(body_images):
        uploads.append({"path": rel, "use": "正文图片：media/uploadimg，得到的 url 替换 content 中的 src",
                        "replace": UPLOAD_PREFIX + rel})
    return Exported({"articles": [article]}, uploads)


def _text_media(project: Project, page: Page, account: Account) -> Exported:
    media = [i.local for i in images(page) if i.local]
    body: dict[str, Any] = {"platform": account.platform.value, "account": account.id,
                            "title": text_of(page.meta.get("title")), "text": plain_text(page), "media": media,
                            "source_url": source_url(project, page)}
    return Exported(body, [{"path": rel, "use": "随正文上传的图片（按顺序）", "replace": rel} for rel in media])

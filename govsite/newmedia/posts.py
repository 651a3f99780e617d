"""A new-media post as the repository holds it (第十一条: the same gate as a page).

A post is ``units/<unit>/newmedia/<account>/<slug>.md``: Markdown with front-matter,
signed by the same three roles of the unit's roster, checked by every content rule,
never published on the website. Its front-matter::

    title: 区政府召开第七十八次常务会议      # required (WeChat: ≤ 64 characters)
    date: 2026-11-17 18:30                   # when it goes out: a date, or a date and time
    author: 区政府办公室                     # WeChat's author field (≤ 8 characters)
    digest: 会议研究了……                    # WeChat's digest (摘要, ≤ 120 characters)
    source: 重庆市黔江区人民政府办公室       # 信息来源
    cover: cover.jpg                         # cover image next to the post (WeChat: required)
    republishes: /qzfb/gzdt/2026-11-17-cwhy/ # the website page this post republishes (第十二条: consistent)
    comments: false                          # WeChat: open comments (need_open_comment)
    reviewers: {drafter: …, checker: …, approver: …}
    major: false

Everything here reads; nothing raises on content (the rules report what is wrong).
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from dataclasses import dataclass
from typing import Any

import nh3

from govsite.core.accounts import Account
from govsite.core.dates import as_date
from govsite.core.memo import memo
from govsite.core.pages import Page
from govsite.core.paths import NEWMEDIA_DIR, UNITS_DIR, PagePath
from govsite.core.project import Project
from govsite.core.withdrawal import is_withdrawn
from govsite.text.document import document
from govsite.text.render import engine

POST_KEYS = ("author", "digest", "cover", "republishes", "comments")  # keys only a post has
_SPACE_RE = re.compile(r"\s+")


def is_post(page: Page) -> bool:
    return page.page_path.is_post


def account_of(page: Page, project: Project) -> Account | None:
    """The account a post belongs to, as its unit's ``unit.yml`` declares it (None: not declared)."""
    where = page.page_path
    if not where.is_post or where.unit is None or where.account is None:
        return None
    unit = project.unit(where.unit)
    return next((a for a in unit.new_media if a.id == where.account), None)


def post_when(meta: dict) -> dt.datetime | None:
    """The post's ``date`` as a date and time (a plain date counts from midnight)."""
    value = meta.get("date")
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip()).replace(tzinfo=None)
        except ValueError:
            pass
    day = as_date(value)
    return dt.datetime.combine(day, dt.time()) if day else None


def text_of(value: Any) -> str:
    """A front-matter value as plain text ('' for a missing or non-scalar value)."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value).strip()


@dataclass(frozen=True)
class PostImage:
    src: str    # as written
    line: int   # file line
    local: str | None  # repository path of a local image; None for a remote address


def images(page: Page) -> list[PostImage]:
    """Images of the post body (Markdown and HTML), in order, with their files."""
    return memo(page, _images)


def _images(page: Page) -> list[PostImage]:
    doc = document(page)
    return [PostImage(img.url, doc.line(img.start), local_path(page.rel, img.url)) for img in doc.images]


def local_path(post_rel: str, src: str) -> str | None:
    """The repository path a relative image address names from the post's folder;
    None for an address with a scheme, an absolute path, or one that climbs out of the
    account's folder (a post carries its own images)."""
    src = src.split("#", 1)[0].split("?", 1)[0].strip()
    if not src or "://" in src or src.startswith(("/", "data:", "//")) or ":" in src.split("/", 1)[0]:
        return None
    folder = posixpath.dirname(post_rel)
    joined = posixpath.normpath(posixpath.join(folder, src))
    return joined if joined.startswith(folder + "/") else None


def plain_text(page: Page) -> str:
    """The reader-visible text of the body, as rendered, tags dropped and whitespace
    collapsed: what the platforms count and what a Weibo or Douyin post carries."""
    return memo(page, _plain_text)


def _plain_text(page: Page) -> str:
    md = engine(page.root)
    md.reset()
    rendered = md.convert(page.body or "")
    text = html.unescape(nh3.clean(rendered, tags=set(), clean_content_tags={"script", "style"}))
    return _SPACE_RE.sub(" ", text).strip()


def account_dir(unit_id: str, account_id: str) -> str:
    return f"{UNITS_DIR}/{unit_id}/{NEWMEDIA_DIR}/{account_id}"


def post_paths(project: Project, unit_id: str, account_id: str) -> list[str]:
    """Repository paths of an account's posts."""
    return [rel for rel in project.page_paths(unit_id)
            if PagePath(rel).is_post and PagePath(rel).account == account_id]


IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif")  # what WeChat's material upload takes (and Weibo, Douyin)


def republished_page(project: Project, post_rel: str, link: str) -> str | None:
    """The repository path of the website page ``link`` names: a site address
    ``/<unit>/<column>/<slug>/`` or a relative link to its ``.md`` file. None when
    that is no page of a column, the file is missing or a link, or it was taken down."""
    link = link.split("#", 1)[0].split("?", 1)[0].strip()
    if not link or "://" in link or link.startswith("//"):
        return None
    if link.startswith("/"):
        parts = [p for p in link.split("/") if p]
        if len(parts) != 3:
            return None
        rel = f"{UNITS_DIR}/{parts[0]}/{parts[1]}/{parts[2]}.md"
    else:
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(post_rel), link))
    if not PagePath(rel).is_unit_page:
        return None
    entry = project.tree_file(rel)
    if entry is None or entry.is_symlink:
        return None
    if is_withdrawn(project.page(rel).meta):
        return None
    return rel


def site_address(rel: str) -> str | None:
    """The served address of a page path (``/<unit>/<column>/<slug>/``)."""
    return PagePath(rel).url

"""A new page with the right front-matter: ``govsite new UNIT COLUMN "标题"``.

The file is written with python-frontmatter. The ``reviewers`` record is left for the
editor to fill in, with a comment after each role listing who in the unit's roster
may take it (第五条, 第十一条), so an editor never has to open ``unit.yml`` to know
whose names go there. An existing file is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from frontmatter.default_handlers import YAMLHandler
from pypinyin import Style, lazy_pinyin

from govsite.core.errors import GovsiteError, UsageError
from govsite.core.project import UNITS_DIR, Project
from govsite.core.units import Unit
from govsite.regulation.index_number import next_number
from govsite.review.roster import ALLOWED, REVIEW_ROLE_NAMES, REVIEW_ROLES
from govsite.rules.column.non_ascii_slug import SLUG_RE
from govsite.rules.column.reserved_slug import RESERVED

SLUG_INITIALS = 10  # pinyin initials of the title kept in a default file name
BODY = "<!-- 在此撰写正文。写完后运行 govsite check 检查，再请上面三位审核人审核签名。 -->\n"


def default_slug(title: str, date: dt.date) -> str:
    """``2026-11-26-qqzwgkgz``: the date and the pinyin initials of the title."""
    letters = "".join(lazy_pinyin(title, style=Style.FIRST_LETTER)).lower()
    letters = re.sub(r"[^a-z0-9]", "", letters)[:SLUG_INITIALS]
    return f"{date.isoformat()}-{letters}" if letters else date.isoformat()


def _who(unit: Unit, role: str) -> str:
    people = [p for p in unit.people if p.has(*ALLOWED[role])]
    if not people:
        return "名单中无人具备该角色，请先在 unit.yml 中登记"
    parts = []
    for p in people:
        same_name = sum(q.name == p.name for q in unit.people) > 1
        label = f"{p.name}（{p.id}" + (f"，{p.title}" if p.title else "") + ("，同名请填 id" if same_name else "") + "）"
        parts.append(label)
    return "、".join(parts)


class _PlainDumper(yaml.SafeDumper):
    """No ``&id001`` anchors when two keys hold the same value (e.g. two dates)."""

    def ignore_aliases(self, data: object) -> bool:
        return True


class _CommentedYAML(YAMLHandler):
    """YAML front-matter with an end-of-line comment after chosen keys."""

    def __init__(self, comments: dict[str, str]) -> None:
        super().__init__()
        self.comments = comments

    def export(self, metadata: dict[str, object], **kwargs: Any) -> str:
        kwargs.setdefault("sort_keys", False)
        kwargs.setdefault("Dumper", _PlainDumper)
        text = super().export(metadata, **kwargs)
        out = []
        for line in text.splitlines():
            match = re.match(r"^(\s*)([a-z_]+):", line)
            key = match.group(2) if match else None
            indent = match.group(1) if match else ""
            full = f"reviewers.{key}" if indent and key in REVIEW_ROLES else key
            comment = self.comments.get(full or "")
            out.append(f"{line}  # {comment}" if comment else line)
        return "\n".join(out)


@dataclass(frozen=True)
class Scaffold:
    rel: str
    text: str


def scaffold(project: Project, unit_id: str, column_id: str, title: str, *, slug: str | None = None,
             date: dt.date | None = None) -> Scaffold:
    units = project.unit_ids()
    if unit_id not in units:
        known = "、".join(f"{u.id}（{u.short_name}）" for u in project.units()) or "（无）"
        raise UsageError(f"未知的单位 {unit_id}；现有单位：{known}。新单位须先由平台管理员建立 units/{unit_id}/unit.yml")
    unit = project.unit(unit_id)
    column = unit.column(column_id)
    writable = [c for c in unit.columns if c.has_folder]
    if column is None:
        known = "、".join(f"{c.id}（{c.name}）" for c in writable)
        raise UsageError(f"单位 {unit_id}（{unit.short_name}）没有栏目 {column_id}；可用栏目：{known}")
    if not column.has_folder:
        why = "由系统根据各页面自动生成" if column.kind == "generated" else "是外链栏目，链接到其他网站"
        raise UsageError(f"栏目 {column_id}（{column.name}）{why}，不能在其中新建页面")
    title = title.strip()
    if not title:
        raise UsageError("标题不能为空")
    date = date or project.today
    slug = slug or default_slug(title, date)
    if slug.endswith(".md"):
        slug = slug[:-3]
    if not SLUG_RE.fullmatch(slug) or slug.lower() in RESERVED:
        raise UsageError(f"文件名 {slug!r} 不可用；请只用小写字母、数字和连字符（如 2024-05-01-gzhy），且不要用 {', '.join(RESERVED)}")
    meta: dict = {"title": title, "date": date, "source": unit.name,
                  "reviewers": {role: "" for role in REVIEW_ROLES}, "major": False}
    if column.kind == "policy":
        number = next_number(project, unit, date.year)
        meta.update({"index_number": number or "", "doc_number": "", "issued": "", "issuer": unit.name,
                     "normative": False, "interpretations": []})
    elif column.kind == "interp":
        meta.update({"policy": "", "format": "text"})
    comments = {f"reviewers.{role}": f"{REVIEW_ROLE_NAMES[role]}，可填：{_who(unit, role)}" for role in REVIEW_ROLES}
    principals = [p.name for p in unit.people if p.has("principal")]
    comments["major"] = "重大信息填 true，须由主要负责人签发" + (f"（{'、'.join(principals)}）" if principals else "")
    comments["source"] = "信息来源；转载时删去本行，改写 repost_of: 原文网址"
    if column.kind == "policy":
        comments["index_number"] = ("索引号（按本单位统一社会信用代码、年份和顺序号生成，发布后不再改动）" if number
                                    else "索引号：请平台管理员在 unit.yml 中填写 code（统一社会信用代码）后自动生成")
        comments["doc_number"] = "发文字号，如 黔江府办发〔2026〕1号"
        comments["issued"] = "成文日期 YYYY-MM-DD"
        comments["normative"] = "行政规范性文件填 true，并在 interpretations 中列出解读页面"
        comments["interpretations"] = "解读页面的相对链接，如 ../zcjd/2026-01-05-jd.md"
    elif column.kind == "interp":
        comments["policy"] = "所解读政策文件的相对链接，如 ../zcwj/2026-01-05-wj.md"
        comments["format"] = "解读形式：text | video | infographic | qa | live"
    post = frontmatter.Post(BODY, **meta)
    text = frontmatter.dumps(post, handler=_CommentedYAML(comments)) + "\n"
    return Scaffold(f"{UNITS_DIR}/{unit_id}/{column_id}/{slug}.md", text)


def write(project: Project, made: Scaffold) -> Path:
    path = project.root / made.rel
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as fh:
            fh.write(made.text)
    except FileExistsError:
        raise GovsiteError(f"{made.rel} 已存在，不会覆盖；请用 --slug 另取文件名，或直接编辑该文件") from None
    return path

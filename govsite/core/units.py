"""Units and their rosters: ``units/<unit-id>/unit.yml``.

A unit is one subsite. Its roster names every person who may appear in a page's
``reviewers`` record, with the roles of 第三条至第五条 of the 办法:

* ``principal``    主要负责人 (第一责任人; approves 重大信息)
* ``deputy``       分管负责人 (approves daily information)
* ``section_head`` 承办科室负责人 (checks)
* ``operator``     经办人员 (drafts)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from govsite.core.accounts import Account, AccountSchema, account_from
from govsite.core.columns import Column, ColumnSchema, standard_columns, valid_id
from govsite.core.errors import ConfigError
from govsite.core.paths import NEWMEDIA_DIR
from govsite.core.schema import Opt, Schema
from govsite.core.yamlio import load_config_file, load_config_text

ROLES = ("principal", "deputy", "section_head", "operator")
ROLE_NAMES = {"principal": "主要负责人", "deputy": "分管负责人", "section_head": "承办科室负责人", "operator": "经办人员"}
UNIT_KINDS = ("department", "township", "street")

def _valid_roles(value: list) -> str | None:
    if not value:
        return "至少需要一个角色"
    bad = [r for r in value if r not in ROLES]
    if bad:
        return f"未知角色 {bad[0]!r}；可选：{' | '.join(ROLES)}"
    return None


class ForgeLogins(Schema):
    github = Opt(str)
    """The person's login on GitHub, whose pull-request approvals count as signatures."""
    gitea = Opt(str)
    """The person's login on the platform's self-hosted Gitea."""


class PersonSchema(Schema):
    id = Opt(str, required=True, check=valid_id)
    """Stable ASCII id (pinyin), used in signatures and approval records."""
    name = Opt(str, required=True)
    """Full name in Chinese as written in a page's ``reviewers`` record."""
    roles = Opt(list, required=True, items=str, check=_valid_roles)
    """One or more of principal, deputy, section_head, operator."""
    title = Opt(str)
    """Post, e.g. 办公室主任 (shown to reviewers; not checked)."""
    forge = Opt(ForgeLogins)
    """Optional forge logins (github, gitea)."""
    email = Opt(str)
    """The e-mail address the person commits with (git author), when it is not their name."""


_DATE_HINT = "请写成 YYYY-MM-DD，如 2026-01-05"


class OncallSchema(Schema):
    name = Opt(str, required=True)
    """Name of the contact of the 7×24 emergency team (第十四条（一））."""
    phone = Opt(str, required=True)
    """A number that answers at any hour (duty phone or mobile)."""
    role = Opt(str)
    """Duty in the team, e.g. 应急处置负责人, 技术值守."""


class MaintainerPersonSchema(Schema):
    name = Opt(str, required=True)
    """Full name of the maintainer's employee."""
    email = Opt(str)
    """The e-mail address they commit with (git author)."""


class MaintainerSchema(Schema):
    """A third-party maintainer (第十四条（三））: filed with 区政府办公室政务公开科 and bound by
    a confidentiality agreement (保密协议) for a term."""

    company = Opt(str, required=True)
    """The company's registered name."""
    people = Opt(list, required=True, items=MaintainerPersonSchema)
    """Its employees who may change this unit's pages."""
    filed = Opt(dt.date, required=True, hint=_DATE_HINT)
    """Date the maintainer was filed with 区政府办公室政务公开科 (报备日期)."""
    nda_signed = Opt(dt.date, required=True, hint=_DATE_HINT)
    """Date the confidentiality agreement was signed."""
    nda_until = Opt(dt.date, required=True, hint=_DATE_HINT)
    """Last day the confidentiality agreement is in force (end of its term)."""

    def validate(self):
        if self.nda_until < self.nda_signed:
            yield "nda_until", "保密协议到期日早于签订日", "请核对 nda_signed 和 nda_until"


class UnitSchema(Schema):
    name = Opt(str, required=True)
    """Full name of the unit, e.g. 重庆市黔江区财政局."""
    short_name = Opt(str)
    """Short name used in navigation, e.g. 区财政局."""
    kind = Opt(str, required=True, choices=UNIT_KINDS)
    """department (区政府部门) | township (乡镇) | street (街道)."""
    order = Opt(int, 100)
    """Position in the portal's list of units (smaller first)."""
    code = Opt(str, "", check=lambda v: None if v == "" or (len(v) == 18 and v.isascii() and v.isalnum())
               else "应为 18 位统一社会信用代码（数字和大写字母）")
    """统一社会信用代码 of the unit: the first part of every 索引号 it issues
    (:mod:`govsite.regulation.index_number`)."""
    people = Opt(list, required=True, items=PersonSchema)
    """The roster: everyone who drafts, checks or approves this unit's pages."""
    columns = Opt(list, list, items=ColumnSchema)
    """Columns of the unit besides the standard ones."""
    new_media = Opt(list, list, items=AccountSchema)
    """The unit's new-media accounts (第七条, 第八条): :mod:`govsite.core.accounts`."""
    maintainers = Opt(list, list, items=MaintainerSchema)
    """Third-party maintainers on file with an NDA (第十四条（三））."""
    oncall = Opt(list, list, items=OncallSchema)
    """The unit's 7×24 emergency contacts (第十四条（一））; none is an error (rule SEC001)."""


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    roles: tuple[str, ...]
    title: str | None = None
    github: str | None = None
    gitea: str | None = None
    email: str | None = None

    def has(self, *roles: str) -> bool:
        return any(r in self.roles for r in roles)


@dataclass
class Unit:
    id: str
    dir: Path
    name: str
    short_name: str
    kind: str
    order: int
    people: tuple[Person, ...]
    extra_columns: tuple[Column, ...]
    new_media: tuple[Account, ...] = ()
    maintainers: list = field(default_factory=list)  # MaintainerSchema objects
    oncall: list = field(default_factory=list)  # OncallSchema objects
    code: str = ""
    yml_bytes: bytes = b""

    @cached_property
    def columns(self) -> tuple[Column, ...]:
        return standard_columns() + self.extra_columns

    def column(self, column_id: str) -> Column | None:
        return next((c for c in self.columns if c.id == column_id), None)

    def account(self, account_id: str) -> Account | None:
        return next((a for a in self.new_media if a.id == account_id), None)

    def person_by_id(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)

    def find_people(self, ref: str) -> list[Person]:
        """People matching a reviewer reference: an id, or a name (may be ambiguous)."""
        by_id = [p for p in self.people if p.id == ref]
        return by_id or [p for p in self.people if p.name == ref]

    def person_by_login(self, forge: str, login: str) -> Person | None:
        login = login.lower()
        return next((p for p in self.people if (getattr(p, forge) or "").lower() == login), None)


# Top-level folders of the built site that are not a unit's subsite: the portal's
# generated sections (政务公开 zwgk, 单位导航 dwdh: govsite/site/sections.py) and the
# theme's assets and search index. A unit with one of these ids would overwrite them.
RESERVED_IDS = frozenset({"zwgk", "dwdh", "assets", "search"})


def load_unit(unit_dir: Path, repo_root: Path) -> Unit:
    """Load and validate ``unit_dir/unit.yml``; raise :class:`ConfigError` naming the line."""
    path = unit_dir / "unit.yml"
    rel = path.relative_to(repo_root).as_posix()
    if valid_id(unit_dir.name):
        raise ConfigError(rel, None, f"单位目录名 {unit_dir.name!r} 不符合要求：{valid_id(unit_dir.name)}", "请重命名该目录")
    if unit_dir.name in RESERVED_IDS:
        raise ConfigError(rel, None, f"单位目录名 {unit_dir.name!r} 是门户保留的网址（{'、'.join(sorted(RESERVED_IDS))}）",
                          "请换一个单位目录名（如单位简称的拼音首字母）")
    if not path.is_file():
        raise ConfigError(rel, None, "缺少 unit.yml", "每个单位目录都需要 unit.yml（名称、类型、人员名单），可参照其他单位复制修改")
    raw = path.read_bytes()
    located = load_config_file(path, rel)
    return _build(unit_dir, raw, located, rel)


def parse_unit(unit_dir: Path, raw: bytes, rel: str) -> Unit:
    """A unit from the bytes of its unit.yml (e.g. as the base branch has it)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(rel, None, "不是 UTF-8 编码", "请用 UTF-8 保存") from None
    return _build(unit_dir, raw, load_config_text(text, rel), rel)


def _build(unit_dir: Path, raw: bytes, located, rel: str) -> Unit:
    spec = UnitSchema.load(located.data, located, rel)
    people: list[Person] = []
    seen: set[str] = set()
    for index, p in enumerate(spec.people):
        if p.id in seen:
            raise ConfigError(rel, located.line("people", index, "id"), f"人员 id {p.id!r} 重复", "每人的 id 必须唯一")
        seen.add(p.id)
        people.append(Person(p.id, p.name, tuple(p.roles), p.title,
                             p.forge.github if p.forge else None, p.forge.gitea if p.forge else None, p.email))
    std_ids = {c.id for c in standard_columns()}
    extra: list[Column] = []
    for index, c in enumerate(spec.columns):
        if c.id == NEWMEDIA_DIR:
            raise ConfigError(rel, located.line("columns", index, "id"),
                              f"栏目 id {c.id!r} 是单位政务新媒体文章的目录名（units/<单位>/{NEWMEDIA_DIR}/<账号>/），不能用作栏目",
                              "请换一个栏目 id")
        if c.id in std_ids or any(e.id == c.id for e in extra):
            raise ConfigError(rel, located.line("columns", index, "id"), f"栏目 id {c.id!r} 与已有栏目重复", "请换一个栏目 id")
        extra.append(Column(c.id, c.name, c.kind, False, c.url, standard=False))
    accounts: list[Account] = []
    for index, a in enumerate(spec.new_media):
        if any(other.id == a.id for other in accounts):
            raise ConfigError(rel, located.line("new_media", index, "id"), f"新媒体账号 id {a.id!r} 重复", "每个账号的 id 必须唯一")
        accounts.append(account_from(unit_dir.name, a, located.line("new_media", index)))
    return Unit(
        id=unit_dir.name, dir=unit_dir, name=spec.name, short_name=spec.short_name or spec.name,
        kind=spec.kind, order=spec.order, people=tuple(people), extra_columns=tuple(extra),
        new_media=tuple(accounts), maintainers=spec.maintainers, oncall=spec.oncall, yml_bytes=raw, code=spec.code,
    )

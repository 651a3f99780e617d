"""Which accounts the 办法 keeps (第六条, 第七条（一）) and which it forbids (第七条（二）).

Both lists are data (``govsite/data/newmedia_kept.yml``), read through the schema, so the
platform owner adds an account approved later, or a word that marks a sub-unit, without
code. :func:`kept_entry` finds the kept-list entry of a registered account (same unit,
platform and name); :func:`forbidden_kind` says whether an account's name marks it as
run by a person, a sub-unit or an internal office.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from govsite.core.accounts import Account, Platform
from govsite.core.schema import Issue, Opt, Schema
from govsite.core.units import Unit
from govsite.core.yamlio import Located, load_config_file, load_config_text

DATA_FILE = "govsite/data/newmedia_kept.yml"
FORBIDDEN_KINDS = {"person": "个人", "sub_unit": "下属单位", "internal_office": "内设机构"}


class KeptSchema(Schema):
    unit = Opt(str, required=True)
    """The unit that runs it, as unit.yml's ``short_name`` (or full ``name``) writes it."""
    platform = Opt(str, required=True, choices=tuple(p.value for p in Platform))
    """The platform; ``wechat`` (kind not stated) matches any WeChat account."""
    name = Opt(str, required=True)
    """The account's public name, exactly."""
    article = Opt(str, "第七条（一）")
    """The article that keeps it (shown in messages)."""


class ForbiddenSchema(Schema):
    word = Opt(str, required=True, check=lambda v: None if v.strip() else "不能为空")
    """A word that marks an account of a person, a sub-unit or an internal office."""
    match = Opt(str, "contains", choices=("contains", "suffix"))
    """contains: anywhere in the name; suffix: at its end."""
    kind = Opt(str, required=True, choices=tuple(FORBIDDEN_KINDS))
    """person | sub_unit | internal_office."""


class KeptFile(Schema):
    kept = Opt(list, required=True, items=KeptSchema)
    """The accounts the 办法 keeps (第六条 and 第七条（一）)."""
    forbidden = Opt(list, list, items=ForbiddenSchema)
    """Words that mark accounts 第七条（二） forbids."""

    def validate(self) -> Iterator[Issue]:
        seen: set[tuple[str, str, str]] = set()
        for index, k in enumerate(self.kept):
            key = (k.unit, k.platform, k.name)
            if key in seen:
                yield ("kept", index), f"保留账号 {k.unit} {k.name}（{k.platform}）重复", "请删除重复的一行"
            seen.add(key)


@dataclass(frozen=True)
class Kept:
    unit: str
    platform: Platform
    name: str
    article: str

    def matches(self, unit: Unit, account: Account) -> bool:
        if account.name != self.name or self.unit not in (unit.short_name, unit.name):
            return False
        if self.platform == Platform.WECHAT:
            return account.platform.is_wechat
        return account.platform == self.platform


@dataclass(frozen=True)
class Forbidden:
    word: str
    match: str
    kind: str

    def hits(self, name: str) -> bool:
        return name.endswith(self.word) if self.match == "suffix" else self.word in name


@dataclass(frozen=True)
class KeptList:
    kept: tuple[Kept, ...]
    forbidden: tuple[Forbidden, ...]


def kept_list_of(located: Located, rel: str) -> KeptList:
    spec = KeptFile.load(located.data, located, rel)
    return KeptList(tuple(Kept(k.unit, Platform(k.platform), k.name, k.article) for k in spec.kept),
                    tuple(Forbidden(f.word.strip(), f.match, f.kind) for f in spec.forbidden))


def load_kept_list(path: Path, rel: str) -> KeptList:
    """Read a kept-list file from disk (the shipped one: :func:`kept_list`)."""
    return kept_list_of(load_config_file(path, rel), rel)


@lru_cache(maxsize=1)
def kept_list() -> KeptList:
    text = resources.files("govsite.data").joinpath("newmedia_kept.yml").read_text("utf-8")
    return kept_list_of(load_config_text(text, DATA_FILE), DATA_FILE)


def kept_entry(unit: Unit, account: Account) -> Kept | None:
    """The kept-list entry of ``account`` (run by ``unit``), or None."""
    return next((k for k in kept_list().kept if k.matches(unit, account)), None)


def forbidden_kind(unit: Unit, account: Account) -> tuple[str, str] | None:
    """(kind, evidence) when the name marks a person's, sub-unit's or internal office's account.

    A name that contains the name of someone on the unit's roster is a person's account;
    a kept account is never judged (the 办法 itself names it).
    """
    if kept_entry(unit, account) is not None:
        return None
    name = account.name.strip()
    for person in unit.people:
        if len(person.name) >= 2 and person.name in name:
            return "person", f"含本单位人员姓名“{person.name}”"
    for f in kept_list().forbidden:
        if f.hits(name):
            where = "以" if f.match == "suffix" else "含"
            return f.kind, f"名称{where}“{f.word}”{'结尾' if f.match == 'suffix' else ''}"
    return None

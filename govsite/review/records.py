"""The approval record: a small plain-text file, the exact bytes that get signed.

An SSH record::

    # 三审三校签名记录（govsite）。本文件及其 .sig 签名只可新增，不可修改。
    record: govsite-approval/1
    page: units/qzfb/gzdt/2026-11-20-zwgk-zt.md
    unit: qzfb
    title: 区政府办公室召开政务公开工作推进会
    hash: sha256:5f0c...
    role: checker
    person: wangli
    name: 王丽
    when: 2026-11-26T09:30:00Z
    provider: ssh
    key: SHA256:JSUeWevl...

A forge record has ``provider: github`` (or ``gitea``), ``when`` = the review's
submission time, and in place of the reviewer's key: ``pr``, ``head`` (the pull
request's head commit the approval was given for), ``review`` (its id), ``login``,
``url``, ``importer``, ``imported`` and ``key`` (the importer's key).

Together the records answer: who (person, name) approved which page (page, unit) at
which content (hash) in which role, when, through which provider.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields
from pathlib import PurePosixPath

from govsite.review import APPROVALS_DIR, FORGES, PROVIDERS
from govsite.review.roster import REVIEW_ROLES

FORMAT = "govsite-approval/1"
HEADER = "# 三审三校签名记录（govsite）。本文件及其 .sig 签名只可新增，不可修改。"
SUFFIX = ".approval"
SIG_SUFFIX = ".approval.sig"
_HASH_RE = re.compile(r"\Asha256:[0-9a-f]{64}\Z")
_ID_RE = re.compile(r"\A[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*\Z")
_TIME_RE = re.compile(r"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\Z")
_PAGE_RE = re.compile(r"\Aunits/([^/\x00-\x1f\x7f]+)/([^/\x00-\x1f\x7f]+)/([^/\x00-\x1f\x7f]+)\.md\Z")
# a portal page (content/), signed by the portal owner's roster: any depth, no dot segments
# a new-media post (第十一条: the same gate as a page), signed by its unit's roster
_POST_RE = re.compile(r"\Aunits/([^/\x00-\x1f\x7f]+)/newmedia/([^/\x00-\x1f\x7f]+)/([^/\x00-\x1f\x7f]+)\.md\Z")
_PORTAL_RE = re.compile(r"\Acontent/((?:[^/.\x00-\x1f\x7f][^/\x00-\x1f\x7f]*/)*[^/.\x00-\x1f\x7f][^/\x00-\x1f\x7f]*)\.md\Z")
PORTAL_DIR = "_portal"  # not a valid unit id (ids start with a letter): no clash with units
_SHA_RE = re.compile(r"\A[0-9a-f]{40}([0-9a-f]{24})?\Z")
# Approvals of a trust change (a unit's roster, a trust file, the settings, a word list):
# the same record, signed by the unit's principal or the district office, with
# ``role: trust``, ``page:`` the changed file and ``unit:`` the signer's own unit.
TRUST_ROLE = "trust"
TRUST_DIR = f"{APPROVALS_DIR}/_trust"
_TRUST_PATH_RE = re.compile(r"\A[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*\Z")

SSH_KEYS = ("record", "page", "unit", "title", "hash", "role", "person", "name", "when", "provider", "key")
FORGE_KEYS = ("record", "page", "unit", "title", "hash", "role", "person", "name", "when", "provider",
              "pr", "head", "review", "login", "url", "importer", "imported", "key")


class RecordError(ValueError):
    """A record file that is not a well-formed record (treated as forged)."""


def utc_text(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)


def _one_line(value: str) -> str:
    return " ".join(str(value).split())


@dataclass(frozen=True)
class Record:
    page: str
    unit: str
    title: str
    hash: str
    role: str
    person: str
    name: str
    when: str  # UTC, 2026-11-26T09:30:00Z
    provider: str = "ssh"
    key: str = ""  # fingerprint of the signing key (reviewer's, or importer's for forge records)
    pr: str = ""
    head: str = ""
    review: str = ""
    login: str = ""
    url: str = ""
    importer: str = ""
    imported: str = ""
    record: str = field(default=FORMAT)

    # -- derived ------------------------------------------------------------
    @property
    def is_trust(self) -> bool:
        return self.role == TRUST_ROLE

    @property
    def is_forge(self) -> bool:
        return self.provider in FORGES

    @property
    def when_dt(self) -> dt.datetime:
        return parse_time(self.when)

    @property
    def signed_at(self) -> dt.datetime:
        """When the signature on the record was made: the reviewer's approval (ssh) or
        the import (forge). Keys are checked against their validity at this time."""
        return parse_time(self.imported if self.is_forge else self.when)

    @property
    def signer_principal(self) -> str:
        from govsite.review import principal

        return self.importer if self.is_forge else principal(self.unit, self.person)

    def keys(self) -> tuple[str, ...]:
        return FORGE_KEYS if self.is_forge else SSH_KEYS

    def text(self) -> str:
        lines = [HEADER]
        for name in self.keys():
            lines.append(f"{name}: {_one_line(getattr(self, name))}")
        return "\n".join(lines) + "\n"

    def data(self) -> bytes:
        return self.text().encode("utf-8")

    def file_name(self) -> str:
        stamp = self.when.replace("-", "").replace(":", "")
        extra = f"-{self.provider}-pr{self.pr}" if self.is_forge else ""
        return f"{stamp}-{self.role}-{self.person}{extra}{SUFFIX}"


def page_dir(page_rel: str) -> str:
    """``units/<u>/<c>/<slug>.md`` -> ``review/approvals/<u>/<c>/<slug>``;
    ``content/<path>.md`` -> ``review/approvals/_portal/<path>``."""
    m = _PAGE_RE.fullmatch(page_rel)
    if m:
        return f"{APPROVALS_DIR}/{m.group(1)}/{m.group(2)}/{m.group(3)}"
    m = _POST_RE.fullmatch(page_rel)
    if m:
        return f"{APPROVALS_DIR}/{m.group(1)}/newmedia/{m.group(2)}/{m.group(3)}"
    m = _PORTAL_RE.fullmatch(page_rel)
    if m:
        return f"{APPROVALS_DIR}/{PORTAL_DIR}/{m.group(1)}"
    raise ValueError(page_rel)


def is_trust_path(rel: str) -> bool:
    """A repository path a trust approval may name: plain segments, no ``..``, not a page."""
    return (bool(_TRUST_PATH_RE.fullmatch(rel)) and ".." not in rel.split("/")
            and not _PAGE_RE.fullmatch(rel) and not _POST_RE.fullmatch(rel) and not _PORTAL_RE.fullmatch(rel))


def record_dir(page_rel: str) -> str:
    """The folder of a page's records, or of a trust file's approvals
    (``review/approvals/_trust/<path>``)."""
    if _PAGE_RE.fullmatch(page_rel) or _POST_RE.fullmatch(page_rel) or _PORTAL_RE.fullmatch(page_rel):
        return page_dir(page_rel)
    if is_trust_path(page_rel):
        return f"{TRUST_DIR}/{page_rel}"
    raise ValueError(page_rel)


def page_of_dir(dir_rel: str) -> str | None:
    parts = PurePosixPath(dir_rel).parts
    base = PurePosixPath(APPROVALS_DIR).parts
    if parts[:len(base)] != base:
        return None
    if len(parts) > len(base) + 1 and parts[len(base)] == PORTAL_DIR:
        return "content/" + "/".join(parts[len(base) + 1:]) + ".md"
    if len(parts) == len(base) + 4 and parts[len(base) + 1] == "newmedia":
        unit, _, account, slug = parts[len(base):]
        return f"units/{unit}/newmedia/{account}/{slug}.md"
    if len(parts) != len(base) + 3:
        return None
    unit, column, slug = parts[len(base):]
    return f"units/{unit}/{column}/{slug}.md"


def parse(data: bytes) -> Record:
    """Parse a record's bytes strictly: known keys once each, valid values, canonical text."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise RecordError("不是 UTF-8 文本") from None
    values: dict[str, str] = {}
    for number, line in enumerate(text.split("\n"), 1):
        if not line or line.startswith("#"):
            continue
        if ": " not in line:
            raise RecordError(f"第 {number} 行不是“键: 值”")
        name, value = line.split(": ", 1)
        if name in values:
            raise RecordError(f"键 {name} 重复")
        values[name] = value
    provider = values.get("provider", "")
    if provider not in PROVIDERS:
        raise RecordError(f"未知的签名方式 {provider!r}")
    expected = FORGE_KEYS if provider in FORGES else SSH_KEYS
    missing = [k for k in expected if k not in values]
    unknown = [k for k in values if k not in expected]
    if missing or unknown:
        raise RecordError(f"缺少键 {', '.join(missing)}" if missing else f"未知的键 {', '.join(unknown)}")
    if values["record"] != FORMAT:
        raise RecordError(f"记录格式 {values['record']!r} 不受支持")
    known = {f.name for f in fields(Record)}
    record = Record(**{k: v for k, v in values.items() if k in known})
    m = _PAGE_RE.fullmatch(record.page) or _POST_RE.fullmatch(record.page)
    portal = _PORTAL_RE.fullmatch(record.page) is not None
    if record.is_trust:
        checks = [
            (is_trust_path(record.page), "page 不是可签名的信任文件路径"),
            (bool(_ID_RE.fullmatch(record.unit)), "unit 不是单位 id"),
            (not record.is_forge, "信任变更只能用 SSH 签名"),
        ]
    else:
        checks = [
            (m is not None or portal, "page 不是单位页面或门户页面（content/）路径"),
            (portal or (m is not None and m.group(1) == record.unit), "unit 与 page 不符"),
            (bool(_ID_RE.fullmatch(record.unit)), "unit 不是单位 id"),
            (record.role in REVIEW_ROLES, f"role {record.role!r} 无效"),
        ]
    checks += [
        (bool(_HASH_RE.fullmatch(record.hash)), "hash 格式错误"),
        (bool(_ID_RE.fullmatch(record.person)), "person 不是人员 id"),
        (bool(_TIME_RE.fullmatch(record.when)), "when 应为 UTC 时间 YYYY-MM-DDTHH:MM:SSZ"),
        (record.key.startswith("SHA256:"), "key 应为密钥指纹 SHA256:..."),
    ]
    if record.is_forge:
        checks += [
            (record.pr.isdigit(), "pr 应为数字"),
            (bool(_SHA_RE.fullmatch(record.head)), "head 应为提交哈希"),
            (record.review.isdigit(), "review 应为数字"),
            (bool(record.login), "login 为空"),
            (bool(record.importer), "importer 为空"),
            (bool(_TIME_RE.fullmatch(record.imported)), "imported 应为 UTC 时间"),
        ]
    for ok, problem in checks:
        if not ok:
            raise RecordError(problem)
    if record.data() != data:
        raise RecordError("记录文本不是规范格式（多余的空格、空行或顺序被改动）")
    return record

"""Incident records (第十五条): what was taken down, when, by whom, why, in which release.

An incident record is a small plain-text file under ``review/incidents/``, the exact
bytes the person who acted signs with their reviewer key (``ssh-keygen -Y sign``; the
signature lies beside it as ``<name>.incident.sig``)::

    # 网络安全事件处置记录（govsite）。本文件及其 .sig 签名只可新增，不可修改。
    record: govsite-incident/1
    id: 20261201T004000Z-demo-gzdt-news
    kind: takedown
    page: units/demo/gzdt/news.md
    unit: demo
    title: 某某通知
    hash: sha256:...          the page's content hash when it was taken down
    reason: 含有不实信息
    when: 2026-12-01T00:40:00Z
    person: kezhang
    name: 柯章
    release: 20261201T004000Z-3f2a9c1b7d0e-dirty   the release that removed it (- when not deployed)
    previous: 20261130T101500Z-...                the release live before (-)
    issue: -                  舆情 (kind: opinion): the issue raised
    verification: -           舆情: what the unit verified
    response: -               舆情: the authoritative response, a page of the site
    key: SHA256:...

The signature uses the approvals' namespace (reviewers' keys are registered for that
namespace only); the ``record: govsite-incident/1`` line keeps the two kinds apart: an
incident record never parses as an approval and an approval never as an incident.
Speed comes first (第十五条（一）: 第一时间): a takedown needs no three-level review,
only this record signed by someone on the unit's roster; the follow-up (report,
source tracing) reads the records.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields
from pathlib import Path

from govsite.review import ALLOWED_SIGNERS, NAMESPACE, REVOKED_KEYS, principal, sshsig
from govsite.review.records import utc_text
from govsite.review.store import Store, _create

INCIDENTS_DIR = "review/incidents"
FORMAT = "govsite-incident/1"
HEADER = "# 网络安全事件处置记录（govsite）。本文件及其 .sig 签名只可新增，不可修改。"
SUFFIX = ".incident"
KINDS = {"takedown": "非法信息撤稿", "opinion": "舆情处置"}
KEYS = ("record", "id", "kind", "page", "unit", "title", "hash", "reason", "when", "person", "name",
        "release", "previous", "issue", "verification", "response", "key")
_ID_RE = re.compile(r"^\d{8}T\d{6}Z-[a-z0-9][a-z0-9._-]*$")
_TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_PAGE_RE = re.compile(r"^units/([a-z0-9_-]+)/([a-z0-9_-]+)/([^/]+)\.md$")


class IncidentError(ValueError):
    """Not a well-formed incident record."""


def _one_line(value: str) -> str:
    return " ".join(str(value).split()) or "-"


@dataclass(frozen=True)
class Incident:
    id: str
    kind: str
    page: str
    unit: str
    title: str
    hash: str
    reason: str
    when: str
    person: str
    name: str
    release: str = "-"
    previous: str = "-"
    issue: str = "-"
    verification: str = "-"
    response: str = "-"
    key: str = ""
    record: str = FORMAT

    def text(self) -> str:
        return "\n".join([HEADER] + [f"{k}: {_one_line(getattr(self, k))}" for k in KEYS]) + "\n"

    def data(self) -> bytes:
        return self.text().encode("utf-8")

    @property
    def when_dt(self) -> dt.datetime:
        return dt.datetime.strptime(self.when, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)

    @property
    def kind_name(self) -> str:
        return KINDS.get(self.kind, self.kind)

    def value(self, name: str) -> str:
        """A field as a reader wants it: ``-`` (not recorded) as empty."""
        v = getattr(self, name)
        return "" if v == "-" else v


def new_id(when: dt.datetime, page_rel: str) -> str:
    m = _PAGE_RE.match(page_rel)
    tail = "-".join(m.groups()) if m else "site"
    tail = re.sub(r"[^a-z0-9._-]+", "-", tail.lower()).strip("-") or "page"
    return f"{when.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}-{tail}"


def parse(data: bytes) -> Incident:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise IncidentError("不是 UTF-8 文本") from None
    values: dict[str, str] = {}
    for number, line in enumerate(text.split("\n"), 1):
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition(": ")
        if not sep:
            raise IncidentError(f"第 {number} 行不是“键: 值”")
        if name in values:
            raise IncidentError(f"键 {name} 重复")
        values[name] = value
    missing = [k for k in KEYS if k not in values]
    unknown = [k for k in values if k not in KEYS]
    if missing or unknown:
        raise IncidentError(f"缺少键 {', '.join(missing)}" if missing else f"未知的键 {', '.join(unknown)}")
    if values["record"] != FORMAT:
        raise IncidentError(f"记录格式 {values['record']!r} 不是 {FORMAT}")
    known = {f.name for f in fields(Incident)}
    inc = Incident(**{k: v for k, v in values.items() if k in known})
    m = _PAGE_RE.match(inc.page)
    for ok, problem in (
        (bool(_ID_RE.match(inc.id)), "id 格式错误"),
        (inc.kind in KINDS, f"kind 应为 {' | '.join(KINDS)}"),
        (m is not None and m.group(1) == inc.unit, "page 与 unit 不符"),
        (bool(_TIME_RE.match(inc.when)), "when 应为 UTC 时间"),
        (inc.key.startswith("SHA256:"), "key 应为密钥指纹"),
    ):
        if not ok:
            raise IncidentError(problem)
    if inc.data() != data:
        raise IncidentError("记录文本不是规范格式")
    return inc


def path_of(root: Path, incident_id: str) -> Path:
    return Path(root) / INCIDENTS_DIR / f"{incident_id}{SUFFIX}"


def all_ids(root: Path) -> list[str]:
    base = Path(root) / INCIDENTS_DIR
    if not base.is_dir():
        return []
    return sorted(p.name[: -len(SUFFIX)] for p in base.glob(f"*{SUFFIX}") if p.is_file())


def write(root: Path, incident: Incident, key: Path) -> Path:
    """Sign ``incident`` with ``key`` and add it (signature first, never overwriting)."""
    fp = incident.key
    if not fp:
        pub = key.with_name(key.name + ".pub")
        if pub.exists():
            fp = sshsig.fingerprint(sshsig.key_blob(pub.read_text("utf-8")))
        else:
            probe = sshsig.sign(b"probe", key)
            fp = sshsig.fingerprint(sshsig.signature_info(probe)[0])
        incident = Incident(**{**incident.__dict__, "key": fp})
    signature = sshsig.sign(incident.data(), key)
    path = path_of(root, incident.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    _create(path.with_name(path.name + ".sig"), signature)
    _create(path, incident.data())
    return path


@dataclass(frozen=True)
class Checked:
    incident: Incident | None
    ok: bool
    reason: str = ""


def verify(root: Path, incident_id: str, now: dt.datetime | None = None) -> Checked:
    """Whether the record exists, is well formed and carries a valid signature of the
    person it names, by a key ``review/allowed_signers`` lists for them."""
    if not _ID_RE.match(incident_id or ""):
        return Checked(None, False, f"事件编号 {incident_id!r} 格式错误")
    path = path_of(root, incident_id)
    try:
        data = path.read_bytes()
    except OSError:
        return Checked(None, False, f"找不到事件记录 {INCIDENTS_DIR}/{incident_id}{SUFFIX}")
    try:
        inc = parse(data)
    except IncidentError as err:
        return Checked(None, False, f"事件记录无效（{err}）")
    if inc.id != incident_id:
        return Checked(inc, False, f"事件记录的 id {inc.id} 与文件名不符")
    now = now or dt.datetime.now(dt.UTC)
    if inc.when_dt > now + dt.timedelta(days=1):
        return Checked(inc, False, f"事件时间 {inc.when} 晚于当前时间")
    sig = path.with_name(path.name + ".sig")
    try:
        sig_bytes = sig.read_bytes()
        blob, namespace = sshsig.signature_info(sig_bytes)
    except OSError:
        return Checked(inc, False, f"缺少签名文件 {sig.name}")
    except (ValueError, UnicodeDecodeError):
        return Checked(inc, False, "签名文件损坏")
    if namespace != NAMESPACE or sshsig.fingerprint(blob) != inc.key:
        return Checked(inc, False, "签名所用密钥或用途与记录不符")
    store = Store(root)
    if blob in store.revoked:
        return Checked(inc, False, f"签名密钥已吊销（{REVOKED_KEYS}）")
    revoked = store.path(REVOKED_KEYS) if store.revoked else None
    good, _ = sshsig.verify(inc.data(), sig, store.path(ALLOWED_SIGNERS), principal(inc.unit, inc.person),
                            inc.when_dt, revoked)
    if not good:
        return Checked(inc, False, f"签名无法核验：签名密钥未在 {ALLOWED_SIGNERS} 中登记为 "
                                   f"{principal(inc.unit, inc.person)}，或记录在签名后被改动")
    return Checked(inc, True)


def load(root: Path, incident_id: str) -> Incident:
    return parse(path_of(root, incident_id).read_bytes())


def now_text() -> str:
    return utc_text(dt.datetime.now(dt.UTC).replace(microsecond=0))

"""The verdict on one record file: is it a genuine approval, and if not, why not.

``ssh-keygen -Y verify`` decides (against ``review/allowed_signers`` for reviewers'
records, ``review/forge_importers`` for imported ones, with ``review/revoked_keys``).
When it refuses, the signature's own public key tells why: revoked, outside its
validity window, belonging to someone else, or no valid signature at all (forged).

Time comes from the repository, not from the signer: the key's validity window is
checked at the time the record entered the protected branch (its first-parent git
history, :meth:`Store.entry_time`), or at the time of the check for a record that is
not there yet (new in a pull request, not committed). The record's own ``when`` (and
``imported`` for forge records) must not be later than that time and must fall inside
the key's window too; a backdated ``when`` on a key that has expired buys nothing.

Verdicts depend only on the record, its signature, the signer key's own lines in the
trust files and that time, so they are cached by a hash of exactly those, in the
per-user machine-bound cache (:mod:`govsite.core.diskcache`), never in the repository.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass
from pathlib import Path

from govsite.core.diskcache import DiskCache
from govsite.review import ALLOWED_SIGNERS, FORGE_IMPORTERS, NAMESPACE, REVOKED_KEYS, sshsig
from govsite.review.records import Record, RecordError, parse, record_dir, utc_text
from govsite.review.status import ReviewStatus
from govsite.review.store import Store

# a record's verdict, in the one vocabulary of approval states (review/status.py)
OK, FORGED, KEY_INVALID, WRONG_KEY = ReviewStatus.OK, ReviewStatus.FORGED, ReviewStatus.KEY_INVALID, ReviewStatus.WRONG_KEY
CACHE_VERSION = b"govsite-approval-verdict/3"
FUTURE_SLACK = dt.timedelta(days=1)


@dataclass(frozen=True)
class Verdict:
    status: str  # ok | forged | key_invalid | wrong_key
    reason: str = ""  # Chinese, for editors
    signer: str = ""  # fingerprint of the signing key
    owners: tuple[str, ...] = ()  # wrong_key: principals the key belongs to

    @property
    def ok(self) -> bool:
        return self.status == OK


# The start of the reason when a record's signature is sound but its key is not (yet)
# registered; REV015 words that case as "register the key first", not as a forgery.
KEY_NOT_REGISTERED = "密钥尚未登记"


@dataclass(frozen=True)
class Checked:
    path: Path
    rel: str
    record: Record | None  # None: the file could not be read or parsed (verdict FORGED)
    verdict: Verdict

    @property
    def parsed(self) -> Record:
        """The record of a file known to hold one (a page's approvals and their evidence)."""
        if self.record is None:
            raise ValueError(f"{self.rel}: no parsed record")
        return self.record


class Verifier:
    """Verdicts for the records of one repository (memoised, disk-cached)."""

    def __init__(self, store: Store, use_cache: bool = True) -> None:
        self.store = store
        self.cache = DiskCache("approvals", store.root, use_cache)
        self._memo: dict[Path, Checked] = {}

    def check(self, path: Path, now: dt.datetime | None = None) -> Checked:
        if path in self._memo:
            return self._memo[path]
        result = self._check(path, now or dt.datetime.now(dt.UTC))
        self._memo[path] = result
        return result

    def check_many(self, paths: list[Path]) -> list[Checked]:
        """Verdicts for many records (the trust and history indexes read once for all)."""
        todo = [p for p in paths if p not in self._memo]
        if len(todo) > 1:
            self.store.warm()
            now = dt.datetime.now(dt.UTC)
            for path in todo:  # in-process verification: a thread per record cost more than it saved
                self._memo[path] = self._check(path, now)
        return [self.check(p) for p in paths]

    def forget(self) -> None:
        self._memo.clear()

    def _check(self, path: Path, now: dt.datetime) -> Checked:
        rel = self.store.rel(path)
        try:
            data = path.read_bytes()
        except OSError as err:
            return Checked(path, rel, None, Verdict(FORGED, f"无法读取：{err.strerror}"))
        try:
            record = parse(data)
        except RecordError as err:
            return Checked(path, rel, None, Verdict(FORGED, f"不是有效的签名记录（{err}）"))
        try:
            folder = record_dir(record.page)
        except ValueError:
            folder = None
        if self.store.rel(path.parent) != folder:
            return Checked(path, rel, record, Verdict(FORGED, f"记录写的是 {record.page}，却放在另一页面的目录中"))
        entered = self.store.entry_time(rel, data)
        at = entered or now
        if record.signed_at > at + FUTURE_SLACK or record.when_dt > at + FUTURE_SLACK:
            later = "晚于记录进入受保护分支的时间" if entered else "晚于当前时间"
            return Checked(path, rel, record, Verdict(FORGED, f"签名时间 {utc_text(record.signed_at)} {later}（{utc_text(at)}）"))
        sig = path.with_name(path.name + ".sig")
        try:
            sig_bytes = sig.read_bytes()
        except OSError:
            what = "导入者签名" if record.is_forge else "签名文件"
            return Checked(path, rel, record, Verdict(FORGED, f"缺少{what} {sig.name}，记录无法证明出自本人" if not record.is_forge
                                                      else f"缺少{what} {sig.name}，没有平台导入来源证明"))
        return Checked(path, rel, record, self._cached(record, data, sig, sig_bytes, at, entered is not None))

    # -- the cryptographic part, cached -----------------------------------------
    def _trust(self, record: Record) -> tuple[str, bytes, list]:
        if record.is_forge:
            return FORGE_IMPORTERS, self.store.importers_bytes, self.store.importers
        return ALLOWED_SIGNERS, self.store.allowed_bytes, self.store.allowed

    def _cached(self, record: Record, data: bytes, sig: Path, sig_bytes: bytes, at: dt.datetime,
                from_repo: bool) -> Verdict:
        key = self._key(record, data, sig_bytes, at, from_repo)
        d = self.cache.get(key)
        if isinstance(d, dict):
            try:
                return Verdict(d["status"], d["reason"], d["signer"], tuple(d["owners"]))
            except (KeyError, TypeError):
                pass
        verdict = self._verify(record, data, sig, sig_bytes, at, from_repo)
        self.cache.put(key, asdict(verdict))
        return verdict

    def _key(self, record: Record, data: bytes, sig_bytes: bytes, at: dt.datetime, from_repo: bool) -> str:
        """The record, its signature, the time it is judged at, and what the trust files
        say about the signing key: its own lines and whether it is revoked."""
        trust_rel, trust_bytes, signers = self._trust(record)
        try:
            blob, _ = sshsig.signature_info(sig_bytes)
        except (ValueError, UnicodeDecodeError):
            blob = None
        if blob is None:
            entry = trust_bytes
        else:
            lines = trust_bytes.decode("utf-8", "replace").splitlines()
            # the line number too: a KEY_INVALID reason names it
            entry = "\n".join(f"{s.line}:{lines[s.line - 1]}" for s in signers
                              if s.blob == blob and s.line <= len(lines)).encode()
        revoked = b"revoked" if blob is not None and blob in self.store.revoked else b""
        digest = hashlib.sha256(CACHE_VERSION)
        for part in (NAMESPACE.encode(), data, sig_bytes, trust_rel.encode(), entry, revoked,
                     f"{utc_text(at)} {from_repo}".encode()):
            digest.update(hashlib.sha256(part).digest())
        return digest.hexdigest()

    def _verify(self, record: Record, data: bytes, sig: Path, sig_bytes: bytes, at: dt.datetime,
                from_repo: bool) -> Verdict:
        try:
            blob, namespace = sshsig.signature_info(sig_bytes)
        except (ValueError, UnicodeDecodeError):
            return Verdict(FORGED, "签名文件损坏，不是 SSH 签名")
        fp = sshsig.fingerprint(blob)
        if namespace != NAMESPACE:
            return Verdict(FORGED, f"签名用途为 {namespace!r}，不是审核签名（{NAMESPACE}）", fp)
        if record.key != fp:
            return Verdict(FORGED, "记录中的密钥指纹与签名所用密钥不符", fp)
        trust_rel, _, signers = self._trust(record)
        principal = record.signer_principal
        if blob in self.store.revoked:
            return Verdict(KEY_INVALID, f"签名密钥 {fp} 已吊销（{REVOKED_KEYS}）", fp)
        when = "记录进入受保护分支的时间" if from_repo else "核验时间（记录尚未进入受保护分支）"
        # The signature itself, in-process (what ssh-keygen -Y check-novalidate checks);
        # then who may sign, when and for what, from the trust file (what -Y verify adds).
        if not sshsig.signature_valid(data, sig_bytes):
            return Verdict(FORGED, "签名与记录内容不符（记录在签名后被改动，或签名是伪造的）", fp)
        mine = [s for s in signers if s.blob == blob]
        if not mine:
            # The signature matches the record; only its key is unknown here (often still
            # in an unmerged pull request): not a forgery, and re-signing would not help.
            return Verdict(FORGED, f"{KEY_NOT_REGISTERED}：签名与记录相符，但签名密钥 {fp} 尚未在 {trust_rel} 中登记", fp)
        for s in mine:
            if principal in s.principals:
                if not s.valid_at(at):
                    return Verdict(KEY_INVALID, f"{when} {at:%Y-%m-%d %H:%M} UTC 不在该密钥的有效期（{s.window_text()}）内"
                                                f"（{trust_rel} 第 {s.line} 行）", fp)
                if not s.valid_at(record.signed_at):
                    return Verdict(KEY_INVALID, f"签名时间 {record.signed_at:%Y-%m-%d %H:%M} UTC 不在该密钥的有效期（{s.window_text()}）内（{trust_rel} 第 {s.line} 行）", fp)
                if s.namespaces is not None and NAMESPACE not in s.namespaces:
                    return Verdict(KEY_INVALID, f"该密钥在 {trust_rel} 第 {s.line} 行未授权用于审核签名（namespaces 不含 {NAMESPACE}）", fp)
                return Verdict(OK, "", fp)
        owners = tuple(sorted({p for s in mine for p in s.principals}))
        return Verdict(WRONG_KEY, f"签名密钥属于 {'、'.join(owners)}，不是记录中的 {principal}", fp, owners)

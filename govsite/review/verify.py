"""The verdict on one record file: is it a genuine approval, and if not, why not.

``ssh-keygen -Y verify`` decides (against ``review/allowed_signers`` for reviewers'
records, ``review/forge_importers`` for imported ones, with ``review/revoked_keys``
and ``verify-time`` = the time the record says it was signed). When it refuses, the
signature's own public key tells why: revoked, outside its validity window, belonging
to someone else, or no valid signature at all (forged).

Verdicts depend only on the bytes of the record, its signature and the trust files,
so they are cached on disk under ``.govsite-cache/approvals/`` by a hash of exactly
those bytes; a change to any of them is a new key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from govsite.review import ALLOWED_SIGNERS, FORGE_IMPORTERS, NAMESPACE, REVOKED_KEYS, sshsig
from govsite.review.records import Record, RecordError, page_dir, parse
from govsite.review.status import ReviewStatus
from govsite.review.store import Store

CACHE_DIR = ".govsite-cache/approvals"
CACHE_VERSION = b"govsite-approval-verdict/1"
FUTURE_SLACK = dt.timedelta(days=1)


@dataclass(frozen=True)
class Verdict:
    status: ReviewStatus  # OK | FORGED | KEY_INVALID | WRONG_KEY
    reason: str = ""  # Chinese, for editors
    signer: str = ""  # fingerprint of the signing key
    owners: tuple[str, ...] = ()  # wrong_key: principals the key belongs to

    @property
    def ok(self) -> bool:
        return self.status == ReviewStatus.OK


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
        self.use_cache = use_cache
        self._memo: dict[Path, Checked] = {}
        self._executor: ThreadPoolExecutor | None = None

    def check(self, path: Path, now: dt.datetime | None = None) -> Checked:
        if path in self._memo:
            return self._memo[path]
        result = self._check(path, now or dt.datetime.now(dt.UTC))
        self._memo[path] = result
        return result

    def check_many(self, paths: list[Path]) -> list[Checked]:
        """Verdicts for many records; ssh-keygen runs in parallel for the uncached ones."""
        todo = [p for p in paths if p not in self._memo]
        if len(todo) > 1:
            now = dt.datetime.now(dt.UTC)
            for path, result in zip(todo, self._pool().map(lambda p: self._check(p, now), todo)):
                self._memo[path] = result
        return [self.check(p) for p in paths]

    def _pool(self) -> ThreadPoolExecutor:
        # One pool for the verifier's life: a pool per page cost more than the
        # cached verdicts it waited for.
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=8)
        return self._executor

    def forget(self) -> None:
        self._memo.clear()

    def _check(self, path: Path, now: dt.datetime) -> Checked:
        rel = self.store.rel(path)
        try:
            data = path.read_bytes()
        except OSError as err:
            return Checked(path, rel, None, Verdict(ReviewStatus.FORGED, f"无法读取：{err.strerror}"))
        try:
            record = parse(data)
        except RecordError as err:
            return Checked(path, rel, None, Verdict(ReviewStatus.FORGED, f"不是有效的签名记录（{err}）"))
        if self.store.rel(path.parent) != page_dir(record.page):
            return Checked(path, rel, record, Verdict(ReviewStatus.FORGED, f"记录写的是 {record.page}，却放在另一页面的目录中"))
        if record.signed_at > now + FUTURE_SLACK or record.when_dt > now + FUTURE_SLACK:
            return Checked(path, rel, record, Verdict(ReviewStatus.FORGED, f"签名时间 {record.when} 晚于当前时间"))
        sig = path.with_name(path.name + ".sig")
        try:
            sig_bytes = sig.read_bytes()
        except OSError:
            what = "导入者签名" if record.is_forge else "签名文件"
            return Checked(path, rel, record, Verdict(ReviewStatus.FORGED, f"缺少{what} {sig.name}，记录无法证明出自本人" if not record.is_forge
                                                      else f"缺少{what} {sig.name}，没有平台导入来源证明"))
        return Checked(path, rel, record, self._cached(record, data, sig, sig_bytes))

    # -- the cryptographic part, cached -----------------------------------------
    def _trust(self, record: Record) -> tuple[str, bytes, list]:
        if record.is_forge:
            return FORGE_IMPORTERS, self.store.importers_bytes, self.store.importers
        return ALLOWED_SIGNERS, self.store.allowed_bytes, self.store.allowed

    def _cached(self, record: Record, data: bytes, sig: Path, sig_bytes: bytes) -> Verdict:
        trust_rel, trust_bytes, _ = self._trust(record)
        digest = hashlib.sha256(CACHE_VERSION)
        for part in (NAMESPACE.encode(), data, sig_bytes, trust_bytes, self.store.revoked_bytes):
            digest.update(hashlib.sha256(part).digest())
        key = digest.hexdigest()
        cache_file = self.store.root / CACHE_DIR / key[:2] / f"{key}.json"
        if self.use_cache:
            try:
                d = json.loads(cache_file.read_text("utf-8"))
                return Verdict(ReviewStatus(d["status"]), d["reason"], d["signer"], tuple(d["owners"]))
            except (OSError, ValueError, KeyError, TypeError):
                pass
        verdict = self._verify(record, data, sig, sig_bytes)
        if self.use_cache:
            try:
                cache_file.parent.mkdir(parents=True, exist_ok=True)
                tmp = cache_file.with_suffix(".tmp")
                tmp.write_text(json.dumps(asdict(verdict), ensure_ascii=False), "utf-8")
                tmp.replace(cache_file)
            except OSError:
                pass
        return verdict

    def _verify(self, record: Record, data: bytes, sig: Path, sig_bytes: bytes) -> Verdict:
        try:
            blob, namespace = sshsig.signature_info(sig_bytes)
        except (ValueError, UnicodeDecodeError):
            return Verdict(ReviewStatus.FORGED, "签名文件损坏，不是 SSH 签名")
        fp = sshsig.fingerprint(blob)
        if namespace != NAMESPACE:
            return Verdict(ReviewStatus.FORGED, f"签名用途为 {namespace!r}，不是审核签名（{NAMESPACE}）", fp)
        if record.key != fp:
            return Verdict(ReviewStatus.FORGED, "记录中的密钥指纹与签名所用密钥不符", fp)
        trust_rel, _, signers = self._trust(record)
        principal = record.signer_principal
        if blob in self.store.revoked:
            return Verdict(ReviewStatus.KEY_INVALID, f"签名密钥 {fp} 已吊销（{REVOKED_KEYS}）", fp)
        # The signature itself, in-process (what ssh-keygen -Y check-novalidate checks);
        # then who may sign, when and for what, from the trust file (what -Y verify adds).
        if not sshsig.signature_valid(data, sig_bytes):
            return Verdict(ReviewStatus.FORGED, "签名与记录内容不符（记录在签名后被改动，或签名是伪造的）", fp)
        mine = [s for s in signers if s.blob == blob]
        if not mine:
            return Verdict(ReviewStatus.FORGED, f"签名密钥 {fp} 未在 {trust_rel} 中登记", fp)
        for s in mine:
            if principal in s.principals:
                if not s.valid_at(record.signed_at):
                    return Verdict(ReviewStatus.KEY_INVALID, f"签名时间 {record.signed_at:%Y-%m-%d %H:%M} UTC 不在该密钥的有效期（{s.window_text()}）内（{trust_rel} 第 {s.line} 行）", fp)
                if s.namespaces is not None and NAMESPACE not in s.namespaces:
                    return Verdict(ReviewStatus.KEY_INVALID, f"该密钥在 {trust_rel} 第 {s.line} 行未授权用于审核签名（namespaces 不含 {NAMESPACE}）", fp)
                return Verdict(ReviewStatus.OK, "", fp)
        owners = tuple(sorted({p for s in mine for p in s.principals}))
        return Verdict(ReviewStatus.WRONG_KEY, f"签名密钥属于 {'、'.join(owners)}，不是记录中的 {principal}", fp, owners)

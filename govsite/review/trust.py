"""Who may sign: ``review/allowed_signers``, ``review/forge_importers`` and
``review/revoked_keys``.

``allowed_signers`` and ``forge_importers`` use ssh-keygen's ALLOWED SIGNERS format
(``man ssh-keygen``), one key per line::

    # 王丽（政务公开科科长）2026-11-26
    wangli@qzfb namespaces="govsite-approval@qianjiang",valid-after="20261126Z" ssh-ed25519 AAAA... wangli@qzfb

Principals are ``<person-id>@<unit-id>`` (reviewers) or an importer's name (CI or the
platform owner). Wildcard principals and ``cert-authority`` are refused: one line must
name one person. ``valid-after`` / ``valid-before`` bound when a key's signatures
count (a reviewer who left gets ``valid-before`` = the day they left; what they signed
before still counts). Lines are appended, never deleted: removing a key would turn
every approval it made into an unverifiable record. ``revoked_keys`` lists public keys
(``ssh-ed25519 AAAA... # reason``) whose signatures never count again, whenever made.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from govsite.core.errors import ConfigError
from govsite.review import NAMESPACE
from govsite.review.sshsig import fingerprint, key_blob

KEY_TYPES = (
    "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
)
_TIME_RE = re.compile(r"\A(\d{8})(\d{4}(\d{2})?)?(Z)?\Z")


@dataclass(frozen=True)
class Signer:
    principals: tuple[str, ...]
    key_type: str
    blob: bytes
    valid_after: dt.datetime | None
    valid_before: dt.datetime | None
    namespaces: tuple[str, ...] | None
    line: int

    @cached_property
    def fingerprint(self) -> str:
        return fingerprint(self.blob)

    def valid_at(self, when: dt.datetime) -> bool:
        if self.valid_after and when < self.valid_after:
            return False
        return not (self.valid_before and when >= self.valid_before)

    def window_text(self) -> str:
        after = self.valid_after.strftime("%Y-%m-%d %H:%M UTC") if self.valid_after else "不限"
        before = self.valid_before.strftime("%Y-%m-%d %H:%M UTC") if self.valid_before else "不限"
        return f"自 {after} 至 {before}"


def parse_ssh_time(value: str) -> dt.datetime:
    """ssh-keygen's ``YYYYMMDD[HHMM[SS]][Z]``; times without Z are taken as UTC."""
    m = _TIME_RE.fullmatch(value)
    if not m:
        raise ValueError(value)
    digits = m.group(1) + (m.group(2) or "")
    fmt = {8: "%Y%m%d", 12: "%Y%m%d%H%M", 14: "%Y%m%d%H%M%S"}[len(digits)]
    return dt.datetime.strptime(digits, fmt).replace(tzinfo=dt.UTC)


def _tokens(line: str) -> list[str]:
    """Split on blanks outside double quotes (options may quote commas and spaces)."""
    out, cur, quoted = [], [], False
    for ch in line:
        if ch == '"':
            quoted = not quoted
            cur.append(ch)
        elif ch in " \t" and not quoted:
            if cur:
                out.append("".join(cur))
                cur = []
        else:
            cur.append(ch)
    if cur:
        out.append("".join(cur))
    return out


def _options(text: str) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    cur: list[str] = []
    quoted = False
    for ch in text + ",":
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            item = "".join(cur)
            cur = []
            if "=" in item:
                name, value = item.split("=", 1)
                out.append((name.lower(), value))
            elif item:
                out.append((item.lower(), None))
            continue
        else:
            cur.append(ch)
    return out


def parse_signers(text: str, rel: str) -> list[Signer]:
    """Parse an ALLOWED SIGNERS file; ConfigError naming the line on anything unusual."""
    signers: list[Signer] = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        tokens = _tokens(line)
        if len(tokens) < 3:
            raise ConfigError(rel, number, "格式错误：应为“签名人 选项 密钥类型 公钥”", "请用 govsite review keygen 生成这一行")
        principals = tuple(p for p in tokens[0].split(",") if p)
        if any(ch in tokens[0] for ch in "*?!"):
            raise ConfigError(rel, number, f"签名人 {tokens[0]!r} 含通配符", "每行只能写明确的签名人（如 wangli@qzfb）")
        rest = tokens[1:]
        opts: list[tuple[str, str | None]] = []
        if rest[0] not in KEY_TYPES:
            opts = _options(rest[0])
            rest = rest[1:]
        if len(rest) < 2 or rest[0] not in KEY_TYPES:
            raise ConfigError(rel, number, "缺少公钥或密钥类型不支持", f"支持：{' | '.join(KEY_TYPES)}")
        try:
            blob = key_blob(" ".join(rest[:2]))
        except ValueError:
            raise ConfigError(rel, number, "公钥不是有效的 base64", "请从 .pub 文件原样复制") from None
        after = before = None
        namespaces = None
        for name, value in opts:
            value = value.strip('"') if value is not None else None
            if name == "cert-authority":
                raise ConfigError(rel, number, "不支持 cert-authority", "请逐人登记公钥")
            try:
                if name == "valid-after" and value:
                    after = parse_ssh_time(value)
                elif name == "valid-before" and value:
                    before = parse_ssh_time(value)
            except ValueError:
                raise ConfigError(rel, number, f"{name} 的时间 {value!r} 格式错误", "应为 YYYYMMDD 或 YYYYMMDDHHMM[SS]，建议以 Z 结尾表示 UTC") from None
            if name == "namespaces" and value is not None:
                namespaces = tuple(n.strip() for n in value.split(","))
        signers.append(Signer(principals, rest[0], blob, after, before, namespaces, number))
    return signers


def parse_revoked(text: str) -> set[bytes]:
    """Public key blobs listed in ``revoked_keys`` (``type base64 [comment]`` lines)."""
    out = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            out.add(key_blob(line))
        except ValueError:
            continue
    return out


def signer_line(principals: str, key_text: str, valid_after: str | None = None,
                valid_before: str | None = None) -> str:
    """One ALLOWED SIGNERS line for ``key_text`` (``ssh-ed25519 AAAA... comment``)."""
    opts = [f'namespaces="{NAMESPACE}"']
    if valid_after:
        opts.append(f'valid-after="{valid_after}"')
    if valid_before:
        opts.append(f'valid-before="{valid_before}"')
    key_type, b64 = key_text.split()[:2]
    return f"{principals} {','.join(opts)} {key_type} {b64} {principals.split(',')[0]}"


def append_lines(path: Path, lines: list[str]) -> None:
    """Append to a trust file (created with a header when new); never rewrites a line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists() or path.stat().st_size == 0
    with open(path, "a", encoding="utf-8", newline="\n") as fh:
        if new:
            fh.write(HEADERS.get(path.name, "") )
        elif not path.read_bytes().endswith(b"\n"):
            fh.write("\n")
        for line in lines:
            fh.write(line.rstrip("\n") + "\n")


HEADERS = {
    "allowed_signers": (
        "# 审核人公钥（三审三校签名），ssh-keygen ALLOWED SIGNERS 格式；由 govsite review keygen 追加。\n"
        "# 签名人为 <人员id>@<单位id>；离职或调岗者加 valid-before=\"YYYYMMDDZ\"，此前的签名仍有效。\n"
        "# 只追加，不删除：删除一行会使该密钥做过的全部签名无法核验。\n"
    ),
    "forge_importers": (
        "# 可导入代码托管平台（GitHub、Gitea）审批的导入者公钥；由 govsite review keygen --importer 追加。\n"
    ),
    "revoked_keys": (
        "# 已吊销的公钥（密钥泄露等），每行一个；其做过的全部签名一律无效。由 govsite review revoke 追加。\n"
    ),
}

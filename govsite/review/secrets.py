"""Credentials in the repository (第十四条（二）: account passwords are never passed or
kept through insecure channels; the review gate's private keys never live in the
repository).

One scanner, used by the rule SCR002 (``govsite check``: the working tree), by
``govsite secrets [--history]`` (the working tree, and every blob in the history) and
by the project's own test of its repository. It finds:

* private keys (``-----BEGIN … PRIVATE KEY-----``);
* tokens: GitHub, Gitea, AWS, Alibaba Cloud (LTAI…), Tencent Cloud (AKID…), bearer
  tokens in an ``Authorization`` header;
* passwords written as ``password: …`` / ``密码：…`` (not placeholders such as
  ``${{ secrets.X }}``, ``os.environ[…]`` or ``<密码>``);
* session cookies (``Cookie: SESSIONID=…``);
* connection strings carrying a password (``mysql://user:pass@host``, JDBC
  ``password=…``).

Deliberate samples (rule fixtures) may live under ``tests/fixtures/`` only when visibly
fake: a private-key block there must not be a key ssh-keygen can read, a token must
contain FAKE, EXAMPLE or a run of zeros; passwords and cookies are not checked there.
Findings never repeat a secret in full: only its first characters.
"""

from __future__ import annotations

import re
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from govsite.review import sshsig

SAMPLES = "tests/fixtures/"
MAX_BYTES = 4 * 1024 * 1024

PRIVATE_KEY = re.compile(r"-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\Z)", re.S)
TOKENS = (
    ("GitHub 令牌", re.compile(r"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,251})(?![A-Za-z0-9_])")),
    ("Gitea 令牌", re.compile(r"(?i)(?:gitea[_-]?token|access[_-]?token|authorization)[\"']?\s*[:=]?\s*[\"']?(?:token\s+)?([0-9a-f]{40})(?![0-9a-f])")),
    ("AWS 访问密钥", re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])")),
    ("阿里云 AccessKey", re.compile(r"(?<![A-Za-z0-9])LTAI[0-9A-Za-z]{12,20}(?![A-Za-z0-9])")),
    ("腾讯云 SecretId", re.compile(r"(?<![A-Za-z0-9])AKID[0-9A-Za-z]{32}(?![A-Za-z0-9])")),
    ("Bearer 令牌", re.compile(r"(?i)authorization[\"']?\s*[:=]\s*[\"']?bearer\s+([A-Za-z0-9\-._~+/]{20,}=*)")),
)
FAKE = re.compile(r"(?i)fake|example|0{10}")
PASSWORD = re.compile(r"(?i)(?<![A-Za-z0-9_])(?:password|passwd|pwd|口令|密码)[\"']?\s*[:=：]\s*[\"']?([^\s\"'`,;，。；）)}\]]{4,})")
PLACEHOLDER = re.compile(r"(?i)^(?:\$|\{\{|<|\*{3,}|x{3,}|\.\.\.|…|(?:os\.)?environ|getenv|none|null|true|false|str\b|\w+\(|\w+\.\w+|\w+\[|[A-Z_]+$)")
COOKIE = re.compile(r"(?i)(?<![A-Za-z0-9_-])(?:set-)?cookie[\"']?\s*[:=]\s*[\"']?[^\n\"']*?"
                    r"\b((?:[A-Za-z_]*sess(?:ion)?[A-Za-z_]*|[A-Za-z_]*sid|[A-Za-z_]*token|[A-Za-z_]*auth[A-Za-z_]*)"
                    r"=[A-Za-z0-9%._\-+/]{12,})")
CONNECTION = re.compile(r"(?i)\b((?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|"
                        r"oracle|ftps?|sftp|smtps?|ldaps?)://[^\s:/@\"'<>]+:([^\s@/\"'<>]+)@[^\s\"'<>]+)")

# A literal every match of every pattern above contains: a file without any is skipped
# before the patterns run (most files of a district are pages and signature records,
# and a platform scans hundreds of thousands of them). Keep it in step with the patterns;
# tests/test_secrets.py checks that the scan finds the same with and without it.
TRIGGER = re.compile(r"PRIVATE KEY|gh[pousr]_|github_pat_|AKIA|ASIA|LTAI|AKID|://|口令|密码"
                     r"|(?i:token|authorization|password|passwd|pwd|cookie)")


@dataclass(frozen=True)
class Secret:
    path: str  # repository-relative (for history: the path the blob had)
    line: int
    kind: str
    excerpt: str  # masked: never the whole secret
    commit: str = ""  # history: the commit that introduced it

    def text(self) -> str:
        where = f"{self.path}:{self.line}" + (f"（提交 {self.commit[:12]}）" if self.commit else "")
        return f"{where}: {self.kind} {self.excerpt}"


def _mask(value: str, keep: int = 6) -> str:
    return value[:keep] + "…" if len(value) > keep else value[:2] + "…"


def _real_key(block: str) -> bool:
    """Whether ssh-keygen reads ``block`` as a private key (or asks for its passphrase)."""
    with tempfile.TemporaryDirectory(prefix="govsite-secret-") as tmp:
        path = Path(tmp) / "candidate"
        path.write_text(block.strip() + "\n", "utf-8")
        path.chmod(0o600)
        proc = subprocess.run([sshsig.ssh_keygen(), "-y", "-P", "", "-f", str(path)], capture_output=True, text=True)
        return proc.returncode == 0 or "passphrase" in (proc.stderr or "").lower()


def scan(name: str, data: bytes) -> list[Secret]:
    """Credentials in one file (``name`` is repository-relative)."""
    if len(data) > MAX_BYTES or b"\0" in data[:8192]:
        return []
    text = data.decode("utf-8", "replace")
    if TRIGGER.search(text) is None:
        return []
    return _scan_text(name, text)


def _scan_text(name: str, text: str) -> list[Secret]:
    sample = name.startswith(SAMPLES)
    found: list[tuple[int, str, str]] = []
    for m in PRIVATE_KEY.finditer(text):
        if not sample or _real_key(m.group(0)):
            found.append((m.start(), f"私钥（{m.group(1) or ''}PRIVATE KEY）", "-----BEGIN …"))
    for what, pattern in TOKENS:
        for m in pattern.finditer(text):
            if not sample or not FAKE.search(m.group(0)):
                found.append((m.start(), what, _mask(m.group(0), 8)))
    if not sample:
        for m in PASSWORD.finditer(text):
            if not PLACEHOLDER.match(m.group(1)):
                found.append((m.start(), "明文密码", _mask(m.group(0), m.start(1) - m.start() + 1)))
        for m in COOKIE.finditer(text):
            found.append((m.start(1), "会话 Cookie", _mask(m.group(1), m.group(1).index("=") + 3)))
        for m in CONNECTION.finditer(text):
            if not PLACEHOLDER.match(m.group(2)):
                found.append((m.start(), "含密码的连接串", _mask(m.group(1), m.group(1).index("://") + 3) + "（含密码）"))
    return [Secret(name, text.count("\n", 0, offset) + 1, kind, excerpt) for offset, kind, excerpt in sorted(found)]


def scan_tree(root: Path) -> list[Secret]:
    """The working tree as git sees it (tracked and untracked, ignored excluded); outside
    a repository every file except hidden folders and the built site."""
    from govsite.core import gitio

    root = Path(root)
    if gitio.is_repository(root):
        names = gitio.listed_files(root)
    else:
        names = sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                       if p.is_file() and not any(part.startswith(".") or part == "site"
                                                  for part in p.relative_to(root).parts))
    out: list[Secret] = []
    for name in names:
        path = root / name
        try:
            st = path.lstat()
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        # a long-lived process (mkdocs serve) rescans only the files that changed
        key = (str(path), st.st_size, st.st_mtime_ns)
        if key not in _MEMO:
            try:
                _MEMO[key] = scan(name, path.read_bytes())
            except OSError:
                continue
        out += _MEMO[key]
    return out


_MEMO: dict[tuple[str, int, int], list[Secret]] = {}


def scan_history(root: Path, all_refs: bool = False) -> list[Secret]:
    """Every blob reachable from HEAD (``all_refs``: from any branch or tag) that is not in
    the current index (those are the working tree's), with the commit that introduced it."""
    from govsite.core import gitio

    blobs = gitio.history_blobs(root, all_refs)
    current = gitio.index_blobs(root)
    todo = [sha for sha in blobs if sha not in current]
    out: list[Secret] = []
    for sha, data in gitio.read_blobs(root, todo):
        found = scan(blobs[sha], data)
        if found:
            commit = gitio.commit_adding_blob(root, sha, all_refs)
            out += [Secret(s.path, s.line, s.kind, s.excerpt, commit.sha if commit else sha) for s in found]
    return out

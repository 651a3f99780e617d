"""No private key, token or password in the repository (第十四条: credentials are never
kept in insecure places): the working tree as git sees it (tracked and untracked, not
ignored) and every blob in the history.

Deliberate samples for the secret-scanning rules may live under ``tests/fixtures/``
only if they are visibly fake: a private-key block there must not be a key ssh-keygen
can read, a token must contain FAKE, EXAMPLE or a run of zeros; passwords are not
checked there.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = "tests/fixtures/"
MAX_BYTES = 4 * 1024 * 1024

PRIVATE_KEY = re.compile(r"-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\Z)", re.S)
TOKENS = (
    ("GitHub 令牌", re.compile(r"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,251})(?![A-Za-z0-9_])")),
    ("Gitea 令牌", re.compile(r"(?i)(?:gitea[_-]?token|access[_-]?token|authorization)[\"']?\s*[:=]?\s*[\"']?(?:token\s+)?([0-9a-f]{40})(?![0-9a-f])")),
)
FAKE = re.compile(r"(?i)fake|example|0{10}")
PASSWORD = re.compile(r"(?i)(?<![A-Za-z0-9_])(?:password|passwd|pwd|口令|密码)[\"']?\s*[:=：]\s*[\"']?([^\s\"'`,;，。；）)}\]]{4,})")
PLACEHOLDER = re.compile(r"(?i)^(?:\$|\{\{|<|\*{3,}|x{3,}|\.\.\.|…|(?:os\.)?environ|getenv|none|null|true|false|str\b|\w+\(|\w+\.\w+|\w+\[|[A-Z_]+$)")


def _real_key(block: str, tmp: Path) -> bool:
    """Whether ssh-keygen reads ``block`` as a private key (or asks for its passphrase)."""
    path = tmp / "candidate"
    path.write_text(block.strip() + "\n", "utf-8")
    path.chmod(0o600)
    proc = subprocess.run(["ssh-keygen", "-y", "-P", "", "-f", str(path)], capture_output=True, text=True)
    return proc.returncode == 0 or "passphrase" in (proc.stderr or "").lower()


def scan(name: str, data: bytes, tmp: Path) -> list[str]:
    """Problems in one file (``name`` is repository-relative)."""
    if len(data) > MAX_BYTES or b"\0" in data[:8192]:
        return []
    text = data.decode("utf-8", "replace")
    sample = name.startswith(SAMPLES)
    problems = []
    for m in PRIVATE_KEY.finditer(text):
        if not sample or _real_key(m.group(0), tmp):
            problems.append(f"{name}: 私钥（{m.group(1) or ''}PRIVATE KEY）")
    for what, pattern in TOKENS:
        for m in pattern.finditer(text):
            if not sample or not FAKE.search(m.group(0)):
                problems.append(f"{name}: {what} {m.group(0)[:12]}…")
    if not sample:
        for m in PASSWORD.finditer(text):
            if not PLACEHOLDER.match(m.group(1)):
                problems.append(f"{name}: 明文密码 {m.group(0)[:40]}")
    return problems


def _git(*args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(["git", *args], cwd=REPO, input=data, capture_output=True, check=True).stdout


def test_working_tree_has_no_secrets(tmp_path):
    names = [n for n in _git("ls-files", "-z", "--cached", "--others", "--exclude-standard").decode().split("\0") if n]
    assert names, "git ls-files found nothing"
    problems = []
    for name in names:
        path = REPO / name
        if path.is_file() and not path.is_symlink():
            problems += scan(name, path.read_bytes(), tmp_path)
    assert problems == [], "\n".join(problems)


def test_history_has_no_private_keys_or_tokens(tmp_path):
    listing = _git("cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype) %(objectsize)").decode()
    blobs = [line.split()[0] for line in listing.splitlines() if line.split()[1] == "blob" and int(line.split()[2]) <= MAX_BYTES]
    out = _git("cat-file", "--batch", data=("\n".join(blobs) + "\n").encode())
    problems, pos = [], 0
    while pos < len(out):
        header_end = out.index(b"\n", pos)
        sha, _, size = out[pos:header_end].decode().split()
        body = out[header_end + 1: header_end + 1 + int(size)]
        pos = header_end + 1 + int(size) + 1
        for problem in scan(f"blob {sha[:12]}", body, tmp_path):
            if "明文密码" not in problem:  # history: keys and tokens (passwords need the file's path)
                problems.append(problem)
    assert problems == [], "\n".join(problems)


def test_the_scanner_finds_real_secrets(tmp_path):
    """The scan is not vacuous: a real key, tokens and a password are all caught."""
    key = tmp_path / "k"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    private = key.read_text()
    token = "gh" + "p_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    gitea = "GITEA_" + "TOKEN=" + "3f786850e387550fdab836ed7e6dc881de23001b"
    password = "pass" + "word: Qj#2026portal"
    assert scan("units/a/b/c.md", private.encode(), tmp_path)
    assert scan(f"{SAMPLES}rules/X.yml", private.encode(), tmp_path), "a real key is caught even among samples"
    assert scan("README.md", token.encode(), tmp_path)
    assert scan(".github/workflows/ci.yml", gitea.encode(), tmp_path)
    assert scan("govsite.yml", password.encode(), tmp_path)
    assert scan("units/a/gzdt/x.md", ("初始密" + "码：Abc12345").encode(), tmp_path)
    # visibly fake samples for rule fixtures, and placeholders, pass
    fake_key = "-----BEGIN OPENSSH " + "PRIVATE KEY-----\nFAKEFAKE\n-----END OPENSSH " + "PRIVATE KEY-----\n"
    assert scan(f"{SAMPLES}rules/SEC001.yml", fake_key.encode(), tmp_path) == []
    assert scan(f"{SAMPLES}rules/SEC001.yml", ("gh" + "p_" + "FAKE" + "0" * 32).encode(), tmp_path) == []
    assert scan(".github/workflows/ci.yml", b"password: ${{ secrets.DEPLOY_PASSWORD }}", tmp_path) == []
    assert scan("govsite/x.py", b"token = os.environ.get('GITHUB_TOKEN')", tmp_path) == []

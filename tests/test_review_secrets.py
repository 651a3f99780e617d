"""No private key, token or password in the repository (第十四条: credentials are never
kept in insecure places): the working tree as git sees it (tracked and untracked, not
ignored) and every blob in the history.

Deliberate samples for the secret-scanning rules may live under ``tests/fixtures/``
only if they are visibly fake: a private-key block there must not be a key ssh-keygen
can read, a token must contain FAKE, EXAMPLE or a run of zeros; passwords are not
checked there.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from govsite.review.secrets import SAMPLES, scan_history, scan_tree
from govsite.review.secrets import scan as scan_file

REPO = Path(__file__).resolve().parent.parent


def scan(name: str, data: bytes, tmp: Path | None = None) -> list[str]:
    """Problems in one file, as text (the library's scanner, govsite/review/secrets.py)."""
    return [s.text() for s in scan_file(name, data)]


def test_working_tree_has_no_secrets():
    problems = [s.text() for s in scan_tree(REPO)]
    assert problems == [], "\n".join(problems)


def test_history_has_no_secrets():
    problems = [s.text() for s in scan_history(REPO)]
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

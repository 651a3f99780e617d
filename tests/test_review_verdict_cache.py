"""The signature-verdict cache is keyed by the record, its signature and the signer's
own trust entry: registering another reviewer's key keeps every cached verdict, while
revoking or removing the signer's own key, or moving its line, is judged again."""

from __future__ import annotations

from pathlib import Path

import pytest
from reviewkit import keys_dir_for, make_key, pub_text, sign_all
from rulekit import make_site

from govsite.review import ALLOWED_SIGNERS, REVOKED_KEYS, verify
from govsite.review.store import Store
from govsite.review.trust import append_lines, signer_line
from govsite.review.verify import Verifier

PAGE = "demo"


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVSITE_CACHE_DIR", str(tmp_path / "user-cache"))
    root = make_site(tmp_path / "site")
    sign_all(root)
    return root


def records(root: Path) -> list[Path]:
    found = sorted((root / "review/approvals" / PAGE).rglob("*.approval"))
    assert found, "the fixture site has signed pages"
    return found


def verdicts(root: Path, monkeypatch) -> tuple[list[str], int]:
    """Verdicts of every record of the column from a fresh verifier, and how many of
    them were computed rather than read from the cache."""
    computed = []
    real = Verifier._verify

    def counting(self, *args, **kwargs):
        computed.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Verifier, "_verify", counting)
    checker = Verifier(Store(root))
    out = [checker.check(p).verdict.status for p in records(root)]
    monkeypatch.setattr(Verifier, "_verify", real)
    return out, len(computed)


def signer_of(root: Path, record: Path) -> str:
    """The allowed_signers line of the key that signed ``record``."""
    fp = Verifier(Store(root), use_cache=False).check(record).verdict.signer
    lines = (root / ALLOWED_SIGNERS).read_text("utf-8").splitlines()
    store = Store(root)
    return next(lines[s.line - 1] for s in store.allowed if verify.sshsig.fingerprint(s.blob) == fp)


def test_an_unrelated_key_keeps_every_verdict_cached(site, monkeypatch):
    first, computed = verdicts(site, monkeypatch)
    assert set(first) == {"ok"}
    again, computed = verdicts(site, monkeypatch)
    assert again == first and computed == 0
    # a new reviewer's key appended to the trust file: nobody's verdict depends on it
    other = make_key(keys_dir_for(site), "demo", "newcomer")
    append_lines(site / ALLOWED_SIGNERS, [signer_line("newcomer@demo", pub_text(other), "20200101Z")])
    after, computed = verdicts(site, monkeypatch)
    assert after == first and computed == 0


def test_revoking_the_signers_key_is_judged_again(site, monkeypatch):
    first, _ = verdicts(site, monkeypatch)
    target = records(site)[0]
    line = signer_of(site, target)
    tokens = line.split()
    at = next(i for i, t in enumerate(tokens) if t.startswith(("ssh-", "ecdsa-")))
    key_text = " ".join(tokens[at:at + 2])
    (site / REVOKED_KEYS).write_text(key_text + "\n", "utf-8")
    after, computed = verdicts(site, monkeypatch)
    revoked = [i for i, status in enumerate(after) if status != "ok"]
    assert revoked and 0 in revoked  # the revoked key's records, and only those, fail now
    assert computed == len(revoked)
    assert all(after[i] == "key_invalid" for i in revoked)


def test_removing_the_signers_line_is_judged_again(site, monkeypatch):
    first, _ = verdicts(site, monkeypatch)
    target = records(site)[0]
    line = signer_of(site, target)
    kept = [x for x in (site / ALLOWED_SIGNERS).read_text("utf-8").splitlines() if x != line]
    # removing a line moves every later one: the reasons name lines, so those are judged again too
    (site / ALLOWED_SIGNERS).write_text("\n".join(kept) + "\n", "utf-8")
    after, computed = verdicts(site, monkeypatch)
    assert after[0] == "forged" and computed >= sum(1 for s in after if s != "ok")
    assert computed < len(after) or all(s != "ok" for s in after)

"""Approvals for test sites, with throwaway keys made by the real ssh-keygen.

Rule fixtures (``tests/fixtures/rules/REV01x.yml``) use three case keys, read by
:func:`approve_case` after the case's ``page`` is written:

* ``approve``: a list of approvals of the page's current content; each entry is a role
  (``drafter``: signed by the person the page names for it, with that person's key)
  or a mapping::

      {role: checker,        # the record's role (required)
       as: wangfang2,        # the record's person (default: the page's person for role)
       key: kezhang,         # whose key signs (default: the record's person)
       provider: github,     # an imported forge approval, signed by the test importer
       login: someone,       # forge login (default: the person's login in unit.yml)
       tamper: true,         # change the record after signing
       unregistered: true,   # the signing key is not listed in review/allowed_signers
       unsigned: true,       # no .sig file
       when: "2026-11-20T08:00:00Z"}   # signing time (default: now)

* ``signers``: per person id, options of their line in ``review/allowed_signers``:
  ``valid_after`` / ``valid_before`` (ssh-keygen times, e.g. ``"20200101Z"``),
  ``revoked: true`` (listed in ``review/revoked_keys``), ``also: [fuzhu]`` (the same
  key listed for other people too);
* ``then_page``: page text written after the approvals (makes them stale).

Other tests use :func:`sign_all` (every page of a site still lacking approvals, for its
three reviewers), :func:`reviewer_keys` (keys for people who will sign with
``govsite review approve``) and :func:`keys_env` (the environment that lets
``govsite review`` find the keys). The fixture site comes signed (its
``review/`` was made by ``scripts/sign_demo.py --root tests/fixtures/site``; re-run it
after editing a base page).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from govsite.core.project import Project
from govsite.review import ALLOWED_SIGNERS, FORGE_IMPORTERS, REVOKED_KEYS, principal, sshsig
from govsite.review.bulk import sign_site
from govsite.review.hashing import content_hash
from govsite.review.records import Record, utc_text
from govsite.review.roster import slots
from govsite.review.store import Store
from govsite.review.trust import append_lines, signer_line

IMPORTER = "ci"


def keys_dir_for(root: Path) -> Path:
    """Throwaway keys of a test site: beside it, never inside it."""
    return Path(root).resolve().parent / f".keys-{Path(root).name}"


def keys_env(root: Path) -> dict[str, str]:
    return {"GOVSITE_KEYS_DIR": str(keys_dir_for(root))}


def sign_all(root: Path, pages: list[str] | None = None):
    """Approve every page (or ``pages``) of the site for its three reviewers."""
    return sign_site(Project(root), keys_dir_for(root), pages)


def reviewer_keys(root: Path, unit_id: str = "demo", people: tuple[str, ...] = ("keyuan", "kezhang", "fuzhu")) -> None:
    """Throwaway keys for ``people``, registered in the site's review/allowed_signers,
    as ``govsite review keygen`` makes them (the fixture site's own keys are discarded)."""
    from govsite.review.signing import keygen

    base = keys_dir_for(root)
    project = Project(root)
    for person in people:
        if not (base / unit_id / person).exists():
            keygen(project, unit_id, person, "", base)


def make_key(base: Path, unit_id: str, person_id: str) -> Path:
    path = base / unit_id / person_id
    if not path.exists():
        sshsig.generate_key(path, principal(unit_id, person_id), "")
    return path


def pub_text(key: Path) -> str:
    return key.with_name(key.name + ".pub").read_text("utf-8").strip()


def fingerprint(key: Path) -> str:
    return sshsig.fingerprint(sshsig.key_blob(pub_text(key)))


def importer_key(root: Path) -> Path:
    """The test importer's key, registered in review/forge_importers."""
    base = keys_dir_for(root)
    key = base / "_importers" / IMPORTER
    if not key.exists():
        sshsig.generate_key(key, IMPORTER, "")
        append_lines(Path(root) / FORGE_IMPORTERS, [signer_line(IMPORTER, pub_text(key), "20200101Z")])
    return key


def approve_case(root: Path, path: str, case: dict) -> None:
    root = Path(root)
    project = Project(root)
    page = project.page(path)
    unit = project.unit(project.roster_unit_id(path))  # a portal page: its owner's roster
    named = {s.role: s.person for s in slots(page, unit)}
    entries = [e if isinstance(e, dict) else {"role": e} for e in case.get("approve") or []]
    options = case.get("signers") or {}
    base = keys_dir_for(root)

    def person_of(entry):
        return entry.get("as") or named[entry["role"]].id

    owners = list(dict.fromkeys([e.get("key") or person_of(e) for e in entries
                                 if e.get("provider", "ssh") == "ssh" and not e.get("unregistered")] + list(options)))
    lines, revoked = [], []
    for pid in owners:
        key = make_key(base, unit.id, pid)
        opts = options.get(pid) or {}
        principals = ",".join([principal(unit.id, pid)] + [principal(unit.id, o) for o in opts.get("also", [])])
        lines.append(signer_line(principals, pub_text(key), opts.get("valid_after", "20200101Z"), opts.get("valid_before")))
        if opts.get("revoked"):
            revoked.append(pub_text(key) + " # 测试：已吊销")
    if lines:
        append_lines(root / ALLOWED_SIGNERS, lines)
    if revoked:
        append_lines(root / REVOKED_KEYS, revoked)
    store = Store(root)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for entry in entries:
        pid = person_of(entry)
        person = unit.person_by_id(pid)
        provider = entry.get("provider", "ssh")
        when = entry.get("when") or utc_text(now)
        common = dict(page=path, unit=unit.id, title=str(page.meta.get("title") or ""), hash=content_hash(page.raw),
                      role=entry["role"], person=pid, name=person.name, when=when, provider=provider)
        if provider == "ssh":
            key = make_key(base, unit.id, entry.get("key") or pid)
            record = Record(**common, key=fingerprint(key))
        else:
            key = importer_key(root)
            login = entry.get("login") or getattr(person, provider) or pid
            record = Record(**common, pr="12", head="1" * 40, review="1001", login=login,
                            url="https://example.invalid/pulls/12#review-1001", importer=IMPORTER,
                            imported=utc_text(now), key=fingerprint(key))
        signature = sshsig.sign(record.data(), key)
        written = store.write(record, signature)
        if entry.get("tamper"):
            data = written.read_bytes().replace(b"\ntitle: ", b"\ntitle: \xe6\x94\xb9", 1)
            written.write_bytes(data)
        if entry.get("unsigned"):
            written.with_name(written.name + ".sig").unlink()
    if "then_page" in case:
        (root / path).write_text(case["then_page"], "utf-8")


# -- git, for tests with real repositories ---------------------------------------
GIT_ENV = {"GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "test@example.gov.cn",
           "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "test@example.gov.cn"}


def git(root: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=root, env=dict(os.environ, **GIT_ENV),
                          check=True, capture_output=True, text=True)
    return proc.stdout.strip()


def git_init(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "初始站点")


def commit_all(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD")

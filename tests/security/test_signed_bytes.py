"""The signed content is every byte of the page (issue 9, item 2).

An approval signs :func:`govsite.review.hashing.content_hash`: the whole file,
front-matter and ``reviewers`` included, after only the documented normalisations
(one leading UTF-8 BOM; CRLF and CR to LF; spaces, tabs and line breaks at the very end
of the file). Front-matter beyond plain YAML is refused (FMT007), so what reviewers
read is what the build uses. Real signatures (ssh-keygen) and a real ``mkdocs build``.
"""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reviewkit import sign_all
from sitekit import govsite, make_portal, mkdocs_build

from govsite.core.project import Project
from govsite.review import gate
from govsite.review.hashing import content_hash

PAGE = "units/demo/gzdt/base.md"
APPROVER_LINE = "  approver: 傅柱\n"


def documented_normal_form(raw: bytes) -> bytes:
    """The normalisations docs/design.md and hashing.py promise, written out here
    independently of the implementation."""
    if raw[:3] == b"\xef\xbb\xbf":
        raw = raw[3:]
    raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    while raw[-1:] in (b" ", b"\t", b"\n"):
        raw = raw[:-1]
    return raw


def approved(root) -> bool:
    project = Project(root)
    evaluation = gate.evaluate(project.page(PAGE), project)
    return evaluation is not None and evaluation.approved


@pytest.fixture(scope="module")
def signed(tmp_path_factory):
    root = make_portal(tmp_path_factory.mktemp("signed") / "portal")
    sign_all(root)
    assert approved(root)
    return root


@pytest.fixture
def portal(signed, tmp_path):
    root = tmp_path / "portal"
    shutil.copytree(signed, root, symlinks=True)
    return root


def test_an_explicit_key_after_the_review_block_changes_the_hash_and_is_refused(portal):
    page = portal / PAGE
    before = page.read_bytes()
    text = before.decode("utf-8")
    assert APPROVER_LINE in text
    page.write_text(text.replace(APPROVER_LINE, APPROVER_LINE + "? title\n: 新标题\n"), "utf-8")
    assert content_hash(page.read_bytes()) != content_hash(before)
    assert not approved(portal)
    check = govsite(portal, "check", PAGE)
    assert check.returncode == 1
    assert f"{PAGE}:9: FMT007" in check.stdout and "显式键" in check.stdout
    build = mkdocs_build(portal)
    assert build.returncode != 0
    assert "FMT007" in build.stderr
    assert not (portal / "site/demo/gzdt/base/index.html").exists()


def test_the_reviewers_record_is_signed_too(portal):
    page = portal / PAGE
    text = page.read_text("utf-8")
    # the same three people, written as ids in flow style: still a change they must sign
    page.write_text(text.replace("reviewers:\n  drafter: 柯源\n  checker: 柯章\n  approver: 傅柱\n",
                                 "reviewers: {drafter: keyuan, checker: kezhang, approver: fuzhu}\n"), "utf-8")
    assert not approved(portal)
    check = govsite(portal, "check", PAGE)
    assert check.returncode == 1 and "REV011" in check.stdout


def test_the_documented_normalisations_keep_the_approvals(portal):
    page = portal / PAGE
    raw = page.read_bytes()
    for variant in (b"\xef\xbb\xbf" + raw, raw.replace(b"\n", b"\r\n"), raw.replace(b"\n", b"\r"),
                    raw + b"\n\n  \t\n"):
        page.write_bytes(variant)
        assert approved(portal), variant[:20]
    page.write_bytes(raw.replace("示例页面。".encode(), "示范页面。".encode()))
    assert not approved(portal)


# -- properties ----------------------------------------------------------------------

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
_PAGES = st.builds(
    lambda title, source, body, people: (
        f"---\ntitle: {title!r}\ndate: 2026-11-20\nsource: {source!r}\nreviewers:\n"
        f"  drafter: {people[0]!r}\n  checker: {people[1]!r}\n  approver: {people[2]!r}\n---\n\n{body}\n"
    ).encode(),
    _TEXT, _TEXT, _TEXT, st.tuples(_TEXT, _TEXT, _TEXT))


@st.composite
def mutations(draw, raw: bytes) -> bytes:
    """One byte insertion, deletion or replacement anywhere (front-matter included)."""
    kind = draw(st.sampled_from(("insert", "delete", "replace")))
    if kind == "insert" or not raw:
        at = draw(st.integers(0, len(raw)))
        return raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at:]
    at = draw(st.integers(0, len(raw) - 1))
    if kind == "delete":
        return raw[:at] + raw[at + 1:]
    return raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1:]


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_any_change_but_the_normalisations_changes_the_hash(data):
    raw = data.draw(_PAGES)
    changed = raw
    for _ in range(data.draw(st.integers(1, 3))):
        changed = data.draw(mutations(changed))
    same_text = documented_normal_form(changed) == documented_normal_form(raw)
    assert (content_hash(changed) == content_hash(raw)) == same_text


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_change_to_a_signed_page_makes_its_approvals_stale(signed, data):
    page = signed / PAGE
    original = page.read_bytes()
    changed = data.draw(mutations(original))
    try:
        page.write_bytes(changed)
        if documented_normal_form(changed) == documented_normal_form(original):
            assert approved(signed)
        else:
            assert not approved(signed), changed
    finally:
        page.write_bytes(original)

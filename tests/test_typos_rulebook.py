"""The typo word lists: every rulebook entry well-formed, and never firing on clean prose."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

from govsite.text.typos import resources
from govsite.text.typos.rulebook import Entry, Rulebook, RulebookError, load_entries, parse, rulebook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import typo_eval

HAN = re.compile(r"^[\u4e00-\u9fff]+$")


def test_every_entry_is_well_formed():
    entries = load_entries()
    assert len(entries) >= 100
    wrongs = [e.wrong for e in entries]
    assert len(wrongs) == len(set(wrongs)), "duplicate wrong form"
    for e in entries:
        assert HAN.match(e.wrong) and HAN.match(e.right), e
        assert e.wrong != e.right, e
        assert len(e.wrong) >= 2, f"{e.wrong}: one character is never certainly wrong"
        assert e.wrong not in e.right, f"{e.wrong} is part of its own correction {e.right}"
        assert e.right not in wrongs, f"the correction {e.right} is itself listed as wrong"
        assert e.note is None or e.note.strip()


@pytest.mark.parametrize("doc,problem", [
    ({}, "entries"),
    ({"entries": [{"wrong": "布署"}]}, "non-empty"),
    ({"entries": [{"wrong": "布署", "right": "布署"}]}, "same"),
    ({"entries": [{"wrong": "布署", "right": "部署", "extra": 1}]}, "only"),
    ({"entries": [{"wrong": "布署", "right": "部署"}, {"wrong": "布署", "right": "部署"}]}, "twice"),
])
def test_malformed_rulebook_is_rejected(doc, problem):
    with pytest.raises(RulebookError, match=problem):
        parse(doc)


def test_matching_finds_every_form_once_longest_first():
    book = Rulebook([Entry("贯澈", "贯彻"), Entry("贯澈落实", "贯彻落实"), Entry("布署", "部署")])
    hits = book.find("要贯澈落实工作布署。")
    assert [(o, e.wrong) for o, e in hits] == [(1, "贯澈落实"), (7, "布署")]
    assert rulebook().find("按照部署，再接再厉") == []
    assert [e.right for _, e in rulebook().find("再接再励，既往不究")] == ["再接再厉", "既往不咎"]


def test_terms_and_shapes_are_well_formed():
    data = yaml.safe_load((resources.DATA / resources.TERMS_FILE).read_text("utf-8"))
    for group, terms in data["terms"].items():
        assert terms, group
        for t in terms:
            assert isinstance(t, str) and 2 <= len(t) <= 12 and " " not in t, (group, t)
    for w in data.get("latin", []):
        assert re.fullmatch(r"[a-z]+", w), w
    for g in resources.load_shapes():
        assert len(g) >= 2 and HAN.match(g), g


@pytest.mark.skipif(not typo_eval.available(), reason="../shared/eval is absent")
def test_no_wrong_form_occurs_in_the_work_reports():
    """The reports are clean, proofread prose: a wrong form found there is not certain."""
    text = "\n".join(r.content for r in typo_eval.reports())
    found = {e.wrong: text.count(e.wrong) for e in load_entries() if e.wrong in text}
    assert found == {}
    assert rulebook().find(text) == []

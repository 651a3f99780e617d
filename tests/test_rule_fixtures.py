"""Every rule, both ways, from its fixture file; and the registry's own contract."""

from __future__ import annotations

import re

import pytest
from rulekit import RULE_FIXTURES, apply_case, findings_for, load_cases, make_site, rendered, write_snapshots

from govsite.core.findings import CATEGORIES
from govsite.rules.registry import RULES

CASES = [
    pytest.param(spec.code, index, case, id=f"{spec.code}-{index}-{case['expect']}")
    for spec in RULES
    if (RULE_FIXTURES / f"{spec.code}.yml").exists()
    for index, case in enumerate(load_cases(spec.code))
]


@pytest.mark.parametrize("code,index,case", CASES)
def test_rule_case(tmp_path, request, code, index, case):
    root = make_site(tmp_path / "site")
    target = apply_case(root, case)
    found = findings_for(root, code, target, case.get("base"))
    if case["expect"] == "fail" and request.config.getoption("--update-fixtures"):
        write_snapshots(code, {index: rendered(found, case)})
    elif case["expect"] == "fail":
        assert rendered(found, case) == case.get("findings"), (
            f"{case['name']}: findings differ from the fixture's snapshot; if the change is intended, "
            "run pytest tests/test_rule_fixtures.py --update-fixtures and review the diff")
    if case["expect"] == "pass":
        assert found == [], f"{case['name']}: unexpected {[f.as_text() for f in found]}"
    else:
        assert found, f"{case['name']}: {code} did not fire"
        if "line" in case:
            assert case["line"] in [f.line for f in found], [f.as_text() for f in found]
        for f in found:
            # Messages are for editors: Chinese, and they say what to do.
            assert re.search(r"[\u4e00-\u9fff]", f.message)


ACTIVE = [r for r in RULES if not r.retired]  # a retired rule may lose its module and fixture


@pytest.mark.parametrize("spec", ACTIVE, ids=[r.code for r in ACTIVE])
def test_every_rule_has_fixture_both_ways(spec):
    path = RULE_FIXTURES / f"{spec.code}.yml"
    assert path.exists(), f"missing fixture file {path.name}"
    expects = {case["expect"] for case in load_cases(spec.code)}
    assert expects == {"pass", "fail"}, f"{spec.code} needs passing and failing cases"


@pytest.mark.parametrize("spec", ACTIVE, ids=[r.code for r in ACTIVE])
def test_every_rule_is_documented(spec):
    doc = spec.doc
    for part in ("What:", "Why:", "Example:", "Fix:"):
        assert part in doc, f"{spec.code} docstring lacks {part}"
    assert spec.category in CATEGORIES
    assert spec.article.startswith("《")
    assert callable(spec.check)

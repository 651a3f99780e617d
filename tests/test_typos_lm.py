"""The character language model (issue 17, item 1): built reproducibly from the tuning
half of the work reports, compact, and it prefers the corrected text."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from govsite.text.typos.lm import CharLM, model

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import typo_eval

REPO = Path(__file__).resolve().parent.parent

spec = importlib.util.spec_from_file_location("build_typo_lm", REPO / "scripts" / "build_typo_lm.py")
assert spec and spec.loader
build_typo_lm = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_typo_lm)


def test_the_shipped_model_is_compact():
    path = REPO / "govsite" / "data" / "typo_lm.npz"
    assert path.stat().st_size < 5_000_000
    lm = model()
    assert lm.total > 100_000 and lm.vocab > 1_000


@pytest.mark.skipif(not typo_eval.available(), reason="../shared/eval is absent")
def test_same_sources_give_the_byte_identical_model(tmp_path):
    out = tmp_path / "lm.npz"
    assert build_typo_lm.main(["--eval", str(typo_eval.EVAL_DIR), "--out", str(out)]) == 0
    first = out.read_bytes()
    assert build_typo_lm.build(typo_eval.EVAL_DIR) == first
    assert (REPO / "govsite" / "data" / "typo_lm.npz").read_bytes() == first, \
        "typo_lm.npz is not what scripts/build_typo_lm.py builds: run it and commit the result"


def test_only_the_tuning_half_of_the_reports_is_counted():
    if not typo_eval.available():
        pytest.skip("../shared/eval is absent")
    docs = build_typo_lm.documents(typo_eval.EVAL_DIR)
    assert [d for d in docs] == [r.content for r in typo_eval.reports("even")]


def test_the_model_prefers_the_corrected_character():
    import numpy as np

    texts = ["国家自然科学奖分为一等奖、二等奖两个等级。"] * 3 + ["培育发展大数据产业。"] * 3
    codes, counts = build_typo_lm.count(texts)
    lm = CharLM(codes, counts)
    assert lm.gain("国家自然科学奖分为一等奖二登奖两个等级", 13, "等") > 2
    assert lm.gain("培育发展大数据产业", 6, "局") < -2
    assert isinstance(codes, np.ndarray) and (codes[:-1] < codes[1:]).all()


def test_confusion_pairs_come_from_the_tuning_half_only():
    if not typo_eval.available():
        pytest.skip("../shared/eval is absent")
    import train_typos

    from govsite.text.typos.detector import load_pairs

    assert load_pairs() == dict(train_typos.pair_counts(typo_eval.ecspell("even")))

"""The statistical detector, the archive and the Latin-script speller on small texts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from govsite.text.document import parse
from govsite.text.typos import resources
from govsite.text.typos.archive import EMPTY, Archive
from govsite.text.typos.detector import Detector, is_traditional
from govsite.text.typos.latin import find as latin
from govsite.text.typos.latin import is_pinyin

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import typo_eval

CLEAN = [
    "会议强调，要深入贯彻落实党的二十届三中全会精神，扎实推进高质量发展。",
    "区政府办公室负责全区政府网站和政务新媒体的统筹协调和监督指导。",
    "各单位要严格执行三审三校制度，确保发布信息准确无误。",
    "深入推进放管服改革，持续优化营商环境，提升一网通办服务水平。",
    "今年以来，全区新增城镇就业一万二千人，城镇调查失业率控制在目标以内。",
]


@pytest.fixture(scope="module")
def det():
    return Detector()


def test_injected_typos_are_found_with_the_right_suggestion(det):
    text = "国家自然科学奖分为一等奖、二登奖两个等级。"
    found = det.scan(text)
    assert [(text[s.offset], s.suggestion) for s in found] == [("登", "等")]
    assert found[0].word == "二等奖"
    for clean in CLEAN:
        assert det.scan(clean) == [], clean


def test_archive_counts_other_pages_only():
    odd = "全面推进两江融合示范片区建设。"  # a local name the dictionary lacks
    archive = Archive.build((f"p{k}", f"第{k}期：{odd}") for k in range(30))
    view = archive.view("p0", "第0期：" + odd)
    assert view.get("融合") >= 29 and archive.view(None, "").get("融合") == 30
    # leave-one-out: a page's own phrase never vouches for itself
    alone = Archive.build([("only", "大数局产业大数局产业")], min_df=1)
    assert alone.view("only", "大数局产业").get("数局") == 0


def test_traditional_text_is_skipped(det):
    assert is_traditional("我們國家的經濟建設，必須依靠全國人民的努力，發展生産。")
    assert not is_traditional(CLEAN[0])
    assert det.scan("我們國家的經濟建設，必須依靠全國人民的努力，二登奖") == []


def test_prose_blanks_code_and_links_keeping_offsets(tmp_path):
    md = "见[通知](https://a.gov.cn/x)与`布署`。\n```\n布署\n```\n后"
    out = parse(tmp_path, md).prose
    assert len(out) == len(md) and out.count("\n") == md.count("\n")
    assert "布署" not in out and "https" not in out and out.endswith("后")


def test_latin_words():
    assert is_pinyin("zhengwu") and is_pinyin("Qianjiang") and not is_pinyin("government")
    found = latin("Qianjiang District goverment portal, GDP, WeChat, https://x.gov.cn/recieve, file_recieve.py")
    assert [(m.word, m.suggestion) for m in found] == [("goverment", "government")]


def test_tables_are_cached_on_disk(tmp_path, monkeypatch):
    first = resources._load_or_build(tmp_path / "typo")
    files = list((tmp_path / "typo").glob("tables-*.pickle"))
    assert len(files) == 1
    monkeypatch.setattr(resources, "build", lambda: pytest.fail("rebuilt instead of loading"))
    again = resources._load_or_build(tmp_path / "typo")
    assert again.logp == first.logp and again.patterns == first.patterns


@pytest.mark.skipif(not typo_eval.available(), reason="../shared/eval is absent")
def test_nothing_fires_on_clean_ecspell_sentences(det):
    """A sentence whose two columns are equal must raise nothing (held-out half, no archive
    and with the reports as archive)."""
    clean = [s for s in typo_eval.ecspell("odd") if not s.errors]
    assert len(clean) > 300
    archive = typo_eval.archive_of_reports()
    for view in (EMPTY, archive.view(None, "")):
        flagged = [s.text for s in clean if typo_eval.findings(s.text, det, view)]
        assert len(flagged) <= 0.01 * len(clean), flagged
    errors = [s.text for s in typo_eval.ecspell() if not s.errors
              and any(level == "error" for _p, level, _s in typo_eval.findings(s.text, det, EMPTY))]
    assert errors == []


def test_of_two_neighbouring_suspects_only_the_stronger_is_reported():
    from govsite.text.typos.detector import strongest_of_neighbours

    assert strongest_of_neighbours([(3, 0.2), (4, 0.9), (5, 0.4), (9, 0.3)]) == [False, True, False, True]
    assert strongest_of_neighbours([(3, 0.5), (4, 0.5)]) == [True, False]  # a tie: the earlier stays
    assert strongest_of_neighbours([(1, 0.3), (2, 0.2), (3, 0.1)]) == [True, False, False]


def test_a_typo_does_not_also_blame_the_character_next_to_it(det):
    # 章程 written 章成: 章 next to the typo is a candidate too (长成), but every
    # candidate is reported here (threshold 0) and still only the typo is blamed
    text = "社会组织应当按照章成开展活动。"
    typo = text.index("成")
    assert [c[0] for c in det.candidates(text[:-1]) if len(c[1]) == 1] == [typo - 1, typo]
    assert [(s.offset, s.suggestion) for s in det.scan(text, threshold=0.0)] == [(typo, "程")]


def test_a_wrong_word_of_two_homophones_is_found(det):
    # 单位 typed as 淡味: neither character alone makes a word with its neighbours
    text = "请各有关淡味于本月底前报送材料。"
    found = det.scan(text)
    assert [(s.offset, s.char, s.suggestion) for s in found] == [(text.index("淡味"), "淡味", "单位")]

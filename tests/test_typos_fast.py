"""The fast typo detection (issue 16, item 2) and the names it takes as written (issue 17,
item 3).

The fast paths (the Aho-Corasick segmentation, the confusion sets by reading, the early
stop, the run memo, the numpy n-gram archive, the codec count of rare characters) must
give exactly what the plain definitions give: each is checked here against a
straightforward reference written from the definition, on real sentences when
``../shared/eval`` is present and on the project's own sentences always."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from rulekit import make_site

from govsite.core.errors import ConfigError
from govsite.core.project import Project
from govsite.core.settings import load_settings
from govsite.text.typos import service
from govsite.text.typos.archive import Archive, code, codes, ngrams
from govsite.text.typos.detector import PRE_GAIN, SKIP_CHAR_LOGP, SKIP_LOGP, TIER_PENALTY, Detector, is_traditional
from govsite.text.typos.names import KnownNames, load_places
from govsite.text.typos.resources import HAN_RUN

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import typo_eval

SENTENCES = [
    "国家自然科学奖分为一等奖、二登奖两个等级。",
    "内蒙古自治区乌兰察布市大力培育发展大数局产业。",
    "会议强调，要深入贯彻落实党的二十届三中全会精神，扎实推进高质量发展。",
    "按照区委区政府的工作布署，各单位要再接再励，确保发布信息准确无误。",
    "深入推进放管服改革，持续优化营商环境，提升一网通办服务水平。",
    "杉岭乡、蓬东乡、金洞乡召开会议，潘建伟同志主持。",
    "请各有关淡味于本月底前报送材料。",  # 单位 typed as a homophone word
]


@pytest.fixture(scope="module")
def det():
    return Detector()


@pytest.fixture(scope="module")
def sentences():
    out = list(SENTENCES)
    if typo_eval.available():
        out += [s.text for s in typo_eval.ecspell("odd")[:300]]
    return out


def reference_candidates(det: Detector, s: str) -> list[tuple]:
    """The candidate search written from its definition: every dictionary word of the run
    by slicing, a left-to-right Viterbi, every confusable completion of every span."""
    t = det.t
    logp, unk, n = t.logp, t.unknown, len(s)
    if n < 2:
        return []
    edges = [[(i + 1, logp.get(s[i], unk))] + [(j, logp[s[i:j]]) for j in range(i + 2, n + 1) if s[i:j] in logp]
             for i in range(n)]
    fwd, back = [-1e18] * (n + 1), [0] * (n + 1)
    fwd[0] = 0.0
    for i in range(n):
        for j, lp in edges[i]:
            if fwd[i] + lp > fwd[j]:
                fwd[j], back[j] = fwd[i] + lp, i
    bwd = [0.0] * (n + 1)
    for i in range(n - 1, -1, -1):
        bwd[i] = max(lp + bwd[j] for j, lp in edges[i])
    trusted = set()
    j = n
    while j > 0:
        i = back[j]
        if j - i > 1 and logp.get(s[i:j], -1e9) >= SKIP_LOGP:
            trusted.update(range(i, j))
        j = i
    out = []
    for i in range(n):
        if i in trusted or logp.get(s[i], -1e9) > SKIP_CHAR_LOGP:
            continue
        top = None
        for L in (2, 3, 4):
            for st in range(max(0, i - L + 1), min(i, n - L) + 1):
                e = st + L
                head, tail = s[st:i], s[i + 1:e]
                for ch in t.patterns.get(head + "?" + tail, ""):
                    g = fwd[st] + bwd[e] - fwd[n] + logp[head + ch + tail]
                    tr = det.tier(s[i], ch) if ch != s[i] else None
                    if g <= PRE_GAIN or tr is None:
                        continue
                    v = g - TIER_PENALTY[tr]
                    if top is None or v > top[0]:
                        top = (v, ch, head + ch + tail, g, tr, st)
        if top is not None:
            out.append((i, *top[1:]))
    # two neighbouring characters, both replaced by a two-character dictionary word (one
    # frequent enough to be suggested) whose characters each share a toneless reading with
    # the character they replace: every such word tried
    for i in range(n - 1):
        a, b = s[i], s[i + 1]
        best2 = None
        for w in _words_read_as(det, a, b):
            if w[0] == a or w[1] == b:
                continue
            g = fwd[i] + bwd[i + 2] - fwd[n] + logp[w]
            if g > PRE_GAIN and (best2 is None or g > best2[0]):
                best2 = (g, w)
        if best2 is not None:
            g, w = best2
            tr = max(det.tier(a, w[0]) or 0, det.tier(b, w[1]) or 0)
            out.append((i, w, w, g, tr, i))
    return out


_BY_READINGS: dict = {}


def _words_read_as(det: Detector, a: str, b: str) -> set[str]:
    """Every suggestible two-character word whose first character reads (without tone) as
    ``a`` can and whose second reads as ``b`` can."""
    t = det.t
    if not _BY_READINGS:
        words = {k.replace("?", c) for k, cs in t.patterns.items() if len(k) == 2 for c in cs}
        for w in words:
            for ra in (t.toneless.get(w[0]) or "").split(","):
                for rb in (t.toneless.get(w[1]) or "").split(","):
                    _BY_READINGS.setdefault((ra, rb), set()).add(w)
    return {w for ra in (t.toneless.get(a) or "").split(",") for rb in (t.toneless.get(b) or "").split(",")
            for w in _BY_READINGS.get((ra, rb), ())}


def test_fast_candidate_search_equals_the_definition(det, sentences):
    found = found_two = 0
    for text in sentences:
        for m in HAN_RUN.finditer(text):
            run = m.group()
            fast = det._candidates(run, PRE_GAIN)
            ref = reference_candidates(det, run)
            assert [(c[0], len(c[1])) for c in fast] == [(c[0], len(c[1])) for c in ref], run
            for a, b in zip(fast, ref):
                assert a[3] == pytest.approx(b[3], abs=1e-9)
                if a[:3] + a[4:] != b[:3] + b[4:]:
                    # two words of the same probability: either is the definition's answer
                    assert len(a[1]) == 2 and det.t.logp[a[2]] == det.t.logp[b[2]], (run, a, b)
                    assert a[0] == b[0] and _words_read_as(det, run[a[0]], run[a[0] + 1]) >= {a[2], b[2]}
            found += len(fast)
            found_two += sum(1 for c in fast if len(c[1]) == 2)
    assert found >= 5 and found_two >= 1  # the sentences do exercise the search


def test_runs_are_remembered_and_the_memo_is_bounded(det, monkeypatch):
    run = "内蒙古自治区乌兰察布市大力培育发展大数局产业"
    first = det.candidates(run)
    assert det.candidates(run) is first and first == det._candidates(run, PRE_GAIN)
    monkeypatch.setattr("govsite.text.typos.detector.RUN_MEMO", 1)
    det.candidates("培育发展大数局产业")
    assert len(det._runs) == 1


def test_confusion_sets_agree_with_the_pairwise_tier(det):
    for c in "局登布署励杉":
        conf = det.confusions(c)
        assert c not in conf and conf
        for ch, tier in list(conf.items())[:200]:
            assert det.tier(c, ch) == tier, (c, ch)
    assert det.confusions("局")["据"] == det.tier("局", "据") == 1  # jú, jù


def test_rare_characters_are_counted_by_the_codec():
    def slow(text: str) -> bool:
        han = [c for m in HAN_RUN.finditer(text) for c in m.group()]
        rare = 0
        for c in han:
            try:
                c.encode("gb2312")
            except UnicodeEncodeError:
                rare += 1
        return len(han) >= 20 and rare > 0.003 * len(han) and rare >= 3

    texts = ["我們國家的經濟建設，必須依靠全國人民的努力，發展生産。", *SENTENCES,
             "会议强调" * 300 + "們國經", "会议强调" * 300 + "們國經濟發展"]
    for text in texts:
        assert is_traditional(text) == slow(text), text


def test_archive_codes_are_the_chinese_bigrams_and_trigrams():
    text = "区政府A办公室，负责统筹。🙂政务"
    expected = set()
    for m in HAN_RUN.finditer(text):
        run = m.group()
        for n in (2, 3):
            expected.update(run[i:i + n] for i in range(len(run) - n + 1))
    assert ngrams(text) == expected
    assert len(codes(text)) == len(expected)
    assert code("政务") is not None and code("政务公开") is None and code("A办") is None


def test_archive_document_frequency_and_leave_one_out():
    docs = [(f"p{k}", f"第{k}期：推进政务公开，深化融合发展") for k in range(25)] + [("q", "大数局产业")]
    arch = Archive.build(docs)
    df = Counter(g for _id, text in docs for g in ngrams(text))
    for gram, count in df.items():
        assert arch.df(gram) == (count if count >= 2 else 0), gram
    view = arch.view("p3", docs[3][1])
    assert view.get("融合") == 24 and view.docs == 25
    assert arch.view(None, "").get("融合") == 25
    assert arch.view("p3", "no chinese here").docs == 26  # as before: nothing to discount


def test_archive_survives_the_disk_cache(tmp_path):
    arch = Archive.build([("a", "推进政务公开"), ("b", "推进政务公开工作")])
    arch.save(tmp_path / "a.pickle")
    again = Archive.load(tmp_path / "a.pickle")
    assert again is not None and again.df("政务公") == 2 and again.members == arch.members
    (tmp_path / "bad.pickle").write_bytes(b"not a pickle")
    assert Archive.load(tmp_path / "bad.pickle") is None


def test_archive_text_drops_code_comments_and_markup():
    body = "# 标题\n\n**重点**工作[链接](https://a.gov.cn)\n```\n布署代码\n```\n<!-- 注释文字 -->正文"
    text = service.archive_text(body)
    assert "重点工作链接" in text and "布署" not in text and "注释" not in text and "正文" in text


def test_known_names_mask_places_and_listed_terms(det):
    assert "杉岭乡" in load_places() and "黔江区" in load_places()
    text = "杉岭村召开村民代表大会。"
    assert [s.char for s in det.scan(text, known=KnownNames([]))] == ["杉"]
    assert det.scan(text, known=KnownNames(["杉岭村"])) == []
    mask = KnownNames(["杉岭村", "一"]).mask("在杉岭村。")  # one-character names are ignored
    assert list(mask) == [0, 1, 1, 1, 0]


def test_site_names_come_from_every_unit_and_govsite_yml(tmp_path):
    root = make_site(tmp_path / "site")
    gov = root / "govsite.yml"
    gov.write_text(gov.read_text("utf-8") + "typos:\n  terms: [杉岭村, 黔江府办发]\n", "utf-8")
    names = service.known_names(Project(root)).names
    assert {"杉岭村", "黔江府办发", "测试区示例局", "示例局", "柯章", "王芳", "办公室主任", "测试区人民政府"} <= names
    assert "杉岭乡" in names  # the built-in places stay


def test_a_wrong_terms_list_is_a_config_error(tmp_path):
    root = make_site(tmp_path / "site")
    gov = root / "govsite.yml"
    gov.write_text(gov.read_text("utf-8") + "typos:\n  terms: 杉岭村\n", "utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(root)
    assert "terms" in str(err.value)
    # the typo rule does not crash on it: names then come from the built-in list
    assert "杉岭乡" in service.known_names(Project(root)).names

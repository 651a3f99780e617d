"""The content rules' machinery: normalisation with offsets, word lists as data (every
entry well-formed, extensions from govsite.yml), personal-number checks, suppression
and the results cache. The rules themselves are proven both ways by their fixture files
(tests/fixtures/rules/{ADS,SRC,SCR,PII,EXP,SEN,ENG,HTM}*.yml)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rulekit import make_site
from sitekit import govsite, write_page

from govsite.core.errors import ConfigError
from govsite.core.pages import page_from_bytes
from govsite.core.project import Project
from govsite.engine.runner import run
from govsite.text import pii
from govsite.text.document import parse
from govsite.text.normalize import T2S_OVERRIDES, fold, normalize, normalize_tight, variants
from govsite.text.wordlists import TERM_LISTS, build, builtin_files, entry_problems, parse_file

CONTENT_CODES = {"ADS001", "ADS002", "ADS003", "SRC001", "SCR001", "PII001", "PII002", "PII003",
                 "EXP001", "SEN001", "SEN002", "SEN003", "ENG001", "HTM001", "HTM002", "HTM003"}
HEAD = "---\ntitle: 示例页面\ndate: 2026-11-20\nsource: 测试区示例局\nreviewers:\n  drafter: 柯源\n  checker: 柯章\n  approver: 傅柱\n---\n\n"


# -- normalisation --------------------------------------------------------------------

@pytest.mark.parametrize("written,read", [
    ("澳\u200c门\u200c葡\u200c京", "澳门葡京"),       # zero-width non-joiner
    ("赌\u200b场", "赌场"),                           # zero-width space
    ("赌 场", "赌场"),                                # space
    ("赌\n场", "赌场"),                               # line break inside a paragraph
    ("开**赌**场", "开赌场"),                         # Markdown emphasis
    ("澳，门，葡，京", "澳门葡京"),                   # punctuation in a spaced-out run
    ("ＢＥＴ３６５", "bet365"),                       # full-width, capitals
    ("賭場", "赌场"),                                 # traditional characters
    ("&#36172;&#x573a;", "赌场"),                     # character references
    ("扫码 购买", "扫码购买"),
    ("赌🎲场", "赌场"),                               # emoji
    ("澳-门/葡|京", "澳门葡京"),                      # symbols
    ("㊙密", "秘密"),                                 # circled ideograph
])
def test_disguises_are_undone(written, read):
    assert normalize_tight(written).text == read


def test_ordinary_punctuation_and_paragraphs_stay():
    assert normalize_tight("工作，秘密").text == "工作,秘密"       # not 工作秘密
    assert normalize_tight("第一\n\n二").text == "第一\n\n二"     # a paragraph break stays


def test_offsets_map_back_to_the_original():
    text = "前言&#36172;\u200b场 ＡＢ，澳，门，葡，京…完"
    norm = normalize_tight(text)
    for target in ("赌场", "ab", "澳门葡京", "完"):
        start = norm.text.index(target)
        src_start, src_end = norm.source_span(start, start + len(target))
        original = text[src_start:src_end]
        assert normalize_tight(original).text == target, (target, original)


def test_content_view_blanks_markup_keeps_offsets(tmp_path):
    body = "正文<!-- govsite: allow SEN001 理由 -->\n[文字](https://t.cn/x) <b>加粗</b>\n```\n代码\n```\n"
    view = parse(tmp_path, body).content_view
    assert len(view) == len(body) and view.count("\n") == body.count("\n")
    assert "govsite" not in view and "t.cn" not in view and "<b>" not in view and "```" not in view
    assert "文字" in view and "加粗" in view and "代码" in view


def test_variants_come_from_opencc_one_to_one_and_final():
    table = variants()
    assert all(len(k) == 1 and len(v) == 1 and k != v for k, v in table.items())
    assert not any(s in table for s in table.values()), "a simplified form is itself mapped"
    # the characters the word lists need (the former hand-kept table's pairs, spot-checked)
    for traditional, simplified in ("賭赌", "場场", "線线", "發发", "門门", "葡葡", "號号", "彩彩", "娛娱", "樂乐"):
        assert table.get(traditional, traditional) == simplified
    assert all(table[k] == v for k, v in T2S_OVERRIDES.items())
    assert normalize_tight("賭場開業，真人荷官在線發牌").text == "赌场开业,真人荷官在线发牌"


# -- word lists as data -----------------------------------------------------------------

def _entries():
    for name, text in builtin_files():
        for list_name, line, entry in parse_file(name, text):
            yield pytest.param(list_name, entry, id=f"{Path(name).stem}:{line}")


@pytest.mark.parametrize("list_name,entry", list(_entries()))
def test_every_builtin_entry_is_well_formed(list_name, entry):  # parse_file validated it
    if list_name != "domains":
        assert entry.level in TERM_LISTS[list_name].levels
        if TERM_LISTS[list_name].needs_standard:
            assert entry.standard


def test_builtin_lists_load_and_have_no_duplicate_terms():
    lists = build(builtin_files())
    assert all(lists.terms[name] for name in TERM_LISTS)
    for name, entries in lists.terms.items():
        seen = {}
        for e in entries:
            key = (e.label, e.level, e.context)
            assert key not in seen, f"{name}: {e.label} listed twice ({seen.get(key)}, {e.source})"
            seen[key] = e.source
    domains = [d.domain for d in lists.domains]
    assert len(domains) == len(set(domains))


@pytest.mark.parametrize("entry,problem", [
    ({"term": "词", "level": "error"}, "太短"),
    ({"term": "国务院办公室", "level": "error"}, "standard"),
    ({"term": "扫码购买", "level": "fatal"}, "level"),
    ({"pattern": "a(b", "anchor": "a", "standard": "x", "level": "error"}, "正则"),
    ({"pattern": "abc", "standard": "x", "level": "error"}, "anchor"),
    ({"term": "国务院办公", "standard": "国务院办公厅", "level": "error"}, "一部分"),
    ({"term": "扫码购买", "level": "error", "context": {"nearby": ["x"]}}, "未知的键"),
    ({"term": "扫码购买", "level": "error", "context": {"near": ["@phone"]}}, "占位符"),
])
def test_malformed_entries_are_named(entry, problem):
    list_name = "expression" if "standard" in entry or entry.get("term", "").startswith("国务院") else "ads"
    problems = entry_problems(list_name, entry)
    assert any(problem in p for p in problems), problems


def test_platform_owner_extends_and_switches_off(tmp_path):
    root = make_site(tmp_path / "s")
    (root / "wordlists").mkdir()
    (root / "wordlists/district.yml").write_text(
        "ads:\n  - {term: 黔江特产直供, level: error, note: 本地常见推销语}\n"
        "expression:\n  - {term: 国务院办公室, level: off}\n"
        "domains:\n  - {domain: example-shop.com, kind: shop, name: 某网店}\n", "utf-8")
    settings = (root / "govsite.yml").read_text("utf-8") + "wordlists: [wordlists/district.yml]\n"
    (root / "govsite.yml").write_text(settings, "utf-8")
    write_page(root, "units/demo/gzdt/case.md", HEAD + "黔江特产直供。\n\n国务院办公室。\n\n[店](https://www.example-shop.com/)\n")
    report = run(Project(root), [str(root / "units/demo/gzdt/case.md")], codes={"ADS001", "ADS002", "EXP001"}, use_cache=False)
    assert sorted((f.rule, f.line) for f in report.findings) == [("ADS001", 11), ("ADS002", 15)]


def test_malformed_extension_is_a_configuration_error(tmp_path):
    root = make_site(tmp_path / "s")
    (root / "extra.yml").write_text("ads:\n  - {term: 推销, level: loud}\n", "utf-8")
    (root / "govsite.yml").write_text((root / "govsite.yml").read_text("utf-8") + "wordlists: [extra.yml]\n", "utf-8")
    write_page(root, "units/demo/gzdt/case.md", HEAD + "正文。\n")
    with pytest.raises(ConfigError, match=r"extra.yml:2"):
        run(Project(root), [str(root / "units/demo/gzdt/case.md")], codes={"ADS001"}, use_cache=False)
    proc = govsite(root, "check", "units/demo/gzdt/case.md", "--select", "ADS001")
    assert proc.returncode == 2 and "extra.yml:2" in (proc.stdout + proc.stderr)


def test_terms_are_folded_like_text():
    assert fold("ＱＱ 群") == "qq群"
    assert fold("“一带一路”战略") == "一带一路战略"
    assert normalize_tight("积极参与“一带一路”战略").text.endswith(fold("“一带一路”战略"))


# -- personal numbers -------------------------------------------------------------------

def test_resident_id_check():
    first17 = "50011419850101043"
    assert pii.id_check_char(first17) == "3"
    assert pii.id_valid(first17 + "3")
    assert not pii.id_valid(first17 + "4")                   # wrong check digit
    assert not pii.id_valid("99" + first17[2:] + "3")        # no such province
    assert not pii.id_valid("500114198513010433")            # month 13
    assert pii.mask_id(first17 + "3") == "5001141985******33"


def test_luhn_and_masks():
    assert pii.luhn_valid("6222021234567890128")
    assert not pii.luhn_valid("6222021234567890129")
    assert pii.mask_card("6222021234567890128") == "622202*********0128"
    assert pii.mask_mobile("13812345678") == "138****5678"


def test_unified_social_credit_code_is_not_an_id():
    assert pii.is_uscc("91350100M000100Y43")  # the example of GB 32100-2015
    body = "91500114MA5U6XYW1"
    code = body + next(c for c in "0123456789ABCDEFGHJKLMNPQRTUWXY" if pii.is_uscc(body + c))
    assert pii.is_uscc(code) and not pii.is_uscc(code[:-1] + ("0" if code[-1] != "0" else "1"))
    assert pii.find(normalize(f"统一社会信用代码：{code}").text) == []


@pytest.mark.parametrize("text", [
    "办公电话：023-79221234", "黔江府发〔2026〕12号", "2026年11月20日", "20261120",
    "索引号：11500114009277143N/2026-00012", "预算 12,345,678.90 元", "邮编 409000",
])
def test_ordinary_numbers_are_not_personal(text):
    assert pii.find(normalize(text).text) == []


# -- suppression and cache --------------------------------------------------------------

def test_suppressed_finding_is_listed_by_check(tmp_path):
    root = make_site(tmp_path / "s")
    write_page(root, "units/demo/gzdt/case.md", HEAD +
               "<!-- govsite: allow PII003 联系人本人书面同意公开 -->\n联系人：李四，手机：13812345678。\n\n另一位：13912345678。\n")
    proc = govsite(root, "check", "units/demo/gzdt/case.md", "--select", "PII003")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "units/demo/gzdt/case.md:12: PII003 已豁免（第 11 行注明理由：联系人本人书面同意公开）" in proc.stdout
    assert "units/demo/gzdt/case.md:14: PII003 [警告]" in proc.stdout
    assert "1 处豁免" in proc.stdout


def test_suppression_comment_is_not_content(tmp_path):
    root = make_site(tmp_path / "s")
    write_page(root, "units/demo/gzdt/case.md", HEAD + "<!-- govsite: allow SEN001 引用被篡改网页的原文：澳门葡京 -->\n正文。\n")
    report = run(Project(root), [str(root / "units/demo/gzdt/case.md")], codes=CONTENT_CODES, use_cache=False)
    assert report.findings == [] and report.suppressed == []


def test_error_suppressed_without_reason_still_fails(tmp_path):
    root = make_site(tmp_path / "s")
    write_page(root, "units/demo/gzdt/case.md", HEAD + "<!-- govsite: allow SEN001 -->\n澳门葡京\n")
    report = run(Project(root), [str(root / "units/demo/gzdt/case.md")], codes={"SEN001", "REV090"}, use_cache=False)
    assert {f.rule for f in report.findings} == {"SEN001", "REV090"}


def test_content_rules_are_cached_and_invalidated_by_wordlists(tmp_path):
    root = make_site(tmp_path / "s")
    (root / "extra.yml").write_text("ads:\n  - {term: 本地推销语, level: error}\n", "utf-8")
    (root / "govsite.yml").write_text((root / "govsite.yml").read_text("utf-8") + "wordlists: [extra.yml]\n", "utf-8")
    write_page(root, "units/demo/gzdt/case.md", HEAD + "本地推销语。澳门葡京。\n")
    first = run(Project(root), [str(root / "units/demo/gzdt/case.md")])
    cached = list((root / ".govsite-cache").rglob("*.json"))
    assert cached, "no cache written"
    mine = sorted((f.rule, f.line) for f in first.findings if f.rule in CONTENT_CODES)
    assert mine == [("ADS001", 11), ("SEN001", 11)]
    second = run(Project(root), [str(root / "units/demo/gzdt/case.md")])
    assert sorted((f.rule, f.line) for f in second.findings if f.rule in CONTENT_CODES) == mine
    # a changed extension file must not be answered from the cache
    (root / "extra.yml").write_text("ads: []\n", "utf-8")
    third = run(Project(root), [str(root / "units/demo/gzdt/case.md")])
    assert sorted((f.rule, f.line) for f in third.findings if f.rule in CONTENT_CODES) == [("SEN001", 11)]


def test_registry_rows_of_the_content_families():
    from govsite.rules.registry import BY_CODE

    prefixes = {"ADS": "ads", "SRC": "source", "SCR": "secret", "PII": "pii", "EXP": "expression",
                "SEN": "sensitive", "ENG": "engagement", "HTM": "html"}
    for code in CONTENT_CODES:
        spec = BY_CODE[code]
        assert spec.category == prefixes[code[:3]] and spec.scope == "page" and spec.cache
        assert spec.article.startswith("《管理办法》第")


def test_json_output_of_a_content_finding(tmp_path):
    root = make_site(tmp_path / "s")
    write_page(root, "units/demo/gzdt/case.md", HEAD + "请务必关注本公众号，转发至朋友圈。\n")
    proc = govsite(root, "check", "units/demo/gzdt/case.md", "--format", "json", "--select", "ENG001")
    assert proc.returncode == 1
    (finding,) = json.loads(proc.stdout)
    assert finding["rule"] == "ENG001" and finding["category"] == "engagement" and finding["line"] == 11
    assert finding["column"] == 2 and finding["article"] == "《管理办法》第十条"


def test_page_from_bytes_works_without_files():
    page = page_from_bytes(Path("/nonexistent"), "units/x/gzdt/a.md", (HEAD + "赌 场开业，注册送彩金\n").encode())
    from govsite.text.pagetext import word_matches

    lists = build(builtin_files())
    found = word_matches(page, lists)
    assert {h.entry.label for h in found} >= {"注册送彩金"}
    assert all(h.line == 11 for h in found)

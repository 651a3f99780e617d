"""The data files go through the same declarative schema as govsite.yml and unit.yml: a
broken copy of each shipped file (columns.yml, freshness.yml, the word lists, the
bad-domain list) and a wrong domain in govsite.yml give a ConfigError that names the
file and the line of the mistake, says what is wrong and how to fix it.

The shipped files are part of the package, so each test breaks a copy in tmp_path and
reads it with the loader that reads the original (for the word lists and the bad-domain
list: through the ways a platform owner extends them)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from rulekit import make_site
from sitekit import govsite, write_page

from govsite.core.columns import load_columns, standard_columns
from govsite.core.errors import ConfigError
from govsite.core.project import Project
from govsite.core.settings import load_settings
from govsite.links import baddomains
from govsite.regulation.thresholds import load_rules, rules
from govsite.text.wordlists import build, builtin_files, wordlists_for

HEAD = "---\ntitle: 示例页面\ndate: 2026-11-20\nsource: 测试区示例局\nreviewers:\n  drafter: 柯源\n  checker: 柯章\n  approver: 傅柱\n---\n\n"


def shipped(name: str) -> str:
    return resources.files("govsite.data").joinpath(name).read_text("utf-8")


def broken_copy(tmp_path: Path, name: str, old: str, new: str, at: str | None = None) -> tuple[Path, int]:
    """A copy of a shipped data file with ``old`` replaced by ``new`` once, and the
    1-based line of the change (or of the first line starting with ``at``)."""
    text = shipped(name)
    assert text.count(old) == 1, f"{old!r} must occur once in {name}"
    broken = text.replace(old, new)
    path = tmp_path / Path(name).name
    path.write_text(broken, "utf-8")
    where = text.index(old) if at is None else ("\n" + broken).index("\n" + at)
    return path, broken[:where].count("\n") + 1


def error_of(call) -> ConfigError:
    with pytest.raises(ConfigError) as err:
        call()
    return err.value


# -- columns.yml --------------------------------------------------------------------------

@pytest.mark.parametrize("old,new,needle,fix", [
    ("{id: tzgg,   name: 通知公告,           kind: news,", "{id: tzgg,   name: 通知公告,           kind: newz,", "kind", "news | policy"),
    ("{id: zcwj,   name: 政策文件,", "{id: gzdt,   name: 政策文件,", "'gzdt' 重复", "唯一"),
    ("url: \"https://kzp.cqykb.gov.cn/\"", "link: \"https://kzp.cqykb.gov.cn/\"", "未知的键 'link'", "url"),
    ("{id: hdjl,   name: 互动交流,           kind: link,      required: false, url: \"hdjl.md\"}",
     "{id: hdjl,   name: 互动交流,           kind: link,      required: false}", "缺少 url", "https://"),
    ("{id: xxgkml, name: 政府信息公开目录,   kind: generated, required: false}",
     "{id: xxgkml, name: 政府信息公开目录,   kind: generated, required: true}", "不能是 required", "false"),
    ("{id: jgzn,", "{id: JGZN,", "小写", "改正"),
])
def test_broken_columns_file(tmp_path, old, new, needle, fix):
    path, line = broken_copy(tmp_path, "columns.yml", old, new)
    err = error_of(lambda: load_columns(path, "columns.yml"))
    assert (err.path, err.line) == ("columns.yml", line), str(err)
    assert needle in err.what and fix in err.fix, str(err)


def test_columns_file_loads_as_before():
    assert [c.id for c in standard_columns()][:3] == ["gzdt", "tzgg", "zcwj"]
    assert standard_columns()[-2].url == "https://kzp.cqykb.gov.cn/" and not standard_columns()[-2].has_folder


# -- freshness.yml ------------------------------------------------------------------------

@pytest.mark.parametrize("old,new,at,needle,fix", [
    ("    warn_source: a12\n", "    warn_source: a13\n", None, "'a13' 不在 sources 中", "veto_columns"),
    ("  line_days: 14\n  line_source: veto_home", "  line_days: fourteen\n  line_source: veto_home", None, "home.line_days 应为整数", "改正"),
    ("  zcwj:\n    line_months: 6\n", "  zcwj:\n    line_days: 30\n    line_months: 6\n", None, "line_days 或 line_months 之一", "只写一个"),
    ("  due_day: 31\n", "  due_day: 32\n", None, "1 月没有 32 日", "每年都有"),
    ("  due_month: 1\n", "  due_month: 13\n", None, "due_month: 应为 1 到 12 的整数", "改正"),
    ("  column: xxgkzn\n", "  column: xxgkml\n", None, "'xxgkml' 不是有文件夹的标准栏目", "xxgkzn"),
    ("  stale_columns_veto: 5", "  stale_column_veto: 5", None, "未知的键 'stale_column_veto'", "stale_columns_veto"),
    ("  veto_empty: ", "  veto_blank: ", "sources:", "sources 缺少 veto_empty", "补充"),
    ("  columns: [gzdt]\n", "  columns: []\n", None, "至少需要一个栏目", "改正"),
])
def test_broken_freshness_file(tmp_path, old, new, at, needle, fix):
    path, line = broken_copy(tmp_path, "freshness.yml", old, new, at)
    err = error_of(lambda: load_rules(path, "freshness.yml"))
    assert (err.path, err.line) == ("freshness.yml", line), str(err)
    assert needle in err.what and fix in err.fix, str(err)


def test_freshness_file_loads_as_before():
    r = rules()
    assert r.columns["gzdt"].line_days == 14 and r.columns["tzgg"].line_months == 6
    assert r.annual_due == (1, 31) and r.home_columns == ("gzdt",) and r.stale_columns_veto == 5


# -- word lists ----------------------------------------------------------------------------

PLENUM = "  - pattern: '([一二三四五六七八九十]{1,3})次([一二三四五六七八九十]{1,2})中全会'"


@pytest.mark.parametrize("name,old,new,needle,at", [
    ("ads.yml", "{term: 扫码购买, level: error,", "{term: 扫码购买, level: fatal,", "level 应为 error", None),
    ("ads.yml", "{term: 扫码下单, level: error,", "{term: 单, level: error,", "太短", None),
    ("ads.yml", "{term: 扫码领券, level: error, note: 引导读者领取商家优惠, context: {unless: *supervision}}",
     "{term: 扫码领券, level: error, note: 引导读者领取商家优惠, context: {unles: *supervision}}", "未知的键 'unles'", None),
    ("expression.yml", "    anchor: 中全会\n    standard: '\\1届\\2中全会'\n    level: error\n    note: 中央委员会",
     "    standard: '\\1届\\2中全会'\n    level: error\n    note: 中央委员会", "须有 anchor", PLENUM),
    ("sensitive.yml", "{term: 新葡京, level: error, kind: 赌博推广}",
     "{term: 新葡京, level: error, kind: 赌博推广, context: {near: ['@phone']}}", "占位符", None),
    ("domains.yml", "{domain: taobao.com, kind: shop, name: 淘宝}",
     "{domain: https://www.taobao.com/, kind: shop, name: 淘宝}", "应写作 www.taobao.com", None),
    ("domains.yml", "{domain: tmall.com, kind: shop, name: 天猫}", "{domain: tmall.com, kind: store, name: 天猫}", "kind 的值 'store' 无效", None),
    ("domains.yml", "{domain: cnr.cn, kind: media, name: 央广网}", "{domain: cn, kind: media, name: 央广网}", "顶级域名", None),
])
def test_broken_word_list(tmp_path, name, old, new, needle, at):
    path, line = broken_copy(tmp_path, f"wordlists/{name}", old, new, at)
    rel = f"wordlists/{name}"
    err = error_of(lambda: build([(rel, path.read_text("utf-8"))], shipped=True))  # a broken shipped list
    assert (err.path, err.line) == (rel, line), str(err)
    assert needle in err.what and err.fix, str(err)


def test_unknown_list_name_is_named_with_the_closest(tmp_path):
    err = error_of(lambda: build([("extra.yml", "ads:\n  - {term: 推销电话, level: error}\nadz:\n  - {term: 促销活动, level: error}\n")]))
    assert (err.line, err.what, err.fix) == (3, "未知的键 'adz'", "是否应为 ads？")


def test_broken_extension_through_govsite_yml_is_a_clean_cli_error(tmp_path):
    root = make_site(tmp_path / "s")
    (root / "district.yml").write_text(
        "# 本区追加的词\n.common: &common [查处, 警惕]\nsensitive:\n  - {term: 某某娱乐, level: error}\n"
        "  - term: 某某体育\n    level: error\n    context: {unless: *common, window: 500}\n", "utf-8")
    (root / "govsite.yml").write_text((root / "govsite.yml").read_text("utf-8") + "wordlists: [district.yml]\n", "utf-8")
    write_page(root, "units/demo/gzdt/case.md", HEAD + "正文。\n")
    # a repository's list may not use YAML anchors (only the package's own may): refused first, at the anchor
    err = error_of(lambda: wordlists_for(Project(root)))
    assert (err.path, err.line) == ("district.yml", 2) and "锚点" in err.what
    (root / "district.yml").write_text(
        "# 本区追加的词\nsensitive:\n  - {term: 某某娱乐, level: error}\n"
        "  - term: 某某体育\n    level: error\n    context: {unless: [查处, 警惕], window: 500}\n", "utf-8")
    err = error_of(lambda: wordlists_for(Project(root)))
    assert (err.path, err.line) == ("district.yml", 6) and "window" in err.what and "1 到 100" in err.what
    proc = govsite(root, "check", "units/demo/gzdt/case.md", "--select", "SEN001")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "district.yml:6: sensitive.1.context.window: 应为 1 到 100 的整数" in proc.stdout + proc.stderr


def test_word_lists_load_as_before():
    lists = build(builtin_files())
    assert len(lists.terms["expression"]) > 30 and lists.domain_kind("www.gov.cn").kind == "government"
    assert lists.domain_kind("s.click.taobao.com").kind == "ads"  # the longest listed domain wins


# -- the bad-domain list ----------------------------------------------------------------------

@pytest.mark.parametrize("old,new,needle", [
    ("{domain: bet365.com, kind: gambling}", "{domain: bet365.com, kind: betting}", "kind 的值 'betting' 无效"),
    ("{domain: xvideos.com, kind: adult}", "{domain: '*.xvideos.com', kind: adult}", "应写作 xvideos.com"),
    ("{keyword: casino, kind: gambling}", "{keyword: bet, kind: gambling}", "'bet' 太短"),
    ("{keyword: porn, kind: adult}", "{keyword: porn}", "缺少 kind"),
])
def test_broken_bad_domain_list(tmp_path, old, new, needle):
    path, line = broken_copy(tmp_path, "bad_domains.yml", old, new)
    err = error_of(lambda: baddomains.load(extra=[path]))
    assert (err.path, err.line) == (str(path), line), str(err)
    assert needle in err.what and err.fix, str(err)


def test_bad_domain_list_of_the_shape_used_before_is_read_with_a_note(tmp_path):
    old = tmp_path / "old.yml"
    old.write_text("bad_domains:\n  categories:\n    gambling:\n      name: 赌博\n      domains: [bad-example.net]\n"
                   "      keywords: [xpjyule]\n", "utf-8")
    bad = baddomains.load(extra=[old])
    assert bad.match_host("www.bad-example.net").name == "赌博" and bad.match_host("am-xpjyule.com").category == "gambling"
    assert len(bad.notes) == 1 and str(old) in bad.notes[0] and "domains:" in bad.notes[0]
    old.write_text("categories:\n  gambling:\n    domains: [bad-example.net]\n  malware:\n    domains: [evil.example]\n", "utf-8")
    err = error_of(lambda: baddomains.load(extra=[old]))
    assert err.line == 4 and "malware" in err.what and "gambling | adult | parked" in err.fix
    old.write_text("categories:\n  adult:\n    domains:\n      - ok-example.net\n      - http://x.example/\n", "utf-8")
    err = error_of(lambda: baddomains.load(extra=[old]))
    assert err.line == 5 and "应写作 x.example" in err.what


# -- govsite.yml's domain lists ---------------------------------------------------------------

@pytest.mark.parametrize("text,line,needle", [
    ("allowed_domains:\n  - example.com\n  - https://Partner.example.com/about\n", 3, "应写作 partner.example.com"),
    ("designated_sources: [xinhuanet.com, .people.com.cn]\n", 1, "应写作 people.com.cn"),
    ("portal:\n  name: 某区\n  domains:\n    - cn\n", 4, "顶级域名"),
])
def test_domains_in_govsite_yml_are_spelt_one_way(tmp_path, text, line, needle):
    (tmp_path / "govsite.yml").write_text(text, "utf-8")
    err = error_of(lambda: load_settings(tmp_path))
    assert (err.path, err.line) == ("govsite.yml", line), str(err)
    assert needle in err.what and "example.com" in err.fix

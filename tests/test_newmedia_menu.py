"""The WeChat menu validator (第七条（四）) on menus in the real ``menu/create`` format:
positions in the JSON, the platform's limits, the required structure, and links that
must reach the portal's columns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sitekit import REPO

from govsite.core.project import Project
from govsite.newmedia.menu import format_problems, link_problems, portal_of, read_menu, structure_problems

DEMO_MENU = REPO / "units/czj/newmedia/qjcz-wx/menu.json"


def menu_text(change=None) -> str:
    data = json.loads(DEMO_MENU.read_text("utf-8"))
    if change:
        change(data)
    return json.dumps(data, ensure_ascii=False, indent=2)


def problems(text: str) -> list[tuple[int, str]]:
    menu = read_menu(text.encode("utf-8"))
    return [(p.line, p.message) for p in format_problems(menu) + structure_problems(menu)]


def test_the_demo_menus_pass_every_check():
    project = Project(REPO)
    for path in sorted((REPO / "units").glob("*/newmedia/*/menu.json")):
        menu = read_menu(path.read_bytes())
        assert format_problems(menu) == structure_problems(menu) == link_problems(menu, portal_of(project)) == [], path


def test_malformed_json_names_its_line():
    text = menu_text().replace('"name": "政策文件",', '"name": "政策文件"', 1)
    lines = text.split("\n")
    line = next(i for i, row in enumerate(lines, 1) if "\"政策文件\"" in row) + 1  # the next line lacks the comma before it
    ((where, message),) = problems(text)
    assert where == line and "不是有效的 JSON" in message


def test_duplicate_keys_and_a_third_level_are_refused():
    text = menu_text(lambda d: d["button"][0]["sub_button"][0].update(sub_button=[{"type": "view", "name": "x", "url": "https://a.cn/"}]))
    text = text.replace('"name": "政务服务"', '"name": "政务服务", "name": "办事"', 1)
    found = problems(text)
    assert any("下不能再有 sub_button" in m for _, m in found)
    assert any("键 'name' 重复出现" in m for _, m in found)


@pytest.mark.parametrize("change,needle", [
    (lambda d: d["button"][0]["sub_button"].extend(
        {"type": "view", "name": f"栏目{i}", "url": "https://www.qianjiang.gov.cn/czj/tzgg/"} for i in range(3)), "超过微信限制的 5 个"),
    (lambda d: d["button"][1]["sub_button"][0].update(name="渝快办" * 7), "超过微信限制的 60 字节"),
    (lambda d: d["button"][0]["sub_button"][0].update(url="https://www.qianjiang.gov.cn/" + "a" * 1100), "超过 1024 字节"),
    (lambda d: d["button"][0]["sub_button"][0].update(type="link"), "不是微信支持的菜单类型"),
    (lambda d: d["button"][1]["sub_button"][0].pop("pagepath"), "缺少 pagepath"),
    (lambda d: d["button"][0]["sub_button"][0].update(url="www.qianjiang.gov.cn/czj/gzdt/"), "不是完整的网址"),
    (lambda d: d.update(matchrule={"tag_id": "2"}), "'matchrule' 不是菜单的一部分"),
])
def test_platform_limits(change, needle):
    assert any(needle in m for _, m in problems(menu_text(change))), problems(menu_text(change))


def test_four_chinese_characters_fit_a_main_menu_five_do_not():
    ok = problems(menu_text(lambda d: d["button"][0].update(name="政务公开")))
    assert ok == []
    long = problems(menu_text(lambda d: d["button"][0].update(name="政务公开栏")))
    assert any("有 15 字节" in m for _, m in long) is False and any("主菜单应恰为" in m for _, m in long)
    too_long = problems(menu_text(lambda d: d["button"][0].update(name="政务公开栏目")))
    assert any("有 18 字节，超过微信限制的 16 字节" in m for _, m in too_long)


def test_the_required_structure():
    def drop_mailbox(d):
        d["button"][2]["sub_button"] = [{"type": "view", "name": "留言", "url": "https://www.qianjiang.gov.cn/hdjl/"}]
    found = problems(menu_text(drop_mailbox))
    assert [m for _, m in found] == ["主菜单“互动交流”下缺少“公开信箱”子菜单；请按第七条（四）添加（type: view，链接政府网站相应栏目）"]


def test_links_must_reach_the_right_columns_of_the_portal(tmp_path: Path):
    project = Project(REPO)

    def change(d):
        d["button"][0]["sub_button"][0]["url"] = "https://www.qianjiang.gov.cn/czj/zcwj/"  # 政务要闻 -> 政策文件's column
        d["button"][0]["sub_button"][2]["url"] = "https://www.qianjiang.gov.cn/czj/nosuch/"
        d["button"][2]["sub_button"][0]["url"] = "https://www.qianjiang.gov.cn/about/"  # served, but not the mailbox
    menu = read_menu(menu_text(change).encode("utf-8"))
    found = [p.message for p in link_problems(menu, portal_of(project))]
    assert len(found) == 3, found
    assert "“政务要闻”应链接政府网站的相应栏目（gzdt、tzgg）" in found[0]
    assert "在政府网站上不存在" in found[1]
    assert "“公开信箱”应链接政府网站的相应栏目（hdjl）" in found[2]


@pytest.mark.parametrize("text", [
    '{"button": [{"name": ["政务公开"], "type": ["view"], "url": "https://[::1"}]}',
    '{"button": [{"name": "政务公开", "sub_button": [{"name": 3, "type": {"a": 1}, "url": 7}]}]}',
    "[" * 100000 + "]" * 100000,
    "[" * 20000 + "]" * 20000,  # within the size limit, deeper than the parser goes
    '{"button": "政务公开"}',
    "\ufeff{\"button\": []}",
])
def test_hostile_menus_give_findings_never_tracebacks(text):
    menu = read_menu(text.encode("utf-8"))
    found = format_problems(menu) + structure_problems(menu) + link_problems(menu, portal_of(Project(REPO)))
    assert found and all(isinstance(p.line, int) and p.message for p in found)


@pytest.mark.parametrize("old,new,needle", [
    ("{name: 渝快办, link: miniprogram, appid: \"\"}", "{name: 渝快办, link: applet, appid: \"\"}", "applet"),
    ("  - name: 互动交流\n", "  - name: 政务公开\n", "不重复"),
    ("{name: 公开信箱, link: portal, columns: [hdjl]}", "{name: 公开信箱, link: portal, column: [hdjl]}", "column"),
])
def test_broken_menu_rules_name_their_line(tmp_path, old, new, needle):
    from test_data_files import broken_copy, error_of

    from govsite.core.yamlio import load_config_file
    from govsite.newmedia.menu import load_menu_rules

    path, line = broken_copy(tmp_path, "wechat_menu.yml", old, new)
    err = error_of(lambda: load_menu_rules(load_config_file(path, "wechat_menu.yml"), "wechat_menu.yml"))
    assert err.path == "wechat_menu.yml" and needle in str(err), str(err)
    if needle != "不重复":
        assert err.line == line, str(err)

"""``govsite unit new`` and ``govsite unit add-person``: a new unit passes every
unit-level rule at once; only its placeholder pages have findings of their own."""

from __future__ import annotations

import json

from sitekit import govsite, make_portal

from govsite.core.columns import standard_columns
from govsite.core.project import Project


def test_unit_new_scaffolds_every_standard_column(tmp_path):
    root = make_portal(tmp_path / "portal")
    made = govsite(root, "unit", "new", "czj", "--name", "重庆市黔江区财政局", "--short-name", "区财政局",
                   "--kind", "department", "--person", "zhangsan:张三:operator",
                   "--person", "lisi:李四:section_head:科长", "--person", 'wangwu:王"五:deputy')
    assert made.returncode == 0, made.stderr
    unit = Project(root).unit("czj")
    assert unit.name == "重庆市黔江区财政局" and unit.kind == "department"
    assert [p.id for p in unit.people] == ["zhangsan", "lisi", "wangwu"] and unit.people[2].name == '王"五'
    folders = [c.id for c in standard_columns() if c.has_folder]
    for column in folders:
        assert (root / "units/czj" / column / "shili.md").is_file(), column
    assert "发文字号" in (root / "units/czj/zcwj/shili.md").read_text("utf-8")

    checked = govsite(root, "check", "units/czj", "--format", "json")
    findings = json.loads(checked.stdout)
    assert findings, checked.stderr
    placeholders = {f"units/czj/{c}/shili.md" for c in folders}
    for f in findings:
        # the placeholders' own to-do list: reviewers to fill, the interpretation's policy
        # link, the annual report's date; nothing about the unit or its columns
        # (and the unit's own: its 7×24 on-call contacts, which only the unit can name: SEC001)
        assert f["path"] in placeholders or (f["rule"] == "FRS003" and f["path"] == "units/czj/xxgknb") or (
            f["rule"] == "SEC001" and f["path"] == "units/czj/unit.yml"), f
    assert not {f["rule"] for f in findings} & {"COL006", "COL007", "FRS002"}

    again = govsite(root, "unit", "new", "czj", "--name", "x", "--kind", "street")
    assert again.returncode == 2 and "已存在" in again.stderr


def test_add_person_appends_to_the_roster_and_keeps_the_rest(tmp_path):
    root = make_portal(tmp_path / "portal")
    path = root / "units/demo/unit.yml"
    before = path.read_text("utf-8")
    added = govsite(root, "unit", "add-person", "demo", "--id", "liuqi", "--name", "刘七",
                    "--role", "section_head", "--title", "财务科科长")
    assert added.returncode == 0, added.stderr
    after = path.read_text("utf-8")
    assert after.startswith(before.split("columns:")[0]) and after.endswith(before[before.index("columns:"):])
    person = Project(root).unit("demo").person_by_id("liuqi")
    assert person is not None and person.name == "刘七" and person.roles == ("section_head",)
    again = govsite(root, "unit", "add-person", "demo", "--id", "liuqi", "--name", "刘七", "--role", "operator")
    assert again.returncode == 2 and "已有人员" in again.stderr
    assert path.read_text("utf-8") == after

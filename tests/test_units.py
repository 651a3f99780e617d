"""unit.yml validation: every error names the file, the line and the fix."""

from __future__ import annotations

import pytest
from rulekit import make_site

from govsite.core.errors import ConfigError
from govsite.core.project import Project

CASES = [
    ("name: 局\nkind: department\npeople:\n  - {id: a, name: 甲, roles: [boss]}\n", 4, "boss"),
    ("name: 局\nkind: bureau\npeople: []\n", 2, "department | township | street"),
    ("name: 局\nknd: department\npeople: []\n", 2, "kind"),
    ("kind: department\npeople: []\n", 1, "name"),
    ("name: 局\nkind: department\npeople:\n  - {id: a, name: 甲, roles: [operator]}\n  - {id: a, name: 乙, roles: [deputy]}\n", 5, "重复"),
    ("name: 局\nkind: department\npeople:\n  - {id: Zhang San, name: 甲, roles: [operator]}\n", 4, "小写"),
    ("name: 局\nkind: department\npeople:\n  - id: a\n    name: 甲\n   roles: [operator]\n", 6, "YAML"),
    ("name: 局\nkind: department\npeople: []\ncolumns:\n  - {id: gzdt, name: 动态}\n", 5, "重复"),
    ("name: 局\nkind: department\npeople: []\ncolumns:\n  - {id: wbzx, name: 外部, kind: link}\n", 5, "url"),
    ("name: 局\nkind: department\npeople: []\ncolumns:\n  - {id: newmedia, name: 新媒体}\n", 5, "新媒体文章的目录名"),
]


@pytest.mark.parametrize("text,line,needle", CASES)
def test_bad_unit_yml(tmp_path, text, line, needle):
    root = make_site(tmp_path / "s")
    (root / "units/demo/unit.yml").write_text(text, "utf-8")
    with pytest.raises(ConfigError) as err:
        Project(root).unit("demo")
    assert err.value.path == "units/demo/unit.yml"
    assert err.value.line == line, str(err.value)
    assert needle in str(err.value)


def test_missing_unit_yml(tmp_path):
    root = make_site(tmp_path / "s")
    (root / "units/demo/unit.yml").unlink()
    with pytest.raises(ConfigError, match="缺少 unit.yml"):
        Project(root).unit("demo")


def test_roster_and_columns(tmp_path):
    unit = Project(make_site(tmp_path / "s")).unit("demo")
    assert [p.id for p in unit.find_people("王芳")] == ["wangfang1", "wangfang2"]
    assert unit.person_by_login("github", "KEZHANG-GH").id == "kezhang"
    assert unit.column("zfcg").name == "政府采购" and not unit.column("zfcg").standard
    assert unit.column("gzdt").required

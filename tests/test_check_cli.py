"""``govsite check``: output formats, exit codes and the JSON contract."""

from __future__ import annotations

import json

from rulekit import make_site
from sitekit import govsite, write_page

BAD = "---\ntitle: 示例\ndate: 2026年11月20日\nreviewers:\n  drafter: 柯源\n  checker: 柯章\n  approver: 傅柱\n---\n\n正文。\n"
FIELDS = {"rule", "category", "severity", "path", "line", "column", "message", "article"}


def test_json_contract_and_exit_code(tmp_path):
    root = make_site(tmp_path / "s")
    write_page(root, "units/demo/gzdt/bad.md", BAD)
    proc = govsite(root, "check", "units/demo/gzdt/bad.md", "--format", "json", "--select", "FMT005,FMT006")
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert isinstance(data, list) and data
    for item in data:
        assert set(item) == FIELDS
    finding = next(f for f in data if f["rule"] == "FMT005")
    assert finding == {
        "rule": "FMT005", "category": "frontmatter", "severity": "error",
        "path": "units/demo/gzdt/bad.md", "line": 3, "column": 1,
        "message": finding["message"], "article": "《管理办法》第十条",
    }
    assert "YYYY-MM-DD" in finding["message"]


def test_text_output_lists_every_finding_with_path_line_code(tmp_path):
    root = make_site(tmp_path / "s")
    write_page(root, "units/demo/gzdt/bad.md", BAD)
    write_page(root, "units/demo/tzgg/bad2.md", "# 没有元数据\n")
    proc = govsite(root, "check", "--select", "FMT001,FMT005")
    assert proc.returncode == 1
    assert "units/demo/gzdt/bad.md:3: FMT005" in proc.stdout
    assert "units/demo/tzgg/bad2.md:1: FMT001" in proc.stdout


def test_clean_selection_exits_zero(tmp_path):
    root = make_site(tmp_path / "s")
    proc = govsite(root, "check", "units/demo/gzdt/base.md", "--select", "FMT001,FMT002,FMT003")
    assert proc.returncode == 0, proc.stdout
    assert "共 0 个错误" in proc.stdout


def test_github_annotations(tmp_path):
    root = make_site(tmp_path / "s")
    write_page(root, "units/demo/gzdt/bad.md", BAD)
    proc = govsite(root, "check", "units/demo/gzdt/bad.md", "--format", "github", "--select", "FMT005")
    assert proc.stdout.startswith("::error file=units/demo/gzdt/bad.md,line=3,col=1,title=FMT005::")


def test_usage_errors_exit_two_with_one_line(tmp_path):
    root = make_site(tmp_path / "s")
    missing = govsite(root, "check", "units/demo/gzdt/nope.md")
    assert missing.returncode == 2
    assert "nope.md" in missing.stderr and "Traceback" not in missing.stderr
    unknown = govsite(root, "check", "--select", "ABC123")
    assert unknown.returncode == 2 and "ABC123" in unknown.stderr


def test_broken_unit_yml_is_a_configuration_error(tmp_path):
    root = make_site(tmp_path / "s")
    (root / "units/demo/unit.yml").write_text("name: 示例局\nkind: bureau\npeople: []\n", "utf-8")
    proc = govsite(root, "check")
    assert proc.returncode == 2
    assert "units/demo/unit.yml:2" in proc.stderr and "kind" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_suppressed_findings_are_listed(tmp_path):
    root = make_site(tmp_path / "s")
    write_page(root, "units/demo/gzdt/s.md",
               "---\ntitle: 示例\ndate: 2026-11-20\n# <!-- govsite: allow FMT006 迁移字段 -->\nlegacy_id: 12\n---\n\n正文。\n")
    # The comment sits in the YAML as a comment line; the suppression covers the next line.
    proc = govsite(root, "check", "units/demo/gzdt/s.md", "--select", "FMT006")
    assert proc.returncode == 0
    assert "FMT006 已豁免" in proc.stdout and "迁移字段" in proc.stdout


def test_cache_returns_same_findings(tmp_path):
    root = make_site(tmp_path / "s")
    write_page(root, "units/demo/gzdt/bad.md", BAD)
    env = {"GOVSITE_CACHE_DIR": str(tmp_path / "cache")}
    first = govsite(root, "check", "units/demo/gzdt/bad.md", "--format", "json", env=env)
    # the cache lives outside the repository (govsite/core/diskcache.py)
    assert list((tmp_path / "cache" / "findings").rglob("*.json"))
    assert not (root / ".govsite-cache" / "findings").exists()
    second = govsite(root, "check", "units/demo/gzdt/bad.md", "--format", "json", env=env)
    assert first.stdout == second.stdout


def test_cache_never_serves_stale_findings(tmp_path):
    root = make_site(tmp_path / "s")
    page = write_page(root, "units/demo/gzdt/bad.md", BAD)
    assert govsite(root, "check", "units/demo/gzdt/bad.md", "--select", "FMT005").returncode == 1
    govsite(root, "check", "units/demo/gzdt/bad.md")  # fills the cache
    page.write_text(BAD.replace("2026年11月20日", "2026-11-20"), "utf-8")
    proc = govsite(root, "check", "units/demo/gzdt/bad.md", "--format", "json")
    assert not [f for f in json.loads(proc.stdout) if f["rule"] == "FMT005"]


def test_a_retired_rule_is_listed_but_never_run(tmp_path, monkeypatch, capsys):
    import argparse
    import dataclasses

    from govsite.commands import rules as rules_command
    from govsite.core.project import Project
    from govsite.engine import runner
    from govsite.rules import registry

    root = make_site(tmp_path / "s")
    write_page(root, "units/demo/gzdt/bad.md", BAD)
    monkeypatch.chdir(root)
    assert [f.rule for f in runner.run(Project(root), ["units/demo/gzdt/bad.md"], codes={"FMT005"}).findings] == ["FMT005"]
    table = tuple(dataclasses.replace(r, retired=True) if r.code == "FMT005" else r for r in registry.RULES)
    monkeypatch.setattr(runner, "RULES", table)
    monkeypatch.setattr(rules_command, "RULES", table)
    assert runner.run(Project(root), ["units/demo/gzdt/bad.md"], codes={"FMT005"}).findings == []
    everything = runner.run(Project(root), ["units/demo/gzdt/bad.md"], use_cache=False).findings
    assert everything and "FMT005" not in {f.rule for f in everything}
    rules_command.run(argparse.Namespace(code=None))
    listing = capsys.readouterr().out
    line = next(x for x in listing.splitlines() if x.startswith("FMT005"))
    assert "已停用" in line
    assert not any("已停用" in x for x in listing.splitlines() if not x.startswith("FMT005"))

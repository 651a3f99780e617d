"""``govsite patrol``: freshness of every column against 第十二条 and the 检查指标, empty
columns, the portal home, the 公开指南 and 年报; early warnings; text, JSON and Markdown;
exit 1 on a veto item. Every figure is recomputed here independently from the pages'
dates (plain PyYAML and dateutil, not govsite's own readers)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml
from dateutil.relativedelta import relativedelta
from rulekit import BASE_SITE
from sitekit import govsite

from govsite.core.project import Project
from govsite.regulation.freshness import add_months, annual_report_status, rules
from govsite.regulation.patrol import patrol

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 26)  # tests/fixtures/site/govsite.yml


# -- an independent reading of the pages ----------------------------------------------------

def front_matter(path: Path) -> dict:
    text = path.read_text("utf-8-sig")
    if not text.startswith("---"):
        return {}
    try:
        data = yaml.safe_load(text.split("---", 2)[1])
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def as_day(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def folder_columns(unit_dir: Path) -> list[str]:
    """Authored columns of a unit: the standard ones with folders plus its own."""
    std = yaml.safe_load((REPO / "govsite/data/columns.yml").read_text("utf-8"))["columns"]
    own = (yaml.safe_load((unit_dir / "unit.yml").read_text("utf-8")) or {}).get("columns") or []
    return ([c["id"] for c in std if c["kind"] not in ("generated", "link")]
            + [c["id"] for c in own if c.get("kind", "news") not in ("generated", "link")])


def recompute(root: Path, today: dt.date) -> dict:
    """Per unit and column: pages, newest date not after today, days since; site counts."""
    out = {"columns": {}, "stale": [], "empty": [], "home": None}
    for unit_dir in sorted(p for p in (root / "units").iterdir() if p.is_dir()):
        for column in folder_columns(unit_dir):
            files = sorted((unit_dir / column).glob("*.md")) if (unit_dir / column).is_dir() else []
            dates = [d for d in (as_day(front_matter(f).get("date")) for f in files) if d and d <= today]
            last = max(dates) if dates else None
            key = f"{unit_dir.name}/{column}"
            out["columns"][key] = {"pages": len(files), "last_update": last,
                                   "days_since": (today - last).days if last else None}
            if not files:
                out["empty"].append(key)
                continue
            if column == "gzdt" and (last is None or (today - last).days >= 14):
                out["stale"].append(key)
            if column in ("tzgg", "zcwj") and (last is None or today >= last + relativedelta(months=6)):
                out["stale"].append(key)
            if column == "gzdt" and last and (out["home"] is None or last > out["home"]):
                out["home"] = last
    return out


def assert_report_matches(report: dict, root: Path) -> dict:
    today = dt.date.fromisoformat(report["today"])
    expected = recompute(root, today)
    got = {f"{u['id']}/{c['column']}": c for u in report["units"] for c in u["columns"]}
    assert set(got) == set(expected["columns"])
    for key, want in expected["columns"].items():
        have = got[key]
        assert have["pages"] == want["pages"], key
        assert have["last_update"] == (want["last_update"].isoformat() if want["last_update"] else None), key
        assert have["days_since"] == want["days_since"], key
    assert sorted(k for k, c in got.items() if c["stale"]) == sorted(expected["stale"])
    assert sorted(k for k, c in got.items() if c["empty"]) == sorted(expected["empty"])
    site = {s["check"]: s for s in report["site"]}
    assert site["stale_columns"]["value"] == len(expected["stale"])
    assert site["empty_columns"]["value"] == len(expected["empty"])
    assert report["home_last_update"] == (expected["home"].isoformat() if expected["home"] else None)
    veto = (len(expected["stale"]) >= 5 or len(expected["empty"]) >= 5
            or expected["home"] is None or (today - expected["home"]).days >= 14)
    assert report["verdict"] == ("veto" if veto else "pass")
    return expected


# -- a temporary district ----------------------------------------------------------------

PAGE = "---\ntitle: {title}\ndate: {date}\n---\n\n正文。\n"


def make_district(tmp_path: Path, units: int = 3) -> Path:
    """The fixture site with ``units`` copies of its unit (demo, demo2, ...)."""
    root = tmp_path / "site"
    shutil.copytree(BASE_SITE, root)
    for n in range(2, units + 1):
        shutil.copytree(root / "units/demo", root / f"units/demo{n}")
    return root


def write(root: Path, rel: str, date: str, title: str = "页面") -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(title=title, date=date), "utf-8")


def run_patrol(root: Path, *args: str):
    proc = govsite(root, "patrol", "--format", "json", *args)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def test_fresh_district_passes_and_figures_match(tmp_path):
    root = make_district(tmp_path)
    code, report = run_patrol(root)
    assert code == 0 and report["verdict"] == "pass"
    assert report["today"] == TODAY.isoformat()
    assert_report_matches(report, root)


def test_weekly_news_warns_after_7_days_and_counts_at_14(tmp_path):
    root = make_district(tmp_path)
    write(root, "units/demo/gzdt/base.md", "2026-11-18")   # 8 days: weekly duty missed
    write(root, "units/demo2/gzdt/base.md", "2026-11-12")  # 14 days: over the 检查指标 line
    code, report = run_patrol(root)
    cols = {f"{u['id']}/{c['column']}": c for u in report["units"] for c in u["columns"]}
    assert cols["demo/gzdt"]["level"] == "warning" and not cols["demo/gzdt"]["stale"]
    assert cols["demo/gzdt"]["crosses_on"] == "2026-12-02"
    assert cols["demo2/gzdt"]["level"] == "error" and cols["demo2/gzdt"]["stale"]
    assert code == 0  # one column over its line is not yet a veto of the portal
    assert_report_matches(report, root)


def test_five_columns_over_their_lines_are_a_veto(tmp_path):
    root = make_district(tmp_path)
    write(root, "units/demo/gzdt/base.md", "2026-11-01")
    write(root, "units/demo2/gzdt/base.md", "2026-11-10")
    write(root, "units/demo3/tzgg/base.md", "2026-05-26")   # exactly 6 months
    write(root, "units/demo/zcwj/base.md", "2025-12-01")
    write(root, "units/demo2/zcwj/base.md", "2026-03-01")
    code, report = run_patrol(root)
    assert code == 1 and report["verdict"] == "veto"
    site = {s["check"]: s for s in report["site"]}
    assert site["stale_columns"]["level"] == "veto" and site["stale_columns"]["value"] == 5
    assert_report_matches(report, root)


def test_six_months_is_by_calendar_month():
    assert add_months(dt.date(2026, 5, 26), 6) == dt.date(2026, 11, 26)
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2023, 8, 31), 6) == dt.date(2024, 2, 29)


def test_five_empty_columns_are_a_veto(tmp_path):
    root = make_district(tmp_path)
    for rel in ("demo/zcjd", "demo/ldxx", "demo2/zfcg", "demo2/zcjd", "demo3/jgzn"):
        (root / f"units/{rel}/base.md").unlink()
    code, report = run_patrol(root)
    assert code == 1
    site = {s["check"]: s for s in report["site"]}
    assert site["empty_columns"]["level"] == "veto" and site["empty_columns"]["value"] == 5
    assert sorted(site["empty_columns"]["columns"]) == ["demo/ldxx", "demo/zcjd", "demo2/zcjd", "demo2/zfcg", "demo3/jgzn"]
    assert_report_matches(report, root)


def test_four_empty_columns_are_not(tmp_path):
    root = make_district(tmp_path)
    for rel in ("demo/zcjd", "demo/ldxx", "demo2/zfcg", "demo2/zcjd"):
        (root / f"units/{rel}/base.md").unlink()
    code, report = run_patrol(root)
    assert code == 0
    assert_report_matches(report, root)


def test_portal_home_not_updated_for_two_weeks_is_a_veto(tmp_path):
    root = make_district(tmp_path, units=1)
    write(root, "units/demo/gzdt/base.md", "2026-11-12")
    code, report = run_patrol(root)
    home = {s["check"]: s for s in report["site"]}["home"]
    assert code == 1 and home["level"] == "veto" and home["value"] == 14
    assert_report_matches(report, root)


def test_early_warning_for_lines_crossed_within_n_days(tmp_path):
    root = make_district(tmp_path, units=4)  # demo4 keeps the portal home fresh
    # Four columns over their lines, a fifth crossing on 2026-11-28 (two days ahead).
    write(root, "units/demo/gzdt/base.md", "2026-11-01")
    write(root, "units/demo2/gzdt/base.md", "2026-11-01")
    write(root, "units/demo3/gzdt/base.md", "2026-11-01")
    write(root, "units/demo/zcwj/base.md", "2025-12-01")
    write(root, "units/demo/tzgg/base.md", "2026-05-28")
    code, report = run_patrol(root)  # default: settings.early_warning_days = 3
    assert code == 0 and report["early_warning_days"] == 3
    site = {s["check"]: s for s in report["site"]}
    assert site["stale_columns"]["level"] == "early"
    tzgg = next(c for u in report["units"] if u["id"] == "demo" for c in u["columns"] if c["column"] == "tzgg")
    assert tzgg["level"] == "early" and tzgg["crosses_on"] == "2026-11-28"
    code, narrow = run_patrol(root, "--warn-days", "1")
    assert {s["check"]: s for s in narrow["site"]}["stale_columns"]["level"] == "ok"
    assert_report_matches(report, root)


def test_early_warning_days_from_settings(tmp_path):
    root = make_district(tmp_path, units=1)
    with (root / "govsite.yml").open("a", encoding="utf-8") as fh:
        fh.write("early_warning_days: 10\n")
    write(root, "units/demo/gzdt/base.md", "2026-11-20")  # home crosses 14 days on 2026-12-04
    code, report = run_patrol(root)
    assert report["early_warning_days"] == 10
    assert {s["check"]: s for s in report["site"]}["home"]["level"] == "early"


def test_guide_and_annual_report(tmp_path):
    root = make_district(tmp_path, units=2)
    (root / "units/demo/xxgkzn/base.md").unlink()
    write(root, "units/demo/xxgknb/base.md", "2026-01-28", "测试区示例局2025年政府信息公开工作年度报告")
    write(root, "units/demo2/xxgknb/base.md", "2025-01-20", "测试区示例局2024年政府信息公开工作年度报告")
    code, report = run_patrol(root)
    items = {(u["id"], i["check"]): i for u in report["units"] for i in u["items"]}
    assert items[("demo", "guide")]["level"] == "error"
    assert items[("demo", "annual_report")]["level"] == "ok" and items[("demo", "annual_report")]["year"] == 2025
    assert items[("demo2", "annual_report")]["level"] == "error" and items[("demo2", "annual_report")]["due"] == "2026-01-31"
    # Missing guide and report are errors for the unit, not veto items of the portal.
    assert code == 0 and report["summary"]["error"] >= 2


def test_annual_report_due_soon_in_january(tmp_path):
    root = make_district(tmp_path, units=1)
    write(root, "units/demo/xxgknb/base.md", "2026-01-28", "测试区示例局2025年政府信息公开工作年度报告")
    project = Project(root)
    unit = project.unit("demo")
    early = annual_report_status(project, unit, dt.date(2027, 1, 29), 3)
    assert early.level == "early" and early.year == 2026 and early.due == dt.date(2027, 1, 31)
    assert annual_report_status(project, unit, dt.date(2027, 1, 10), 3).level == "ok"
    assert annual_report_status(project, unit, dt.date(2027, 2, 1), 3).level == "error"


def test_markdown_page_written_and_published(tmp_path):
    root = make_district(tmp_path)
    out = tmp_path / "out" / "patrol.md"
    proc = govsite(root, "patrol", "--format", "markdown", "--output", str(out), "--publish")
    assert proc.returncode == 0, proc.stderr
    text = out.read_text("utf-8")
    assert text.startswith("---\ntitle: 网站巡查报告（2026-11-26）")
    assert "| 栏目 | 页面数 | 最近更新 | 距今天数 | 时限 | 状态 |" in text
    assert "国办秘函〔2019〕19号" in text
    assert (root / "content/patrol.md").read_text("utf-8") == text


def test_text_output_and_bad_arguments(tmp_path):
    root = make_district(tmp_path, units=1)
    write(root, "units/demo/gzdt/base.md", "2026-11-18")
    proc = govsite(root, "patrol")
    assert proc.returncode == 0
    assert "巡网报告 2026-11-26" in proc.stdout and "[警告] gzdt 工作动态" in proc.stdout
    assert govsite(root, "patrol", "--warn-days", "-1").returncode == 2
    assert govsite(root, "patrol", "--format", "xml").returncode == 2


def test_library_and_rules_agree(tmp_path):
    """FRS001 reports exactly the columns the patrol marks warning or error (one function)."""
    from govsite.engine.runner import run

    root = make_district(tmp_path, units=2)
    write(root, "units/demo/gzdt/base.md", "2026-11-10")
    write(root, "units/demo2/tzgg/base.md", "2026-04-01")
    write(root, "units/demo2/gzdt/base.md", "2026-11-17")
    project = Project(root)
    report = patrol(project)
    flagged = sorted(f"units/{c.unit}/{c.column}" for u in report.units for c in u.columns
                     if c.level in ("warning", "error") and not c.empty)
    found = run(project, [str(root / "units/demo"), str(root / "units/demo2")], codes={"FRS001"}, use_cache=False)
    assert sorted(f.path for f in found.findings) == flagged == ["units/demo/gzdt", "units/demo2/gzdt", "units/demo2/tzgg"]


def test_thresholds_live_in_one_data_file_with_sources():
    r = rules()
    assert r.columns["gzdt"].warn_after_days == 7 and r.columns["gzdt"].line_days == 14
    assert r.columns["tzgg"].line_months == 6 and r.columns["zcwj"].line_months == 6
    assert r.stale_columns_veto == 5 and r.empty_columns_veto == 5 and r.home_line_days == 14
    assert "第十二条" in r.columns["gzdt"].warn_source
    assert "国办秘函〔2019〕19号" in r.columns["gzdt"].line_source
    assert "1月31日" in r.annual_source


# -- the demo district at the repository root ------------------------------------------------

@pytest.mark.skipif(not (REPO / "units").is_dir() or not any((REPO / "units").iterdir()), reason="no demo district")
def test_demo_district_report_matches_its_pages():
    proc = govsite(REPO, "patrol", "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads(proc.stdout)
    expected = assert_report_matches(report, REPO)
    assert proc.returncode == (1 if report["verdict"] == "veto" else 0)
    assert len(report["units"]) == len([p for p in (REPO / "units").iterdir() if p.is_dir()])
    assert expected["columns"]

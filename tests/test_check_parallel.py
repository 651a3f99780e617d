"""A check run in worker processes says exactly what the serial run says: the demo
district (every page signed, git history) plus generated pages (unsigned, so the gate
reports each), byte for byte in every output format, suppressions included."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from reviewkit import git_init

from govsite.core.errors import ConfigError
from govsite.core.findings import format_findings
from govsite.core.project import Project
from govsite.engine import runner

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from gen_corpus import generate  # noqa: E402

DEMO = ("units", "content", "review", "govsite.yml", "mkdocs.yml", "holidays.yml")


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> Path:
    """The demo district with two generated units added, committed to git."""
    root = tmp_path_factory.mktemp("district")
    for name in DEMO:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, symlinks=True)
        elif source.exists():
            shutil.copy(source, root / name)
    generated = tmp_path_factory.mktemp("generated")
    generate(generated, units=2, pages=110, chars=400)
    for unit in sorted((generated / "units").iterdir()):
        shutil.copytree(unit, root / "units" / unit.name)
    git_init(root)
    return root


def outputs(root: Path, jobs: int, use_cache: bool = False) -> dict[str, str]:
    report = runner.run(Project(root), None, use_cache=use_cache, jobs=jobs)
    assert report.pages >= runner.PARALLEL_MIN_PAGES  # enough pages to run in workers
    return {fmt: format_findings(report.findings, fmt, report.suppressed) for fmt in ("json", "text", "sarif")}


def test_workers_report_exactly_what_the_serial_run_reports(district, monkeypatch, tmp_path):
    monkeypatch.setenv("GOVSITE_TODAY", "2026-12-01")
    serial = outputs(district, jobs=1)
    assert '"REV010"' in serial["json"]  # the generated pages are unsigned: the gate reports them
    # a cold parallel run fills the cache, a warm one reads it
    monkeypatch.setenv("GOVSITE_CACHE_DIR", str(tmp_path / "user-cache"))
    assert outputs(district, jobs=2, use_cache=True) == serial
    assert outputs(district, jobs=2, use_cache=True) == serial


def test_a_broken_unit_in_a_worker_is_the_same_configuration_error(district, tmp_path):
    root = tmp_path / "broken"
    shutil.copytree(district, root, symlinks=True)
    (root / "units/cxjd/unit.yml").write_text("name: [\n", "utf-8")  # the first unit: no page checked before
    errors = []
    for jobs in (1, 2):
        with pytest.raises(ConfigError) as caught:
            runner.run(Project(root), None, use_cache=False, jobs=jobs)
        errors.append(str(caught.value))
    assert errors[0] == errors[1] and "units/cxjd/unit.yml" in errors[0]


def test_a_project_keeping_few_pages_reports_exactly_the_same(district, monkeypatch):
    # A 70,000-page district cannot keep every page read: Project keeps the most recently
    # used ones. Reading the rest again must change nothing, even when almost nothing fits.
    monkeypatch.setenv("GOVSITE_TODAY", "2026-12-01")
    whole = outputs(district, jobs=1)
    monkeypatch.setattr("govsite.core.project.PAGE_CACHE_SIZE", 3)
    assert outputs(district, jobs=1) == whole
    assert outputs(district, jobs=2) == whole
    project = Project(district)
    for unit_id in project.unit_ids():
        for rel in project.page_paths(unit_id):
            project.page(rel)
    assert len(project._pages) == 3

"""The CI workflows only call commands of the project, and those commands exist.

Every workflow file under .github/workflows/ is parsed with PyYAML. Each ``run:``
step must be one command: ``bash <folder>/scripts/<name>.sh`` for a script of this
repository, ``govsite <verb> ...`` whose arguments the real govsite parser accepts
(verbs of every engineer, review and patrol included, from the real COMMANDS table),
or ``mkdocs build``. Also: the pre-commit hook manifest, and the README section on
branch protection.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from govsite.cli import COMMANDS, build_parser

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
EXPR_RE = re.compile(r"\$\{\{.*?\}\}", re.S)
VAR_RE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?")


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text("utf-8"))
    if True in data and "on" not in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def run_steps(data: dict):
    """(job id, step, merged env) for every step with ``run:``."""
    for job_id, job in data["jobs"].items():
        for step in job["steps"]:
            if "run" in step:
                env = {**(data.get("env") or {}), **(job.get("env") or {}), **(step.get("env") or {})}
                yield job_id, step, env


def argv_of(command: str, env: dict) -> list[str]:
    """The command's words, with ${{ expressions }} and $VARIABLES replaced by plausible values."""
    def var(match):
        value = env.get(match.group(1))
        if isinstance(value, str) and "${{" not in value and value:
            return value
        return "1"

    text = EXPR_RE.sub("1", command.strip())
    text = VAR_RE.sub(var, text)
    return shlex.split(text)


def test_there_are_three_workflows():
    names = {p.name for p in WORKFLOWS}
    assert {"pr.yml", "deploy.yml", "patrol.yml"} <= names, names


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_workflow_is_well_formed(path):
    data = load(path)
    assert data.get("name") and data.get("on") and data.get("jobs"), path.name
    for job_id, job in data["jobs"].items():
        assert job.get("runs-on"), f"{path.name}: job {job_id} lacks runs-on"
        assert job.get("steps"), f"{path.name}: job {job_id} has no steps"
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), f"{path.name}: {step} needs exactly one of uses/run"
            if "uses" in step:
                assert re.match(r"^[\w.-]+/[\w.-]+@v\d+$", step["uses"]), step["uses"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_every_run_step_calls_an_existing_command(path):
    parser = build_parser()
    data = load(path)
    for job_id, step, env in run_steps(data):
        command = step["run"]
        assert "\n" not in command.strip(), f"{path.name}/{job_id}: one command per run step: {command!r}"
        assert not re.search(r"[;&|`]|\$\(", EXPR_RE.sub("", command)), f"{path.name}/{job_id}: no shell plumbing: {command!r}"
        argv = argv_of(command, env)
        where = f"{path.name}/{job_id}/{step.get('name', '')}"
        if argv[0] == "bash":
            script = Path(argv[1])
            assert script.parts[-2] == "scripts" and script.suffix == ".sh", f"{where}: {argv[1]}"
            assert (REPO / "scripts" / script.name).is_file(), f"{where}: scripts/{script.name} does not exist"
        elif argv[0] == "govsite":
            assert argv[1] in COMMANDS, f"{where}: govsite has no command {argv[1]!r} (COMMANDS: {sorted(COMMANDS)})"
            try:
                parser.parse_args(argv[1:])
            except SystemExit as exc:
                pytest.fail(f"{where}: govsite rejects the arguments {argv[1:]} (exit {exc.code})")
        elif argv[0] == "mkdocs":
            assert argv[1] == "build", f"{where}: only `mkdocs build` is allowed"
        else:
            pytest.fail(f"{where}: run step calls {argv[0]!r}; call bash scripts/... or govsite <verb> instead")


def test_scripts_called_by_workflows_call_existing_verbs():
    for script in (REPO / "scripts").glob("ci-*.sh"):
        for verb in re.findall(r"(?:^|[\s/])govsite\s+([a-z][a-z-]*)", script.read_text("utf-8")):
            assert verb in COMMANDS, f"{script.name}: govsite {verb}"


def _steps(name: str) -> list[dict]:
    data = load(REPO / ".github" / "workflows" / name)
    return [s for job in data["jobs"].values() for s in job["steps"]]


def _runs(name: str) -> list[str]:
    return [s["run"] for s in _steps(name) if "run" in s]


def test_pull_request_gate():
    data = load(REPO / ".github" / "workflows" / "pr.yml")
    assert "pull_request" in data["on"]
    runs = _runs("pr.yml")
    steps = _steps("pr.yml")
    # validators come from the base branch, checked out into a separate folder
    base = [s for s in steps if s.get("uses", "").startswith("actions/checkout") and (s.get("with") or {}).get("path")]
    assert base and "base" in str(base[0]["with"]["ref"]), base
    overlay = next(i for i, r in enumerate(runs) if "ci-base-validators.sh" in r)
    assert runs[overlay].split()[1].startswith(base[0]["with"]["path"] + "/scripts/")
    # only the changed pages (and what links to them), as annotations
    check = next(i for i, r in enumerate(runs) if r.startswith("govsite changed"))
    assert "--check" in runs[check] and "--format github" in runs[check] and overlay < check
    assert any(r.startswith("govsite review verify") for r in runs)
    build = next(i for i, r in enumerate(runs) if r.startswith("mkdocs build"))
    assert "--strict" in runs[build]
    uploads = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact")]
    assert uploads and all(u["with"]["path"].startswith("site") for u in uploads)
    # GitHub needs upload-artifact v4; Gitea supports v3 reliably: one step each
    assert {u["uses"].rsplit("@", 1)[1] for u in uploads} == {"v3", "v4"}


def test_deploy_on_main_builds_strictly_then_deploys():
    data = load(REPO / ".github" / "workflows" / "deploy.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    runs = _runs("deploy.yml")
    build = next(i for i, r in enumerate(runs) if r.startswith("mkdocs build --strict"))
    deploys = [i for i, r in enumerate(runs) if r.startswith("govsite deploy")]
    assert deploys and all(i > build for i in deploys)


def test_patrol_is_scheduled_and_publishes_reports():
    data = load(REPO / ".github" / "workflows" / "patrol.yml")
    assert data["on"]["schedule"][0]["cron"]
    runs = _runs("patrol.yml")
    links = next(r for r in runs if r.startswith("govsite links"))
    assert "--fail-on veto" in links and "content/" in links  # a page of the site
    assert any(r.startswith("govsite patrol") and "--publish" in r for r in runs)
    steps = _steps("patrol.yml")
    uploads = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact")]
    assert uploads and all("reports/" in u["with"]["path"] for u in uploads)
    # the reports are still published when a veto fails the link step
    after = steps[next(i for i, s in enumerate(steps) if s.get("run", "").startswith("govsite links")) + 1:]
    assert all("always()" in str(s.get("if", "")) for s in after)


def test_pre_commit_hook_manifest():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    hook = next(h for h in hooks if h["id"] == "govsite-check")
    assert hook["entry"] == "govsite check" and hook["language"] == "python"
    pattern = re.compile(hook["files"])
    assert pattern.search("units/czj/gzdt/2024-05-01-gzhy.md")
    assert not pattern.search("units/czj/unit.yml") and not pattern.search("content/index.md")
    verb = hook["entry"].split()[1]
    assert verb in COMMANDS
    for key in ("id", "name", "entry", "language"):  # the framework's required keys
        assert hook.get(key), key


def test_readme_documents_branch_protection():
    text = (REPO / "README.md").read_text("utf-8")
    assert "## 分支保护与持续集成" in text
    section = text.split("## 分支保护与持续集成", 1)[1]
    for needle in ("GitHub", "Gitea", "pr / gate", "pr / tests"):
        assert needle in section, needle


def test_gate_takes_trust_from_base_and_no_verdict_from_the_repository():
    pr = load(REPO / ".github" / "workflows" / "pr.yml")
    gate_env = pr["jobs"]["gate"]["env"]
    # every step of the gate (changed --check, review verify, the build's hooks) judges
    # rosters, keys and signing times against the base commit
    assert "pull_request.base.sha" in gate_env["GOVSITE_BASE"]
    assert any(r.startswith("govsite review verify --base") for r in _runs("pr.yml"))
    for name, data in (("pr.yml", pr), ("deploy.yml", load(REPO / ".github" / "workflows" / "deploy.yml"))):
        env = {**(data.get("env") or {}), **{k: v for job in data["jobs"].values() for k, v in (job.get("env") or {}).items()}}
        # verdict caches live in the runner's own temporary folder, never in the checkout
        assert "runner.temp" in env["GOVSITE_CACHE_DIR"], name
        text = (REPO / ".github" / "workflows" / name).read_text("utf-8")
        assert ".govsite-cache/findings" not in text and ".govsite-cache/approvals" not in text

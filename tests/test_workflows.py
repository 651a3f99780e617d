"""The CI workflows only call commands of the project, and those commands exist.

Every workflow file under .github/workflows/ is parsed with PyYAML. Each ``run:``
step must be one command: ``bash <folder>/scripts/<name>.sh`` for a script of this
repository, ``govsite <verb> ...`` whose arguments the real govsite parser accepts
(verbs of every engineer, review and patrol included, from the real COMMANDS table),
or ``mkdocs build``. Also: the pre-commit hook manifest, the README section on
branch protection, and the forge-records chain of pr.yml run with its real scripts (a
real git origin with ``refs/pull/N/head``, a recorded forge on 127.0.0.1). The
fail-closed and secret rules are in tests/security/test_workflows_fail_closed.py.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from forgekit import PAGE, ForgeServer, pr_site
from reviewkit import git, keys_env
from sitekit import govsite, govsite_env, make_portal

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
                assert re.match(r"^[\w.-]+/[\w.-]+(/[\w.-]+)?@v\d+$", step["uses"]), step["uses"]


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


def _job_steps(name: str, job: str) -> list[dict]:
    return load(REPO / ".github" / "workflows" / name)["jobs"][job]["steps"]


def test_pull_request_gate():
    data = load(REPO / ".github" / "workflows" / "pr.yml")
    assert "pull_request" in data["on"]
    steps = _job_steps("pr.yml", "gate")
    runs = [s["run"] for s in steps if "run" in s]
    # validators come from the base branch, checked out into a separate folder
    base = [s for s in steps if s.get("uses", "").startswith("actions/checkout") and (s.get("with") or {}).get("path")]
    assert base and "base" in str(base[0]["with"]["ref"]), base
    overlay = next(i for i, r in enumerate(runs) if "ci-base-validators.sh" in r)
    assert runs[overlay].split()[1].startswith(base[0]["with"]["path"] + "/scripts/")
    # only the changed pages (and what links to them), as annotations
    check = next(i for i, r in enumerate(runs) if r.startswith("govsite changed"))
    assert "--check" in runs[check] and "--format github" in runs[check] and overlay < check
    assert any(r.startswith("govsite review verify") for r in runs)
    # only the shards the pull request touches are built (govsite build --unit, strict)
    build = next(i for i, r in enumerate(runs) if "ci-shards.sh build-changed" in r)
    assert '"$BASE_SHA"' in runs[build] and overlay < build
    assert not any(r.startswith("mkdocs build") for r in runs)
    uploads = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact")]
    assert uploads and all(u["with"]["path"] == "site-shards/" for u in uploads)
    # GitHub needs upload-artifact v4; Gitea supports v3 reliably: one step each
    assert {u["uses"].rsplit("@", 1)[1] for u in uploads} == {"v3", "v4"}
    # the imported records come from the import job and are compared, not trusted blindly
    assert data["jobs"]["gate"]["needs"] == "import"
    downloads = [s for s in steps if s.get("uses", "").startswith("actions/download-artifact")]
    assert downloads and all(d["with"]["name"].startswith("forge-records-pr") for d in downloads)
    assert any("ci-forge-records.sh compare" in r for r in runs)


def test_forge_import_job():
    """The import job: base commit only, the pull request's commits fetched as data, the
    base branch's rosters, the new records (only) uploaded for the gate."""
    steps = _job_steps("pr.yml", "import")
    checkouts = [s for s in steps if s.get("uses", "").startswith("actions/checkout")]
    assert len(checkouts) == 1 and "base.sha" in checkouts[0]["with"]["ref"]
    runs = [s["run"] for s in steps if "run" in s]
    fetch = next(i for i, r in enumerate(runs) if "ci-fetch-pr.sh" in r)
    imports = [i for i, r in enumerate(runs) if r.startswith("govsite review import")]
    assert len(imports) == 2 and all(fetch < i and '--base "$BASE_SHA"' in runs[i] for i in imports)
    collect = next(i for i, r in enumerate(runs) if "ci-forge-records.sh collect forge-records" in r)
    assert collect > max(imports)
    uploads = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact")]
    assert uploads and all(u["with"]["path"] == "forge-records/" for u in uploads)
    assert {u["uses"].rsplit("@", 1)[1] for u in uploads} == {"v3", "v4"}


def test_deploy_on_main_builds_shards_in_a_matrix_then_composes_and_deploys():
    data = load(REPO / ".github" / "workflows" / "deploy.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    jobs = data["jobs"]
    # the list of shards (one per unit, and the portal) is the matrix of the build job
    listing = next(s for s in jobs["shards"]["steps"] if "ci-shards.sh list" in s.get("run", ""))
    assert jobs["shards"]["outputs"]["names"] == "${{ steps." + listing["id"] + ".outputs.names }}"
    build = jobs["build"]
    assert build["needs"] == "shards" and build["strategy"]["fail-fast"] is True
    assert build["strategy"]["matrix"]["shard"] == "${{ fromJSON(needs.shards.outputs.names) }}"
    runs = [s["run"] for s in build["steps"] if "run" in s]
    assert 'bash scripts/ci-shards.sh build "$SHARD"' in runs and build["env"]["SHARD"] == "${{ matrix.shard }}"
    uploads = [s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
    assert {u["with"]["path"] for u in uploads} == {"site-shards/"} and all("matrix.shard" in u["with"]["name"] for u in uploads)
    # the deploy job takes every shard, verifies, composes, then deploys
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    steps = deploy["steps"]
    downloads = [i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/download-artifact")]
    runs = {i: s["run"] for i, s in enumerate(steps) if "run" in s}
    verify = next(i for i, r in runs.items() if r.startswith("govsite review verify"))
    compose = next(i for i, r in runs.items() if r.startswith("govsite build --compose site-shards --out site"))
    deploys = [i for i, r in runs.items() if r.startswith("govsite deploy") and "--site site" in r]
    assert downloads and max(downloads) < verify < compose < min(deploys) and len(deploys) == 2
    assert all(steps[i]["with"]["path"] == "site-shards" for i in downloads)


def test_caches_are_the_runners_never_the_pull_requests():
    """Verdict caches live in the runner's folder; main saves them (keyed on the commit
    and the lockfile); the pull request's gate only restores main's, keyed on the base
    commit and the base branch's lockfile, and no pull-request job saves a cache."""
    pr, deploy = (load(REPO / ".github" / "workflows" / n) for n in ("pr.yml", "deploy.yml"))
    cache_dir = "${{ runner.temp }}/govsite-cache"
    for job_id, job in pr["jobs"].items():
        for step in job["steps"]:
            uses = step.get("uses", "")
            assert not uses.startswith("actions/cache@"), f"pr.yml/{job_id}: a pull request saves no cache"
            if uses.startswith("actions/cache/"):
                assert uses.startswith("actions/cache/restore@") and job_id == "gate", uses
    gate = pr["jobs"]["gate"]
    restore = next(s for s in gate["steps"] if s.get("uses", "").startswith("actions/cache/restore@"))
    overlay = next(i for i, s in enumerate(gate["steps"]) if "ci-base-validators.sh" in s.get("run", ""))
    assert gate["steps"].index(restore) > overlay
    assert restore["with"]["path"] == cache_dir == gate["env"]["GOVSITE_CACHE_DIR"]
    for key in [restore["with"]["key"], *restore["with"]["restore-keys"].splitlines()]:
        # from the base branch only: its commit, its lockfile in the base checkout
        hashed = re.findall(r"hashFiles\('([^']*)'\)", key)
        assert hashed == [".govsite-base/requirements.lock"], key
        assert "-district-" in key
    assert "pull_request.base.sha" in restore["with"]["key"]
    saved = {}
    for job_id, job in deploy["jobs"].items():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/cache"):
                assert step["uses"].startswith("actions/cache@"), step["uses"]
                assert step["with"]["path"] == cache_dir == deploy["env"]["GOVSITE_CACHE_DIR"]
                assert step["with"]["key"].endswith("-${{ github.sha }}") and "hashFiles('requirements.lock')" in step["with"]["key"]
                saved[job_id] = step["with"]["key"]
    assert {"build", "warm", "deploy"} <= set(saved) and "matrix.shard" in saved["build"]
    # the cache the gate restores is the one main's `warm` job saves, after checking every page
    assert saved["warm"].split("-district-")[0].replace("requirements.lock", "") == \
        restore["with"]["key"].split("-district-")[0].replace(".govsite-base/requirements.lock", "")
    warm_runs = [s["run"] for s in deploy["jobs"]["warm"]["steps"] if "run" in s]
    assert any(r.startswith("govsite check") for r in warm_runs) and any(r.startswith("govsite review verify") for r in warm_runs)
    assert deploy["jobs"]["warm"]["runs-on"] == gate["runs-on"]  # the same workspace path: the same rule fingerprint


def test_shard_list_script_writes_the_matrix(tmp_path):
    root = make_portal(tmp_path / "repo", units_from=REPO)
    output = tmp_path / "github_output"
    env = dict(govsite_env(tmp_path / "bin"), GITHUB_OUTPUT=str(output))
    proc = subprocess.run(["bash", str(REPO / "scripts" / "ci-shards.sh"), "list"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    line = output.read_text("utf-8").strip()
    assert line.startswith("names=")
    assert json.loads(line[len("names="):]) == sorted(p.name for p in (root / "units").iterdir()) + ["_portal"]
    bad = subprocess.run(["bash", str(REPO / "scripts" / "ci-shards.sh"), "build", "--help"], cwd=root, env=env,
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "bad shard name" in bad.stderr


def test_patrol_is_scheduled_and_publishes_reports():
    data = load(REPO / ".github" / "workflows" / "patrol.yml")
    assert data["on"]["schedule"][0]["cron"]
    runs = _runs("patrol.yml")
    script = (REPO / "scripts" / "ci-patrol.sh").read_text("utf-8")
    links = next(line for line in script.splitlines() if line.strip().startswith("judge links"))
    assert "--fail-on veto" in links and "content/patrol-links.md" in script  # a page of the site
    assert re.search(r"govsite patrol --publish", script)
    steps = _steps("patrol.yml")
    uploads = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact")]
    assert uploads and all("reports/" in u["with"]["path"] for u in uploads)
    # the reports are written, then the site is rebuilt and published, then a veto fails the job
    reports = runs.index("bash scripts/ci-patrol.sh reports")
    deploy = next(i for i, r in enumerate(runs) if r.startswith("govsite deploy"))
    assert reports < deploy < runs.index("bash scripts/ci-patrol.sh verdict") == len(runs) - 1


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


def _script(cwd: Path, name: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(REPO / "scripts" / name), *args], cwd=cwd, capture_output=True, text=True)


def test_forge_records_chain_from_import_job_to_deploy(tmp_path):
    """The chain pr.yml sets up, with its real scripts: the import job (base checkout,
    the pull request fetched as data) imports and collects the new records; the gate (the
    pull request's checkout) names the ones not yet committed and counts only committed
    records, as deploy.yml will after the merge; once committed, they verify."""
    origin, shas = pr_site(tmp_path)
    git(origin, "checkout", "-q", "main")
    git(origin, "add", "review/forge_importers")
    git(origin, "commit", "-q", "-m", "登记导入者")
    base = git(origin, "rev-parse", "HEAD")
    git(origin, "checkout", "-q", "news")
    git(origin, "update-ref", "refs/pull/12/head", shas["head"])

    job = tmp_path / "import-job"
    git(tmp_path, "clone", "-q", str(origin), str(job))
    git(job, "checkout", "-q", base)
    fetched = _script(job, "ci-fetch-pr.sh", "12")
    assert fetched.returncode == 0, fetched.stderr
    assert git(job, "rev-parse", "refs/remotes/origin/pr/12") == shas["head"]
    assert git(job, "rev-parse", "HEAD") == base  # nothing of the pull request checked out
    assert _script(job, "ci-fetch-pr.sh", "--upload-pack=touch x").returncode == 2
    with ForgeServer("github", shas) as server:
        proc = govsite(job, "review", "import", "--forge", "github", "--pr", "12", "--repo", "qianjiang/portal",
                       "--api", server.url, "--base", base, env=keys_env(origin))
    assert proc.returncode == 0 and "共导入 3 条签名记录" in proc.stdout, proc.stdout + proc.stderr
    assert _script(job, "ci-forge-records.sh", "collect", "forge-records").returncode == 0
    listed = (job / "forge-records" / "records.txt").read_text("utf-8").split()
    assert len(listed) == 6 and all(p.startswith("review/approvals/demo/gzdt/news/") for p in listed)

    gate = tmp_path / "gate-job"
    git(tmp_path, "clone", "-q", str(origin), str(gate))
    git(gate, "checkout", "-q", base)
    git(gate, "merge", "-q", "--no-edit", shas["head"])  # the pull request's merge commit, as CI checks it out
    shutil.copytree(job / "forge-records", gate / "forge-records")
    compare = _script(gate, "ci-forge-records.sh", "compare", "forge-records")
    assert compare.returncode == 0 and compare.stdout.count("::notice file=review/approvals/demo/gzdt/news/") == 3
    assert govsite(gate, "review", "verify", PAGE).returncode == 1  # not committed: not counted
    shutil.copytree(gate / "forge-records" / "review", gate / "review", dirs_exist_ok=True)
    git(gate, "add", "review")
    git(gate, "commit", "-q", "-m", "提交导入的平台审批记录")
    compare = _script(gate, "ci-forge-records.sh", "compare", "forge-records")
    assert "::notice" not in compare.stdout
    verify = govsite(gate, "review", "verify", PAGE)
    assert verify.returncode == 0, verify.stdout


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

"""Workflows that fail closed and keep secrets away from pull-request code (issue 18
"Workflows"; issue 9 "CI").

Every workflow under .github/workflows/ is read as YAML and checked structurally:

* a step that publishes (``govsite deploy`` / ``rollback``, rsync, a deploy action, or a
  script that does one of these) runs only in a job where no step up to it may run after
  a failure (no ``always()``, ``failure()``, ``cancelled()`` or ``continue-on-error``, on
  the job or the steps), after ``govsite review verify`` and ``mkdocs build --strict``
  in the same job;
* a job that checks out or runs the pull request's code (any checkout of a
  pull-request-triggered workflow that is not the base commit) has no secret: no
  ``secrets.*`` or ``github.token`` anywhere in it or in the workflow's ``env``, and every
  checkout sets ``persist-credentials: false`` (else the token sits in ``.git/config``);
* a job that holds a secret checks out the base commit only and runs no build;
* ``pull_request_target`` never comes with a checkout of the pull request;
* artifacts hold built pages (``site/``), imported records (``forge-records/``) or patrol
  reports only, the built pages only after a successful strict build, and a job with a
  secret uploads imported records only.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
PR_EVENTS = {"pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment"}
AFTER_FAILURE = re.compile(r"\b(always|failure|cancelled)\s*\(|!\s*success\s*\(")
SECRET = re.compile(r"\bsecrets\.|\bgithub\.token\b|\bsecrets\[")
DEPLOY_RUN = re.compile(r"^\s*(govsite\s+(deploy|rollback)\b|rsync\b|scp\b)", re.M)
ARTIFACTS = {"site/", "forge-records/", "reports/", "content/patrol.md", "content/patrol-links.md"}


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text("utf-8"))
    if True in data and "on" not in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def events(data: dict) -> set[str]:
    on = data["on"]
    return {on} if isinstance(on, str) else set(on)


def script_text(run: str) -> str:
    """The text a run step executes: the command, and the repository scripts it calls."""
    parts = [run]
    for name in re.findall(r"\bscripts/([\w.-]+\.sh)\b", run):
        script = REPO / "scripts" / name
        if script.is_file():
            parts.append(script.read_text("utf-8"))
    return "\n".join(parts)


BUILDS = re.compile(r"^\s*(\S*/)?(mkdocs|git\s+(checkout|switch|worktree|merge|pull))\b", re.M)


def commands(script: str) -> str:
    """The script without its comment lines."""
    return "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("#"))


def is_deploy(step: dict) -> bool:
    if "run" in step:
        return bool(DEPLOY_RUN.search(commands(script_text(step["run"]))))
    uses = step.get("uses", "")
    return bool(re.search(r"deploy|rsync|ftp|scp|pages", uses.split("@")[0], re.I))


def is_checkout(step: dict) -> bool:
    return step.get("uses", "").startswith("actions/checkout")


def checks_out_base_only(step: dict) -> bool:
    ref = str((step.get("with") or {}).get("ref") or "")
    return "pull_request.base.sha" in ref or "pull_request.base.ref" in ref


def runs_pr_code(data: dict, job: dict) -> bool:
    """A job of a pull-request workflow that checks out anything but the base commit
    (the default ref of a pull-request event is the pull request's merge commit)."""
    return bool(events(data) & PR_EVENTS) and any(is_checkout(s) and not checks_out_base_only(s) for s in job["steps"])


def text(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def cases():
    for path in WORKFLOWS:
        data = load(path)
        for job_id, job in data["jobs"].items():
            yield pytest.param(path.name, data, job_id, job, id=f"{path.name}:{job_id}")


@pytest.mark.parametrize("name,data,job_id,job", list(cases()))
def test_deploy_runs_only_after_success_verify_and_strict_build(name, data, job_id, job):
    steps = job["steps"]
    deploys = [i for i, s in enumerate(steps) if is_deploy(s)]
    if not deploys:
        return
    where = f"{name}/{job_id}"
    assert not AFTER_FAILURE.search(str(job.get("if", ""))), f"{where}: the job runs after a failure"
    assert not job.get("continue-on-error"), f"{where}: continue-on-error on a deploying job"
    for step in steps[: max(deploys) + 1]:
        label = f"{where}/{step.get('name') or step.get('uses') or step.get('run')}"
        assert not AFTER_FAILURE.search(str(step.get("if", ""))), f"{label}: runs after a failure, before or as a deploy"
        assert not step.get("continue-on-error"), f"{label}: continue-on-error before or as a deploy"
    for d in deploys:
        before = [str(s.get("run", "")).strip() for s in steps[:d]]
        verify = [i for i, r in enumerate(before) if r.startswith("govsite review verify")]
        builds = [i for i, r in enumerate(before) if r.startswith("mkdocs build") and "--strict" in r]
        assert verify, f"{where}: step {d} deploys without `govsite review verify` before it"
        assert builds, f"{where}: step {d} deploys without `mkdocs build --strict` before it"
        assert min(verify) < max(builds), f"{where}: the site deployed was built before the verification"


@pytest.mark.parametrize("name,data,job_id,job", list(cases()))
def test_no_secret_where_pull_request_code_runs(name, data, job_id, job):
    if not runs_pr_code(data, job):
        return
    where = f"{name}/{job_id}"
    assert not SECRET.search(text(data.get("env") or {})), f"{name}: a secret in the workflow's env reaches {job_id}"
    assert not SECRET.search(text(job)), f"{where}: runs the pull request's code and holds a secret"
    for step in job["steps"]:
        if is_checkout(step):
            assert (step.get("with") or {}).get("persist-credentials") is False, \
                f"{where}: checkout without persist-credentials: false leaves the token in .git/config"


@pytest.mark.parametrize("name,data,job_id,job", list(cases()))
def test_a_job_with_a_secret_runs_nothing_from_the_pull_request(name, data, job_id, job):
    if not (events(data) & PR_EVENTS) or not SECRET.search(text(job)):
        return
    where = f"{name}/{job_id}"
    checkouts = [s for s in job["steps"] if is_checkout(s)]
    assert checkouts and all(checks_out_base_only(s) for s in checkouts), f"{where}: checks out more than the base commit"
    for step in job["steps"]:
        run = str(step.get("run", ""))
        assert not BUILDS.search(commands(script_text(run))), f"{where}: builds or checks out beside a secret: {run!r}"
        if step.get("uses", "").startswith("actions/upload-artifact"):
            assert step["with"]["path"] == "forge-records/", f"{where}: a job with a secret uploads {step['with']['path']}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_pull_request_target_never_checks_out_the_pull_request(path):
    data = load(path)
    if "pull_request_target" not in events(data):
        return
    for job_id, job in data["jobs"].items():
        for step in job["steps"]:
            if is_checkout(step):
                assert checks_out_base_only(step), f"{path.name}/{job_id}: pull_request_target with the pull request's code"


@pytest.mark.parametrize("name,data,job_id,job", list(cases()))
def test_artifacts_hold_built_pages_records_or_reports_only(name, data, job_id, job):
    steps = job["steps"]
    for i, step in enumerate(steps):
        if not step.get("uses", "").startswith("actions/upload-artifact"):
            continue
        where = f"{name}/{job_id}/{step.get('name', '')}"
        paths = [p.strip() for p in str(step["with"]["path"]).splitlines() if p.strip()]
        assert paths and set(paths) <= ARTIFACTS, f"{where}: uploads {paths}"
        if "site/" in paths:
            assert paths == ["site/"], f"{where}: the built site is uploaded alone"
            assert not AFTER_FAILURE.search(str(step.get("if", ""))), f"{where}: uploads site/ after a failure"
            builds = [s for s in steps[:i] if str(s.get("run", "")).startswith("mkdocs build --strict")]
            assert builds, f"{where}: uploads site/ without a strict build before it"

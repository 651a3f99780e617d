"""Workflows that fail closed and keep secrets away from pull-request code (issue 18
"Workflows"; issue 9 "CI").

Every workflow under .github/workflows/ is read as YAML and checked structurally:

* a step that publishes (``govsite deploy`` / ``rollback``, rsync, a deploy action, or a
  script that does one of these) runs only in a job where no step up to it may run after
  a failure (no ``always()``, ``failure()``, ``cancelled()`` or ``continue-on-error``, on
  the job or the steps), after ``govsite review verify`` and ``mkdocs build --strict``
  in the same job, or ``govsite build --compose`` of shards that every job it needs built
  strictly (``govsite build --unit``) before uploading them, with nothing running after
  a failure there either;
* a job that checks out or runs the pull request's code (any checkout of a
  pull-request-triggered workflow that is not the base commit) has no secret: no
  ``secrets.*`` or ``github.token`` anywhere in it or in the workflow's ``env``, and every
  checkout sets ``persist-credentials: false`` (else the token sits in ``.git/config``);
* a job that holds a secret checks out the base commit only and runs no build;
* ``pull_request_target`` never comes with a checkout of the pull request;
* artifacts hold built pages (``site/``, shards in ``site-shards/``), the draft preview (``preview-site/``), imported
  records (``forge-records/``) or patrol reports only, the built pages only after a
  successful strict build (shards only after a shard build), the draft only from ``govsite preview`` (marked as a draft,
  refused by ``govsite deploy``), and a job with a secret uploads imported records only.
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
ARTIFACTS = {"site/", "site-shards/", "preview-site/", "forge-records/", "reports/", "content/patrol.md",
             "content/patrol-links.md",
             "content/reports/"}  # the quarterly reports (govsite report --every), written by the patrol job
# a production build of shards (govsite build --unit: strict, the gate enforced), directly or
# through scripts/ci-shards.sh (build, build-changed)
SHARD_BUILD = re.compile(r"^\s*(govsite build --unit\b|bash scripts/ci-shards\.sh build(-changed)?\b)")


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


def deploy_problems(data: dict) -> list[str]:
    out = []
    for job_id, job in data["jobs"].items():
        steps = job["steps"]
        deploys = [i for i, s in enumerate(steps) if is_deploy(s)]
        if not deploys:
            continue
        if AFTER_FAILURE.search(str(job.get("if", ""))):
            out.append(f"{job_id}: the job runs after a failure")
        if job.get("continue-on-error"):
            out.append(f"{job_id}: continue-on-error on a deploying job")
        for step in steps[: max(deploys) + 1]:
            label = f"{job_id}/{step.get('name') or step.get('uses') or step.get('run')}"
            if AFTER_FAILURE.search(str(step.get("if", ""))):
                out.append(f"{label}: runs after a failure, before or as a deploy")
            if step.get("continue-on-error"):
                out.append(f"{label}: continue-on-error before or as a deploy")
        composed = shards_built_strictly(data, job)
        for d in deploys:
            before = [str(s.get("run", "")).strip() for s in steps[:d]]
            verify = [i for i, r in enumerate(before) if r.startswith("govsite review verify")]
            builds = [i for i, r in enumerate(before) if (r.startswith("mkdocs build") and "--strict" in r)
                      or (composed and r.startswith("govsite build --compose"))]
            if not verify:
                out.append(f"{job_id}: step {d} deploys without `govsite review verify` before it")
            if not builds:
                out.append(f"{job_id}: step {d} deploys without `mkdocs build --strict` before it")
            if verify and builds and min(verify) > max(builds):
                out.append(f"{job_id}: the site deployed was built before the verification")
    return out


def shards_built_strictly(data: dict, job: dict) -> bool:
    """Whether the shards a job composes come from jobs it needs that each built them
    strictly before uploading them, with no step or job running after a failure."""
    needs = job.get("needs") or []
    needs = [needs] if isinstance(needs, str) else needs
    makers = [data["jobs"][n] for n in needs
              if any(s.get("uses", "").startswith("actions/upload-artifact")
                     and "site-shards/" in str((s.get("with") or {}).get("path")) for s in data["jobs"][n]["steps"])]
    if not makers:
        return False
    for maker in makers:
        if AFTER_FAILURE.search(str(maker.get("if", ""))) or maker.get("continue-on-error"):
            return False
        steps = maker["steps"]
        for i, step in enumerate(steps):
            if AFTER_FAILURE.search(str(step.get("if", ""))) or step.get("continue-on-error"):
                return False
            if step.get("uses", "").startswith("actions/upload-artifact") and \
                    not any(SHARD_BUILD.search(str(s.get("run", ""))) for s in steps[:i]):
                return False
    return True


def secret_problems(data: dict) -> list[str]:
    out = []
    pr = bool(events(data) & PR_EVENTS)
    for job_id, job in data["jobs"].items():
        if runs_pr_code(data, job):
            if SECRET.search(text(data.get("env") or {})):
                out.append(f"a secret in the workflow's env reaches {job_id}")
            if SECRET.search(text(job)):
                out.append(f"{job_id}: runs the pull request's code and holds a secret")
            for step in job["steps"]:
                if is_checkout(step) and (step.get("with") or {}).get("persist-credentials") is not False:
                    out.append(f"{job_id}: checkout without persist-credentials: false leaves the token in .git/config")
        elif pr and SECRET.search(text(job)):
            for step in job["steps"]:
                run = str(step.get("run", ""))
                if BUILDS.search(commands(script_text(run))):
                    out.append(f"{job_id}: builds or checks out beside a secret: {run!r}")
                if step.get("uses", "").startswith("actions/upload-artifact") and step["with"]["path"] != "forge-records/":
                    out.append(f"{job_id}: a job with a secret uploads {step['with']['path']}")
        if "pull_request_target" in events(data) and any(is_checkout(s) and not checks_out_base_only(s) for s in job["steps"]):
            out.append(f"{job_id}: pull_request_target with a checkout of the pull request")
    return out


def artifact_problems(data: dict) -> list[str]:
    out = []
    for job_id, job in data["jobs"].items():
        steps = job["steps"]
        for i, step in enumerate(steps):
            if not step.get("uses", "").startswith("actions/upload-artifact"):
                continue
            where = f"{job_id}/{step.get('name', '')}"
            paths = [p.strip() for p in str(step["with"]["path"]).splitlines() if p.strip()]
            if not paths or not set(paths) <= ARTIFACTS:
                out.append(f"{where}: uploads {paths}")
            if "site/" in paths:
                if paths != ["site/"]:
                    out.append(f"{where}: the built site is uploaded with other files")
                if AFTER_FAILURE.search(str(step.get("if", ""))):
                    out.append(f"{where}: uploads site/ after a failure")
                if not any(str(s.get("run", "")).startswith("mkdocs build --strict") for s in steps[:i]):
                    out.append(f"{where}: uploads site/ without a strict build before it")
            if "site-shards/" in paths:
                if paths != ["site-shards/"]:
                    out.append(f"{where}: the shards are uploaded with other files")
                if AFTER_FAILURE.search(str(step.get("if", ""))):
                    out.append(f"{where}: uploads site-shards/ after a failure")
                if not any(SHARD_BUILD.search(str(s.get("run", ""))) for s in steps[:i]):
                    out.append(f"{where}: uploads site-shards/ without a shard build before it")
            if "preview-site/" in paths:
                if paths != ["preview-site/"]:
                    out.append(f"{where}: the draft preview is uploaded with other files")
                if not any(str(s.get("run", "")).startswith("govsite preview --out preview-site") for s in steps[:i]):
                    out.append(f"{where}: uploads preview-site/ not built by govsite preview")
    return out


CHECKS = (deploy_problems, secret_problems, artifact_problems)


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
@pytest.mark.parametrize("check", CHECKS, ids=[c.__name__ for c in CHECKS])
def test_workflow_fails_closed(path, check):
    assert check(load(path)) == [], path.name


# -- the checks see the faults they are for ------------------------------------------------------
PATROL_ON_MAIN = """
on: {schedule: [{cron: "30 0 * * *"}]}
jobs:
  patrol:
    runs-on: govsite-deploy
    steps:
      - uses: actions/checkout@v4
      - run: mkdocs build --strict
      - run: govsite links --site site --fail-on veto
      - {if: always(), run: govsite patrol --publish}
      - {if: always(), run: mkdocs build --strict}
      - {if: "always() && env.GOVSITE_DEPLOY_DIR != ''", run: govsite deploy --to "$GOVSITE_DEPLOY_DIR" --site site}
"""
PR_ON_MAIN = """
on: {pull_request: {branches: [main]}}
jobs:
  gate:
    runs-on: ubuntu-latest
    env: {HAS_IMPORTER_KEY: "${{ secrets.GOVSITE_IMPORTER_KEY != '' }}"}
    steps:
      - uses: actions/checkout@v4
        with: {fetch-depth: 0}
      - {env: {GOVSITE_IMPORTER_KEY: "${{ secrets.GOVSITE_IMPORTER_KEY }}"}, run: bash scripts/ci-importer-key.sh}
      - run: mkdocs build --strict
      - uses: actions/upload-artifact@v4
        if: always()
        with: {name: preview, path: site/}
"""
UNBUILT_SHARDS = """
on: {push: {branches: [main]}}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/upload-artifact@v4
        with: {name: shard, path: site-shards/}
  deploy:
    needs: build
    runs-on: govsite-deploy
    steps:
      - uses: actions/download-artifact@v4
        with: {path: site-shards}
      - run: govsite review verify
      - run: govsite build --compose site-shards --out site
      - run: govsite deploy --to /srv/govsite --site site
"""
TARGET = """
on: pull_request_target
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with: {ref: "${{ github.event.pull_request.head.sha }}", persist-credentials: false}
      - run: mkdocs build --strict
"""


@pytest.mark.parametrize("source,check,needle", [
    (PATROL_ON_MAIN, deploy_problems, "runs after a failure"),
    (PATROL_ON_MAIN, deploy_problems, "without `govsite review verify`"),
    (PR_ON_MAIN, secret_problems, "holds a secret"),
    (PR_ON_MAIN, secret_problems, "persist-credentials"),
    (PR_ON_MAIN, artifact_problems, "uploads site/ after a failure"),
    (TARGET, secret_problems, "pull_request_target"),
    (UNBUILT_SHARDS, deploy_problems, "without `mkdocs build --strict`"),
    (UNBUILT_SHARDS, artifact_problems, "without a shard build"),
])
def test_the_checks_catch_the_known_faults(source, check, needle):
    data = yaml.safe_load(source)
    if True in data:
        data["on"] = data.pop(True)
    assert any(needle in problem for problem in check(data)), check(data)

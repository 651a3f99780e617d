"""Runs a rule's fixture file: each case builds a small site and checks one code.

A fixture file ``tests/fixtures/rules/<CODE>.yml`` holds ``cases``; each case has

* ``name``: what it shows; ``expect``: ``pass`` or ``fail``;
* ``page``: the page text (written to ``path``, default ``units/demo/gzdt/case.md``);
  ``encoding`` (e.g. gb18030) to write it in another encoding, ``bom``/``crlf`` flags;
* ``line``: for a failing case, the line the finding must name (optional);
* ``files``: other files to write first ({path: text}); ``remove``: paths to delete;
* ``symlink``: make ``path`` a symlink to this target instead of writing ``page``;
* ``unit_yml``: replace the demo unit's unit.yml;
* ``target``: what to check (default ``path``; ``units/demo`` for unit rules);
* ``history``: make the site a git repository (base site committed first), then commit
  each step ``{page, date, message}`` at ``path`` (``date``: ISO commit time) before
  ``page`` is written; without it the site is no repository;
* ``approve``: approvals to sign after ``page`` is written, with throwaway keys made by
  the real ssh-keygen (``signers``, ``then_page`` and the entry format: see
  ``tests/reviewkit.py``); without it the site has no approvals.

The base site (``tests/fixtures/site``) is a valid unit ``demo`` whose every column has
one page; it is copied to a temporary folder for each case.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import yaml

from govsite.engine import run
from govsite.project import Project

FIXTURES = Path(__file__).parent / "fixtures"
RULE_FIXTURES = FIXTURES / "rules"
BASE_SITE = FIXTURES / "site"
DEFAULT_PATH = "units/demo/gzdt/case.md"


def load_cases(code: str) -> list[dict]:
    data = yaml.safe_load((RULE_FIXTURES / f"{code}.yml").read_text("utf-8"))
    return data["cases"]


def make_site(dest: Path) -> Path:
    shutil.copytree(BASE_SITE, dest, symlinks=True)
    return dest


def apply_case(root: Path, case: dict) -> str:
    """Write the case into the site at ``root``; return the target path to check."""
    for rel in case.get("remove", []):
        target = root / rel
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    for rel, text in (case.get("files") or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    if "unit_yml" in case:
        (root / "units/demo/unit.yml").write_text(case["unit_yml"], "utf-8")
    path = case.get("path", DEFAULT_PATH)
    dest = root / path
    dest.parent.mkdir(parents=True, exist_ok=True)
    if "history" in case:
        commit_history(root, path, case["history"])
    if "symlink" in case:
        os.symlink(case["symlink"], dest)
    elif "page" in case:
        text = case["page"]
        if case.get("crlf"):
            text = text.replace("\n", "\r\n")
        raw = text.encode(case.get("encoding", "utf-8"))
        if case.get("bom"):
            raw = b"\xef\xbb\xbf" + raw
        dest.write_bytes(raw)
    if "approve" in case:
        from reviewkit import approve_case

        approve_case(root, path, case)
    return case.get("target", path)


def commit_history(root: Path, path: str, steps: list[dict]) -> None:
    """A git repository at ``root``: the site as it is, then one commit per step."""
    def git(*args: str, when: str | None = None) -> None:
        env = dict(os.environ, GIT_AUTHOR_NAME="柯源", GIT_AUTHOR_EMAIL="keyuan@example.gov.cn",
                   GIT_COMMITTER_NAME="柯源", GIT_COMMITTER_EMAIL="keyuan@example.gov.cn")
        if when:
            env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "基础站点", when=steps[0]["date"] if steps else None)
    for step in steps:
        (root / path).write_text(step["page"], "utf-8")
        git("add", "-A")
        git("commit", "-q", "--allow-empty", "-m", step.get("message", "更新页面"), when=step["date"])


def findings_for(root: Path, code: str, target: str):
    project = Project(root)
    cwd = os.getcwd()
    os.chdir(root)
    try:
        report = run(project, [target], codes={code}, use_cache=False)
    finally:
        os.chdir(cwd)
    return [f for f in report.findings if f.rule == code]

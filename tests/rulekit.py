"""Runs a rule's fixture file: each case builds a small site and checks one code.

A fixture file ``tests/fixtures/rules/<CODE>.yml`` holds ``cases``; each case has

* ``name``: what it shows; ``expect``: ``pass`` or ``fail``;
* ``page``: the page text (written to ``path``, default ``units/demo/gzdt/case.md``), or
  ``body``: the text under the standard header (title 示例页面, date, source and the
  three usual reviewers), so the header is not repeated in every case;
  ``encoding`` (e.g. gb18030) to write it in another encoding, ``bom``/``crlf`` flags;
* ``line``: for a failing case, the line the finding must name (optional);
* ``findings``: for a failing case, every finding of the code as ``line:column message``
  (path first when not on the case's file): a snapshot, rewritten by
  ``pytest tests/test_rule_fixtures.py --update-fixtures`` and reviewed in the diff;
* ``files``: other files to write first ({path: text}); ``remove``: paths to delete;
* ``symlink``: make ``path`` a symlink to this target instead of writing ``page``;
* ``zip``: make ``path`` a zip archive of these members ({name: text}) instead (Office
  files); ``pad_to``: append zero bytes to the written file up to this size;
* ``unit_yml``: replace the demo unit's unit.yml;
* ``target``: what to check (default ``path``; ``units/demo`` for unit rules);
* ``history``: make the site a git repository (base site committed first), then commit
  each step ``{page, date, message}`` at ``path`` (``date``: ISO commit time) before
  ``page`` is written; without it the site is no repository;
* ``base``: a branch name (e.g. ``main``): the base site is committed on it first, the
  case is written on a branch ``pr`` and checked against the base, as for a pull
  request (``govsite check --base main``);
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

from govsite.core.project import Project
from govsite.engine.runner import run

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
    if "base" in case:
        commit_base(root, case["base"])
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
    elif "zip" in case:
        import zipfile

        with zipfile.ZipFile(dest, "w") as archive:
            for name, text in case["zip"].items():
                archive.writestr(name, text)
    elif case_page(case) is not None:
        text = case_page(case)
        if case.get("crlf"):
            text = text.replace("\n", "\r\n")
        raw = text.encode(case.get("encoding", "utf-8"))
        if case.get("bom"):
            raw = b"\xef\xbb\xbf" + raw
        dest.write_bytes(raw)
    if "pad_to" in case:
        with open(dest, "ab") as handle:
            handle.write(b"\0" * max(0, case["pad_to"] - dest.stat().st_size))
    if "approve" in case:
        from reviewkit import approve_case

        approve_case(root, path, case)
    return case.get("target", path)


def commit_base(root: Path, branch: str) -> None:
    """The site as it is, committed on ``branch``; then a branch ``pr`` for the case."""
    env = dict(os.environ, GIT_AUTHOR_NAME="柯源", GIT_AUTHOR_EMAIL="keyuan@example.gov.cn",
               GIT_COMMITTER_NAME="柯源", GIT_COMMITTER_EMAIL="keyuan@example.gov.cn")
    for args in (["init", "-q", "-b", branch], ["add", "-A"], ["commit", "-q", "-m", "基准分支"],
                 ["checkout", "-q", "-b", "pr"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


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


def findings_for(root: Path, code: str, target: str, base: str | None = None):
    project = Project(root, base=base)
    cwd = os.getcwd()
    os.chdir(root)
    try:
        report = run(project, [target], codes={code}, use_cache=False)
    finally:
        os.chdir(cwd)
    return [f for f in report.findings if f.rule == code]


# -- snapshots: a failing case pins each finding's place and message -------------------

HEADER = ("---\ntitle: 示例页面\ndate: 2026-11-20\nsource: 测试区示例局\nreviewers:\n"
          "  drafter: 柯源\n  checker: 柯章\n  approver: 傅柱\n---\n\n")


def case_page(case: dict) -> str | None:
    """The page text of a case: ``page`` as written, or ``body`` under the standard header
    (the fixture unit's usual title, date, source and three reviewers)."""
    if "body" in case:
        return HEADER + case["body"]
    return case.get("page")


def rendered(findings, case: dict) -> list[str]:
    """Findings as a fixture pins them: ``line:column message``, with the path first
    when the finding is not on the case's own file."""
    import datetime as dt
    import re

    now = dt.datetime.now(dt.UTC)
    signing_days = {d.date().isoformat() for d in (now, now.astimezone(), now - dt.timedelta(minutes=10))}
    own = case.get("target", case.get("path", DEFAULT_PATH))
    out = []
    for f in findings:
        place = f"{f.line}:{f.column}" if f.path == own else f"{f.path}:{f.line}:{f.column}"
        # what a run makes afresh: signing times and throwaway keys
        text = re.sub(r"\d{8}T\d{6}Z", "<signed-at>", f"{place} {f.message}")
        text = re.sub(r"签名时间 \d{4}-\d\d-\d\d \d\d:\d\d UTC", "签名时间 <signed-at>", text)
        text = re.sub(r"核验时间（记录尚未进入受保护分支） \d{4}-\d\d-\d\d \d\d:\d\d UTC", "核验时间（记录尚未进入受保护分支） <checked-at>", text)
        text = re.sub(r"最近一次签名 \d{4}-\d\d-\d\d", "最近一次签名 <signed-on>", text)
        text = re.sub(r"\d{4}-\d\d-\d\d 的 SSH 签名", "<signed-on> 的 SSH 签名", text)
        for day in signing_days:  # records signed during the run carry the clock's date
            text = text.replace(day, "<signed-on>")
        # commit ids change whenever the fixture site does
        text = re.sub(r"提交 [0-9a-f]{7,40}", "提交 <commit>", text)
        text = re.sub(r"(?<![0-9A-Za-z])[0-9a-f]{8}(?=，\d{4}-\d\d-\d\d)", "<commit>", text)
        out.append(re.sub(r"SHA256:[A-Za-z0-9+/]{43}", "SHA256:<key>", text))
    return out


def write_snapshots(code: str, snapshots: dict[int, list[str]]) -> None:
    """Rewrite the ``findings:`` block of the given cases in place, keeping the rest of
    the file (comments, block scalars) exactly as it was."""
    import json

    path = RULE_FIXTURES / f"{code}.yml"
    lines = path.read_text("utf-8").split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("  - name:")]
    for index in sorted(snapshots, reverse=True):
        start = starts[index]
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        block = lines[start:end]
        # drop an existing findings: block
        kept, skipping = [], False
        for line in block:
            if line.startswith("    findings:"):
                skipping = True
                continue
            if skipping and line.startswith("      "):
                continue
            skipping = False
            kept.append(line)
        at = next(i for i, line in enumerate(kept) if line.startswith("    expect:")) + 1
        entries = ["    findings:"] + [f"      - {json.dumps(s, ensure_ascii=False)}" for s in snapshots[index]]
        kept[at:at] = entries
        lines[start:end] = kept
    path.write_text("\n".join(lines), "utf-8")
    for index, expected in snapshots.items():
        assert load_cases(code)[index].get("findings") == expected, f"{path.name}: snapshot did not round-trip"

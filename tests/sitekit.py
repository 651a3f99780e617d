"""Temporary copies of a whole portal (mkdocs.yml, hooks, content, units) for tests
that run the real ``mkdocs build`` or ``mkdocs serve``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURE_SITE = Path(__file__).parent / "fixtures" / "site"
# The fixture portal's own pages (content/), signed by unit demo (govsite.yml portal.owner):
# their approvals and the signers' key lines, kept apart from the rule fixtures' base site.
# To re-sign after editing them: make_portal(tmp), run scripts/sign_demo.py --root tmp,
# and copy tmp/review/approvals/_portal and the new allowed_signers lines back here.
FIXTURE_PORTAL = Path(__file__).parent / "fixtures" / "portal"
MKDOCS = [sys.executable, "-m", "mkdocs"]


def make_portal(dest: Path, units_from: Path = FIXTURE_SITE) -> Path:
    """A portal in ``dest``: the repository's mkdocs.yml and hooks, with the units,
    govsite.yml and review/ of ``units_from``; the portal's own pages (content/, signed
    by its owner's roster) are the fixture portal's for the fixture site, else those of
    ``units_from`` or the repository."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(REPO / "hooks", dest / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "overrides", dest / "overrides")
    fixture = Path(units_from).resolve() == FIXTURE_SITE.resolve()
    content = FIXTURE_PORTAL if fixture else units_from if (units_from / "content").is_dir() else REPO
    shutil.copytree(content / "content", dest / "content", symlinks=True)
    shutil.copytree(units_from / "units", dest / "units")
    shutil.copy(units_from / "govsite.yml", dest / "govsite.yml")
    for extra in ("review", "holidays.yml"):
        src = units_from / extra
        if src.is_dir():
            shutil.copytree(src, dest / extra)
        elif src.is_file():
            shutil.copy(src, dest / extra)
    if fixture:
        settings = dest / "govsite.yml"  # unit demo's roster signs the portal's own pages
        settings.write_text(settings.read_text("utf-8").replace("portal:\n", "portal:\n  owner: demo\n", 1), "utf-8")
        shutil.copytree(FIXTURE_PORTAL / "review/approvals/_portal", dest / "review/approvals/_portal")
        with open(dest / "review/allowed_signers", "a", encoding="utf-8") as signers:
            signers.write((FIXTURE_PORTAL / "review/allowed_signers").read_text("utf-8"))
    return dest


def write_page(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def mkdocs_build(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(MKDOCS + ["build", "--strict", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)


def govsite(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govsite", *args], cwd=root, capture_output=True, text=True,
                          env=dict(os.environ, **(env or {})), timeout=600)


def page_text(title: str, body: str | None = None, date: str = "2026-11-20") -> str:
    """A page of the fixture unit ``demo`` recording its three usual reviewers
    (柯源 drafts, 柯章 checks, 傅柱 approves); the body defaults to one sentence."""
    body = f"{title}的正文。" if body is None else body
    return (f"---\ntitle: {title}\ndate: {date}\nsource: 测试区示例局\nreviewers:\n"
            f"  drafter: 柯源\n  checker: 柯章\n  approver: 傅柱\n---\n\n{body}\n")


def build_demo(dest: Path) -> Path:
    """The repository's demo district (units/, content/, review/, govsite.yml) built by the
    real ``mkdocs build --strict`` in ``dest``; returns its ``site/``. The patrol's reports
    (content/patrol*.md, never committed) are left out: a test that wants them writes them."""
    from govsite.core.files import GENERATED_PORTAL_PAGES

    root = make_portal(dest, units_from=REPO)
    for rel in GENERATED_PORTAL_PAGES:
        (root / rel).unlink(missing_ok=True)
    proc = mkdocs_build(root)
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-5000:]
    return root / "site"
def govsite_env(bindir: Path) -> dict[str, str]:
    """An environment whose PATH has a ``govsite`` command running this checkout's
    govsite with this interpreter (for the CI scripts, which call ``govsite`` by name)."""
    bindir.mkdir(parents=True, exist_ok=True)
    wrapper = bindir / "govsite"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m govsite "$@"\n', "utf-8")
    wrapper.chmod(0o755)
    return dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ['PATH']}", NO_MKDOCS_2_WARNING="1",
                PYTHONPATH=os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p))

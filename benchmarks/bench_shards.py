#!/usr/bin/env python3
"""Shard benchmark: a pull request's path and ``govsite serve --unit`` on a synthetic district.

    .venv/bin/python benchmarks/bench_shards.py [--units 10] [--pages 200]
    .venv/bin/python benchmarks/bench_shards.py --units 70 --pages 1000 --serve-only

Generates the district (scripts/gen_corpus.py) in a temporary git repository, signs it
(``sign_demo.py --fast``: the signatures ssh-keygen would write, made in-process; not with --serve-only: a serve is a draft preview, unsigned pages are shown under a
banner), warms the verdict cache (GOVSITE_CACHE_DIR, a temporary folder outside the
repository, as the runner's cache in CI) and prints:

* the whole build (``govsite build``) and one unit's shard (``govsite build --unit``);
* a 10-page pull request in one unit, as pr.yml's gate runs it: ``govsite changed
  --check`` (the check), ``govsite review verify``, and ``scripts/ci-shards.sh
  build-changed`` (the shards it touches), and their total wall time;
* ``govsite serve --unit`` (rendering again only what an edit changes, the default; and
  ``--full``, the whole unit every time): from saving an edited page to the edit being
  served (median of 3 edits).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from gen_corpus import generate  # noqa: E402

GIT_ENV = {"GIT_AUTHOR_NAME": "基准", "GIT_AUTHOR_EMAIL": "bench@example.gov.cn",
           "GIT_COMMITTER_NAME": "基准", "GIT_COMMITTER_EMAIL": "bench@example.gov.cn"}


def env_with(bindir: Path, cache: Path) -> dict[str, str]:
    bindir.mkdir(parents=True, exist_ok=True)
    wrapper = bindir / "govsite"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m govsite "$@"\n', "utf-8")
    wrapper.chmod(0o755)
    return dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ['PATH']}", NO_MKDOCS_2_WARNING="1",
                GOVSITE_CACHE_DIR=str(cache), PYTHONPATH=os.pathsep.join(
                    p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p), **GIT_ENV)


def timed(cmd: list[str], cwd: Path, env: dict[str, str], ok: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    took = time.perf_counter() - start
    if proc.returncode not in ok:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    return took


def git(root: Path, env: dict[str, str], *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout.strip()


def pull_request(root: Path, env: dict[str, str], unit: str, count: int) -> str:
    """Commit a base where the reviewers have signed the new text of ``count`` pages of
    ``unit``, then the pull request changing them; returns the base commit."""
    pages = sorted((root / "units" / unit / "gzdt").glob("*.md"))[:count]
    before = {p: p.read_text("utf-8") for p in pages}
    for p, text in before.items():
        p.write_text(text + "\n本页已按要求更新。\n", "utf-8")
    subprocess.run([sys.executable, str(REPO / "scripts" / "sign_demo.py"), "--root", str(root), "--fast"], check=True,
                   capture_output=True, env=env)
    for p, text in before.items():
        p.write_text(text, "utf-8")
    git(root, env, "add", "-A")
    git(root, env, "commit", "-q", "-m", "base")
    base = git(root, env, "rev-parse", "HEAD")
    for p, text in before.items():
        p.write_text(text + "\n本页已按要求更新。\n", "utf-8")
    git(root, env, "commit", "-q", "-am", "pull request")
    return base


def serve_latency(root: Path, env: dict[str, str], unit: str, *mode: str, edits: int = 3) -> tuple[float, list[float]]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    start = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "govsite", "serve", "--unit", unit, "--dev-addr", f"127.0.0.1:{port}", *mode],
                              cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page = sorted((root / "units" / unit / "gzdt").glob("*.md"))[-1]
    url = f"http://127.0.0.1:{port}/{unit}/gzdt/{page.stem}/"

    def fetch() -> str:
        try:
            with urllib.request.urlopen(url, timeout=30) as resp:
                return resp.read().decode("utf-8")
        except OSError:
            return ""

    try:
        while not fetch():
            if server.poll() is not None or time.perf_counter() - start > 1800:
                sys.exit("govsite serve did not come up")
            time.sleep(0.2)
        ready = time.perf_counter() - start
        times = []
        for n in range(edits):
            marker = f"编辑标记{'-'.join(mode) or 'whole'}{n}号"  # new in every session
            page.write_text(page.read_text("utf-8") + f"\n{marker}\n", "utf-8")
            t0 = time.perf_counter()
            while marker not in fetch():
                if time.perf_counter() - t0 > 600:
                    sys.exit("the edit never appeared")
                time.sleep(0.05)
            times.append(time.perf_counter() - t0)
            time.sleep(1)
        return ready, times
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10)
    parser.add_argument("--pages", type=int, default=200, help="pages per unit")
    parser.add_argument("--serve-only", action="store_true", help="only the serve measurement (no signing)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="govsite-bench-shards-"))
    root = work / "repo"
    env = env_with(work / "bin", work / "cache")
    try:
        n = generate(root, args.units, args.pages)
        if not (root / "overrides").exists():  # the theme's overrides named by mkdocs.yml
            shutil.copytree(REPO / "overrides", root / "overrides")
        # the portal's own pages are signed by the roster of govsite.yml's portal.owner (qzfb)
        shutil.copytree(REPO / "units" / "qzfb", root / "units" / "qzfb")
        shutil.copy(REPO / "holidays.yml", root / "holidays.yml")
        (root / "review").mkdir(exist_ok=True)  # watched by mkdocs.yml; signing fills it
        unit = "u001"
        print(f"pages: {n} in {args.units} units")
        git(root, env, "init", "-q", "-b", "main")
        if not args.serve_only:
            subprocess.run([sys.executable, str(REPO / "scripts" / "sign_demo.py"), "--root", str(root), "--fast"], check=True,
                           capture_output=True, env=env)
        git(root, env, "add", "-A")
        git(root, env, "commit", "-q", "-m", "district")
        if not args.serve_only:
            print(f"govsite check, cold cache: {timed([sys.executable, '-m', 'govsite', 'check'], root, env, (0, 1)):.1f} s")
            print(f"govsite build (whole portal): {timed(['govsite', 'build', '--out', str(work / 'site')], root, env):.1f} s")
            print(f"govsite build --unit {unit} (one shard): "
                  f"{timed(['govsite', 'build', '--unit', unit, '--out', str(work / 'shard')], root, env):.1f} s")
            base = pull_request(root, env, unit, 10)
            check = timed(["govsite", "changed", "--base", base, "--check"], root, env)
            verify = timed(["govsite", "review", "verify", "--base", base], root, env)
            build = timed(["bash", str(REPO / "scripts" / "ci-shards.sh"), "build-changed", base], root, env)
            print(f"10-page pull request: changed --check {check:.1f} s, review verify {verify:.1f} s, "
                  f"build-changed {build:.1f} s; total {check + verify + build:.1f} s")
        for mode in ((), ("--full",)):
            ready, times = serve_latency(root, env, unit, *mode)
            print(f"govsite serve --unit {unit} {' '.join(mode)}: first page after {ready:.1f} s; edit visible after "
                  f"{statistics.median(times):.1f} s (median of {len(times)}: {', '.join(f'{t:.1f}' for t in times)})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Scale: govsite against bare MkDocs + Material on the same generated district.

    .venv/bin/python benchmarks/bench_scale.py --pages 2000 8000 [--huge] [--no-serve]

For each size, ``scripts/gen_corpus.py`` writes a district (200 pages per unit, every
page signed by its three reviewers with ``sign_demo.py --fast``: the same SSHSIG bytes
``ssh-keygen -Y sign`` writes, made in-process; committed to git) in a temporary folder, and a bare
copy: the same pages (unit pages, the generated column lists and unit homes written out
as files), the same column-only navigation, Material with its own built-in search (govsite
replaces it with a Pagefind index built after the build), no theme overrides and no hooks. In the same run, interleaved, it measures

* ``govsite check`` cold (empty user cache), warm (the same tree again), and the 10-page
  pull request (ten pages edited and committed on a branch: ``govsite changed --base
  main --check``, what CI runs);
* ``mkdocs build --strict`` with the hooks right after the check, and bare;
* ``mkdocs serve``: from saving a page to the edited text being served, with the hooks
  and bare;
* peak memory of the cold check and of each build, sampled from /proc over the process
  and its children two ways: the sum of their resident sizes (RSS), which counts the
  pages forked workers share with their parent copy-on-write once per process, and the
  sum of their proportional sizes (PSS, each shared page split between the processes
  sharing it), which is what the tree really occupies.

``--huge`` adds 70,000 pages. ``--check-only`` measures the checks alone (no builds, no
serve). With ``--keep DIR`` a district already in DIR (from an earlier run) is reused. Figures go into README.md (基准（规模）) with the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO))

from gen_corpus import generate  # noqa: E402

PER_UNIT = 200
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(REPO), GIT_AUTHOR_NAME="bench",
           GIT_AUTHOR_EMAIL="bench@example.gov.cn", GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.gov.cn")


# -- measuring ---------------------------------------------------------------------
def _process_memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; smaps_rollup has both (PSS splits each page shared
    copy-on-write between the processes sharing it), status has RSS where it is missing."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        rss = re.search(r"(?m)^Rss:\s+(\d+)", rollup)
        pss = re.search(r"(?m)^Pss:\s+(\d+)", rollup)
        if rss and pss:
            return int(rss.group(1)), int(pss.group(1))
    except OSError:
        pass
    try:
        found = re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{pid}/status").read_text())
    except OSError:
        return 0, 0
    return (int(found.group(1)),) * 2 if found else (0, 0)  # type: ignore[return-value]


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return out


def _tree_memory(pid: int) -> tuple[int, int] | None:
    """(RSS sum, PSS sum) of ``pid`` and all its descendants, in kB; None when a process
    started or ended while they were read: a worker forked between reading its parent
    (all pages still its own) and reading the worker counts the shared pages twice."""
    before = _tree(pid)
    sizes = [_process_memory(p) for p in before]
    if _tree(pid) != before:
        return None
    return sum(r for r, _ in sizes), sum(q for _, q in sizes)


def timed(cmd: list[str], cwd: Path, env: dict | None = None, ok=(0, 1)) -> tuple[float, int, int]:
    """(seconds, peak MB of the process tree as RSS sum, as PSS sum) of one command; each
    printed as it is measured."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env or ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak_rss = peak_pss = 0
    out: list[bytes] = []
    reader = threading.Thread(target=lambda: out.append(proc.stdout.read()))  # type: ignore[union-attr]
    reader.start()
    while proc.poll() is None:
        sample = _tree_memory(proc.pid)
        if sample is not None:
            peak_rss, peak_pss = max(peak_rss, sample[0]), max(peak_pss, sample[1])
        time.sleep(0.1)
    reader.join()
    seconds = time.perf_counter() - start
    print(f"    {cwd.name}: {' '.join(cmd[2:])}: {seconds:.1f} s, RSS sum {peak_rss // 1024} MB, "
          f"PSS sum {peak_pss // 1024} MB", file=sys.stderr, flush=True)
    if proc.returncode not in ok:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{b''.join(out).decode()[-4000:]}")
    return seconds, peak_rss // 1024, peak_pss // 1024


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, env=ENV, check=True, capture_output=True)


# -- the two sites -------------------------------------------------------------------
def make_district(root: Path, pages: int) -> int:
    n = generate(root, max(1, pages // PER_UNIT), min(pages, PER_UNIT))
    shutil.copy(REPO / ".gitignore", root / ".gitignore")
    git(root, "init", "-q", "-b", "main")
    subprocess.run([sys.executable, str(REPO / "scripts" / "sign_demo.py"), "--root", str(root), "--fast"],
                   env=ENV, check=True, capture_output=True)
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", "district")
    return n


def make_bare(district: Path, bare: Path) -> None:
    """The same pages for MkDocs alone: docs/ holds content/, every unit page and the
    pages the hooks generate; the nav is the hooks' column-only nav; no hooks, no theme
    overrides; Material's own search instead of govsite's Pagefind index."""
    from govsite.core.project import Project
    from govsite.site.nav import merge_nav, unit_nav
    from govsite.site.pages import generated_pages

    project = Project(district)
    docs = bare / "docs"
    shutil.copytree(district / "content", docs)
    for unit in sorted((district / "units").iterdir()):
        shutil.copytree(unit, docs / unit.name, ignore=shutil.ignore_patterns("unit.yml"))
    for page in generated_pages(project):
        (docs / page.src_uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / page.src_uri).write_text(page.markdown, "utf-8")
    text = (district / "mkdocs.yml").read_text("utf-8")
    text = re.sub(r"(?ms)^(hooks|watch):\n.*?(?=^\S|\Z)", "", text)  # no hooks, nothing else watched
    text = text.replace("docs_dir: content", "docs_dir: docs").replace("  custom_dir: overrides\n", "")
    # Each site with its own search: govsite builds a Pagefind index after the build, a bare
    # Material site has Material's built-in search (Chinese segmented by jieba), as before.
    text = text.replace("plugins: []\n", "plugins:\n  - search:\n      lang: zh\n")
    declared = re.search(r"(?ms)^nav:\n.*?(?=^\S|\Z)", text)
    if declared:
        text = text.replace(declared.group(0), "")
    portal = yaml.safe_load(declared.group(0))["nav"] if declared else None
    nav = yaml.safe_dump({"nav": merge_nav(portal, unit_nav(project))}, allow_unicode=True)
    (bare / "mkdocs.yml").write_text(text + "\n" + nav, "utf-8")


def edit(root: Path, rel: str, marker: str) -> None:
    path = root / rel
    path.write_text(path.read_text("utf-8") + f"\n{marker}\n", "utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_latency(root: Path, page_rel: str, url_path: str, timeout: float = 1800) -> float:
    """Seconds from saving ``page_rel`` to ``mkdocs serve`` serving the edit."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=root,
                            env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/{url_path}"

    def served() -> str:
        try:
            with urllib.request.urlopen(url, timeout=30) as resp:
                return resp.read().decode("utf-8", "replace")
        except OSError:
            return ""

    try:
        deadline = time.monotonic() + timeout
        while not served() and time.monotonic() < deadline:
            time.sleep(1)
        marker = f"编辑标记{int(time.time())}"
        time.sleep(2)  # let the watcher settle after the first build
        edit(root, page_rel, marker)
        start = time.perf_counter()
        while marker not in served():
            if time.monotonic() > deadline:
                return float("nan")
            time.sleep(0.2)
        return time.perf_counter() - start
    finally:
        proc.terminate()
        proc.wait(30)


# -- one size --------------------------------------------------------------------------
INSTALL_TABLES = ("from govsite.text import normalize, wordlists; from govsite.text.typos import resources; "
                  "resources.tables(); normalize._tables(); wordlists._kept(wordlists.builtin_files())")


def measure(pages: int, serve: bool, work: Path, check_only: bool = False) -> dict[str, str]:
    district, bare = work / f"district-{pages}", work / f"bare-{pages}"
    if (district / ".git").is_dir():  # kept from an earlier run (--keep): generating 70,000 pages takes long
        git(district, "checkout", "-q", "-f", "main")
        n = sum(1 for _ in (district / "units").glob("*/*/*.md"))
    else:
        n = make_district(district, pages)
    cache = work / f"user-cache-{pages}"
    shutil.rmtree(cache, ignore_errors=True)  # the cold check starts with no verdict, finding or report
    env = dict(ENV, GOVSITE_CACHE_DIR=str(cache))
    check = [sys.executable, "-m", "govsite", "check", "--format", "json"]
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"]
    row: dict[str, str] = {"pages": f"{n:,}"}
    # the tables built once per install (typo tables, normalisation, word lists): every
    # install has them after its first run, and CI restores them with its cache
    tables, _, _ = timed([sys.executable, "-c", INSTALL_TABLES], district, env, ok=(0,))
    row["install tables (once)"] = f"{tables:.1f} s"
    if check_only:
        cold, cold_rss, cold_pss = timed(check, district, env)
        warm, _, _ = timed(check, district, env)
    else:
        make_bare(district, bare)
        # bare build first (warm file-system caches for both), then interleaved
        bare_build, bare_rss, bare_pss = timed(build, bare, ok=(0,))
        cold, cold_rss, cold_pss = timed(check, district, env)
        warm, _, _ = timed(check, district, env)
        hooks_build, hooks_rss, hooks_pss = timed(build, district, env, ok=(0,))
        bare_build2, bare_rss2, bare_pss2 = timed(build, bare, ok=(0,))
        bare_build, bare_rss, bare_pss = min(bare_build, bare_build2), max(bare_rss, bare_rss2), max(bare_pss, bare_pss2)
    # the 10-page pull request: edited and committed on a branch, checked as CI does
    git(district, "checkout", "-q", "-B", "pr")
    edited = sorted(str(p.relative_to(district)) for p in (district / "units").rglob("p0001*.md"))[:10]
    for rel in edited:
        edit(district, rel, "本页补充一句说明。")
    git(district, "commit", "-qam", "ten pages")
    pr, _, _ = timed([sys.executable, "-m", "govsite", "changed", "--base", "main", "--check"], district, env)
    git(district, "checkout", "-q", "main")
    git(district, "branch", "-q", "-D", "pr")  # a kept district starts clean next time
    row.update({"check cold": f"{cold:.1f} s", "check warm": f"{warm:.1f} s", "10-page PR": f"{pr:.1f} s"})
    if check_only:
        row["peak MB check (RSS sum / PSS sum)"] = f"{cold_rss} / {cold_pss}"
        return row
    row.update({
        "build (hooks)": f"{hooks_build:.1f} s", "build (bare)": f"{bare_build:.1f} s",
        "ratio": f"{hooks_build / bare_build:.2f}",
        "peak MB check / build / bare (RSS sum)": f"{cold_rss} / {hooks_rss} / {bare_rss}",
        "(PSS sum)": f"{cold_pss} / {hooks_pss} / {bare_pss}",
    })
    if serve:
        page = edited[0]
        url = page.split("/", 1)[1][:-3] + "/"
        hooks_serve = serve_latency(district, page, url)
        bare_serve = serve_latency(bare, "docs/" + page.split("/", 1)[1], url)
        row["serve edit→visible (hooks / bare)"] = f"{hooks_serve:.1f} s / {bare_serve:.1f} s"
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[2000, 8000])
    parser.add_argument("--huge", action="store_true", help="also 70,000 pages")
    parser.add_argument("--no-serve", dest="serve", action="store_false", help="skip mkdocs serve")
    parser.add_argument("--check-only", action="store_true", help="only the checks: no builds, no serve")
    parser.add_argument("--keep", type=Path, help="build the districts here and keep them (reused when already there)")
    args = parser.parse_args()
    sizes = args.pages + ([70000] if args.huge else [])
    work = args.keep or Path(tempfile.mkdtemp(prefix="govsite-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {platform.machine()}, {len(os.sched_getaffinity(0))} cores, Python {platform.python_version()}, "
          f"load {os.getloadavg()[0]:.1f}", flush=True)
    rows = []
    try:
        for pages in sizes:
            rows.append(measure(pages, args.serve and not args.check_only, work, args.check_only))
            print("  ".join(f"{k}: {v}" for k, v in rows[-1].items()), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if len(rows) >= 2:
        first, last = rows[0], rows[-1]

        def seconds(row, key):
            return float(row[key].split()[0])

        size = int(last["pages"].replace(",", "")) / int(first["pages"].replace(",", ""))
        for key in ("check cold", "check warm", "build (hooks)"):
            if key in first and key in last:
                print(f"{key} grew {seconds(last, key) / seconds(first, key):.2f}x for {size:.1f}x the pages")


if __name__ == "__main__":
    main()

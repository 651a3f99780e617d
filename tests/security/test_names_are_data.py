"""Names are data: a slug, an id, a path or a git ref from a pull request never becomes a
new log line, a workflow command or a git option."""

from __future__ import annotations

import json
import shutil
import subprocess

from sitekit import FIXTURE_SITE, govsite, page_text

NEWLINE_NAME = "q\n::error file=evil.md::pwned\n"


def site(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(FIXTURE_SITE, root)
    return root


def test_new_refuses_a_slug_with_a_trailing_newline(tmp_path):
    root = site(tmp_path)
    for slug in ("q\n", "q\n::stop-commands::x\n"):
        proc = govsite(root, "new", "demo", "gzdt", "标题", "--slug", slug)
        assert proc.returncode == 2, proc.stdout + proc.stderr
    assert sorted(p.name for p in (root / "units/demo/gzdt").iterdir()) == ["base.md"]


def test_ids_with_a_trailing_newline_are_refused(tmp_path):
    for n, (plain, bad) in enumerate((("{id: zhuren,", '{id: "zhuren\\n",'), ("{id: zfcg,", '{id: "zfcg\\n",'))):
        root = site(tmp_path / str(n))
        unit_yml = root / "units/demo/unit.yml"
        text = unit_yml.read_text("utf-8")
        assert plain in text
        unit_yml.write_text(text.replace(plain, bad), "utf-8")
        proc = govsite(root, "check", "units/demo/gzdt/base.md")
        assert proc.returncode == 2 and "unit.yml" in proc.stderr, proc.stdout + proc.stderr


def test_a_path_with_control_characters_is_a_finding(tmp_path):
    root = site(tmp_path)
    (root / "units/demo/gzdt" / "q\n.md").write_text(page_text("换行文件名"), "utf-8")
    proc = govsite(root, "check", "--format", "json", "--select", "FIL009", "units/demo/gzdt")
    found = json.loads(proc.stdout)
    assert proc.returncode == 1 and [f["rule"] for f in found] == ["FIL009"]  # an unsafe file name
    assert found[0]["severity"] == "error" and found[0]["path"] == "units/demo/gzdt/q\n.md"


def many_errors(root):
    """A page whose name carries a workflow command, with more than ten errors."""
    body = "\n\n".join(f"第{i}段：请扫码购买，促销价 9.9 元。" for i in range(12))
    (root / "units/demo/gzdt" / f"{NEWLINE_NAME}.md").write_text(page_text("促销", body), "utf-8")


def test_github_output_cannot_inject_workflow_commands(tmp_path):
    root = site(tmp_path)
    many_errors(root)
    proc = govsite(root, "check", "--no-cache", "--format", "github", "units/demo/gzdt")
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert not any(line.startswith("::error file=evil") for line in lines), proc.stdout
    annotations = [line for line in lines if line.startswith(("::error ", "::warning "))]
    assert len(annotations) > 10 and all("file=units/demo/gzdt/q%0A%3A%3Aerror" in a for a in annotations)
    # the plain list after the annotations is fenced off from the runner
    stop = next(i for i, line in enumerate(lines) if line.startswith("::stop-commands::"))
    token = lines[stop].split("::")[2]
    assert len(token) >= 32 and lines[-1] == f"::{token}::"
    assert all("\\n::error file=evil.md::pwned\\n" in line for line in lines[stop + 1:-1])


def test_text_and_sarif_escape_names(tmp_path):
    root = site(tmp_path)
    many_errors(root)
    text = govsite(root, "check", "--no-cache", "units/demo/gzdt").stdout
    assert "::error file=evil" not in "\n".join(line for line in text.splitlines() if line.startswith("::"))
    assert all(line.startswith("units/demo/gzdt/") or line.startswith("共 ") for line in text.splitlines()), text
    sarif = json.loads(govsite(root, "check", "--no-cache", "--format", "sarif", "units/demo/gzdt").stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris and all("\n" not in u for u in uris) and any("q%0A%3A%3Aerror" in u for u in uris)


def git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.gov.cn", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.gov.cn", "HOME": str(root), "PATH": "/usr/bin:/bin"})


def test_changed_never_passes_a_ref_as_a_git_option(tmp_path):
    root = site(tmp_path)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "站点")
    target = tmp_path / "written-by-git"
    for ref in (f"--output={target}", f"--output={target}...HEAD"):
        proc = govsite(root, "changed", f"--base={ref}")
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stdout + proc.stderr
        proc = govsite(root, "changed", "--base", "main", f"--head={ref}")
        assert proc.returncode == 2
    assert not target.exists()
    ok = govsite(root, "changed", "--base", "main")
    assert ok.returncode == 0, ok.stderr

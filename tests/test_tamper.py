"""Tamper detection and restore for real (第十五条（二）): a deploy writes the release's
manifest; a page changed on the web server and a planted file are listed by
``govsite verify-live`` (exit 1); ``govsite restore`` rebuilds and redeploys, after which
the live site matches again and the tampered release is kept as evidence."""

from __future__ import annotations

import json
import os

from linkkit import fast_portal
from reviewkit import sign_all
from sitekit import govsite


def test_tampered_page_and_planted_file_are_found_and_restored(tmp_path):
    root = fast_portal(tmp_path / "portal")
    sign_all(root)
    www = tmp_path / "www"
    assert govsite(root, "deploy", "--to", str(www)).returncode == 0
    clean = govsite(root, "verify-live", str(www))
    assert clean.returncode == 0, clean.stdout + clean.stderr
    name = os.readlink(www / "current").split("/")[-1]
    assert (www / "releases" / f"{name}.manifest.json").is_file()

    page = www / "current" / "demo" / "gzdt" / "base" / "index.html"
    page.write_text(page.read_text("utf-8").replace("</article>", "<p>黑客留言</p></article>"), "utf-8")
    (www / "current" / "demo" / "shell.php").write_text("<?php system($_GET['c']); ?>", "utf-8")
    (www / "current" / "404.html").unlink()

    found = govsite(root, "verify-live", str(www), "--format", "json")
    assert found.returncode == 1, found.stdout + found.stderr
    diff = json.loads(found.stdout)
    assert diff == {"release": name, "changed": ["demo/gzdt/base/index.html"], "added": ["demo/shell.php"],
                    "removed": ["404.html"]}
    text = govsite(root, "verify-live", str(www))
    assert "被改动：demo/gzdt/base/index.html" in text.stdout and "被添加：demo/shell.php" in text.stdout

    restored = govsite(root, "restore", "--to", str(www))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert os.readlink(www / "current").split("/")[-1] != name
    assert govsite(root, "verify-live", str(www)).returncode == 0
    assert "黑客留言" not in (www / "current" / "demo" / "gzdt" / "base" / "index.html").read_text("utf-8")
    assert not (www / "current" / "demo" / "shell.php").exists()
    assert (www / "releases" / name / "demo" / "shell.php").exists()  # evidence kept
    log = [json.loads(line) for line in (www / "deploy.log").read_text("utf-8").splitlines()]
    assert log[-1]["action"] == "restore" and log[-1]["previous"] == name

    # a swapped document root is refused, not compared
    os.unlink(www / "current")
    (www / "current").mkdir()
    swapped = govsite(root, "verify-live", str(www))
    assert swapped.returncode == 2 and "篡改" in swapped.stderr

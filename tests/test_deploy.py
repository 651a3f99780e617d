"""``govsite deploy`` and ``govsite rollback`` for real: strict mkdocs builds of a small
portal into release folders of a temporary deploy directory, the atomic symlink
switch, pruning, one-step rollback, and builds that fail (early, on a rule; late, in
MkDocs' own validation after pages were written) leaving the live site untouched."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading

import pytest
from linkkit import fast_portal
from reviewkit import sign_all
from sitekit import govsite, mkdocs_build, page_text, write_page

from govsite.ops import deploy as deploy_lib


@pytest.fixture
def portal(tmp_path):
    root = fast_portal(tmp_path / "portal")
    sign_all(root)
    return root


def live(www):
    return os.readlink(www / "current")


def releases(www):
    return sorted(p.name for p in (www / "releases").iterdir() if p.is_dir())


def add_page(root, rel, title):
    write_page(root, rel, page_text(title))
    sign_all(root, [rel])


def test_deploy_switches_atomically_and_rollback_goes_back(portal, tmp_path):
    www = tmp_path / "www"
    first = govsite(portal, "deploy", "--to", str(www))
    assert first.returncode == 0, first.stdout + first.stderr
    name1 = releases(www)[0]
    assert live(www) == f"releases/{name1}"  # relative: the folder can be moved or mounted
    assert (www / "current" / "index.html").is_file() and (www / "current" / "demo" / "index.html").is_file()
    meta = json.loads((www / "releases" / f"{name1}.json").read_text("utf-8"))
    assert meta["seq"] == 1 and meta["source"] == "build" and meta["sha"] == "nogit"

    add_page(portal, "units/demo/gzdt/news2.md", "第二条动态")
    second = govsite(portal, "deploy", "--to", str(www))
    assert second.returncode == 0, second.stdout + second.stderr
    name2 = [n for n in releases(www) if n != name1][0]
    assert live(www) == f"releases/{name2}"
    assert (www / "current" / "demo" / "gzdt" / "news2" / "index.html").is_file()
    assert not (www / "releases" / name1 / "demo" / "gzdt" / "news2").exists()  # releases are never touched again

    back = govsite(portal, "rollback", "--to", str(www))
    assert back.returncode == 0, back.stderr
    assert live(www) == f"releases/{name1}" and name1 in back.stdout
    assert not (www / "current" / "demo" / "gzdt" / "news2").exists()

    again = govsite(portal, "rollback", "--to", str(www))  # nothing older than the first release
    assert again.returncode == 1 and "没有" in again.stderr
    forward = govsite(portal, "rollback", name2[:17], "--to", str(www))  # by unique prefix
    assert forward.returncode == 0, forward.stderr
    assert live(www) == f"releases/{name2}"

    listing = govsite(portal, "rollback", "--list", "--to", str(www))
    assert f"* {name2}" in listing.stdout and f"  {name1}" in listing.stdout
    log = [json.loads(line) for line in (www / "deploy.log").read_text("utf-8").splitlines()]
    assert [e["action"] for e in log] == ["deploy", "deploy", "rollback", "rollback"]
    assert log[2]["release"] == name1 and log[2]["previous"] == name2


def test_a_build_failing_on_a_rule_leaves_the_live_site_untouched(portal, tmp_path):
    www = tmp_path / "www"
    assert govsite(portal, "deploy", "--to", str(www)).returncode == 0
    before, index_before = live(www), (www / "current" / "index.html").read_bytes()
    write_page(portal, "units/demo/gzdt/bad.md", "---\ndate: 2026-11-20\n---\n\n没有标题、没有审核记录的页面。\n")
    proc = govsite(portal, "deploy", "--to", str(www))
    assert proc.returncode == 1
    assert "构建失败，线上站点未改动" in proc.stderr and "FMT003" in proc.stderr
    assert live(www) == before and (www / "current" / "index.html").read_bytes() == index_before
    assert len(releases(www)) == 1
    assert not list((www / "releases").glob(".partial-*"))
    assert [json.loads(line)["action"] for line in (www / "deploy.log").read_text("utf-8").splitlines()] == ["deploy"]


def test_a_build_failing_after_pages_were_written_leaves_no_partial_release(portal, tmp_path):
    # A navigation entry for a missing page in mkdocs.yml (the platform owner's file, not
    # content the rules check) fails MkDocs' strict validation at the end of the build,
    # after pages were written. (Portal pages in content/ pass the gate like unit pages,
    # so a broken link there is refused before anything is written.)
    www = tmp_path / "www"
    assert govsite(portal, "deploy", "--to", str(www)).returncode == 0
    before = live(www)
    config = portal / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  - 关于本站: about.md\n", "  - 关于本站: about.md\n  - 帮助: nowhere.md\n"), "utf-8")
    seen = []  # (live release, partial release has pages) while the deploy runs
    done = threading.Event()

    def watch():
        while not done.is_set():
            for partial in (www / "releases").glob(".partial-*"):
                seen.append((live(www), (partial / "index.html").exists()))

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        proc = govsite(portal, "deploy", "--to", str(www))
    finally:
        done.set()
        watcher.join()
    assert proc.returncode == 1 and "nowhere.md" in proc.stderr
    assert any(written for _, written in seen), "the build should have written pages before failing"
    assert {current for current, _ in seen} == {before}  # visitors kept the old release throughout
    assert live(www) == before
    assert len(releases(www)) == 1 and not list((www / "releases").glob(".partial-*"))


def test_deploy_of_a_prebuilt_site_and_keep(portal, tmp_path):
    www = tmp_path / "www"
    build = mkdocs_build(portal)
    assert build.returncode == 0, build.stderr
    names = []
    for _ in range(3):
        proc = govsite(portal, "deploy", "--to", str(www), "--site", "site", "--keep", "2")
        assert proc.returncode == 0, proc.stderr
        names.append(live(www).split("/", 1)[1])
    assert len(set(names)) == 3
    assert releases(www) == sorted(names[1:])  # the oldest was removed, the live one kept
    assert not (www / "releases" / f"{names[0]}.json").exists()
    meta = json.loads((www / "releases" / f"{names[2]}.json").read_text("utf-8"))
    assert meta["seq"] == 3 and meta["source"].startswith("site:")
    # --keep 1 still keeps the live release after a rollback to an older one
    assert govsite(portal, "rollback", "--to", str(www)).returncode == 0
    assert govsite(portal, "deploy", "--to", str(www), "--site", "site", "--keep", "1").returncode == 0
    assert len(releases(www)) == 1 and (www / "current" / "index.html").is_file()


def test_refusals(portal, tmp_path):
    www = tmp_path / "www"
    www.mkdir()
    (www / "current").mkdir()  # a hand-made document root: never replaced silently
    proc = govsite(portal, "deploy", "--to", str(www), "--site", "nothing")
    assert proc.returncode == 2 and "符号链接" in proc.stderr
    shutil.rmtree(www / "current")
    proc = govsite(portal, "deploy", "--to", str(www), "--site", str(tmp_path / "nothing"))
    assert proc.returncode == 2 and "index.html" in proc.stderr
    with open(www / deploy_lib.LOCK, "a+") as held:  # another deploy running
        fcntl.flock(held, fcntl.LOCK_EX)
        proc = govsite(portal, "deploy", "--to", str(www), "--site", "site")
        assert proc.returncode == 2 and "正在进行" in proc.stderr
    assert govsite(portal, "rollback", "--to", str(www)).returncode == 2
    assert govsite(portal, "deploy").returncode == 2  # no --to
    (tmp_path / "a-file").write_text("x")  # a target that cannot be created
    proc = govsite(portal, "deploy", "--to", str(tmp_path / "a-file" / "www"), "--site", "site")
    assert proc.returncode == 2 and "无法创建或写入发布目录" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.skipif(shutil.which("rsync") is None, reason="rsync is not installed (optional)")
def test_rsync_target_receives_the_live_release(portal, tmp_path):
    www, mirror = tmp_path / "www", tmp_path / "mirror"
    assert mkdocs_build(portal).returncode == 0
    proc = govsite(portal, "deploy", "--to", str(www), "--site", "site", "--rsync", str(mirror) + "/")
    assert proc.returncode == 0, proc.stderr
    assert (mirror / "index.html").read_bytes() == (www / "current" / "index.html").read_bytes()


def test_release_names_are_unique_within_a_second(tmp_path, portal):
    import datetime as dt

    www = tmp_path / "www"
    assert mkdocs_build(portal).returncode == 0
    now = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.UTC)
    a = deploy_lib.deploy(portal, www, site=portal / "site", now=now, log=lambda *_: None)
    b = deploy_lib.deploy(portal, www, site=portal / "site", now=now, log=lambda *_: None)
    assert a.name != b.name and b.seq == a.seq + 1 and live(www) == f"releases/{b.name}"
    assert deploy_lib.resolve_release(www, None)[1].name == a.name

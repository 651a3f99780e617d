"""Shard builds (govsite/publish/shards.py): the demo district built whole and built one
unit per job then composed gives the same site; cross-unit links are validated in a
shard against the whole district; compose refuses incomplete, mixed or overlapping
shards; deploy refuses a shard; ``govsite serve --unit`` previews one unit and shows an
edit. Real ``mkdocs build`` and ``mkdocs serve`` in temporary copies of the demo, a real
git repository for the pull-request scope.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from reviewkit import commit_all, git, git_init
from sitekit import REPO, govsite, govsite_env, make_portal, write_page

from govsite.core.project import Project
from govsite.publish.search import BUNDLE_DIR, indexed

SIGN = [sys.executable, str(REPO / "scripts" / "sign_demo.py"), "--root"]
LINKING = "units/czj/gzdt/2026-11-26-fzxc.md"
LINKED = "units/gaj/gzdt/2026-10-14-pajx.md"


def czj_page(title: str, body: str) -> str:
    """A page of the demo unit czj (区财政局) recording its reviewers (signed by sign_demo)."""
    return (f"---\ntitle: {title}\ndate: 2026-11-26\nsource: 重庆市黔江区财政局\nreviewers:\n"
            f"  drafter: 吴昊\n  checker: 彭建\n  approver: 龚丽萍\nmajor: false\n---\n\n{body}\n")


def sign(root: Path) -> None:
    proc = subprocess.run(SIGN + [str(root)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file of a built site but the search index (compared by what it holds: Pagefind
    numbers pages in the order it walks the folders, so its chunk names follow that order)."""
    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and BUNDLE_DIR not in p.relative_to(folder).parts[:1]):
        data = path.read_bytes()
        if path.name == "sitemap.xml.gz":
            data = gzip.decompress(data)
        if path.name.startswith("sitemap.xml"):
            data = re.sub(rb"<lastmod>[^<]*</lastmod>", b"<lastmod/>", data)  # the build's date
        out[path.relative_to(folder).as_posix()] = data
    return out


def build(root: Path, *args: str) -> subprocess.CompletedProcess:
    return govsite(root, "build", *args, env={"NO_MKDOCS_2_WARNING": "1"})


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    """The demo district with a czj page linking into unit gaj and to the portal, signed,
    in a git repository; built whole into single/ and shard by shard into shards/."""
    root = make_portal(tmp_path_factory.mktemp("district") / "repo", units_from=REPO)
    write_page(root, LINKING, czj_page("区财政局配合公安机关开展反诈宣传",
                                       "详见[区公安局破获电信网络诈骗案](../../gaj/gzdt/2026-10-14-pajx.md)、"
                                       "[区公安局工作动态](../../gaj/gzdt/index.md)和[关于本站](../../about.md)。"))
    sign(root)
    git_init(root)
    single = build(root, "--out", "../single")
    assert single.returncode == 0, single.stdout + single.stderr
    listed = build(root, "--list-units")
    assert listed.returncode == 0, listed.stderr
    for name in listed.stdout.split():
        proc = build(root, "--unit", name, "--out", f"../shards/{name}")
        assert proc.returncode == 0, name + proc.stdout + proc.stderr
    composed = build(root, "--compose", "../shards", "--out", "../composed")
    assert composed.returncode == 0, composed.stdout + composed.stderr
    return root


def test_sharded_build_gives_the_single_build(district):
    single, composed = files_of(district.parent / "single"), files_of(district.parent / "composed")
    assert sorted(single) == sorted(composed)
    assert len([p for p in single if p.endswith(".html")]) > 100  # the whole demo, not an empty site
    differ = [p for p in single if single[p] != composed[p]]
    assert not differ, f"sharded and single builds differ in {differ[:10]}"
    # the composition is indexed once, and its index holds exactly the single build's entries
    def entries(site: Path) -> list[dict]:
        return sorted(indexed(site / BUNDLE_DIR), key=lambda e: e["url"])
    whole = entries(district.parent / "single")
    assert len(whole) > 50 and entries(district.parent / "composed") == whole


def test_a_unit_shard_builds_its_unit_only(district):
    shards = district.parent / "shards"
    assert (shards / "czj" / "czj" / "gzdt" / "2026-11-26-fzxc" / "index.html").is_file()
    assert not (shards / "czj" / "gaj").exists() and not (shards / "czj" / "index.html").exists()
    assert sorted(p.name for p in (shards / "_portal").iterdir() if p.is_dir()) == ["about", "assets", "dwdh", "hdjl", "search", "zwgk"]
    marker = json.loads((shards / "czj" / "govsite-shard.json").read_text("utf-8"))
    assert marker["shard"] == "czj" and marker["commit"] == git(district, "rev-parse", "HEAD")


def test_cross_unit_links_resolve_in_the_shard(district):
    html = (district.parent / "shards/czj/czj/gzdt/2026-11-26-fzxc/index.html").read_text("utf-8")
    assert 'href="../../../gaj/gzdt/2026-10-14-pajx/"' in html
    assert 'href="../../../gaj/gzdt/"' in html and 'href="../../../about/"' in html


def test_a_broken_cross_unit_link_fails_the_shard(district, tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(district, root, ignore=shutil.ignore_patterns(".git"))
    write_page(root, "units/czj/gzdt/2026-11-27-cwlj.md",
               czj_page("区财政局转发通知", "详见[区公安局通知](../../gaj/tzgg/2026-01-01-bucunzai.md)。"))
    sign(root)
    proc = build(root, "--unit", "czj", "--out", "../czj")
    assert proc.returncode == 1
    log = proc.stdout + proc.stderr
    assert "gaj/tzgg/2026-01-01-bucunzai.md" in log and "Traceback" not in log
    assert build(root, "--unit", "gaj", "--out", "../gaj").returncode == 0  # the other unit is not affected


def test_compose_refuses_missing_mixed_and_overlapping_shards(district, tmp_path):
    shards = tmp_path / "shards"
    shutil.copytree(district.parent / "shards", shards)
    shutil.rmtree(shards / "jw")
    proc = build(district, "--compose", str(shards), "--out", str(tmp_path / "out"))
    assert proc.returncode == 1 and "缺少分片：jw" in proc.stderr
    shutil.copytree(district.parent / "shards" / "jw", shards / "jw")
    marker = shards / "jw" / "govsite-shard.json"
    data = json.loads(marker.read_text("utf-8"))
    marker.write_text(json.dumps({**data, "commit": "0" * 40}), "utf-8")
    proc = build(district, "--compose", str(shards), "--out", str(tmp_path / "out"))
    assert proc.returncode == 1 and "同一提交" in proc.stderr
    marker.write_text(json.dumps(data), "utf-8")
    (shards / "_portal" / "gaj").mkdir()
    (shards / "_portal" / "gaj" / "index.html").write_text("portal", "utf-8")
    proc = build(district, "--compose", str(shards), "--out", str(tmp_path / "out"))
    assert proc.returncode == 1 and "gaj/index.html" in proc.stderr
    assert build(district, "--unit", "nosuchunit").returncode == 2


def test_deploy_refuses_a_shard(district, tmp_path):
    proc = govsite(district, "deploy", "--to", str(tmp_path / "srv"), "--site", str(district.parent / "shards/_portal"))
    assert proc.returncode == 2 and "分片" in proc.stderr
    assert not (tmp_path / "srv" / "current").exists()


def test_list_units_of_a_pull_request(district, tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(district, root)
    assert json.loads(build(root, "--list-units", "--json").stdout) == ["cxjd", "czj", "gaj", "jw", "qzfb", "zsz", "_portal"]
    base = git(root, "rev-parse", "HEAD")
    page = root / LINKED
    page.write_text(page.read_text("utf-8") + "\n补充内容。\n", "utf-8")
    commit_all(root, "修改公安局页面")
    # gaj changed; czj links to the changed page, so its shard is rebuilt too; the portal
    # home lists every unit's news
    assert build(root, "--list-units", "--base", base).stdout.split() == ["czj", "gaj", "_portal"]
    (root / "govsite.yml").write_text((root / "govsite.yml").read_text("utf-8") + "\n", "utf-8")
    commit_all(root, "修改设置")
    assert len(build(root, "--list-units", "--base", base).stdout.split()) == 7  # everything


def test_a_pull_request_builds_only_the_shards_it_touches(district, tmp_path):
    """pr.yml's gate: scripts/ci-shards.sh build-changed, for real."""
    root = tmp_path / "repo"
    shutil.copytree(district, root)
    page = root / LINKED
    before = page.read_text("utf-8")
    after = before.replace("近日，", "近日，经过缜密侦查，")
    # the reviewers sign the new text on the base branch (new keys there: a trust change
    # of the base, not of the pull request), so the pull request changes the page alone
    page.write_text(after, "utf-8")
    sign(root)
    page.write_text(before, "utf-8")
    base = commit_all(root, "审核人已签名修改稿")
    page.write_text(after, "utf-8")
    commit_all(root, "修改公安局页面")
    proc = subprocess.run(["bash", str(REPO / "scripts" / "ci-shards.sh"), "build-changed", base], cwd=root,
                          env=govsite_env(tmp_path / "bin"), capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    built = sorted(p.name for p in (root / "site-shards").iterdir())
    assert built == ["_portal", "czj", "gaj"]  # gaj changed; czj links to it; the portal lists the news
    assert "经过缜密侦查" in (root / "site-shards/gaj/gaj/gzdt/2026-10-14-pajx/index.html").read_text("utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    """(status, body); (0, "") while the server is not answering (starting, rebuilding)."""
    try:
        with urllib.request.urlopen(url, timeout=120) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, ""
    except OSError:
        return 0, ""


@pytest.mark.parametrize("mode", [[], ["--full"]], ids=["affected-pages", "full"])
def test_serve_one_unit_shows_an_edit(district, tmp_path, mode):
    root = tmp_path / "repo"
    shutil.copytree(district, root, ignore=shutil.ignore_patterns(".git"))
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "govsite", "serve", "--unit", "czj", "--dev-addr", f"127.0.0.1:{port}", *mode],
                              cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"})
    url = f"http://127.0.0.1:{port}/czj/gzdt/2026-11-26-fzxc/"
    try:
        deadline = time.monotonic() + 180
        status = 0
        while time.monotonic() < deadline and status != 200:
            time.sleep(0.5)
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            status, html = _get(url)
        assert status == 200 and "反诈宣传" in html
        assert _get(f"http://127.0.0.1:{port}/gaj/gzdt/2026-10-14-pajx/")[0] == 404  # another unit: not built
        page = root / LINKING
        page.write_text(page.read_text("utf-8").replace("详见", "本周起详见"), "utf-8")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "本周起详见" not in html:
            time.sleep(0.5)
            html = _get(url)[1]
        assert "本周起详见" in html
        assert "审核已失效" in html  # a draft preview: the edit is shown under the banner
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_shards_checks_add_up_to_the_full_check(district, tmp_path):
    """Every finding of a full check is in exactly the shard that publishes it (a stray
    file of units/ in the portal's, judged by the file rules only, as a full check does)."""
    from govsite.core.project import Project
    from govsite.engine.runner import run
    from govsite.publish import shards

    root = tmp_path / "repo"
    shutil.copytree(district, root, ignore=shutil.ignore_patterns(".git"))
    write_page(root, "units/stray.md", "# 不属于任何单位\n")
    (root / "units" / "run.sh").write_text("echo hi\n", "utf-8")
    write_page(root, "units/czj/gzdt/2026-11-28-wsm.md", "# 没有元数据\n")
    project = Project(root)
    full = set(run(project, None).findings)
    parts = [set(shards.check(Project(root), shards.shard_of(project, n)).findings) for n in shards.shard_names(project)]
    assert set().union(*parts) == full
    assert any(f.path == "units/run.sh" for f in full) and any(f.path == "units/czj/gzdt/2026-11-28-wsm.md" for f in full)
    czj = parts[shards.shard_names(project).index("czj")]
    assert {f.path for f in czj if f.path.startswith("units/")} <= {f.path for f in full if f.path.startswith("units/czj/")}


POLICY = "units/czj/zcwj/2026-03-20-zxzjgl.md"
INTERPRETATION = "units/czj/zcjd/2026-03-20-zxzjgl-jd.md"


def test_a_unit_preview_renders_again_exactly_the_pages_an_edit_changes(district, tmp_path, monkeypatch):
    """govsite serve --unit rebuilds as MkDocs' dirty build, in one process: after an edit
    it renders the edited page, the pages that list it (the policy its interpretation
    names) and the lists, and leaves every other page as it was; after a change of
    unit.yml, every page."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from govsite.publish import shardbuild, shards

    root = tmp_path / "repo"
    shutil.copytree(district, root)
    site = tmp_path / "preview"
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")

    def rebuild() -> None:
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=True)
        mkdocs_build(config, dirty=True)
        config.plugins.on_shutdown()

    def html(rel: str) -> Path:
        return site / rel.removeprefix("units/").removesuffix(".md") / "index.html"

    unrelated = html(LINKING)
    shard = shards.shard_of(Project(root), "czj")
    with shardbuild._mkdocs_log(shard, dirty=True), shards.activate(shard, keep=True):  # as govsite serve --unit
        rebuild()
        assert "审核已失效" not in html(POLICY).read_text("utf-8")
        first = unrelated.stat().st_mtime_ns
        page = root / INTERPRETATION
        page.write_text(page.read_text("utf-8").replace("政策解读", "政策解读（修订）", 1), "utf-8")
        time.sleep(0.05)
        rebuild()
        assert "政策解读（修订）" in html(INTERPRETATION).read_text("utf-8")
        assert "审核已失效" in html(INTERPRETATION).read_text("utf-8")  # edited after signing
        assert "政策解读（修订）" in html(POLICY).read_text("utf-8")  # the policy lists its interpretation
        assert unrelated.stat().st_mtime_ns == first  # not rendered again
        unit_yml = root / "units" / "czj" / "unit.yml"
        unit_yml.write_text(unit_yml.read_text("utf-8") + "\n", "utf-8")
        rebuild()
        assert unrelated.stat().st_mtime_ns > first  # the unit's settings: every page again


def test_a_portal_page_at_another_units_address_fails_the_shard(district, tmp_path):
    """In a unit's shard the rest of the district is listed, not built: a file of content/
    at the address of another unit's page is refused there too, naming both files."""
    root = tmp_path / "repo"
    shutil.copytree(district, root)
    clash = root / "content" / LINKED.removeprefix("units/")
    clash.parent.mkdir(parents=True)
    clash.write_text("---\ntitle: 冒名页面\n---\n\n正文。\n", "utf-8")
    proc = build(root, "--unit", "czj", "--out", "../shard")
    assert proc.returncode != 0
    assert f"content/{LINKED.removeprefix('units/')} 与单位页面 {LINKED} 网址冲突" in proc.stdout + proc.stderr


def test_a_production_build_refuses_dirty(district, tmp_path):
    """``mkdocs build --dirty`` would keep last build's pages that it does not render again,
    including one the gate now refuses: production builds refuse the flag, in one line."""
    root = tmp_path / "repo"
    shutil.copytree(district, root)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--dirty", "-q"], cwd=root, capture_output=True,
                          text=True, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode != 0
    assert "正式构建不能使用 --dirty" in proc.stderr and "Traceback" not in proc.stderr
    assert not (root / "site").exists()

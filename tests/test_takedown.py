"""``govsite takedown`` for real: a deployed page is taken off the live site in one
command; its source is kept and marked withdrawn, the incident record is signed by the
person who acted, the address serves "该信息已撤下", lists and the search index drop it,
and a hand-typed ``withdrawn`` marker without a valid record is refused."""

from __future__ import annotations

import os
import subprocess

from docx import Document
from reviewkit import keys_env, sign_all
from sitekit import govsite, make_portal, page_text, write_page

from govsite.core.project import Project
from govsite.engine.runner import run
from govsite.publish.search import indexed
from govsite.review.hashing import content_hash
from govsite.review.incidents import load, verify

PAGE = "units/demo/gzdt/bad-news.md"
PHRASE = "某某非法信息独有词组"


def test_takedown_removes_page_records_and_redeploys(tmp_path):
    root = make_portal(tmp_path / "portal")
    write_page(root, PAGE, page_text("待撤下的动态", f"{PHRASE}。"))
    sign_all(root)
    env = dict(os.environ, GIT_AUTHOR_NAME="柯源", GIT_AUTHOR_EMAIL="keyuan@example.gov.cn",
               GIT_COMMITTER_NAME="柯源", GIT_COMMITTER_EMAIL="keyuan@example.gov.cn")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "Merge pull request #3 from keyuan/news"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)
    www = tmp_path / "www"
    first = govsite(root, "deploy", "--to", str(www))
    assert first.returncode == 0, first.stdout + first.stderr
    live_html = (www / "current" / "demo" / "gzdt" / "bad-news" / "index.html").read_text("utf-8")
    assert PHRASE in live_html
    before_release = os.readlink(www / "current").split("/")[-1]
    original = (root / PAGE).read_bytes()

    done = govsite(root, "takedown", PAGE, "--reason", "含有不实信息", "--as", "kezhang", "--to", str(www),
                   env=keys_env(root))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "已撤下并发布" in done.stdout

    # the source is kept, marked; only the withdrawn block was added
    marked = (root / PAGE).read_text("utf-8")
    assert PHRASE in marked and "withdrawn:" in marked and "含有不实信息" in marked
    assert marked.replace(marked[marked.index("withdrawn:"):marked.index("incident:")], "").count(PHRASE) == 1

    # the incident record: signed by the person who acted, naming page, hash and release
    incident_id = marked.split("incident:")[1].split()[0]
    checked = verify(root, incident_id)
    assert checked.ok, checked.reason
    inc = load(root, incident_id)
    new_release = os.readlink(www / "current").split("/")[-1]
    assert (inc.page, inc.person, inc.name, inc.reason) == (PAGE, "kezhang", "柯章", "含有不实信息")
    assert inc.hash == content_hash(original)
    assert inc.release == new_release and inc.previous == before_release != new_release
    assert new_release.endswith("-dirty")  # built from the marked, not yet committed tree

    # the live site: the address serves the notice, nothing of the page remains
    html = (www / "current" / "demo" / "gzdt" / "bad-news" / "index.html").read_text("utf-8")
    assert "该信息已撤下" in html and PHRASE not in html and "待撤下的动态" not in html
    listing = (www / "current" / "demo" / "gzdt" / "index.html").read_text("utf-8")
    assert "待撤下的动态" not in listing
    assert "bad-news" not in (www / "current" / "sitemap.xml").read_text("utf-8")
    search = indexed(www / "current" / "pagefind")
    assert search and not any(PHRASE in d["content"] or "待撤下" in d["meta"].get("title", "") for d in search)
    assert "/demo/gzdt/bad-news/" not in [d["url"] for d in search]
    # the release before the takedown is untouched (evidence; rollback target)
    assert PHRASE in (www / "releases" / before_release / "demo" / "gzdt" / "bad-news" / "index.html").read_text("utf-8")

    # the report for 区委网信办 and 区政府办公室: a page and a Word document
    out = tmp_path / "reports"
    rep = govsite(root, "incident", "report", incident_id, "--output", str(out))
    assert rep.returncode == 0, rep.stdout + rep.stderr
    page = (out / f"{incident_id}.md").read_text("utf-8")
    assert "非法信息撤稿" in page and "柯章（kezhang）" in page and inc.hash in page and new_release in page
    assert "二、处置经过" in page and "三、后续工作" in page and "区委网信办" in page
    assert "页面首次提交" in page and "拉取请求 \\#3" in page and "柯章（checker）" in page  # traced source
    doc = Document(str(out / f"{incident_id}.docx"))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert PAGE + "（网址 /demo/gzdt/bad-news/）" in cells and "含有不实信息" in cells
    assert any("撤下页面并签名处置记录" in c for c in cells)
    listing = govsite(root, "incident", "list")
    assert listing.returncode == 0 and incident_id in listing.stdout and "签名有效" in listing.stdout

    # the gate is satisfied by the signed record; a second takedown is refused
    report = run(Project(root), [str(root / PAGE)])
    assert report.errors == []
    again = govsite(root, "takedown", PAGE, "--reason", "x", "--as", "kezhang", env=keys_env(root))
    assert again.returncode == 2 and "已经撤下" in again.stderr


def test_withdrawn_marker_without_a_signed_record_is_refused(tmp_path):
    root = make_portal(tmp_path / "portal")
    text = page_text("手写撤稿标记").replace("---\n\n", "withdrawn: {date: 2026-12-01, reason: 测试, "
                                            "incident: 20261201T000000Z-demo-gzdt-x}\n---\n\n", 1)
    write_page(root, "units/demo/gzdt/x.md", text)
    report = run(Project(root), [str(root / "units/demo/gzdt/x.md")])
    assert [f.rule for f in report.errors] == ["REV020"]
    assert "找不到事件记录" in report.errors[0].message

    # a real record for another page does not cover this one
    write_page(root, PAGE, page_text("另一页"))
    sign_all(root)
    done = govsite(root, "takedown", PAGE, "--reason", "测试", "--as", "keyuan", env=keys_env(root))
    assert done.returncode == 0, done.stderr
    other_id = (root / PAGE).read_text("utf-8").split("incident:")[1].split()[0]
    (root / "units/demo/gzdt/x.md").write_text(text.replace("20261201T000000Z-demo-gzdt-x", other_id), "utf-8")
    report = run(Project(root), [str(root / "units/demo/gzdt/x.md")])
    assert [f.rule for f in report.errors] == ["REV020"] and "不是本页面" in report.errors[0].message

    # a record edited after signing no longer verifies
    record = root / "review" / "incidents" / f"{other_id}.incident"
    record.write_text(record.read_text("utf-8").replace("reason: 测试", "reason: 篡改"), "utf-8")
    report = run(Project(root), [str(root / PAGE)])
    assert [f.rule for f in report.errors] == ["REV020"] and "无法核验" in report.errors[0].message
    verified = govsite(root, "review", "verify")
    assert verified.returncode == 1 and f"{other_id}.incident: 处置记录无效" in verified.stdout


def test_public_opinion_event_is_recorded_signed_and_reported(tmp_path):
    root = make_portal(tmp_path / "portal")
    write_page(root, PAGE, page_text("引发关注的通知", "<script>x</script> 原文。"))
    write_page(root, "units/demo/gzdt/reply.md", page_text("关于网民反映问题的说明"))
    sign_all(root)
    env = keys_env(root)
    bad = govsite(root, "incident", "opinion", PAGE, "--issue", "网民质疑", "--verification", "已核实",
                  "--response", "https://example.com/x", "--as", "fuzhu", env=env)
    assert bad.returncode == 2 and "本站已有的页面" in bad.stderr
    done = govsite(root, "incident", "opinion", PAGE, "--issue", "网民质疑收费标准 <b>过高</b>",
                   "--verification", "经核实，标准符合文件规定", "--response", "units/demo/gzdt/reply.md",
                   "--as", "fuzhu", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    incident_id = done.stdout.split("已记录舆情事件 ")[1].split("：")[0]
    inc = load(root, incident_id)
    assert (inc.kind, inc.issue, inc.response, inc.person) == (
        "opinion", "网民质疑收费标准 <b>过高</b>", "units/demo/gzdt/reply.md", "fuzhu")
    assert verify(root, incident_id).ok
    assert "withdrawn" not in (root / PAGE).read_text("utf-8")  # an opinion event changes no page

    out = tmp_path / "reports"
    assert govsite(root, "incident", "report", incident_id, "--output", str(out)).returncode == 0
    page = (out / f"{incident_id}.md").read_text("utf-8")
    assert "舆情处置" in page and "经核实，标准符合文件规定" in page and "/demo/gzdt/reply/" in page
    assert "<b>" not in page and "&lt;b&gt;" in page  # values are escaped before they reach HTML
    cells = [c.text for t in Document(str(out / f"{incident_id}.docx")).tables for row in t.rows for c in row.cells]
    assert "网民质疑收费标准 <b>过高</b>" in cells


def test_withdrawn_pages_leave_lists_catalogue_and_freshness(tmp_path):
    import datetime as dt

    from govsite.regulation.freshness import newest_date
    from govsite.site.catalog import column_entries
    from govsite.site.xxgkml import catalog_rows

    root = make_portal(tmp_path / "portal")
    marked = page_text("已撤下的新动态", date="2026-11-25").replace(
        "---\n\n", "withdrawn: {date: 2026-11-26, reason: 测试, incident: 20261126T000000Z-demo-gzdt-new}\n---\n\n", 1)
    write_page(root, "units/demo/gzdt/new.md", marked)
    project = Project(root)
    unit = project.unit("demo")
    assert "units/demo/gzdt/new.md" not in [e.rel for e in column_entries(project, unit, "gzdt")]
    assert "units/demo/gzdt/new.md" not in [r.rel for r in catalog_rows(project, unit)]
    count, newest = newest_date(project, unit, "gzdt", dt.date(2026, 11, 26))
    assert newest != dt.date(2026, 11, 25) and count == len(project.column_pages("demo", "gzdt")) - 1

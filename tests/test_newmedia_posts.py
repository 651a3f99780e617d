"""New-media posts (第十一条, 第十二条): through the same gate as a page, out to the
platforms in their documented formats, and counted for cadence with the platforms' own
post-log exports.

Real components throughout: the fixture site and the demo district copied to tmp_path,
real ``ssh-keygen`` signatures, the real ``govsite`` command line and a real
``mkdocs build``. Nothing talks to WeChat or Weibo: the exports are checked against the
JSON Schema written from the documented ``draft/add`` format, and a recorded
real-format request body must pass it.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from reviewkit import keys_env, reviewer_keys, sign_all
from rulekit import make_site
from sitekit import REPO, govsite, make_portal, mkdocs_build, write_page

from govsite.core.errors import ConfigError
from govsite.core.paths import PagePath
from govsite.core.project import Project
from govsite.engine.runner import run
from govsite.newmedia import jsonshape
from govsite.newmedia.cadence import account_item, record
from govsite.newmedia.export import UPLOAD_PREFIX, WECHAT_SCHEMA, wechat_html
from govsite.newmedia.limits import load_limits
from govsite.newmedia.postlog import parse
from govsite.regulation.freshness import PatrolLevel

FIXTURES = Path(__file__).parent / "fixtures" / "newmedia"
ACCOUNTS = """
new_media:
  - {id: wx, platform: wechat_subscription, name: 示例发布, identifier: gh_0123456789ab, status: open, opened: 2020-01-01}
  - {id: wb, platform: weibo, name: 示例微博, status: open, opened: 2020-01-01}
  - {id: old, platform: weibo, name: 旧微博, status: closed, closing: 2026-05-01, closed: 2026-05-20}
"""
POST = "units/demo/newmedia/wx/2026-11-20-news.md"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
       b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")


def post_text(body: str = "11月20日，示例局召开政务公开推进会。", **extra: str) -> str:
    meta = {"title": "示例局召开政务公开推进会", "date": "2026-11-20 18:30", "author": "示例局",
            "digest": "示例局召开政务公开推进会，部署下一阶段工作。", "cover": "cover.png", **extra}
    head = "".join(f"{k}: {v}\n" for k, v in meta.items())
    return f"---\n{head}reviewers:\n  drafter: 柯源\n  checker: 柯章\n  approver: 傅柱\n---\n\n{body}\n"


def with_accounts(root: Path) -> Path:
    unit_yml = root / "units/demo/unit.yml"
    unit_yml.write_text(unit_yml.read_text("utf-8") + ACCOUNTS, "utf-8")
    (root / "units/demo/newmedia/wx").mkdir(parents=True, exist_ok=True)
    (root / "units/demo/newmedia/wx/cover.png").write_bytes(PNG)
    return root


@pytest.fixture
def site(tmp_path):
    """The fixture site with accounts, every page signed, keys for the three reviewers."""
    root = with_accounts(make_site(tmp_path / "site"))
    sign_all(root)
    reviewer_keys(root)
    return root


def approve(root: Path, rel: str) -> None:
    for person in ("keyuan", "kezhang", "fuzhu"):
        proc = govsite(root, "review", "approve", rel, "--as", person, env=keys_env(root))
        assert proc.returncode == 0, proc.stderr


def errors_of(root: Path, target: str) -> list:
    return [f for f in run(Project(root), [str(root / target)], use_cache=False).findings if f.severity == "error"]


# -- where a post lives -----------------------------------------------------------------
def test_a_post_path_belongs_to_its_unit_and_account_but_to_no_column():
    post = PagePath("units/qzfb/newmedia/qjzf-wx/2026-11-24-xwjc.md")
    assert (post.unit, post.account, post.column, post.url) == ("qzfb", "qjzf-wx", None, None)
    assert post.is_post and post.in_newmedia and not post.is_unit_page
    assert not PagePath("units/qzfb/gzdt/a.md").is_post
    assert not PagePath("units/qzfb/newmedia/qjzf-wx/sub/a.md").is_post
    assert not PagePath("units/qzfb/newmedia/qjzf-wx/a\n.md").is_post
    assert PagePath("units/qzfb/newmedia/qjzf-wx/posts.csv").in_newmedia


# -- the gate: the same rules and the same three signatures ------------------------------
def test_a_post_is_checked_and_signed_like_a_page_and_stale_when_changed(site):
    write_page(site, POST, post_text())
    unsigned = errors_of(site, POST)
    assert {f.rule for f in unsigned} == {"REV010"}, [f.as_text() for f in unsigned]
    assert not any(f.rule.startswith("COL") for f in unsigned)  # newmedia is no column
    approve(site, POST)
    assert errors_of(site, POST) == []
    assert list((site / "review/approvals/demo/newmedia/wx/2026-11-20-news").glob("*-drafter-keyuan.approval"))
    write_page(site, POST, post_text().replace("部署下一阶段工作", "部署明年工作"))  # the hash is the whole file
    assert {f.rule for f in errors_of(site, POST)} == {"REV011"}


def test_a_post_with_ad_wording_is_refused_by_the_content_rules_and_not_exported(site):
    write_page(site, POST, post_text("新品促销，原价199元，现价99元，扫码购买！"))
    approve(site, POST)
    found = errors_of(site, POST)
    assert [f.rule for f in found] == ["ADS001"], [f.as_text() for f in found]
    out = site.parent / "out.json"
    proc = govsite(site, "newmedia", "export", POST, "-o", str(out))
    assert proc.returncode == 1 and "ADS001" in proc.stderr and "不能导出" in proc.stderr
    assert not out.exists()


def test_an_unsigned_post_is_not_exported(site):
    write_page(site, POST, post_text())
    proc = govsite(site, "newmedia", "export", POST)
    assert proc.returncode == 1 and "REV010" in proc.stderr and proc.stdout == ""


def test_a_page_outside_any_account_folder_is_still_refused(site):
    write_page(site, "units/demo/newmedia/stray.md", post_text())
    rules = {f.rule for f in errors_of(site, "units/demo/newmedia/stray.md")}
    assert "COL001" in rules and "REV010" in rules


# -- export: the documented formats --------------------------------------------------------
def test_the_recorded_draft_add_body_passes_the_schema_and_broken_copies_do_not():
    schema = jsonshape.schema(WECHAT_SCHEMA)
    body = json.loads((FIXTURES / "wechat_draft_add.json").read_text("utf-8"))
    assert jsonshape.problems(body, schema) == []
    article = body["articles"][0]
    for change, needle in [({"title": "题" * 65}, "title: 有 65 个字符"), ({"need_open_comment": 2}, "need_open_comment"),
                           ({"thumb_media_id": ""}, "thumb_media_id: 不能为空"), ({"url": "x"}, "不允许的字段 url"),
                           ({"content_source_url": "javascript:alert(1)"}, "content_source_url: 格式不符")]:
        broken = {"articles": [dict(article, **change)]}
        assert any(needle in p for p in jsonshape.problems(broken, schema)), (change, jsonshape.problems(broken, schema))
    missing = {"articles": [{k: v for k, v in article.items() if k != "thumb_media_id"}]}
    assert "$.articles[0]: 缺少 thumb_media_id" in jsonshape.problems(missing, schema)


def test_a_signed_wechat_post_exports_as_a_valid_draft_add_body(site):
    shutil.copy(REPO / "mkdocs.yml", site / "mkdocs.yml")  # site_url: the 阅读原文 address
    (site / "units/demo/newmedia/wx/photo.png").write_bytes(PNG)
    write_page(site, POST, post_text("## 会议部署\n\n会议要求**压实责任**。\n\n![现场](photo.png)\n\n"
                                     "详见[通知](https://www.gov.cn/zhengce/a.html?x=1&y=2)。",
                                     republishes="/demo/gzdt/base/", title="示例页面", date="2026-11-20 18:30"))
    approve(site, POST)
    out = site.parent / "export" / "draft.json"
    proc = govsite(site, "newmedia", "export", POST, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    body = json.loads(out.read_text("utf-8"))
    assert jsonshape.problems(body, jsonshape.schema(WECHAT_SCHEMA)) == []
    article = body["articles"][0]
    assert article["title"] == "示例页面" and article["author"] == "示例局"
    assert article["thumb_media_id"] == UPLOAD_PREFIX + "units/demo/newmedia/wx/cover.png"
    assert article["content_source_url"] == "https://www.qianjiang.gov.cn/demo/gzdt/base/"
    content = article["content"]
    assert '<h2 style="' in content and '<strong style="font-weight:bold;">压实责任</strong>' in content
    assert f'src="{UPLOAD_PREFIX}units/demo/newmedia/wx/photo.png"' in content
    # WeChat keeps no outside links: the text stays, the address follows it, escaped
    assert "通知（https://www.gov.cn/zhengce/a.html?x=1&amp;y=2）" in content and "<a" not in content
    uploads = json.loads((out.parent / "draft.uploads.json").read_text("utf-8"))
    assert [u["path"] for u in uploads] == ["units/demo/newmedia/wx/cover.png", "units/demo/newmedia/wx/photo.png"]


def test_wechat_html_keeps_only_inline_styled_tags_and_escapes_everything(site):
    hostile = ('<div class="x" onclick="evil()">A &lt; B & "C"</div>\n\n<style>p{color:red}</style>\n\n'
               '<script>alert(1)</script>\n\n<p style="position:fixed">fixed</p>\n\n'
               '<img src="https://evil.example/a.png" onerror="x()">\n\n<iframe src="https://evil.example"></iframe>\n\n'
               '[微信文章](https://mp.weixin.qq.com/s/abc)')
    write_page(site, POST, post_text(hostile))
    html_text, images = wechat_html(Project(site), Project(site).page(POST))
    for bad in ("class=", "onclick", "<style", "<script", "alert(1)", "color:red", "position:fixed", "evil.example",
                "<iframe", "onerror", "<div"):
        assert bad not in html_text, (bad, html_text)
    assert "A &lt; B &amp; \"C\"" in html_text
    assert '<a style="color:#576b95;" href="https://mp.weixin.qq.com/s/abc">微信文章</a>' in html_text
    assert images == []


def test_a_weibo_post_exports_its_text_and_media_list(site):
    rel = "units/demo/newmedia/wb/2026-11-21-fz.md"
    (site / "units/demo/newmedia/wb").mkdir(parents=True)
    (site / "units/demo/newmedia/wb/a.png").write_bytes(PNG)
    write_page(site, rel, "---\ntitle: 反诈提醒\ndate: 2026-11-21 17:20\nreviewers:\n  drafter: 柯源\n  checker: 柯章\n"
                          "  approver: 傅柱\n---\n\n【反诈提醒】凡是让您转账到“安全账户”的都是诈骗。\n\n![海报](a.png)\n")
    approve(site, rel)
    proc = govsite(site, "newmedia", "export", rel)
    assert proc.returncode == 0, proc.stderr
    body = json.loads(proc.stdout)
    assert body == {"platform": "weibo", "account": "wb", "title": "反诈提醒",
                    "text": "【反诈提醒】凡是让您转账到“安全账户”的都是诈骗。", "media": ["units/demo/newmedia/wb/a.png"],
                    "source_url": ""}
    assert jsonshape.problems(body, jsonshape.schema("newmedia_text_media.schema.json")) == []


# -- post logs: the platforms' exports ----------------------------------------------------
def _log(root: Path, account: str = "wx") -> list[list[str]]:
    with open(root / f"units/demo/newmedia/{account}/posts.csv", encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_import_reads_a_gbk_wechat_export_sorted_and_deduplicated(site):
    proc = govsite(site, "newmedia", "import", "--account", "demo/wx", str(FIXTURES / "wechat_export_gbk.csv"))
    assert proc.returncode == 0, proc.stderr
    assert "读到 4 条，新增 4 条" in proc.stdout
    rows = _log(site)
    assert rows[0] == ["time", "title", "link"]
    assert [r[0] for r in rows[1:]] == ["2026-11-05 12:45", "2026-11-12 18:15", "2026-11-17 19:02", "2026-11-24 18:30"]
    assert rows[3] == ["2026-11-17 19:02", "区政府召开第七十八次常务会议", "https://mp.weixin.qq.com/s/zSlHNJqiJ5PqKfUg7z1xtn"]
    again = govsite(site, "newmedia", "import", "--account", "demo/wx", str(FIXTURES / "wechat_export_gbk.csv"))
    assert again.returncode == 0 and "新增 0 条" in again.stdout and len(_log(site)) == 5


def test_import_reads_weibo_and_douyin_exports():
    weibo, problems = parse((FIXTURES / "weibo_export_bom.csv").read_bytes())
    assert problems == [] and [e.when for e in weibo][0] == dt.datetime(2026, 11, 23, 18, 30)
    assert weibo[2].title.startswith("【反诈进社区】") and weibo[2].line == 5  # a title line above the header
    douyin, problems = parse((FIXTURES / "douyin_export.csv").read_bytes())
    assert problems == [] and [(e.when, e.link[-4:]) for e in douyin] == [
        (dt.datetime(2026, 11, 20, 18, 30), "3456"), (dt.datetime(2026, 11, 22, 9, 5), "3456")]


def test_import_refuses_a_malformed_export_naming_each_line_and_writes_nothing(site):
    src = FIXTURES / "wechat_export_malformed.csv"
    proc = govsite(site, "newmedia", "import", "--account", "demo/wx", str(src))
    assert proc.returncode == 1
    assert f"{src}:3: 发布时间 '2026-11-31 19:02' 无法识别" in proc.stderr
    assert f"{src}:4: 标题为空" in proc.stderr
    assert not (site / "units/demo/newmedia/wx/posts.csv").exists()


@pytest.mark.parametrize("account,needle", [("demo/nope", "不在 units/demo/unit.yml 的 new_media 中"),
                                            ("demo", "应写成 单位/账号"), ("nope/wx", "单位 'nope' 不存在")])
def test_import_names_a_wrong_account(site, account, needle):
    proc = govsite(site, "newmedia", "import", "--account", account, str(FIXTURES / "douyin_export.csv"))
    assert proc.returncode == 2 and needle in proc.stderr


def test_a_log_that_is_neither_utf8_nor_gbk_is_refused():
    entries, problems = parse(b"time,title,link\n2026-11-20 09:00,\xff\xfe\xfa,\n")
    assert entries == [] and "编码" in problems[0][1]


# -- cadence: the record counts posts in the log and in the repository once ---------------------
def test_a_post_in_the_repository_and_its_log_row_count_once(site):
    shutil.copy(FIXTURES / "wechat_export_gbk.csv", site / "export.csv")
    govsite(site, "newmedia", "import", "--account", "demo/wx", "export.csv")
    write_page(site, "units/demo/newmedia/wx/2026-11-17-cwhy.md",
               post_text(title="区政府召开第七十八次常务会议", date="2026-11-17 19:00"))
    project = Project(site)
    rec = record(project, project.unit("demo").account("wx"))
    assert [u.day.isoformat() for u in rec.updates] == ["2026-11-05", "2026-11-12", "2026-11-17", "2026-11-24"]


@pytest.mark.parametrize("today,level,needle", [
    ("2026-11-25", PatrolLevel.OK, "距今 1 天"),
    ("2026-12-01", PatrolLevel.EARLY, "已 7 天未更新：请在 3 天内发布"),
    ("2026-12-05", PatrolLevel.ERROR, "已 11 天未更新，超过第十二条 10 天的间隔"),
    ("2026-12-08", PatrolLevel.VETO, "已 14 天未更新，达到“2 周内无更新”单项否决"),
])
def test_patrol_judges_each_account_against_today_with_early_warnings(site, today, level, needle):
    govsite(site, "newmedia", "import", "--account", "demo/wx", str(FIXTURES / "wechat_export_gbk.csv"))
    project = Project(site)
    item = account_item(project, project.unit("demo").account("wx"), dt.date.fromisoformat(today), 3)
    assert item.level == level and needle in item.message, item.message


def test_patrol_reports_accounts_and_exits_1_on_a_veto_but_not_for_a_closed_account(site):
    govsite(site, "newmedia", "import", "--account", "demo/wx", str(FIXTURES / "wechat_export_gbk.csv"))
    govsite(site, "newmedia", "import", "--account", "demo/wb", str(FIXTURES / "weibo_export_bom.csv"))
    fine = govsite(site, "patrol", env={"GOVSITE_TODAY": "2026-11-26"})
    assert "微信订阅号“示例发布”（wx）最近更新 2026-11-24" in fine.stdout and "旧微博" not in fine.stdout
    late = govsite(site, "patrol", "--format", "json", env={"GOVSITE_TODAY": "2026-12-10"})
    assert late.returncode == 1
    report = json.loads(late.stdout)
    assert any(s["check"] == "newmedia" and s["level"] == "veto" for s in report["site"]), report["site"]


# -- never a web page ----------------------------------------------------------------------
def test_a_signed_post_is_not_published_and_not_counted_as_a_column(tmp_path):
    root = make_portal(tmp_path / "demo", units_from=REPO)
    rel = "units/qzfb/newmedia/qjzf-wx/2026-11-30-only.md"
    write_page(root, rel, post_text("只发往公众号的正文文字。", author="区政府办", cover="2026-11-24-xwjc.png")
               .replace("柯源", "赵敏").replace("柯章", "王丽").replace("傅柱", "陈静"))
    sign_all(root, [rel])
    check = govsite(root, "check", "units/qzfb", env={"GOVSITE_TODAY": "2026-12-01"})
    assert check.returncode == 0, check.stdout[-3000:]
    assert "COL" not in check.stdout and "FRS" not in check.stdout  # no column, no column freshness
    proc = mkdocs_build(root)
    assert proc.returncode == 0, proc.stderr[-3000:]
    site = root / "site"
    assert (site / "qzfb/gzdt").is_dir() and not (site / "qzfb/newmedia").exists()
    assert not any("只发往公众号的正文文字" in p.read_text("utf-8", "replace") for p in site.rglob("*") if p.is_file())


def test_the_demo_district_posts_pass_and_export(tmp_path):
    root = make_portal(tmp_path / "demo", units_from=REPO)
    env = {"GOVSITE_TODAY": "2026-12-01"}
    proc = govsite(root, "check", "units/qzfb", "units/gaj", env=env)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "NMD" not in proc.stdout
    post = "units/qzfb/newmedia/qjzf-wx/2026-11-24-xwjc.md"
    out = govsite(root, "newmedia", "export", post, env=env)
    assert out.returncode == 0, out.stderr
    article = json.loads(out.stdout)["articles"][0]
    assert article["content_source_url"] == "https://www.qianjiang.gov.cn/qzfb/gzdt/2026-11-24-xwjc/"


# -- the limits file -------------------------------------------------------------------------
@pytest.mark.parametrize("old,new,needle", [
    ("    title_max: 64\n    author_max: 8\n    digest_max: 120\n    text_max: 20000\n    needs_cover: true\n    export: wechat_draft\n  wechat_subscription:",
     "    title_max: 0\n    author_max: 8\n    digest_max: 120\n    text_max: 20000\n    needs_cover: true\n    export: wechat_draft\n  wechat_subscription:",
     "应为正整数"),
    ("  weibo:\n", "  weibu:\n", "'weibu' 不是已知的平台"),
    ("    export: text_media\n  douyin:", "    export: text\n  douyin:", "export"),
])
def test_a_broken_limits_file_names_its_line(tmp_path, old, new, needle):
    text = (REPO / "govsite/data/newmedia_limits.yml").read_text("utf-8")
    assert old in text
    broken = text.replace(old, new, 1)
    path = tmp_path / "newmedia_limits.yml"
    path.write_text(broken, "utf-8")
    with pytest.raises(ConfigError) as err:
        load_limits(path, "newmedia_limits.yml")
    line = broken[: broken.index(new)].count("\n") + 1
    assert err.value.path == "newmedia_limits.yml" and err.value.line is not None and abs(err.value.line - line) <= 6
    assert needle in str(err.value), str(err.value)


def test_a_title_a_spreadsheet_would_run_is_kept_as_text(tmp_path):
    from govsite.newmedia.postlog import import_export

    src = tmp_path / "export.csv"
    src.write_text('标题,发布时间,链接\n"=HYPERLINK(""https://evil.example"",""点我"")",2026-11-20 09:00,\n', "utf-8")
    target = tmp_path / "posts.csv"
    assert import_export(src, target, "export.csv", "posts.csv") == (1, 1)
    assert ',"\'=HYPERLINK(' in target.read_text("utf-8")
    entries, problems = parse(target.read_bytes())
    assert problems == [] and entries[0].title.startswith("=HYPERLINK(")
    assert import_export(src, target, "export.csv", "posts.csv") == (1, 0)  # read back as the same post


def test_a_cover_that_is_no_image_blocks_the_export(site):
    (site / "units/demo/newmedia/wx/cover.png").write_bytes(b"<html><script>alert(1)</script></html>")
    write_page(site, POST, post_text())
    approve(site, POST)
    proc = govsite(site, "newmedia", "export", POST)
    assert proc.returncode == 1 and "units/demo/newmedia/wx/cover.png" in proc.stderr and "FIL" in proc.stderr, proc.stderr


def test_the_published_patrol_page_lists_a_silent_account_with_its_name_escaped(site):
    unit_yml = site / "units/demo/unit.yml"
    unit_yml.write_text(unit_yml.read_text("utf-8").replace("name: 示例微博", "name: '<b>示例|微博</b>'"), "utf-8")
    proc = govsite(site, "patrol", "--format", "markdown", env={"GOVSITE_TODAY": "2026-12-10"})
    assert proc.returncode == 1
    assert "| 政务新媒体不更新 | 单项否决 |" in proc.stdout
    line = next(x for x in proc.stdout.splitlines() if "（wb）" in x)
    assert "<b>" not in line and "示例\\|微博" in line.replace("&#124;", "\\|"), line


def test_a_posts_approvals_have_their_own_folder_and_are_no_trust_file():
    from govsite.review.records import is_trust_path, page_dir, page_of_dir, record_dir

    post = "units/qzfb/newmedia/qjzf-wx/2026-11-24-xwjc.md"
    assert page_dir(post) == record_dir(post) == "review/approvals/qzfb/newmedia/qjzf-wx/2026-11-24-xwjc"
    assert page_of_dir(page_dir(post)) == post
    assert not is_trust_path(post)
    # a page that sits (wrongly) in newmedia/ keeps the folder of a page, one level up
    assert page_of_dir(page_dir("units/qzfb/newmedia/qjzf-wx.md")) == "units/qzfb/newmedia/qjzf-wx.md"


def test_closed_accounts_mini_programs_and_apps_are_not_judged_for_cadence(site):
    from govsite.newmedia.cadence import patrol_items

    unit_yml = site / "units/demo/unit.yml"
    unit_yml.write_text(unit_yml.read_text("utf-8") + "  - {id: xcx, platform: miniprogram, name: 示例办事, status: open, "
                        "opened: 2020-01-01}\n  - {id: zwapp, platform: app, name: 示例掌上办, status: open, opened: 2020-01-01}\n",
                        "utf-8")
    items = patrol_items(Project(site), dt.date(2026, 12, 10), 3)
    assert sorted(i.message.split("（")[1].split("）")[0] for i in items) == ["wb", "wx"]

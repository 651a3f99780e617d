"""``govsite report``: the quarterly 通报 (第十七条) from git history.

The district of ``scripts/make_history_district.py`` (real git, past author and committer
dates over 2026Q2 and 2026Q3, real ssh-keygen signatures) is reported on; three figures
are recomputed here straight from ``git log`` / ``git show``, independently of the
report's code; the workbook and the 通报 are opened and their tables read back; the page
is built with the real ``mkdocs build`` and shown in Debian's headless Chromium.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import make_portal, mkdocs_build

from govsite.core.files import TreeFile, classify
from govsite.core.project import Project
from govsite.publish.build import passes_door
from govsite.report.build import compute, write
from govsite.report.model import QuarterReport, Table
from govsite.report.quarter import Quarter

REPO = Path(__file__).resolve().parent.parent
CST = dt.timezone(dt.timedelta(hours=8))
Q2, Q3 = Quarter(2026, 2), Quarter(2026, 3)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _script():
    spec = importlib.util.spec_from_file_location("make_history_district", REPO / "scripts/make_history_district.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


district_script = _script()


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> Path:
    return district_script.make_district(tmp_path_factory.mktemp("history") / "district")


@pytest.fixture(scope="module")
def q3(district) -> QuarterReport:
    return compute(Project(district, today=dt.date(2026, 10, 15)), Q3)


def table(report: QuarterReport, table_id: str) -> Table:
    return next(t for t in report.tables if t.id == table_id)


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


# -- the figures, recomputed from git alone ----------------------------------------

def added_pages(root: Path) -> list[tuple[str, dt.datetime, str]]:
    """(path, committer time, sha) of every unit page added on the first-parent line."""
    out = git(root, "log", "--first-parent", "--diff-filter=A", "--name-only", "--format=@%H %cI", "HEAD", "--", "units")
    found, sha, when = [], "", None
    for line in out.splitlines():
        if line.startswith("@"):
            sha, stamp = line[1:].split(" ")
            when = dt.datetime.fromisoformat(stamp)
        elif line.endswith(".md") and len(line.split("/")) == 4:
            found.append((line, when, sha))
    return found


def in_quarter(when: dt.datetime, q: Quarter) -> bool:
    return q.start <= when.astimezone(CST).date() <= q.end


def test_pages_published_per_unit_match_git_log(district, q3):
    expected: dict[str, int] = {}
    for path, when, _ in added_pages(district):
        if in_quarter(when, Q3):
            expected[path.split("/")[1]] = expected.get(path.split("/")[1], 0) + 1
    names = {"czj": "重庆市黔江区财政局", "jyj": "重庆市黔江区教育局"}
    got: dict[str, int] = {}
    for unit, _, published, _ in table(q3, "published").rows:
        got[str(unit)] = got.get(str(unit), 0) + int(published or 0)
    assert got == {names[u]: n for u, n in expected.items()}
    assert expected == {"czj": 16, "jyj": 12}
    for unit, n in expected.items():  # the unit's trend chart adds up to the same
        chart = next(c for c in q3.charts if c.id == f"trend-{unit}")
        assert sum(dict(chart.series)["全部栏目"]) == n


def test_longest_news_gap_matches_git_log(district, q3):
    out = git(district, "log", "--first-parent", "--diff-filter=A", "--format=%cI", "HEAD", "--", "units/jyj/gzdt")
    days = sorted(dt.datetime.fromisoformat(s).astimezone(CST).date() for s in out.split())
    before = [d for d in days if d < Q3.start]
    points = [before[-1] if before else Q3.start - dt.timedelta(days=1)]
    points += [d for d in days if Q3.contains(d)] + [Q3.end + dt.timedelta(days=1)]
    gap = max((b - a).days - 1 for a, b in zip(points, points[1:]))
    row = next(r for r in table(q3, "news_weekly").rows if r[0] == "重庆市黔江区教育局")
    assert row[-1] == gap == 20  # 2026-08-04 → 2026-08-25


def test_pages_without_three_approvals_at_publication_match_git(district, q3):
    """At each page's publishing commit, read its approval records with git show and
    count the roles signed for the page's exact bytes (the content hash)."""
    unsigned = set()
    for path, when, sha in added_pages(district):
        if not in_quarter(when, Q3):
            continue
        digest = "sha256:" + hashlib.sha256(git(district, "show", f"{sha}:{path}").encode()).hexdigest()
        folder = "review/approvals/" + path[len("units/"):-3]
        roles = set()
        for record in git(district, "ls-tree", "-r", "--name-only", sha, "--", folder + "/").split():
            if record.endswith(".approval"):
                text = git(district, "show", f"{sha}:{record}")
                if f"hash: {digest}" in text:
                    roles |= {line.split(": ")[1] for line in text.splitlines() if line.startswith("role: ")}
        if roles != {"drafter", "checker", "approver"}:
            unsigned.add(path)
    assert unsigned == {district_script.FACTS["unsigned_at_publication"]}
    assert {r[1] for r in table(q3, "review_missing").rows} == unsigned
    row = next(r for r in table(q3, "review").rows if r[0] == "重庆市黔江区教育局")
    assert row[1:4] == [12, 11, "92%"]


# -- what the district plants --------------------------------------------------------

def test_stale_and_empty_at_any_time_in_the_quarter(q3):
    rows = {(r[0], r[1]): r for r in table(q3, "columns_stale").rows}
    first, last = district_script.FACTS["jyj_tzgg_empty"]
    empty = rows[("重庆市黔江区教育局", "通知公告")]
    assert empty[5] == (last - first).days + 1 and empty[6] == f"{first}至{last}"
    stale = rows[("重庆市黔江区教育局", "工作动态")]
    assert stale[4] == "2026-08-18至2026-08-24"  # 14 days after 2026-08-04, until 2026-08-25
    assert not any(r[0] == "重庆市黔江区财政局" for r in rows.values())


def test_policies_praise_and_rectification(q3):
    assert [r[1:] for r in table(q3, "policies").rows] == [[1, 1, 1, 0], [1, 1, 0, 1]]
    overdue = table(q3, "policies_overdue").rows
    assert [r[1] for r in overdue] == ["关于推进学前教育普惠发展的通知"] and overdue[0][4] == "未发布"
    assert q3.praised() == ["重庆市黔江区财政局"]
    reasons = "；".join(q3.rectified()["重庆市黔江区教育局"])
    for expected in ("工作动态有 3 周未更新", "通知公告空白 22 天", "三审三校签名不全", "20 个工作日内发布解读"):
        assert expected in reasons
    newmedia = table(q3, "newmedia").rows
    assert newmedia[0] == ["重庆市黔江区财政局", "黔江财政", "微信订阅号", "运营中", "无发布记录，暂无法统计"] + ["—"] * 6
    assert newmedia[1][:4] == ["重庆市黔江区教育局", "黔江教育", "微信服务号", "运营中"]
    for expected in ("政务新媒体“黔江教育”2 周触发“2 周内无更新”单项否决、最长 21 天未更新、3 周更新不足 3 次",
                     "政务新媒体公众留言超期办理 1 条"):
        assert expected in reasons


def test_findings_and_suppressions_with_their_reasons(q3):
    assert table(q3, "suppressions").rows == [["units/czj/zcwj/2026-07-06-zfcg.md", "POL009",
                                               district_script.FACTS["suppression_reason"]]]
    by_category = {r[0]: r[1:] for r in table(q3, "findings").rows}
    assert by_category["时限"] == [0, 1, 1, 0]  # the overdue interpretation (DDL002), new in the quarter
    assert "重庆市黔江区教育局" in {m.unit for s in q3.sections if s.id == "findings" for m in s.rectify}


# -- new media: the post log and the message log as committed at the quarter's end ---

WECHAT_DIR = "units/{}/newmedia/{}".format(*district_script.WECHAT)


def at_quarter_end(root: Path, q: Quarter) -> str:
    return git(root, "rev-list", "-1", f"--before={q.end_time.isoformat()}", "HEAD").strip()


def committed_csv(root: Path, sha: str, name: str) -> list[dict[str, str]]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(git(root, "show", f"{sha}:{WECHAT_DIR}/{name}"))))


def test_wechat_cadence_matches_the_post_log_at_quarter_end(district, q3):
    sha = at_quarter_end(district, Q3)
    days = sorted({dt.date.fromisoformat(r["time"][:10]) for r in committed_csv(district, sha, "posts.csv")})
    days = [d for d in days if d <= Q3.end]
    in_q3 = [d for d in days if Q3.contains(d)]
    # days between updates, by calendar date, for every gap ending in the quarter and the one still open at its end
    gaps = [(b - a).days for a, b in zip(days, days[1:]) if Q3.contains(b)] + [(Q3.end - days[-1]).days]
    silent = [d for d in Q3.days() if (d - max(p for p in days if p <= d)).days >= 14]
    veto_weeks = {d - dt.timedelta(days=d.weekday()) for d in silent}
    row = next(r for r in table(q3, "newmedia").rows if r[1] == "黔江教育")
    assert row[4] == len(in_q3) == 32
    assert row[7] == max(gaps) == 21
    quiet_from, quiet_to = district_script.FACTS["wechat_silent"]
    assert row[8] == f"{quiet_from}至{quiet_to}"
    assert row[9] == len(veto_weeks) == 2
    assert row[10] == "2026-08-10至2026-08-16、2026-08-17至2026-08-23"


# 2026's official schedule in the quarter (国办发明电〔2025〕…): 中秋 09-25—27, 国庆 10-01—07, 调休 09-20 and 10-10
HOLIDAYS_2026 = {dt.date(2026, 9, 25) + dt.timedelta(days=n) for n in range(3)} | \
    {dt.date(2026, 10, 1) + dt.timedelta(days=n) for n in range(7)}
WORKING_WEEKENDS_2026 = {dt.date(2026, 9, 20), dt.date(2026, 10, 10)}


def next_working_day(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day in HOLIDAYS_2026 or (day.weekday() >= 5 and day not in WORKING_WEEKENDS_2026):
        day += dt.timedelta(days=1)
    return day


def test_public_messages_match_the_message_log_at_quarter_end(district, q3):
    sha = at_quarter_end(district, Q3)
    rows = [r for r in committed_csv(district, sha, "messages.csv") if Q3.contains(dt.date.fromisoformat(r["received"][:10]))]
    on_time, late = 0, []
    for r in rows:
        done = min(t for t in (r["acknowledged"], r["replied"]) if t)  # a result also acknowledges
        if dt.date.fromisoformat(done[:10]) <= next_working_day(dt.date.fromisoformat(r["received"][:10])):
            on_time += 1
        else:
            late.append(r["id"])
    row = next(r for r in table(q3, "messages").rows if r[1] == "黔江教育")
    assert row[2] == len(rows) == 3
    assert row[3] == on_time == 2
    assert late == [district_script.FACTS["late_acknowledgement"]]
    assert [(r[2], r[4], r[5]) for r in table(q3, "messages_late").rows] == [("Q3-2", "受理回复", "2026-08-13")]
    assert row[5:] == [1, 1]  # one late; one received 09-29 whose result falls due after the National Day holiday


def test_new_media_figures_ignore_what_came_after_the_quarter(district, q3, tmp_path):
    """A later import that fills the silence, a corrected reply time and an uncommitted
    edit change nothing in the quarter already reported: it reads the logs as committed."""
    clone = tmp_path / "later"
    subprocess.run(["git", "clone", "-q", str(district), str(clone)], check=True)
    posts, logbook = clone / WECHAT_DIR / "posts.csv", clone / WECHAT_DIR / "messages.csv"
    filled = [f"2026-08-{d:02d} 10:00,补录推送 {d},https://mp.weixin.qq.com/s/late{d}" for d in range(3, 21)]
    posts.write_text(posts.read_text("utf-8") + "\n".join(filled) + "\n", "utf-8")
    logbook.write_text(logbook.read_text("utf-8").replace("2026-08-14 16:00", "2026-08-12 16:00"), "utf-8")
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.gov.cn", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.gov.cn", GIT_AUTHOR_DATE="2026-10-09T10:00:00+08:00",
               GIT_COMMITTER_DATE="2026-10-09T10:00:00+08:00")
    subprocess.run(["git", "commit", "-qam", "补录八月发布记录"], cwd=clone, env=env, check=True)
    posts.write_text("time,title,link\n", "utf-8")  # today's file, not committed
    again = compute(Project(clone, today=dt.date(2026, 10, 15)), Q3)
    for table_id in ("newmedia", "messages", "messages_late"):
        assert table(again, table_id).rows == table(q3, table_id).rows
    q4 = compute(Project(clone, today=dt.date(2026, 10, 15)), Quarter(2026, 4))
    assert next(r for r in table(q4, "newmedia").rows if r[1] == "黔江教育")[4] == 0  # nothing posted in October


def test_hostile_message_log_stays_text_in_every_output(district, tmp_path):
    from openpyxl import load_workbook

    clone = tmp_path / "hostile"
    subprocess.run(["git", "clone", "-q", str(district), str(clone)], check=True)
    topic = '<script>alert(1)</script>|**'
    with (clone / WECHAT_DIR / "messages.csv").open("a", encoding="utf-8") as log:
        log.write(f'"=HYPERLINK(""http://x"")",2026-09-21 09:00,,,"{topic}"\n')
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.gov.cn", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.gov.cn", GIT_AUTHOR_DATE="2026-09-30T21:00:00+08:00",
               GIT_COMMITTER_DATE="2026-09-30T21:00:00+08:00")
    subprocess.run(["git", "commit", "-qam", "登记留言"], cwd=clone, env=env, check=True)
    report = compute(Project(clone, today=dt.date(2026, 10, 15)), Q3)
    listed = [r for r in table(report, "messages_late").rows if r[7] == topic]
    assert [r[4] for r in listed] == ["受理回复", "办理结果反馈"]  # due 09-22 and 09-29, neither done
    assert {r[6] for r in listed} == {"截至 2026-09-30 未办理"}
    written = write(report, tmp_path / "out")
    page = written.page.read_text("utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)" in page
    sheet = load_workbook(written.workbook)["超期办理的公众留言"]
    cell = next(row[2] for row in sheet.iter_rows() if row[7].value == topic)
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"


def test_second_quarter_from_the_same_history(district):
    q2 = compute(Project(district, today=dt.date(2026, 10, 15)), Q2)
    rows = {(r[0], r[1]): r for r in table(q2, "columns_stale").rows}
    # 14 days after the first page (2026-03-20) until 04-07, and after 04-14 until 05-26
    assert rows[("重庆市黔江区教育局", "工作动态")][4] == "2026-04-03至2026-04-06、2026-04-28至2026-05-25"
    assert [r[1:] for r in table(q2, "review").rows] == [[15, 15, "100%", 0.0], [6, 6, "100%", 96.0]]
    assert [r[3] for r in table(q2, "policies").rows] == [1, 0]


def test_report_is_reproducible(district, q3, tmp_path):
    again = compute(Project(district, today=dt.date(2026, 10, 15)), Q3)
    first, second = write(q3, tmp_path / "a"), write(again, tmp_path / "b")
    assert first.page.read_text("utf-8") == second.page.read_text("utf-8")
    for a, b in zip(first.charts, second.charts):
        assert a.read_bytes() == b.read_bytes()
    assert workbook_values(first.workbook) == workbook_values(second.workbook)


# -- the outputs -------------------------------------------------------------------

def workbook_values(path: Path) -> dict[str, list[list]]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


def test_workbook_has_one_sheet_per_table(q3, tmp_path):
    written = write(q3, tmp_path / "out")
    sheets = workbook_values(written.workbook)
    assert list(sheets)[0] == "总体情况"
    tables = q3.tables
    assert len(sheets) == 1 + len(tables)
    for (title, rows), t in zip(list(sheets.items())[1:], tables):
        assert title == t.title[:28]
        assert rows[0] == t.columns
        assert rows[1:] == [[None if v == "" else v for v in row] for row in t.rows]


def test_circular_has_the_shape_and_tables(q3, tmp_path):
    from docx import Document

    doc = Document(str(write(q3, tmp_path / "out").circular))
    text = [p.text for p in doc.paragraphs]
    assert text[0] == "关于2026年第三季度政府网站和政务新媒体工作情况的通报"
    assert text[1].startswith("各乡镇人民政府")
    for heading in ("一、总体情况", "二、具体情况", "三、表扬", "四、整改要求"):
        assert heading in text
    praise = text[text.index("三、表扬") + 1]
    assert "重庆市黔江区财政局" in praise and "教育局" not in praise
    assert any(t.startswith("重庆市黔江区教育局：") for t in text[text.index("四、整改要求"):])
    filled = [t for t in q3.tables if t.rows]
    assert len(doc.tables) == len(filled)
    for grid, t in zip(doc.tables, filled):
        assert [c.text for c in grid.rows[0].cells] == t.columns
        assert [[c.text for c in row.cells] for row in grid.rows[1:]] == [["" if v is None else str(v) for v in r] for r in t.rows]


def test_command_writes_the_three_outputs(district, tmp_path):
    env = dict(os.environ, GOVSITE_TODAY="2026-10-15", PYTHONPATH=str(REPO))
    out = tmp_path / "2026Q3"
    proc = subprocess.run([sys.executable, "-m", "govsite", "report", "--quarter", "2026Q3", "--out", str(out)],
                          cwd=district, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(["index.md", "ranking.svg", "news-trend.svg", "trend-czj.svg",
                                                            "trend-jyj.svg", "report-2026Q3.xlsx", "report-2026Q3.docx"])
    page = (out / "index.md").read_text("utf-8")
    assert "](report-2026Q3.xlsx)" in page and "![本季度发布数排名](ranking.svg)" in page
    bad = subprocess.run([sys.executable, "-m", "govsite", "report", "--quarter", "2026Q5"], cwd=district, env=env,
                         capture_output=True, text=True, timeout=600)
    assert bad.returncode == 2 and "2026Q3" in bad.stderr
    early = subprocess.run([sys.executable, "-m", "govsite", "report", "--quarter", "2025Q4"], cwd=district, env=env,
                           capture_output=True, text=True, timeout=600)
    assert early.returncode == 2 and "早于版本历史" in early.stderr and "2026Q1" in early.stderr


def test_demo_report_covers_the_quarter_of_its_history(tmp_path):
    clone = tmp_path / "demo"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    last = dt.datetime.fromisoformat(git(clone, "log", "-1", "--format=%cI").strip()).astimezone(CST).date()
    quarter = Quarter.of(last)
    report = compute(Project(clone, today=last), quarter)
    assert report.quarter == str(quarter) and report.end == last
    units = Project(clone).units()
    assert [r[0] for r in table(report, "review").rows] == [u.name for u in units]
    assert sum(int(r[2] or 0) for r in table(report, "published").rows) > 0
    ranking = report.charts[0]
    assert set(ranking.labels) <= {u.name for u in units} and ranking.labels


# -- the door: a report's charts and page, and nothing else ---------------------------

def test_door_admits_only_plain_untracked_report_charts(tmp_path, district):
    root = tmp_path / "site"
    folder = root / "content/reports/2026Q3"
    folder.mkdir(parents=True)
    (folder / "plain.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><text x="1" y="2">财政局</text></svg>', "utf-8")
    (folder / "script.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "utf-8")
    (folder / "handler.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "utf-8")
    (root / "content/logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', "utf-8")
    types = Project(district).attachment_types

    def admitted(rel: str) -> bool:
        path = root / rel
        return passes_door(TreeFile(root, rel, False, path.stat().st_size), types)

    assert admitted("content/reports/2026Q3/plain.svg")
    assert not admitted("content/reports/2026Q3/script.svg")
    assert not admitted("content/reports/2026Q3/handler.svg")
    assert not admitted("content/logo.svg")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "content/reports/2026Q3/plain.svg"], cwd=root, check=True)
    from govsite.core import gitio

    gitio.repo.cache_clear()
    assert classify(TreeFile(root, "content/reports/2026Q3/plain.svg", False, 1), types) == "chart"
    assert not admitted("content/reports/2026Q3/plain.svg")  # committed: a pull request could carry it


# -- the page in a real browser -------------------------------------------------------

def chromium(*args: str, user_data: Path) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-background-networking", "--disable-component-update", "--disable-sync",
                           f"--user-data-dir={user_data}", *args], capture_output=True, text=True, timeout=180)


GLYPH_PROBE = """<!doctype html><meta charset="utf-8"><canvas id="c" width="64" height="64"></canvas><pre id="out"></pre>
<script>
const font = '40px %s';
function bitmap(ch) {
  const x = document.getElementById('c').getContext('2d');
  x.clearRect(0, 0, 64, 64); x.font = font; x.fillStyle = '#000'; x.fillText(ch, 8, 48);
  const d = x.getImageData(0, 0, 64, 64).data; let h = 0, ink = 0;
  for (let i = 3; i < d.length; i += 4) { h = (h * 31 + d[i]) | 0; if (d[i]) ink++; }
  return h + ':' + ink;
}
const chars = %s;
const tofu = bitmap('\\u0378');  // an unassigned code point: what a missing glyph looks like
const maps = chars.map(bitmap);
document.getElementById('out').textContent = JSON.stringify({tofu, maps, loaded: document.fonts.check(font, chars.join(''))});
</script>"""


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (scripts/setup.sh installs it)")
def test_page_renders_with_chinese_charts_in_chromium(district, tmp_path):
    from govsite.report.svg import FONT

    portal = make_portal(tmp_path / "portal")  # the fixture portal: its today is 2026-11-26
    report = compute(Project(district, today=dt.date(2026, 11, 26)), Q3)
    out = portal / "content/reports/2026Q3"
    write(report, out)
    build = mkdocs_build(portal)
    assert build.returncode == 0, build.stdout + build.stderr
    site = portal / "site/reports/2026Q3"
    html = (site / "index.html").read_text("utf-8")
    for chart in report.charts:  # the ranking, the district's trend, a trend per unit
        assert f'src="{chart.id}.svg"' in html
    assert [c.id for c in report.charts] == ["ranking", "news-trend", "trend-czj", "trend-jyj"]
    assert 'href="report-2026Q3.xlsx"' in html
    assert (site / "ranking.svg").read_bytes() == (out / "ranking.svg").read_bytes()
    shot = tmp_path / "report.png"
    run = chromium("--window-size=1280,2200", f"--screenshot={shot}", (site / "index.html").as_uri(), user_data=tmp_path / "profile")
    assert shot.exists() and shot.stat().st_size > 50_000, run.stderr
    # no empty boxes: every Chinese character of the charts' labels, drawn in the charts'
    # font, has ink, differs from every other one and from the missing-glyph box
    labels = "".join(report.charts[0].labels + [c.title for c in report.charts]
                     + [s for c in report.charts for s, _ in c.series])
    chars = sorted({ch for ch in labels if "\u4e00" <= ch <= "\u9fff"})
    probe = tmp_path / "probe.html"
    probe.write_text(GLYPH_PROBE % (FONT.replace("Noto Sans CJK SC", '"Noto Sans CJK SC"')
                                    .replace("Noto Sans CJK,", '"Noto Sans CJK",'), json.dumps(chars)), "utf-8")
    dom = chromium("--dump-dom", probe.as_uri(), user_data=tmp_path / "profile2").stdout
    result = json.loads(dom.split('<pre id="out">', 1)[1].split("</pre>", 1)[0])
    assert result["loaded"] is True
    maps = result["maps"]
    assert all(not m.endswith(":0") for m in maps)
    assert result["tofu"] not in maps
    assert len(set(maps)) == len(chars) > 10


# -- link rot from the last patrol, and every quarter at once --------------------------

def links_json(tmp_path: Path, started: dt.datetime) -> Path:
    from govsite.links.output import render
    from govsite.links.report import LinkReport, Problem
    from govsite.links.status import LinkSeverity, LinkStatus

    report = LinkReport(started.isoformat(timespec="seconds"), pages=40)
    report.problems = [Problem("jyj", "units/jyj/gzdt/2026-08-04-dt.md", "/jyj/gzdt/2026-08-04-dt/",
                               "https://old.example.cn/a", LinkSeverity.ERROR, LinkStatus.BROKEN, "dns", "域名无法解析"),
                       Problem("jyj", "units/jyj/gzdt/2026-08-25-dt.md", "/jyj/gzdt/2026-08-25-dt/",
                               "https://old.example.cn/b", LinkSeverity.ERROR, LinkStatus.BROKEN, "dns", "域名无法解析")]
    path = tmp_path / f"links-{started:%Y%m%d}.json"
    path.write_text(render(report, "json", {"jyj": "重庆市黔江区教育局"}), "utf-8")
    return path


def test_link_rot_from_the_patrol_of_the_quarter_only(district, tmp_path):
    from govsite.report.context import ReportContext
    from govsite.report.sections import links

    project = Project(district, today=dt.date(2026, 10, 15))
    at_end = links.compute(ReportContext(project, Q3, links_json(tmp_path, dt.datetime(2026, 10, 1, 0, 30, tzinfo=dt.UTC))))
    assert at_end.tables[0].rows == [["重庆市黔江区教育局", "无法访问", 2]]
    assert [m.unit for m in at_end.rectify] == ["重庆市黔江区教育局"]
    later = links.compute(ReportContext(project, Q3, links_json(tmp_path, dt.datetime(2026, 11, 20, tzinfo=dt.UTC))))
    assert not later.tables and "不在本季度内" in later.summary[0]


def test_every_quarter_and_the_list_page(district, tmp_path):
    env = dict(os.environ, GOVSITE_TODAY="2026-10-15", PYTHONPATH=str(REPO))
    out = tmp_path / "reports"
    proc = subprocess.run([sys.executable, "-m", "govsite", "report", "--every", "--out", str(out)],
                          cwd=district, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["2026Q1", "2026Q2", "2026Q3", "2026Q4", "index.md"]
    listing = (out / "index.md").read_text("utf-8")
    assert listing.index("(2026Q4/index.md)") < listing.index("(2026Q1/index.md)")


def test_a_committed_chart_is_a_finding(tmp_path, district):
    from types import SimpleNamespace

    from govsite.core import gitio
    from govsite.rules.file import file_type_not_allowed

    root = tmp_path / "site"
    (root / "content/reports/2026Q3").mkdir(parents=True)
    rel = "content/reports/2026Q3/ranking.svg"
    (root / rel).write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect x="1" y="1" width="2" height="2"/></svg>', "utf-8")
    ctx = SimpleNamespace(project=Project(district))
    entry = TreeFile(root, rel, False, (root / rel).stat().st_size)
    assert list(file_type_not_allowed.check(entry, ctx)) == []  # written by the job, untracked
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", rel], cwd=root, check=True)
    gitio.repo.cache_clear()
    hits = list(file_type_not_allowed.check(entry, ctx))
    assert len(hits) == 1 and "govsite report" in hits[0].message


def test_hostile_names_stay_text_in_every_output(tmp_path):
    """A unit name from unit.yml is data: escaped in the page and the chart, text (never a
    formula) in the workbook."""
    from openpyxl import load_workbook

    from govsite.core.charts import is_plain_chart
    from govsite.report.model import Chart, Section

    name = '=HYPERLINK("http://x")<script>alert(1)</script>|**'
    section = Section("s", "测试", summary=["摘要"], tables=[Table("t", "表一", ["单位", "数"], [[name, 1]])],
                      charts=[Chart("bars", "排名", "bar", [name], [("数", [1.0])], "篇"),
                              Chart("lines", "趋势", "line", ["第1周", "第2周"], [(name, [1.0, 0.0])], "篇")])
    report = QuarterReport("2026Q3", "2026年第三季度", "测试区", Q3.start, Q3.end, "0" * 40, [section], Q3.end)
    written = write(report, tmp_path / "out")
    for chart in written.charts:
        data = chart.read_bytes()
        assert b"<script>" not in data and is_plain_chart(data)
    page = written.page.read_text("utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page and "\\|" in page
    cell = load_workbook(written.workbook)["表一"]["A2"]
    assert cell.value == name and cell.data_type == "s"

#!/usr/bin/env python3
"""A small district in a new git repository whose history spans 2026Q2 and 2026Q3.

    .venv/bin/python scripts/make_history_district.py DEST

Every commit carries past author and committer dates (GIT_AUTHOR_DATE /
GIT_COMMITTER_DATE), so ``govsite report --quarter 2026Q2`` and ``--quarter 2026Q3``
have real history to read. Two units:

* 区财政局 (czj): 工作动态 every week, every page signed by its three reviewers before it
  is committed, a policy interpreted within 20 working days each quarter;
* 区教育局 (jyj): 工作动态 with long gaps (stale for days in both quarters), pages
  drafted days before publication, one page (2026-07-14) committed before it was signed
  (the approvals follow two days later), a policy never interpreted (overdue), and its
  通知公告 column emptied for three weeks of 2026Q3;

and one policy of 区财政局 suppresses a finding (POL009) with its reason. 区教育局's WeChat
account 黔江教育 has its post log (``posts.csv``, imported monthly) with three weeks'
silence in 2026Q3 (a 21-day gap, two veto weeks) and its public messages
(``messages.csv``), one acknowledged a day late.

Reviewers sign with throwaway keys made by the real ``ssh-keygen`` (valid since 2020, in
a temporary folder deleted at the end) at the time each page was approved. The tests of
``govsite report`` build this district (tests/test_report.py); the facts it plants are
in :data:`FACTS`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from govsite.core.project import Project
from govsite.review.signing import approve, keygen

REPO = Path(__file__).resolve().parent.parent
CST = dt.timezone(dt.timedelta(hours=8))
UNITS = {
    "czj": ("重庆市黔江区财政局", "区财政局", [("tanmh", "谭明华", "principal"), ("xiangd", "向东", "deputy"),
                                          ("tianxm", "田雪梅", "section_head"), ("lijia", "李佳", "operator")]),
    "jyj": ("重庆市黔江区教育局", "区教育局", [("zhouy", "周毅", "principal"), ("hejun", "何军", "deputy"),
                                          ("luoqin", "罗琴", "section_head"), ("wangli", "王丽", "operator")]),
}
BASE_COLUMNS = ("jgzn", "ldxx", "xxgkzn", "xxgknb", "tzgg", "zcwj", "zcjd", "gzdt")

# What the district plants, for the tests to hold the report to.
FACTS = {
    "unsigned_at_publication": "units/jyj/gzdt/2026-07-14-kaixue.md",
    "overdue_policy": "units/jyj/zcwj/2026-07-10-xqjy.md",
    "jyj_tzgg_empty": (dt.date(2026, 7, 20), dt.date(2026, 8, 10)),
    "suppression_reason": "索引号由区政府办公室统一编发，编发后补录",
    "wechat_silent": (dt.date(2026, 7, 31), dt.date(2026, 8, 21)),  # no post in between: 21 days, 2 veto weeks
    "late_acknowledgement": "Q3-2",  # received Wed 2026-08-12, acknowledged Fri 08-14 (due Thu 08-13)
}
WECHAT = ("jyj", "qjjy-wx")  # 区教育局's WeChat account: posts.csv and messages.csv over both quarters
# Public messages: id, received, acknowledged, replied, topic, and when each state was committed.
MESSAGES = [
    ("Q2-1", "2026-05-12 09:30", [("2026-05-12 11:00", "2026-05-15 16:00", "2026-05-15")], "招生政策咨询"),
    ("Q3-1", "2026-07-06 09:00", [("2026-07-06 15:00", "2026-07-09 10:00", "2026-07-09")], "校车线路咨询"),
    ("Q3-2", "2026-08-12 10:00", [("2026-08-14 16:00", "", "2026-08-14"), ("2026-08-14 16:00", "2026-08-18 09:00", "2026-08-18")],
     "学位申请材料"),
    ("Q3-3", "2026-09-29 15:00", [("2026-09-30 09:00", "", "2026-09-30")], "课后服务收费"),
]


def _env(when: dt.datetime, authored: dt.datetime | None = None) -> dict[str, str]:
    return dict(os.environ, GIT_AUTHOR_NAME="测试", GIT_AUTHOR_EMAIL="test@example.gov.cn",
                GIT_COMMITTER_NAME="测试", GIT_COMMITTER_EMAIL="test@example.gov.cn",
                GIT_AUTHOR_DATE=(authored or when).isoformat(), GIT_COMMITTER_DATE=when.isoformat())


def git(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    return subprocess.run(["git", *args], cwd=root, env=env or _env(dt.datetime.now(CST)), check=True,
                          capture_output=True, text=True).stdout.strip()


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), CST)


class District:
    """Writes pages and commits them; :meth:`later` queues a step, :meth:`run` plays the
    queue in time order, so the branch's commits are in date order as on a real site."""

    def __init__(self, root: Path, keys: Path) -> None:
        self.root, self.keys = root, keys
        self.queue: list[tuple[dt.datetime, int, Callable[[], object]]] = []

    def later(self, when: dt.datetime, step: Callable[[], object]) -> None:
        self.queue.append((when, len(self.queue), step))

    def run(self) -> None:
        for _, _, step in sorted(self.queue, key=lambda item: (item[0], item[1])):
            step()
        self.queue.clear()

    def page(self, unit: str, column: str, slug: str, title: str, date: str, extra: str = "", body: str = "",
             comment: str = "") -> str:
        people = {role: name for _, name, role in UNITS[unit][2]}
        rel = f"units/{unit}/{column}/{slug}.md"
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{comment}title: {title}\ndate: {date}\nsource: {UNITS[unit][0]}\n{extra}reviewers:\n"
                        f"  drafter: {people['operator']}\n  checker: {people['section_head']}\n"
                        f"  approver: {people['deputy']}\n---\n\n{body or title + '。'}\n", "utf-8")
        return rel

    def portal_page(self, name: str, title: str, date: str, body: str) -> str:
        """A page of the portal itself (``content/``), written by the owner unit (区财政局)."""
        people = {role: person for _, person, role in UNITS["czj"][2]}
        rel = f"content/{name}.md"
        (self.root / "content").mkdir(exist_ok=True)
        (self.root / rel).write_text(f"---\ntitle: {title}\ndate: {date}\nsource: {UNITS['czj'][0]}\nreviewers:\n"
                                     f"  drafter: {people['operator']}\n  checker: {people['section_head']}\n"
                                     f"  approver: {people['deputy']}\n---\n\n# {title}\n\n{body}\n", "utf-8")
        return rel

    def sign(self, rels: list[str], when: dt.datetime) -> None:
        project = Project(self.root)
        for rel in rels:
            unit = rel.split("/")[1] if rel.startswith("units/") else "czj"
            roles = {role: pid for pid, _, role in UNITS[unit][2]}
            for role, who in (("drafter", roles["operator"]), ("checker", roles["section_head"]), ("approver", roles["deputy"])):
                approve(project, str(self.root / rel), who, role, keys_base=self.keys, when=when.astimezone(dt.UTC))
            project = Project(self.root)

    def commit(self, message: str, when: dt.datetime, authored: dt.datetime | None = None) -> str:
        env = _env(when, authored)
        git(self.root, "add", "-A", env=env)
        git(self.root, "commit", "-q", "--allow-empty", "-m", message, env=env)
        return git(self.root, "rev-parse", "HEAD")

    def publish(self, rels: list[str], when: dt.datetime, drafted_days: int = 0, signed: bool = True) -> str:
        if signed:
            self.sign(rels, when - dt.timedelta(hours=1))
        return self.commit(f"发布 {'、'.join(rels)}", when, when - dt.timedelta(days=drafted_days))


def _settings(root: Path) -> None:
    (root / "govsite.yml").write_text(
        "portal:\n  name: 测试区人民政府\n  domains: [example.gov.cn]\n  site_code: \"5001140099\"\n"
        "  organizer: 测试区人民政府办公室\n  owner: czj\n", "utf-8")
    shutil.copy(REPO / "holidays.yml", root / "holidays.yml")
    for unit, (name, short, people) in UNITS.items():
        folder = root / "units" / unit
        folder.mkdir(parents=True)
        lines = [f"name: {name}", f"short_name: {short}", "kind: department", "people:"]
        lines += [f"  - {{id: {pid}, name: {person}, roles: [{role}]}}" for pid, person, role in people]
        lines += ["oncall:", f"  - {{name: {people[1][1]}, phone: \"023-0000 0000\", role: 应急处置负责人}}"]
        if unit == "czj":
            lines += ["new_media:", "  - {id: qjcz-wx, platform: wechat_subscription, name: 黔江财政, status: open, opened: 2016-03-01}"]
        if unit == "jyj":
            lines += ["new_media:", f"  - {{id: {WECHAT[1]}, platform: wechat_service, name: 黔江教育, status: open, opened: 2018-09-01}}"]
        (folder / "unit.yml").write_text("\n".join(lines) + "\n", "utf-8")
        account = {"czj": "qjcz-wx", "jyj": WECHAT[1]}[unit]
        (folder / "newmedia" / account).mkdir(parents=True)
        (folder / "newmedia" / account / "menu.json").write_text(json.dumps(_menu(unit), ensure_ascii=False, indent=2) + "\n", "utf-8")


def _menu(unit: str) -> dict:
    """A WeChat custom menu with the three main menus of 第七条（四）."""
    site = f"https://www.example.gov.cn/{unit}"
    return {"button": [
        {"name": "政务公开", "sub_button": [{"type": "view", "name": "政务要闻", "url": f"{site}/gzdt/"},
                                          {"type": "view", "name": "政策文件", "url": f"{site}/zcwj/"}]},
        {"name": "政务服务", "sub_button": [{"type": "miniprogram", "name": "渝快办", "url": "https://kzp.cqykb.gov.cn/",
                                          "appid": "wx0a1b2c3d4e5f6a7b", "pagepath": "pages/index/index"}]},
        {"name": "互动交流", "sub_button": [{"type": "view", "name": "公开信箱", "url": "https://www.example.gov.cn/hdjl/"}]},
    ]}


def make_district(dest: Path) -> Path:
    """Build the district in ``dest`` (created; must not exist) and return it."""
    dest.mkdir(parents=True)
    git(dest, "init", "-q", "-b", "main")
    _settings(dest)
    with tempfile.TemporaryDirectory(prefix="govsite-district-keys-") as tmp:
        keys = Path(tmp)
        project = Project(dest)
        for unit, (_, _, people) in UNITS.items():
            for pid, _, _ in people:
                keygen(project, unit, pid, "", keys, valid_after="20200101Z")
        d = District(dest, keys)
        start = at("2026-03-20")
        first = []
        for unit in UNITS:
            short = UNITS[unit][1]
            for column in BASE_COLUMNS:
                extra = "policy: https://www.gov.cn/zhengce/example.htm\n" if column == "zcjd" else ""
                title = f"{short}2025年政府信息公开工作年度报告" if column == "xxgknb" else f"{short}{column}栏目首篇"
                first.append(d.page(unit, column, "2026-03-20-base", title, "2026-03-20", extra))
        # the 互动交流 page, where the WeChat menus' 公开信箱 leads (第七条（四）)
        first.append(d.portal_page("hdjl", "互动交流", "2026-03-20", "公开信箱受理公众的咨询、建议和投诉。"))
        d.publish(first, start)
        _quarter_two(d)
        _quarter_three(d)
        _wechat(d)
        d.run()
    return dest


def _news(d: District, unit: str, text: str, drafted_days: int = 0) -> None:
    short = UNITS[unit][1]
    d.later(at(text), lambda: d.publish([d.page(unit, "gzdt", f"{text}-dt", f"{short}{text}工作动态", text)],
                                        at(text), drafted_days))


def _weekly_czj(d: District, first: dt.date, last: dt.date) -> None:
    day = first
    while day <= last:
        _news(d, "czj", day.isoformat())
        day += dt.timedelta(days=7)


def _interpret(d: District, unit: str, slug: str, title: str, issued: str, published: str | None,
               comment: str = "") -> str:
    interps = f"interpretations:\n  - ../zcjd/{slug}-jd.md\n" if published else ""
    extra = (f"doc_number: 黔江{unit}发〔2026〕{issued[5:7]}号\nissued: {issued}\nissuer: {UNITS[unit][0]}\n"
             f"normative: false\nneeds_interpretation: true\n{interps}")
    rel = d.page(unit, "zcwj", slug, title, issued, extra, comment=comment)
    return rel


def _quarter_two(d: District) -> None:
    _weekly_czj(d, dt.date(2026, 3, 31), dt.date(2026, 6, 30))
    for text in ("2026-04-07", "2026-04-14", "2026-05-26", "2026-06-02", "2026-06-16", "2026-06-23"):
        _news(d, "jyj", text, drafted_days=4)
    d.later(at("2026-05-06"), lambda: d.publish(
        [_interpret(d, "czj", "2026-05-06-ysgl", "关于加强预算管理的通知", "2026-05-06", "2026-05-20")], at("2026-05-06")))
    d.later(at("2026-05-20"), lambda: d.publish([d.page(
        "czj", "zcjd", "2026-05-06-ysgl-jd", "《关于加强预算管理的通知》解读", "2026-05-20",
        "policy: ../zcwj/2026-05-06-ysgl.md\nformat: text\n")], at("2026-05-20")))


def _quarter_three(d: District) -> None:
    _weekly_czj(d, dt.date(2026, 7, 7), dt.date(2026, 9, 29))
    d.later(at("2026-07-06"), lambda: d.publish(
        [_interpret(d, "czj", "2026-07-06-zfcg", "关于规范政府采购的通知", "2026-07-06", "2026-07-24",
                    comment=f"# <!-- govsite: allow POL009 {FACTS['suppression_reason']} -->\n")], at("2026-07-06")))
    d.later(at("2026-07-24"), lambda: d.publish([d.page(
        "czj", "zcjd", "2026-07-06-zfcg-jd", "《关于规范政府采购的通知》解读", "2026-07-24",
        "policy: ../zcwj/2026-07-06-zfcg.md\nformat: text\n")], at("2026-07-24")))
    for text in ("2026-07-01", "2026-07-07"):
        _news(d, "jyj", text, drafted_days=3)

    def unsigned() -> None:  # online before it was signed; the approvals follow two days later
        late = d.page("jyj", "gzdt", "2026-07-14-kaixue", "区教育局部署秋季开学准备工作", "2026-07-14")
        d.publish([late], at("2026-07-14"), drafted_days=2, signed=False)

    def signed_late() -> None:
        d.sign([FACTS["unsigned_at_publication"]], at("2026-07-16", 9))
        d.commit("补签 2026-07-14 工作动态", at("2026-07-16"))

    def emptied() -> None:
        (d.root / "units/jyj/tzgg/2026-03-20-base.md").unlink()
        d.commit("删除过期通知", at("2026-07-20"))

    d.later(at("2026-07-14"), unsigned)
    d.later(at("2026-07-16"), signed_late)
    d.later(at("2026-07-10"), lambda: d.publish(
        [_interpret(d, "jyj", "2026-07-10-xqjy", "关于推进学前教育普惠发展的通知", "2026-07-10", None)], at("2026-07-10")))
    d.later(at("2026-07-20"), emptied)
    for text in ("2026-07-21", "2026-07-28", "2026-08-04", "2026-08-25", "2026-09-01", "2026-09-08", "2026-09-22"):
        _news(d, "jyj", text, drafted_days=5)
    d.later(at("2026-08-18"), lambda: d.publish(
        [d.page("czj", "tzgg", "2026-08-18-tz", "区财政局关于预算公开的通知", "2026-08-18")], at("2026-08-18")))
    d.later(at("2026-08-11"), lambda: d.publish(
        [d.page("jyj", "tzgg", "2026-08-11-tz", "区教育局关于暑期安全的通知", "2026-08-11")], at("2026-08-11")))


def wechat_posts(last: dt.date) -> list[dt.date]:
    """区教育局's WeChat posts up to ``last``: Monday, Wednesday and Friday from 2026-03-30,
    none between the two days of FACTS["wechat_silent"]."""
    quiet_from, quiet_to = FACTS["wechat_silent"]
    day, out = dt.date(2026, 3, 30), []
    while day <= last:
        if day.weekday() in (0, 2, 4) and not quiet_from < day < quiet_to:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def _wechat(d: District) -> None:
    """posts.csv imported at the end of every month (the last import on 2026-09-30), and
    messages.csv committed as each message was received, acknowledged and answered."""
    folder = d.root / "units" / WECHAT[0] / "newmedia" / WECHAT[1]

    def imported(month_end: str) -> None:
        last = dt.date.fromisoformat(month_end)
        folder.mkdir(parents=True, exist_ok=True)
        rows = [f"{day} 10:00,黔江教育 {day} 推送,https://mp.weixin.qq.com/s/jyj{day:%Y%m%d}" for day in wechat_posts(last)]
        (folder / "posts.csv").write_text("time,title,link\n" + "\n".join(rows) + "\n", "utf-8")
        d.commit(f"导入黔江教育发布记录（截至 {last}）", at(last.isoformat(), 20))

    for month_end in ("2026-04-30", "2026-05-31", "2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30"):
        d.later(at(month_end, 20), lambda last=month_end: imported(last))

    def logged(upto: str) -> None:
        rows = ["id,received,acknowledged,replied,topic"]
        for mid, received, states, topic in MESSAGES:
            known = [(ack, rep) for ack, rep, day in states if day <= upto]
            if received[:10] <= upto and known:
                rows.append(f"{mid},{received},{known[-1][0]},{known[-1][1]},{topic}")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "messages.csv").write_text("\n".join(rows) + "\n", "utf-8")
        d.commit(f"登记黔江教育公众留言（截至 {upto}）", at(upto, 18))

    for day in sorted({state[2] for _, _, states, _ in MESSAGES for state in states}):
        d.later(at(day, 18), lambda upto=day: logged(upto))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("dest", type=Path, help="new folder for the district (must not exist)")
    args = parser.parse_args(argv)
    if args.dest.exists():
        print(f"make_history_district: {args.dest} 已存在；请指定一个新目录", file=sys.stderr)
        return 2
    make_district(args.dest)
    print(f"已生成 {args.dest}：2026Q2、2026Q3 的历史，可运行 govsite report --quarter 2026Q3")
    return 0


if __name__ == "__main__":
    sys.exit(main())

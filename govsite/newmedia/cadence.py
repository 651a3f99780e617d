"""How often an account updates (第十二条): at least 3 times a week, never more than 10
days between two updates; and the national 检查指标's veto line, no update in two weeks.

An update is a row of the account's post log (``posts.csv``, imported from the
platform's back-end) or a post in the repository; the same post in both counts once.

Two questions, asked at two times, because the repository cannot know what was posted
since the last import:

* ``govsite check`` judges the record (NMD030, NMD031): within the last
  :data:`WINDOW_WEEKS` weeks, from the account's opening date, up to its latest recorded
  update. That verdict does not move with the clock, so a pull request is judged on what
  it carries, and a log imported last week does not turn the build red tomorrow; NMD032
  warns when the latest recorded update is two weeks old.
* ``govsite patrol`` (the scheduled 巡网) judges the account against today: days since
  the last update, the veto line, and early warnings while there is still time to post.

Days between updates are counted by calendar date (later − earlier): updates on the 1st
and the 11th are 10 days apart and comply; the 1st and the 12th do not. A natural week
runs Monday to Sunday; only whole weeks inside the window are counted.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from govsite.core.accounts import Account, AccountStatus, Platform
from govsite.core.project import Project
from govsite.newmedia.postlog import LOG_NAME, parse
from govsite.newmedia.posts import account_dir, post_paths, post_when, text_of
from govsite.regulation.freshness import PatrolLevel, UnitItem
from govsite.regulation.patrol import PatrolReport, SiteItem

WINDOW_WEEKS = 8          # how far back the record is judged
PER_WEEK = 3              # 第十二条：每周至少更新 3 次
MAX_GAP_DAYS = 10         # 第十二条：更新间隔不超过 10 天
VETO_DAYS = 14            # 检查指标：监测时间点前 2 周内无更新，单项否决
A12 = "《管理办法》第十二条：政务新媒体每周更新不少于3次，更新间隔不超过10天"
VETO_SOURCE = "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）单项否决“内容不更新”：监测时间点前2周内无更新"
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Update:
    day: dt.date
    title: str
    path: str  # the post, or the log
    line: int


@dataclass(frozen=True)
class Record:
    """An account's updates (oldest first) and the problems of its post log."""

    account: Account
    updates: list[Update]
    log_rel: str
    log_problems: list[tuple[int, str]]


def record(project: Project, account: Account) -> Record:
    folder = account_dir(account.unit_id, account.id)
    log_rel = f"{folder}/{LOG_NAME}"
    log_path = project.root / log_rel
    found: dict[tuple[dt.date, str], Update] = {}
    problems: list[tuple[int, str]] = []
    if log_path.is_file() and not log_path.is_symlink():
        entries, problems = parse(log_path.read_bytes())
        for e in entries:
            found.setdefault((e.when.date(), _norm(e.title)), Update(e.when.date(), e.title, log_rel, e.line))
    for rel in post_paths(project, account.unit_id, account.id):
        meta = project.page(rel).meta
        when = post_when(meta)
        title = text_of(meta.get("title"))
        if when is not None and title:
            found.setdefault((when.date(), _norm(title)), Update(when.date(), title, rel, 1))
    return Record(account, sorted(found.values(), key=lambda u: (u.day, u.path, u.line)), log_rel, problems)


def _norm(title: str) -> str:
    return _SPACE_RE.sub("", title)


# Services, not channels of information: a mini program or an app has no posts to count.
NOT_PUBLISHING = (Platform.MINIPROGRAM, Platform.APP)


def is_exempt(account: Account) -> bool:
    """A closed account is not judged (its cadence ended with it), nor a mini program or
    an app (第九条 governs those; they publish no stream of posts)."""
    return account.status == AccountStatus.CLOSED or account.platform in NOT_PUBLISHING


def past(rec: Record, today: dt.date) -> list[Update]:
    """Updates up to today (a post dated later is scheduled, not yet an update)."""
    return [u for u in rec.updates if u.day <= today]


def window_start(account: Account, today: dt.date) -> dt.date:
    start = today - dt.timedelta(weeks=WINDOW_WEEKS)
    return max(start, account.opened) if account.opened else start


@dataclass(frozen=True)
class Gap:
    start: dt.date  # the earlier update (or the opening date)
    end: dt.date    # the later update
    update: Update | None  # the later update, where the finding goes

    @property
    def days(self) -> int:
        return (self.end - self.start).days


def gaps(rec: Record, start: dt.date, today: dt.date) -> list[Gap]:
    """Every gap between recorded updates that ends on or after ``start`` (up to today),
    each from the update before it, whenever that was; the first from the opening date
    only when the account opened on or after ``start`` (an older account's earlier
    updates may simply not have been imported)."""
    out: list[Gap] = []
    previous: dt.date | None = rec.account.opened if rec.account.opened and rec.account.opened >= start else None
    for u in past(rec, today):
        if previous is not None and u.day >= start:
            out.append(Gap(previous, u.day, u))
        previous = u.day if previous is None else max(previous, u.day)
    return out


def long_gaps(rec: Record, today: dt.date) -> list[Gap]:
    """Gaps over :data:`MAX_GAP_DAYS` between recorded updates within the window
    (from the opening date when the account opened inside it)."""
    return [g for g in gaps(rec, window_start(rec.account, today), today) if g.days > MAX_GAP_DAYS]


@dataclass(frozen=True)
class Week:
    monday: dt.date
    count: int

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)


def weeks(rec: Record, start: dt.date, end: dt.date) -> list[Week]:
    """The whole natural weeks (Monday to Sunday) from ``start`` to ``end``, each with
    its number of recorded updates."""
    days = [u.day for u in past(rec, end)]
    monday = start + dt.timedelta(days=(7 - start.weekday()) % 7)  # first whole week
    out = []
    while monday + dt.timedelta(days=6) <= end:
        out.append(Week(monday, sum(1 for d in days if monday <= d <= monday + dt.timedelta(days=6))))
        monday += dt.timedelta(days=7)
    return out


def thin_weeks(rec: Record, today: dt.date) -> list[Week]:
    """Whole natural weeks inside the window, up to the latest recorded update, with
    fewer than :data:`PER_WEEK` updates."""
    last = last_update(rec, today)
    if last is None:
        return []
    return [w for w in weeks(rec, window_start(rec.account, today), last) if w.count < PER_WEEK]


def last_update(rec: Record, today: dt.date) -> dt.date | None:
    days = past(rec, today)
    return days[-1].day if days else None


def days_silent(rec: Record, today: dt.date) -> int | None:
    """Days from the latest update (else the opening date) to today: what the veto line
    (:data:`VETO_DAYS`) and the 10-day line are held to. None: no update, no opening date."""
    since = last_update(rec, today) or rec.account.opened
    return None if since is None else (today - since).days


def is_veto(rec: Record, today: dt.date) -> bool:
    """The 检查指标's veto on ``today``: no update in the two weeks before it."""
    silent = days_silent(rec, today)
    return silent is not None and silent >= VETO_DAYS


def this_week(rec: Record, today: dt.date) -> int:
    monday = today - dt.timedelta(days=today.weekday())
    return sum(1 for u in past(rec, today) if u.day >= monday)


# -- the patrol (巡网): each account against today ----------------------------------------
def account_item(project: Project, account: Account, today: dt.date, early: int) -> UnitItem:
    """How an account stands today, for ``govsite patrol``; an early warning while the
    account can still post in time."""
    rec = record(project, account)
    label = f"{account.platform.label}“{account.name}”（{account.id}）"
    last = last_update(rec, today)
    since = last if last is not None else account.opened
    days = days_silent(rec, today)
    if since is None or days is None:
        return UnitItem(account.unit_id, "newmedia", PatrolLevel.ERROR,
                        f"{label}没有任何更新记录，也没有开通日期；请用 govsite newmedia import 导入发布记录", A12)
    what = f"最近更新 {last}" if last else f"开通于 {since}，尚无更新记录"
    week = this_week(rec, today)
    left_in_week = 6 - today.weekday()  # days after today until Sunday
    if is_veto(rec, today):
        return UnitItem(account.unit_id, "newmedia", PatrolLevel.VETO,
                        f"{label}{what}，已 {days} 天未更新，达到“2 周内无更新”单项否决；请立即发布并导入发布记录",
                        VETO_SOURCE, published=last)
    if days > MAX_GAP_DAYS:
        return UnitItem(account.unit_id, "newmedia", PatrolLevel.ERROR,
                        f"{label}{what}，已 {days} 天未更新，超过第十二条 10 天的间隔；请立即发布，"
                        f"{VETO_DAYS - days} 天后达到单项否决", A12, published=last)
    if days >= MAX_GAP_DAYS - early:
        return UnitItem(account.unit_id, "newmedia", PatrolLevel.EARLY,
                        f"{label}{what}，已 {days} 天未更新：请在 {MAX_GAP_DAYS - days} 天内发布（第十二条：间隔不超过 10 天）",
                        A12, due=since + dt.timedelta(days=MAX_GAP_DAYS), published=last)
    if week < PER_WEEK and left_in_week < early:
        need = PER_WEEK - week
        return UnitItem(account.unit_id, "newmedia", PatrolLevel.EARLY,
                        f"{label}本周已更新 {week} 次，本周日前还须更新 {need} 次（第十二条：每周不少于 3 次）",
                        A12, due=today + dt.timedelta(days=left_in_week), published=last)
    return UnitItem(account.unit_id, "newmedia", PatrolLevel.OK,
                    f"{label}{what}，距今 {days} 天，本周已更新 {week} 次", A12, published=last)


def patrol_items(project: Project, today: dt.date, early: int) -> list[UnitItem]:
    """One item per account that is not closed, unit by unit."""
    return [account_item(project, account, today, early)
            for unit in project.units() for account in unit.new_media if not is_exempt(account)]


def add_to_patrol(report: PatrolReport, project: Project) -> None:
    """Put each account's item under its unit in a patrol report; an account at the veto
    line is also a site-wide veto item (the patrol's exit code is 1)."""
    items = patrol_items(project, report.today, report.early_days)
    by_unit = {u.id: u for u in report.units}
    for item in items:
        if item.unit in by_unit:
            by_unit[item.unit].items.append(item)
    vetoed = [i for i in items if i.level == PatrolLevel.VETO]
    if vetoed:
        report.site.append(SiteItem("newmedia", PatrolLevel.VETO, len(vetoed), 1,
                                    f"政务新媒体 {len(vetoed)} 个账号 2 周内无更新，单项否决", VETO_SOURCE,
                                    [i.unit for i in vetoed]))

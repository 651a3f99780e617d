"""New-media accounts (第六至九条, 第十二条): the accounts each unit registers in
``unit.yml`` (``new_media``), and their cadence once a post log exists.

The cadence (updates per week, longest gap, weeks under 3 posts: 第十二条) is read from
the accounts' post log, ``units/<unit>/newmedia/<account>/``. Until that log exists for
an account the report says so and shows no figure: nothing is estimated.
"""

from __future__ import annotations

from govsite.report.context import ReportContext
from govsite.report.model import Section, Table

TITLE = "政务新媒体"
STATUS_NAMES = {"open": "运营中", "closing": "关停中", "closed": "已关停"}
NO_LOG = "无发布记录，暂无法统计"


def post_count(ctx: ReportContext, unit_id: str, account_id: str) -> int:
    folder = ctx.project.units_dir / unit_id / "newmedia" / account_id
    return sum(1 for p in folder.glob("*.md") if p.is_file() and not p.is_symlink()) if folder.is_dir() else 0


def compute(ctx: ReportContext) -> Section:
    section = Section("newmedia", TITLE)
    table = Table("newmedia", "政务新媒体账号及更新情况",
                  ["单位", "账号", "平台", "状态", "发布记录", "每周更新", "最长间隔（天）", "不达标周数"], [],
                  note="第十二条：每周至少更新 3 次，间隔不超过 10 天。频次取自账号的发布记录（units/<单位>/newmedia/<账号>/）。")
    without_log = 0
    for unit in ctx.units:
        for account in unit.new_media:
            posts = post_count(ctx, unit.id, account.id)
            if posts == 0:
                without_log += 1
            log = f"{posts} 条（频次统计随发布记录功能提供）" if posts else NO_LOG
            table.rows.append([unit.name, account.name, account.platform.label, STATUS_NAMES.get(account.status, account.status),
                               log, "—", "—", "—"])
    section.tables = [table]
    section.summary.append(f"登记的政务新媒体账号 {len(table.rows)} 个；"
                           + (f"其中 {without_log} 个尚无发布记录，更新频次暂无数据。" if without_log else "均有发布记录。")
                           if table.rows else "各单位未登记政务新媒体账号。")
    return section

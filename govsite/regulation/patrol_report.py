"""The patrol report as text, JSON, or a Markdown page the portal publishes."""

from __future__ import annotations

import json

from govsite.core.findings import visible
from govsite.regulation.freshness import LEVEL_NAMES, ColumnStatus, PatrolLevel, UnitItem
from govsite.regulation.patrol import PatrolReport
from govsite.regulation.thresholds import rules
from govsite.text.escape import md_text


def as_json(report: PatrolReport) -> str:
    data = {
        "today": report.today.isoformat(),
        "early_warning_days": report.early_days,
        "verdict": "veto" if report.vetoes else "pass",
        "summary": report.summary(),
        "home_last_update": report.home_last.isoformat() if report.home_last else None,
        "site": [s.as_json() for s in report.site],
        "units": [{"id": u.id, "name": u.name, "columns": [c.as_json() for c in u.columns],
                   "items": [i.as_json() for i in u.items], "oncall": u.oncall} for u in report.units],
        "expiring": [p.as_json() for p in report.expiring],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _verdict(report: PatrolReport) -> str:
    s = report.summary()
    head = "单项否决" if report.vetoes else "未发现单项否决"
    return (f"{head}：否决 {s['veto']} 项，超时限/缺失 {s['error']} 项，警告 {s['warning']} 项，"
            f"预警 {s['early']} 项（{report.early_days} 天内）")


def as_text(report: PatrolReport) -> str:
    lines = [f"巡网报告 {report.today}（提前预警 {report.early_days} 天）", _verdict(report), ""]
    for item in report.site:
        lines.append(f"[{LEVEL_NAMES[item.level]}] {item.message}")
        if item.level != PatrolLevel.OK and item.columns:
            lines.append("    " + "、".join(item.columns))
    for unit in report.units:
        lines += ["", f"{unit.name}（{unit.id}）"]
        for c in unit.columns:
            last = c.last_update.isoformat() if c.last_update else "—"
            days = f"{c.days_since} 天" if c.days_since is not None else "—"
            note = f"  {c.message}" if c.level != PatrolLevel.OK else ""
            lines.append(f"  [{_label(c)}] {c.column} {c.name}：{c.pages} 页，最近更新 {last}，距今 {days}{note}")
        for i in unit.items:
            if i.level != PatrolLevel.OK or i.check == "newmedia":  # every account is reported, as every column
                lines.append(f"  [{LEVEL_NAMES[i.level]}] {i.message}")
    if report.expiring:
        lines += ["", f"即将到期下线的页面（{report.early_days} 天内；expires 当天之后不再发布）"]
        for p in report.expiring:
            lines.append(f"  {visible(p.path)}：{visible(p.title)}，有效期至 {p.expires}（还有 {p.days_left} 天）；"
                         "如仍有效请延长 expires 并重新签名，否则到期自动下线")
    lines += ["", "7×24 小时应急联系人（第十四条（一））"]
    for unit in report.units:
        contacts = "；".join(f"{c['name']}（{c['role'] or '应急联系人'}）{c['phone']}" for c in unit.oncall)
        lines.append(f"  {unit.name}（{unit.id}）：{contacts or '未登记（请在 unit.yml 中添加 oncall）'}")
    return "\n".join(lines)


def _label(status: ColumnStatus | UnitItem) -> str:
    return "空白栏目" if getattr(status, "empty", False) else LEVEL_NAMES[status.level]


def _cell(text: object) -> str:
    return md_text(text)


def as_markdown(report: PatrolReport) -> str:
    """A page for the portal (``content/patrol.md``) for the platform owner."""
    # date: the report is a portal page and passes the same rules (the patrol job writes it)
    lines = ["---", f"title: 网站巡查报告（{report.today}）", f"date: {report.today}", "---", "",
             f"# 网站巡查报告（{report.today}）", "",
             f"**结论：{_verdict(report)}**", "",
             "本页由 `govsite patrol` 根据各页面的发布日期自动生成，依据《管理办法》第十二条和《政府网站与政务新媒体检查指标》。", "",
             "## 全站单项否决指标", "", "| 指标 | 状态 | 说明 |", "| --- | --- | --- |"]
    labels = {"stale_columns": "栏目不更新", "empty_columns": "空白栏目", "home": "首页不更新", "newmedia": "政务新媒体不更新"}
    for item in report.site:
        lines.append(f"| {labels.get(item.check, item.check)} | {LEVEL_NAMES[item.level]} | {_cell(item.message)} |")
    attention = [(u, c) for u in report.units for c in u.columns if c.level != PatrolLevel.OK]
    if attention:
        lines += ["", "## 需要处理的栏目", "", "| 单位 | 栏目 | 最近更新 | 距今天数 | 状态 | 说明 |", "| --- | --- | --- | --- | --- | --- |"]
        for u, c in attention:
            lines.append(f"| {_cell(u.name)}（{u.id}） | {_cell(c.name)} | {c.last_update or '—'} | "
                         f"{c.days_since if c.days_since is not None else '—'} | {_label(c)} | {_cell(c.message)} |")
    items = [(u, i) for u in report.units for i in u.items if i.level != PatrolLevel.OK]
    if items:
        lines += ["", "## 政府信息公开指南、年报和政务新媒体", "", "| 单位 | 状态 | 说明 |", "| --- | --- | --- |"]
        for u, i in items:
            lines.append(f"| {_cell(u.name)}（{u.id}） | {LEVEL_NAMES[i.level]} | {_cell(i.message)} |")
    if report.expiring:
        lines += ["", "## 即将到期下线的页面", "", f"以下页面将在 {report.early_days} 天内到期（`expires` 当天之后自动下线）。", "",
                  "| 单位 | 页面 | 标题 | 有效期至 | 剩余天数 |", "| --- | --- | --- | --- | --- |"]
        for p in report.expiring:
            lines.append(f"| {_cell(p.unit)} | {_cell(p.path)} | {_cell(p.title)} | {p.expires} | {p.days_left} |")
    lines += ["", "## 各单位栏目更新情况", ""]
    for u in report.units:
        lines += [f"### {_cell(u.name)}（{u.id}）", "", "| 栏目 | 页面数 | 最近更新 | 距今天数 | 时限 | 状态 |", "| --- | --- | --- | --- | --- | --- |"]
        for c in u.columns:
            lines.append(f"| {_cell(c.name)} | {c.pages} | {c.last_update or '—'} | "
                         f"{c.days_since if c.days_since is not None else '—'} | {c.line or '—'} | {_label(c)} |")
        lines.append("")
    lines += ["## 7×24 小时应急联系人（第十四条（一））", "", "| 单位 | 应急联系人 |", "| --- | --- |"]
    for u in report.units:
        who = "、".join(f"{c['name']}（{c['role'] or '应急联系人'}）" for c in u.oncall) or "**未登记**"
        lines.append(f"| {_cell(u.name)}（{u.id}） | {_cell(who)} |")
    lines += ["", "联系电话见 `govsite patrol` 的文本或 JSON 报告（只报送区政府办公室，不在网站公开）。", ""]
    lines += ["## 依据", ""]
    lines += [f"- {text}" for text in rules().sources.values()]
    return "\n".join(lines) + "\n"


FORMATTERS = {"text": as_text, "json": as_json, "markdown": as_markdown}

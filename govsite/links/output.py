"""The link-rot report as text, JSON, CSV, or a Markdown page the portal publishes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from itertools import groupby

from govsite.links.report import SEVERITY_NAMES, LinkReport
from govsite.links.scan import PORTAL
from govsite.text.escape import md_text
from govsite.text.urls import bare_urls

CSV_FIELDS = ("unit", "unit_name", "page", "address", "severity", "status", "kind", "url", "final_url",
              "chain", "message", "source", "failures", "failing_since")
FORMATS = ("text", "json", "csv", "markdown")


def _unit_name(unit: str, names: dict[str, str]) -> str:
    return "门户" if unit == PORTAL else names.get(unit, unit)


def summary_line(report: LinkReport) -> str:
    s = report.summary()
    line = (f"共检查 {s['pages']} 个页面、{s['external']} 个外部链接（{s['external_cached']} 个沿用近期结果）："
            f"{s['broken']} 处失效，{s['redirect']} 处跳转，{s['bad_domain']} 处跳转到违规域名")
    if report.offline:
        line += (f"；本机没有网络（{report.offline}），{len(report.unchecked)} 个外部链接本次未检查"
                 "（不是链接失效；请在能上网的机器上或 CI 中再运行）")
    elif report.unchecked and report.timed_out:
        line += f"；{len(report.unchecked)} 个外部链接因超出总时限未检查，下次运行时检查"
    return line + "。"


def _text(report: LinkReport, names: dict[str, str]) -> str:
    out = []
    for unit, problems in groupby(report.problems_by_unit(), key=lambda p: p.unit):
        out.append(f"【{_unit_name(unit, names)}】")
        for page, grouped in groupby(problems, key=lambda p: p.page):
            items = list(grouped)
            out.append(f"  {page}（{items[0].address}）")
            for p in items:
                extra = f"（连续 {p.failures} 次失败，自 {p.failing_since} 起）" if p.failures > 1 else ""
                out.append(f"    [{SEVERITY_NAMES[p.severity]}] {p.url}：{p.message}{extra}")
                if p.chain:
                    out.append("      跳转：" + " → ".join([p.url, *p.chain]))
    out.append(summary_line(report))
    return "\n".join(out)


def _csv(report: LinkReport, names: dict[str, str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for p in report.problems_by_unit():
        row = p.as_json()
        row["unit_name"] = _unit_name(p.unit, names)
        row["chain"] = " -> ".join(p.chain)
        row["failing_since"] = p.failing_since or ""
        writer.writerow({k: row.get(k, "") for k in CSV_FIELDS})
    return buf.getvalue()


def _md_cell(text: str) -> str:
    return md_text(text)


def _message_cell(message: str) -> str:
    """A problem's message in a table cell, every address in it as code: the published
    report names addresses (a page's link, where a redirect ended), never links to them."""
    out, pos = [], 0
    for start, url in bare_urls(message):
        out.append(_md_cell(message[pos:start]))
        out.append(_code(url))
        pos = start + len(url)
    out.append(_md_cell(message[pos:]))
    return "".join(out)


def _code(text: str) -> str:
    # A code span shows its text as is (Markdown escapes the HTML); only the table's
    # cell separator, line breaks and backticks need care.
    text = str(text).replace("|", "\\|").replace("\n", " ").replace("\r", " ").replace("`", "'")
    return f"`{text}`"


def _markdown(report: LinkReport, names: dict[str, str], today: dt.date | None = None) -> str:
    s = report.summary()
    # date: the report is a portal page and passes the same rules (the patrol job writes
    # it); the project's today, so that a fixed today in govsite.yml is no future date
    lines = ["---", "title: 链接巡查报告", f"date: {today or str(report.started)[:10]}", "---", "", "# 链接巡查报告", "",
             f"巡查时间：{report.started}（UTC）　用时 {s['seconds']} 秒", "", summary_line(report), "",
             "| 级别 | 数量 |", "| --- | --- |",
             f"| 否决（跳转到违规域名） | {s['veto']} |", f"| 错误（链接失效） | {s['error']} |", f"| 警告（跳转） | {s['warning']} |", ""]
    if not report.problems:
        lines += ["未发现失效或违规链接。", ""]
    for unit, grouped in groupby(report.problems_by_unit(), key=lambda p: p.unit):
        problems = list(grouped)
        lines += [f"## {md_text(_unit_name(unit, names))}", "", "| 级别 | 页面 | 链接 | 问题 |", "| --- | --- | --- | --- |"]
        for p in problems:
            lines.append(f"| {SEVERITY_NAMES[p.severity]} | {_code(p.page)} | {_code(p.url)} | {_message_cell(p.message)} |")
        lines.append("")
    lines += ["本页由 `govsite links` 自动生成（链接经 linkchecker 实测），页面中的地址仅供核对，不是链接。", ""]
    return "\n".join(lines)


def render(report: LinkReport, fmt: str, names: dict[str, str], today: dt.date | None = None) -> str:
    """The report in ``fmt``; ``today`` dates the Markdown page (default: the run's date)."""
    if fmt == "json":
        return json.dumps({"summary": report.summary(), "unchecked": report.unchecked,
                           "problems": [dict(p.as_json(), unit_name=_unit_name(p.unit, names)) for p in report.problems_by_unit()]},
                          ensure_ascii=False, indent=2)
    if fmt == "csv":
        return _csv(report, names)
    if fmt == "markdown":
        return _markdown(report, names, today)
    return _text(report, names)

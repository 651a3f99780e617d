"""The report as a page of the portal: Markdown with tables and the charts as images."""

from __future__ import annotations

from govsite.report.model import QuarterReport, Table
from govsite.text.escape import md_text


def title(report: QuarterReport) -> str:
    return f"{report.label}政府网站和政务新媒体工作情况通报"


def table_markdown(table: Table) -> list[str]:
    lines = [f"### {md_text(table.title)}", ""]
    if table.note:
        lines += [md_text(table.note), ""]
    if not table.rows:
        return lines + ["无。", ""]
    lines.append("| " + " | ".join(md_text(c) for c in table.columns) + " |")
    lines.append("| " + " | ".join("---" for _ in table.columns) + " |")
    for row in table.rows:
        lines.append("| " + " | ".join(md_text("" if v is None else v) for v in row) + " |")
    return lines + [""]


def render(report: QuarterReport, workbook: str, circular: str) -> str:
    name = title(report)
    lines = ["---", f"title: {name}", f"date: {report.issued}", "---", "", f"# {md_text(name)}", "",
             f"统计期间：{report.start} 至 {report.end}。本页由 `govsite report --quarter {report.quarter}` "
             f"根据主分支的版本历史（截至提交 {report.head[:12]}）生成，依据《管理办法》第十七条。", "",
             f"下载：[Excel 工作簿（每表一页）]({workbook})　[通报（Word）]({circular})", "",
             "## 总体情况", ""]
    for section in report.sections:
        for text in section.summary:
            lines.append(f"- **{md_text(section.title)}**：{md_text(text)}")
    lines += ["", "## 表扬与整改", ""]
    praised = report.praised()
    lines.append("予以表扬的单位：" + ("、".join(md_text(u) for u in praised) if praised else "无") + "。")
    lines.append("")
    rectified = report.rectified()
    if rectified:
        lines += ["需要整改的单位：", ""]
        for unit, reasons in rectified.items():
            lines.append(f"- {md_text(unit)}：{md_text('；'.join(reasons))}")
    else:
        lines.append("需要整改的单位：无。")
    lines.append("")
    for section in report.sections:
        lines += [f"## {md_text(section.title)}", ""]
        for text in section.summary:
            lines += [md_text(text), ""]
        for chart in section.charts:
            lines += [f"![{md_text(chart.title)}]({chart.id}.svg)", ""]
        for table in section.tables:
            lines += table_markdown(table)
    return "\n".join(lines).rstrip("\n") + "\n"

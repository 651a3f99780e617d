"""The report as an .xlsx workbook (openpyxl): a summary sheet, then one sheet per table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from govsite.report.model import QuarterReport
from govsite.report.page import title

# A fixed timestamp: the same report gives the same workbook bytes' data on every run.
EPOCH = dt.datetime(2000, 1, 1)
SUMMARY_SHEET = "总体情况"


def sheet_name(table_id: str, title_text: str, used: set[str]) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name, unique in the book."""
    base = "".join(ch for ch in title_text if ch not in "[]:*?/\\")[:28] or table_id[:28]
    name, n = base, 2
    while name in used:
        name, n = f"{base[:26]}{n}", n + 1
    used.add(name)
    return name


def append_text_row(sheet, values: list) -> None:
    """Append a row; every string stays text, so a unit name or a page title that starts
    with ``=`` (unit.yml and front-matter are hostile) is never a formula."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def write(report: QuarterReport, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.properties.created = book.properties.modified = EPOCH
    book.properties.creator = "govsite"
    summary = book.active
    assert summary is not None
    summary.title = SUMMARY_SHEET
    append_text_row(summary, [title(report)])
    summary["A1"].font = Font(bold=True, size=14)
    append_text_row(summary, [f"统计期间：{report.start} 至 {report.end}", f"主分支提交 {report.head[:12]}"])
    for section in report.sections:
        for text in section.summary:
            append_text_row(summary, [section.title, text])
    append_text_row(summary, ["予以表扬", "、".join(report.praised()) or "无"])
    for unit, reasons in report.rectified().items():
        append_text_row(summary, ["需要整改", unit, "；".join(reasons)])
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 60
    used = {SUMMARY_SHEET}
    for table in report.tables:
        sheet = book.create_sheet(sheet_name(table.id, table.title, used))
        append_text_row(sheet, list(table.columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            append_text_row(sheet, list(row))
        for index, column in enumerate(table.columns, start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            sheet.column_dimensions[letter].width = max(10, min(60, 2 * len(column) + 4))
        sheet.freeze_panes = "A2"
    book.save(path)

"""The report as a 通报 (.docx, python-docx) in the usual shape of a government circular:
title, addressees, opening, 一、总体情况, 二、具体情况 (the tables), 三、表扬,
四、整改要求, issuing office and date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from govsite.report.model import QuarterReport

NUMERALS = "一二三四五六七八九十"
ADDRESSEES = "各乡镇人民政府、街道办事处，区政府各部门，有关单位："
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def write(report: QuarterReport, path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.author = "govsite"
    doc.core_properties.created = doc.core_properties.modified = EPOCH
    normal = doc.styles["Normal"]
    normal.font.name = "仿宋_GB2312"
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")

    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(f"关于{report.label}政府网站和政务新媒体工作情况的通报")
    run.bold, run.font.size = True, Pt(22)
    doc.add_paragraph(ADDRESSEES)
    doc.add_paragraph(f"根据《黔江区政府网站和政务新媒体管理办法》第十七条，区政府办公室对{report.start}至{report.end}"
                      f"各单位政府网站和政务新媒体工作情况进行了检查。现将有关情况通报如下：")

    doc.add_paragraph("一、总体情况")
    for section in report.sections:
        for text in section.summary:
            doc.add_paragraph(f"{section.title}：{text}")

    doc.add_paragraph("二、具体情况")
    for number, section in enumerate(report.sections, start=1):
        doc.add_paragraph(f"（{NUMERALS[(number - 1) % 10]}）{section.title}")
        for table in section.tables:
            doc.add_paragraph(table.title)
            if not table.rows:
                doc.add_paragraph("无。")
                continue
            grid = doc.add_table(rows=1, cols=len(table.columns))
            grid.style = "Table Grid"
            for cell, name in zip(grid.rows[0].cells, table.columns):
                cell.text = name
            for row in table.rows:
                cells = grid.add_row().cells
                for cell, value in zip(cells, row):
                    cell.text = "" if value is None else str(value)

    doc.add_paragraph("三、表扬")
    praised = report.praised()
    doc.add_paragraph(("以下单位本季度各项工作规范，予以通报表扬：" + "、".join(praised) + "。") if praised
                      else "本季度无单位各项工作均符合要求。")
    doc.add_paragraph("四、整改要求")
    rectified = report.rectified()
    if rectified:
        doc.add_paragraph("以下单位须对照问题逐项整改，并于通报印发之日起 10 个工作日内将整改情况报区政府办公室：")
        for unit, reasons in rectified.items():
            doc.add_paragraph(f"{unit}：{'；'.join(reasons)}。")
    else:
        doc.add_paragraph("本季度无需要整改的单位。")

    for text in (f"{report.district}办公室", _chinese_date(report.issued)):
        sign = doc.add_paragraph(text)
        sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.save(str(path))

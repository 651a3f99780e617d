"""``govsite import FILE.docx``: a Word document made here with python-docx (a title, a
文号, a numbered list, a table, an image, a date) becomes a page with its front-matter
filled, the structure kept as Markdown, the image saved beside it, nothing raw."""

from __future__ import annotations

import io
import struct
import zlib

import docx
from sitekit import govsite, make_portal


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def make_docx(path) -> None:
    d = docx.Document()
    d.add_paragraph("关于做好冬季安全生产工作的通知", style="Title")
    d.add_paragraph("黔江财发〔2026〕12号")
    d.add_paragraph("各科室：")
    p = d.add_paragraph("请按")
    p.add_run("附表").bold = True
    p.add_run("执行，不得 <script>alert(1)</script> *擅自* 调整。")
    d.add_paragraph("排查隐患", style="List Number")
    d.add_paragraph("落实责任", style="List Number")
    table = d.add_table(rows=3, cols=2)
    for r, row in enumerate([("项目", "金额（元）"), ("办公费", "1200"), ("培训费", "3|4")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    d.add_picture(io.BytesIO(tiny_png()))
    d.add_paragraph("重庆市黔江区示例局")
    d.add_paragraph("2026年11月20日")
    d.save(str(path))


def test_import_keeps_structure_and_fills_front_matter(tmp_path):
    root = make_portal(tmp_path / "portal")
    source = tmp_path / "通知.docx"
    make_docx(source)
    proc = govsite(root, "import", str(source), "--unit", "demo", "--column", "zcwj", "--slug", "aqsc",
                   "--date", "2026-11-21")
    assert proc.returncode == 0, proc.stderr
    page = (root / "units/demo/zcwj/aqsc.md").read_text("utf-8")
    head, body = page.split("\n---\n", 1)
    assert "title: 关于做好冬季安全生产工作的通知" in head
    assert 'doc_number: "黔江财发〔2026〕12号"' in head and "issued: 2026-11-20" in head and "date: 2026-11-21" in head
    assert "关于做好冬季安全生产工作的通知" not in body and "黔江财发" not in body  # moved to the front-matter
    assert "1. 排查隐患\n2. 落实责任" in body
    assert "| 项目 | 金额（元） |\n| --- | --- |\n| 办公费 | 1200 |\n| 培训费 | 3\\|4 |" in body
    assert "请按**附表**执行" in body
    # a document's text never becomes raw HTML or Markdown emphasis
    assert "<script>" not in body and "&lt;script&gt;" in body and "\\*擅自\\*" in body
    image = root / "units/demo/zcwj/aqsc/image1.png"
    assert image.read_bytes() == tiny_png() and "![](aqsc/image1.png)" in body
    # then checked: the reviewers are the only thing left to do; the image link resolves
    assert "REV002" in proc.stdout and "LNK001" not in proc.stdout
    again = govsite(root, "import", str(source), "--unit", "demo", "--column", "zcwj", "--slug", "aqsc")
    assert again.returncode == 2 and "已存在" in again.stderr


def test_not_a_docx_is_one_clear_line(tmp_path):
    root = make_portal(tmp_path / "portal")
    bad = tmp_path / "old.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0 not a zip")
    proc = govsite(root, "import", str(bad), "--unit", "demo", "--column", "tzgg")
    assert proc.returncode == 2 and "另存为 .docx" in proc.stderr and "Traceback" not in proc.stderr

"""The page is not saved as UTF-8.

What: the file's bytes are not valid UTF-8 (a UTF-8 BOM and CRLF line endings are fine).
Why: 第十一条（四） — a page in GBK or UTF-16 shows as mojibake (乱码) on the portal,
    which the national 检查指标 counts as an unusable page.
Example: a page saved by Notepad or WPS as "ANSI" (GB18030/GBK) or "Unicode" (UTF-16).
Fix: convert it, e.g. ``iconv -f GB18030 -t UTF-8 page.md > page.utf8.md`` and replace
    the original, or choose "UTF-8" in the editor's Save As dialog.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext


def guess_encoding(raw: bytes) -> str | None:
    """A likely encoding for bytes that are not UTF-8."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    for name in ("gb18030", "big5"):
        try:
            text = raw.decode(name)
        except UnicodeDecodeError:
            continue
        # Real Chinese text decodes to CJK characters, not to a run of rare symbols.
        cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
        if cjk >= max(1, len(text) // 20):
            return "GB18030/GBK" if name == "gb18030" else "Big5"
    return None


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    err = page.decode_error
    if err is None:
        return
    line = page.raw[: err.start].count(b"\n") + 1
    guessed = guess_encoding(page.raw)
    if guessed:
        source = {"GB18030/GBK": "GB18030", "Big5": "BIG5", "UTF-16": "UTF-16"}[guessed]
        how = f"看起来是 {guessed} 编码；请转换为 UTF-8，例如：iconv -f {source} -t UTF-8 原文件 > 新文件，或在编辑器中“另存为 UTF-8”"
    else:
        how = "无法识别其编码；请在编辑器中“另存为 UTF-8”后重新提交"
    yield Hit(line, f"文件不是 UTF-8 编码（第 {err.start} 字节起无法解码），{how}")

"""A page's path contains a control character (a line break, a tab, an escape...).

What: a folder or file name on the page's path holds a character that is not printed:
    a line break, a carriage return, a tab, ESC, DEL, another C0/C1 control, a
    bidirectional override or a line/paragraph separator.
Why: 第十四条 — 网站安全防护. Names are printed into logs, CI annotations and reports; a
    line break in a name starts a new line there, which is how a pull request injects
    commands into a CI log (``::stop-commands::``) or fakes a clean report, and a
    bidirectional override shows a name other than the real one. Such a name cannot be
    typed into an address either.
Example: a file created by ``govsite new czj gzdt 标题 --slug $'q\\n::stop-commands::x\\n'``.
Fix: rename the file (or folder) to lowercase letters, digits and hyphens, e.g.
    ``2024-05-01-gzhy.md``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext

_INVISIBLE = {"Cc", "Cf", "Zl", "Zp"}


def unsafe_characters(name: str) -> list[str]:
    """The characters of ``name`` that are not printed, as ``U+000A`` codes."""
    return sorted({f"U+{ord(ch):04X}" for ch in name if unicodedata.category(ch) in _INVISIBLE})


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    found = unsafe_characters(page.rel)
    if found:
        yield Hit(1, f"文件路径含不可见的控制字符（{'、'.join(found)}），会在日志和报告中伪造内容；请把文件或目录重命名为小写字母、数字和连字符，如 2024-05-01-gzhy.md")

"""A file name that is unsafe to publish.

What: a file under ``units/`` or ``content/`` whose name has control characters
    (newline, tab, bidirectional overrides, zero-width characters), one of
    ``\\ : * ? " < > |``, starts with a dot or a dash, has leading or trailing spaces,
    or is longer than 120 characters. An empty folder's ``.gitkeep`` is fine.
Why: 第十四条 — such names hide what a file really is (``报告‮fdp.exe``), turn into
    options or workflow commands in scripts and CI logs, break downloads on Windows,
    and hidden files are easily committed by mistake (``.env``, ``.DS_Store``).
Example: ``units/czj/tzgg/-rf.pdf``; ``units/czj/tzgg/.env``; a name with U+202E.
Fix: rename the file with plain letters, digits, Chinese characters, ``-`` and ``_``
    (e.g. ``2026-11-20-tongzhi.pdf``), or delete a hidden file that is not content.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from govsite.core.attachments import name_problem
from govsite.core.files import KEEP_FILE, PUBLISHED_TREES, TreeFile
from govsite.rules.base import Hit, RuleContext


def check(entry: TreeFile, ctx: RuleContext) -> Iterable[Hit]:
    parts = PurePosixPath(entry.rel).parts
    if parts[0] not in PUBLISHED_TREES or entry.name == KEEP_FILE:
        return
    for part in parts[1:]:
        problem = name_problem(part)
        if problem:
            which = "文件名" if part == parts[-1] else f"目录名 {part!r} "
            yield Hit(1, f"{which}{problem}；请改用字母、数字、汉字、“-”和“_”命名（如 2026-11-20-tongzhi.pdf），隐藏文件请删除")
            return

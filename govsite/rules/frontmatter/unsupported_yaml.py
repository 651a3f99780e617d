"""The front-matter uses YAML beyond plain values, lists and mappings, or nests too deep.

What: an anchor ``&x`` or alias ``*x``, a tag (``!!str``, ``!x``), an explicit key
    (``? title`` on one line, ``: 新标题`` on the next), a merge key ``<<``, a key that
    is a list or mapping, a duplicate key, a directive (``%YAML``), a second document,
    or lists and mappings nested more than 32 levels deep.
Why: 第十一条 — reviewers sign exactly what is published; these forms make the header
    mean something other than what it reads as (a second ``title`` hidden in the
    review block, a value defined elsewhere), and an alias bomb or a deep nesting would
    stall or crash every check. The page is refused before its header is expanded.
Example: ``reviewers:`` … ``approver: 向东`` followed by ``? title`` / ``: 新标题``;
    ``source: &s 区政府办公室`` with ``issuer: *s``; ``title: 通知`` written twice.
Fix: write every key once as ``键: 值``, lists as ``- 项``, and values in full; quote a
    value that should start with ``&``, ``*``, ``!`` or ``?``.
"""

from __future__ import annotations

from govsite.core.yamlio import YamlFeatureError
from govsite.rules.base import Hit


def check(page, ctx):
    err = page.yaml_error
    if isinstance(err, YamlFeatureError):
        line = page.frontmatter_line - 1 + err.line
        yield Hit(line, f"元数据{err.problem}；{err.fix}", err.column)

"""An attachment whose bytes are not what its extension says.

What: an allowed attachment (``.pdf``, ``.docx``, ``.png`` …) whose first bytes do not
    carry the type's signature (magic bytes), or a ``.txt``/``.csv`` that is not text
    or is really HTML.
Why: 第十四条 — the extension decides which checks run and how a browser treats the
    file; a "PDF" that is really an HTML page would run its script on the portal.
Example: ``<html><script>…</script>`` saved as ``units/czj/tzgg/notice.pdf``.
Fix: export the document again in the format its name says (e.g. "另存为 PDF"), or give
    the file its real extension.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.attachments import type_problem
from govsite.core.files import ATTACHMENT, TreeFile, classify
from govsite.rules.base import Hit, RuleContext


def check(entry: TreeFile, ctx: RuleContext) -> Iterable[Hit]:
    types = ctx.project.attachment_types
    kind = types.of(entry.name)
    if classify(entry, types) != ATTACHMENT or kind is None:  # an attachment has a known type
        return
    problem = type_problem(kind, entry.head())
    if problem:
        yield Hit(1, f"{problem}；请按文件名所示的格式重新导出，或改为真实的扩展名")

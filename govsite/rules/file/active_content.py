"""An attachment with active content.

What: a PDF with JavaScript, launch actions, embedded files or forms that submit
    (``/JS``, ``/JavaScript``, ``/Launch``, ``/EmbeddedFile``, ``/XFA`` …, also inside
    compressed streams and written with ``#`` escapes); an Office or WPS file with
    macros (``vbaProject.bin``, a ``_VBA_PROJECT`` storage), ActiveX controls or an
    embedded program; an OFD with scripts; a text file with script.
Why: 第十四条 — a government download must never run code on a reader's computer;
    macros and PDF scripts are the usual way malware travels in official documents.
Example: a ``.docx`` saved from a macro-enabled template; a PDF form with a submit script.
Fix: save the document again without macros ("另存为" a plain ``.docx``/``.xlsx``, or
    print to PDF), remove attached files and form scripts, then commit the new file.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.attachments import active_problem
from govsite.core.files import ATTACHMENT, TreeFile, classify
from govsite.rules.base import Hit, RuleContext


def check(entry: TreeFile, ctx: RuleContext) -> Iterable[Hit]:
    types = ctx.project.attachment_types
    kind = types.of(entry.name)
    if classify(entry, types) != ATTACHMENT or kind is None:  # an attachment has a known type
        return
    data = entry.read(types.max_size)
    if data is None:
        return  # too large (FIL008) or unreadable: not published either way
    problem = active_problem(kind, data)
    if problem:
        yield Hit(1, f"{problem}；请另存为不含宏和脚本的文件（如普通 .docx，或打印为 PDF）后重新提交")

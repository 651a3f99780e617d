"""The draft build behind ``govsite preview``: the site as ``mkdocs serve`` shows it,
written to a folder (a pull request's preview artifact).

MkDocs' own commands announce themselves to the hooks as "build", "gh-deploy" or
"serve"; only this function announces :data:`~govsite.publish.build.PREVIEW_COMMAND`,
so no ``mkdocs build`` (and so no ``govsite deploy``, which runs one) can be a draft.
The folder gets :data:`~govsite.publish.build.DRAFT_MARKER`, which ``govsite deploy
--site`` refuses.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from govsite.core.errors import Failure
from govsite.publish.build import DRAFT_MARKER, PREVIEW_COMMAND, mkdocs_in_process

MARKER_TEXT = ("govsite 草稿预览：未审核或审核已失效的页面也在其中（带横幅），不得发布。\n"
               "This is a draft preview; govsite deploy refuses it.\n")


def preview(root: Path, out: Path) -> Path:
    """Build the draft site of the repository at ``root`` into ``out``."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mk_log = logging.getLogger("mkdocs")
    mk_log.addHandler(handler)
    mk_log.setLevel(logging.INFO)
    out = out.resolve()
    try:
        mkdocs_in_process(root / "mkdocs.yml", out, PREVIEW_COMMAND, strict=False)
    except Failure as err:
        raise Failure(f"草稿预览构建失败：{err}") from None
    finally:
        mk_log.removeHandler(handler)
    (out / DRAFT_MARKER).write_text(MARKER_TEXT, "utf-8")
    return out

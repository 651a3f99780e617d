"""Running MkDocs in this process for ``govsite build`` and ``govsite serve``: the whole
portal or one shard (:mod:`govsite.publish.shards`), with the same hooks as ``mkdocs
build``. MkDocs is imported here only, inside the functions (design.md: the library
stays usable without it).
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from govsite.core.errors import Failure
from govsite.core.project import Project
from govsite.publish import shards
from govsite.publish.build import mkdocs_in_process
from govsite.publish.shards import Shard


class _Drop(logging.Filter):
    """Drops MkDocs log lines a shard build causes by design: a nav entry of another unit
    (an excluded file, one line per column of every unit), and the notice of a dirty
    serve (a warning, which strict mode would count as a failure)."""

    def __init__(self, *needles: str) -> None:
        super().__init__()
        self.needles = needles

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not any(n in message for n in self.needles)


NAV_EXCLUDED = "configuration, but this file is excluded from the built site"
DIRTY_NOTICE = "A 'dirty' build is being performed"


@contextmanager
def _mkdocs_log(shard: Shard | None = None, dirty: bool = False) -> Iterator[None]:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mk_log = logging.getLogger("mkdocs")
    mk_log.addHandler(handler)
    mk_log.setLevel(logging.INFO)
    filters = []
    if shard is not None:
        filters.append((logging.getLogger("mkdocs.structure.nav"), _Drop(NAV_EXCLUDED)))
    if dirty:
        filters.append((logging.getLogger("mkdocs.commands.build"), _Drop(DIRTY_NOTICE)))
    for logger, drop in filters:
        logger.addFilter(drop)
    try:
        yield
    finally:
        mk_log.removeHandler(handler)
        for logger, drop in filters:
            logger.removeFilter(drop)


def build(project: Project, out: Path, shard: Shard | None = None) -> Path:
    """Production build (strict, the gate enforced) of the portal or of one shard into ``out``."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    out = out.resolve()
    if out.exists():
        shutil.rmtree(out)  # a shard folder holds exactly what this build wrote
    label = "站点" if shard is None else f"分片 {shard.name}"
    with _mkdocs_log(shard), shards.activate(shard):
        try:
            mkdocs_in_process(project.root / "mkdocs.yml", out, "build", strict=True)
        except Failure as err:
            raise Failure(f"{label}构建失败：{err}") from None
    if shard is not None:
        shards.mark(out, project, shard)
    return out


def serve(project: Project, shard: Shard, dev_addr: str, dirty: bool = False) -> None:
    """``mkdocs serve`` of one shard: a draft preview (as ``mkdocs serve``) that rebuilds
    only that unit when its files change; ``dirty``: MkDocs' ``--dirty`` (only the pages
    whose file changed), with the hooks rendering again every page an edit changed."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with _mkdocs_log(shard, dirty), shards.activate(shard, keep=True):
        # the hooks' on_config narrows what is watched to the shard (shards.watched)
        mkdocs_serve(config_file=str(project.root / "mkdocs.yml"), livereload=True, dev_addr=dev_addr,
                     build_type="dirty" if dirty else None)

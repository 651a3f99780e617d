"""The sections of the quarterly report, one module each, in the order they appear.

A section module has ``TITLE`` and ``compute(ctx: ReportContext) -> Section``; it reads
its figures from one place and knows nothing of the others, so a new capability (the
new-media post log, the public mailbox) adds a module to :data:`SECTIONS` and touches
no other section and no output format.
"""

from __future__ import annotations

from types import ModuleType

from govsite.report.sections import (
    findings,
    freshness,
    incidents,
    links,
    messages,
    newmedia,
    policies,
    publishing,
    review,
    vetoes,
)

SECTIONS: list[ModuleType] = [publishing, freshness, vetoes, review, policies, findings, links, newmedia, messages, incidents]

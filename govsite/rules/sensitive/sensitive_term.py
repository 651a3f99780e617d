"""A sensitive term the reviewers should look at twice.

What: a short list of terms that are sensitive on a government site (separatist
    movements, banned organisations, certain events), from the ``warning`` part of
    ``govsite/data/wordlists/sensitive.yml``. A sentence that condemns them
    (坚决反对“台独”分裂行径) does not fire, and neither do ordinary political words
    (改革, 社会, 台湾, 民主): this is a reviewer's prompt, not a blacklist.
Why: 第十一条（七）— reviewers must check whether a text 属于敏感性问题.
Example: ``……与法轮功有关的……`` without a condemning context.
Fix: have the reviewers confirm the wording and context follow the official formulation;
    if they do, add ``<!-- govsite: allow SEN003 理由 -->`` above the line.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.findings import Severity
from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext
from govsite.text.pagetext import by_line, hits_for


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    for h, words in by_line(hits_for(page, ctx, "sensitive", Severity.WARNING)):
        yield Hit(h.line, f"含敏感词{words}；请审核人员确认表述和语境符合官方口径，确认无误的可注明豁免理由", h.column)

"""A suppression comment names a rule code that does not exist.

What: ``<!-- govsite: allow XYZ123 理由 -->`` where XYZ123 is no rule of the registry.
Why: 第十一条 — a suppression that silences nothing hides a typo in the code, so the
    finding the editor meant to silence still fails the build, or worse, the comment
    outlives a renamed rule unnoticed.
Example: ``<!-- govsite: allow PII999 公示名单 -->``
Fix: use the code printed by ``govsite check``, or delete the comment.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext
from govsite.rules.registry import BY_CODE
from govsite.text.suppressions import parse_suppressions


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    for s in parse_suppressions(page):
        for code in s.codes:
            if code not in BY_CODE:
                yield Hit(s.line, f"豁免注释中的规则代码 {code} 不存在；请改为 govsite check 输出中的代码，或删除该注释")

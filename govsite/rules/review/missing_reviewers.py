"""The page has no 三审三校 record.

What: the front-matter has no ``reviewers`` mapping.
Why: 第十一条 — nothing goes online without review by the drafter, the section head and
    the deputy or principal, and the review record must be kept.
Example: a header with ``title`` and ``date`` only.
Fix: add the three reviewers by name (from the unit's ``unit.yml``)::

    reviewers:
      drafter: 起草人
      checker: 承办科室负责人
      approver: 分管负责人
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.review.roster import record
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    if ctx.roster_of(page) is None or page.read_error or page.decode_error:
        return
    # also without any front-matter (FMT001/FMT002 report why): a page of the gate with
    # no record must never pass on the strength of a suppressed front-matter finding
    if record(page) is None:
        where = page.key_line("reviewers") if "reviewers" in page.meta else (page.frontmatter_line if page.has_frontmatter else 1)
        yield Hit(where, "缺少三审三校记录 reviewers；请在元数据中填写 drafter（起草人）、checker（承办科室负责人）、approver（分管或主要负责人）")

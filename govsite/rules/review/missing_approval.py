"""A reviewer has not approved the page (no signature at all).

What: the person the page names as drafter, checker or approver has no approval of
    this page under ``review/approvals/``: no SSH signature and no imported pull-request
    approval. A Markdown file under ``units/`` outside a column folder cannot be signed
    at all and is refused too.
Why: 第十一条 — nothing goes online before all three levels have reviewed it, and the
    review record must be kept; a name typed into ``reviewers`` proves nothing by itself.
Example: ``checker: 王丽`` in the page, but 王丽 never ran ``govsite review approve``.
    For a pull request the roster is the base branch's: a person the pull request
    adds to ``unit.yml``, or a role it gives, cannot sign until that change is merged.
Fix: the named person reads the page and signs it with their own key::

    govsite review approve units/<单位>/<栏目>/<页面>.md --as <人员id>

  (a first-time reviewer runs ``govsite review keygen`` first; see README), or approves
  the pull request on GitHub/Gitea and the approval is imported with
  ``govsite review import``.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.review.gate import command, evaluate, role_text, who
from govsite.review.status import ReviewStatus
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    result = evaluate(page, ctx.project)
    if result is None:
        if page.page_path.in_units and page.rel.endswith(".md"):
            # would be published (every file under units/ is mounted) but cannot be signed
            yield Hit(1, "该页面不在 units/<单位>/<栏目>/ 目录下，无法签名，不能发布；请移到所属栏目目录后由三位审核人签名")
        return
    for role, why in result.untrusted:
        yield Hit(page.key_line("reviewers", role),
                  f"{role_text(role)} {why}；拉取请求中名单（人员、角色、平台账号）的改动须经单位主要负责人和区政府办公室"
                  f"签名并合并后才生效，此前不能据此签名")
    for state in result.roles:
        if state.status == ReviewStatus.MISSING:
            yield Hit(page.key_line("reviewers", state.role),
                      f"缺少 {role_text(state.role)} {who(state.person)} 的签名：请 {state.person.name} 审阅本页后运行 "
                      f"{command(page.rel, state.person.id)}")

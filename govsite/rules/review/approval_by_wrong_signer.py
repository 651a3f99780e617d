"""The approval for a role was signed by someone else, or in another role.

What: an approval of the page's current content exists for the role, but it is not by
    the person the page names for it: another person signed for the role, the named
    person signed in a role the page does not give them, the signing key belongs to
    someone else in ``review/allowed_signers``, or an imported forge approval came from
    a login that ``unit.yml`` maps to someone else.
Why: 第五条、第十一条 — each level of review is a named person's responsibility; one
    person cannot sign in another's place.
Example: ``checker: 王丽`` but the checker approval was signed by 陈静, or with 陈静's key.
Fix: the person named in ``reviewers`` signs in their own role with their own key
    (the message gives the command); if the record is what is wrong, correct
    ``reviewers`` (a change the three reviewers then sign again: the hash covers it).
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.review.gate import command, evaluate, provenance, role_text, who
from govsite.review.status import ReviewStatus
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    result = evaluate(page, ctx.project)
    if result is None:
        return
    for state in result.roles:
        if state.status != ReviewStatus.WRONG:
            continue
        problems = []
        for c, v in state.evidence:
            r = c.parsed
            if v.reason:
                problems.append(f"{provenance(c)}：{v.reason}")
            elif r.role == state.role:
                problems.append(f"{role_text(r.role)}由 {r.name}（{r.person}）签名")
            else:
                problems.append(f"{r.name}（{r.person}）以{role_text(r.role)}身份签名")
        yield Hit(page.key_line("reviewers", state.role),
                  f"{role_text(state.role)} 应由 {who(state.person)} 本人签名，但现有签名中{'；'.join(problems)}；"
                  f"请 {state.person.name} 运行 {command(page.rel, state.person.id)}")

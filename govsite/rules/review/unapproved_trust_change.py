"""A pull request changes who may approve, or what is allowed, without the approvals
of the unit's principal and the district office.

What: checked against a base branch (``--base REF``, or ``GOVSITE_BASE`` in CI), the
    pull request changes a unit's roster in ``unit.yml`` (people, roles, forge logins),
    adds a unit, changes ``review/allowed_signers``, ``review/revoked_keys``,
    ``review/forge_importers``, ``govsite.yml`` or a word list it names, and the change
    lacks a valid approval (a signature of the changed file's content) by the unit's
    主要负责人 and by the district office (区政府办公室; ``portal.owner`` in ``govsite.yml``).
    A new unit needs the district office only.
Why: 第八条 — opening or changing an account needs the unit head's and the district
    office's approval; 第十一条 — a pull request that could name its own reviewers, or
    register its own keys, would approve itself. Until merged, the base branch's
    rosters and keys decide every signature.
Example: a pull request maps two reviewers' ``forge: github:`` logins in
    ``units/czj/unit.yml`` to accounts it controls.
Fix: the unit's principal and the district office's principal (or deputy) read the
    change and sign the file as it is in the pull request::

        govsite review approve units/czj/unit.yml --as <人员id> --unit czj
        govsite review approve units/czj/unit.yml --as <人员id> --unit qzfb

    After the merge, pages may be signed under the new roster.
"""

from __future__ import annotations

from govsite.review.basetrust import approval_command, trust_changes
from govsite.rules.base import Hit


def check(ctx):
    for change in trust_changes(ctx.project):
        for need in change.missing:
            yield Hit(change.line, f"信任变更（{change.what}）缺少{need.label}的签名；合并前须经其审阅并签名："
                                   f"{approval_command(change, need)}", path=change.path)

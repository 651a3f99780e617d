"""The drafter does not hold the role the 办法 requires.

What: the person named as ``drafter`` is not a 经办人员或承办科室负责人 in ``unit.yml``.
Why: 第五条（四） — 具体经办人员负责数据采集、初审 (the drafter is the operator, or the section head who drafts).
Example: an approver listed as drafter.
Fix: name a person with that role, or (if their post changed) update ``unit.yml``.
"""

from __future__ import annotations

from ...reviewers import ALLOWED, candidates, roles_text, slots
from ..base import Hit

ROLE = "drafter"


def check(page, ctx):
    unit = ctx.unit_of(page)
    if unit is None:
        return
    for slot in slots(page, unit):
        person = slot.person
        if slot.role == ROLE and person is not None and not person.has(*ALLOWED[ROLE]):
            yield Hit(page.key_line("reviewers", ROLE),
                      f"{ROLE} 须由经办人员或承办科室负责人担任，{person.name} 在名单中的角色是{roles_text(person)}；可填写：{candidates(unit, ROLE)}")

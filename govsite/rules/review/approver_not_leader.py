"""The approver does not hold the role the 办法 requires.

What: the person named as ``approver`` is not a 分管负责人或主要负责人 in ``unit.yml``.
Why: 第五条（二） — the deputy (分管负责人) approves daily information; the principal may too.
Example: a section head listed as approver.
Fix: name a person with that role, or (if their post changed) update ``unit.yml``.
"""

from __future__ import annotations

from ...reviewers import ALLOWED, candidates, roles_text, slots
from ..base import Hit

ROLE = "approver"


def check(page, ctx):
    unit = ctx.unit_of(page)
    if unit is None:
        return
    for slot in slots(page, unit):
        person = slot.person
        if slot.role == ROLE and person is not None and not person.has(*ALLOWED[ROLE]):
            yield Hit(page.key_line("reviewers", ROLE),
                      f"{ROLE} 须由分管负责人或主要负责人担任，{person.name} 在名单中的角色是{roles_text(person)}；可填写：{candidates(unit, ROLE)}")

"""The unit names no 7×24 emergency contacts (缺少7×24小时应急联系人).

What: ``unit.yml`` has no ``oncall`` list, or an empty one.
Why: 第十四条（一）— every unit keeps an emergency team and a 7×24 response
    mechanism, so that a security incident (illegal content, tampering) is handled at
    once; the district office must know whom to call at any hour (the patrol lists them).
Example: a unit.yml with ``people`` but without ``oncall``.
Fix: add at least one contact who answers at any hour::

        oncall:
          - {name: 柯章, phone: "023-7922 0000", role: 应急处置负责人}
"""

from __future__ import annotations

from govsite.rules.base import Hit


def check(unit, ctx):
    if not unit.oncall:
        yield Hit(1, f"单位 {unit.short_name} 未登记 7×24 小时应急联系人；请在 unit.yml 中添加 oncall 列表"
                     "（姓名 name、随时可接通的电话 phone、职责 role），至少一人",
                  path=f"units/{unit.id}/unit.yml")

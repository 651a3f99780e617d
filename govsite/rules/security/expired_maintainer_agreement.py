"""A third-party maintainer's confidentiality agreement has expired (保密协议已过期).

What: a ``maintainers`` entry of ``unit.yml`` whose ``nda_until`` is before today, or
    whose agreement or filing lies in the future.
Why: 第十四条（三）— a unit that entrusts its site to a third party files it with
    区政府办公室政务公开科 and signs a confidentiality agreement with it; a company whose
    agreement ran out must not keep maintaining the site.
Example: ``nda_until: 2025-12-31`` checked in 2026.
Fix: renew the agreement and update ``nda_signed`` / ``nda_until`` (and file it again
    if the office requires), or remove the company from ``maintainers`` and revoke its
    access to the repository.
"""

from __future__ import annotations

from govsite.rules.base import Hit
from govsite.rules.security.yml_lines import line


def check(unit, ctx):
    today = ctx.today
    for index, m in enumerate(unit.maintainers):
        where = line(unit, "maintainers", index, "nda_until")
        if m.nda_until < today:
            yield Hit(where, f"第三方运维单位 {m.company} 的保密协议已于 {m.nda_until} 到期；请续签后更新 nda_until，"
                             "或从 maintainers 中删除该公司并收回其仓库权限", path=f"units/{unit.id}/unit.yml")
        elif m.filed > today or m.nda_signed > today:
            yield Hit(line(unit, "maintainers", index), f"第三方运维单位 {m.company} 的报备日期或保密协议签订日期晚于今天；"
                      "请在报备、签约后再登记", path=f"units/{unit.id}/unit.yml")

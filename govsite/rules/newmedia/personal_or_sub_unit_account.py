"""An account of a person, a sub-unit or an internal office (个人、下属单位或内设机构开设的账号).

What: an account in ``new_media`` whose name marks it as run by a person (a roster
    person's name, 工作室, 局长 …), a sub-unit (派出所, 中队, 学校 …) or an internal office
    (… 科, … 办公室, 团委 …): the words are data (``forbidden`` in
    ``govsite/data/newmedia_kept.yml``); the kept accounts of 第七条（一） are never judged.
    A closed account is not reported.
Why: 第七条（二） — no person may open an account in a unit's name, and no sub-unit or
    internal office of a department, township or street may open one at all; an
    approval chain cannot make such an account lawful.
Example: ``{id: ba-pcs, platform: wechat_subscription, name: 城西派出所, status: open}``.
Fix: close and deregister the account (``status: closing``, then ``closed``); publish
    its information through the unit's subsite or a kept account instead.
"""

from __future__ import annotations

from govsite.newmedia.kept import FORBIDDEN_KINDS, forbidden_kind
from govsite.rules.base import Hit
from govsite.rules.newmedia.registry_lines import account_line, unit_yml


def check(unit, ctx):
    for account in unit.new_media:
        if account.status == "closed":
            continue
        found = forbidden_kind(unit, account)
        if found is None:
            continue
        kind, evidence = found
        yield Hit(account_line(unit, account, "name"),
                  f"账号“{account.name}”看来是{FORBIDDEN_KINDS[kind]}开设的政务新媒体（{evidence}）；第七条（二）禁止个人以单位名义、"
                  "禁止下属单位和内设机构开设政务新媒体，审批也不能使其合规；请关停注销（status: closing），信息改由本单位子网站发布",
                  path=unit_yml(unit))

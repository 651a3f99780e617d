"""A withdrawn page has no valid, signed incident record (撤稿没有处置记录).

What: the page's front-matter carries ``withdrawn:`` (it was taken down), but the
    incident record it names (``withdrawn.incident`` → ``review/incidents/<id>.incident``)
    is missing, malformed, for another page, not signed by its author's registered key,
    or signed by someone who is not on the unit's roster.
Why: 第十五条（一）— illegal content is removed at once and reported; the removal
    skips the three-level review for speed, so the signed incident record is the only
    evidence of who removed it and why. A ``withdrawn:`` marker without one would let
    anybody take pages off the site unnoticed.
Example: ``withdrawn: {date: 2026-12-01, reason: 测试, incident: 20261201T000000Z-x}``
    typed by hand.
Fix: take the page down with ``govsite takedown PAGE --reason … --as PERSON``, which
    writes and signs the record; or remove the ``withdrawn`` block to publish the page
    again (it then needs its three approvals).
"""

from __future__ import annotations

from govsite.core.withdrawal import KEY, withdrawal
from govsite.review.incidents import verify
from govsite.rules.base import Hit


def check(page, ctx):
    info = withdrawal(page.meta)
    if info is None:
        return
    line = page.key_line(KEY)
    incident_id = str(info.get("incident") or "")
    if not incident_id:
        yield Hit(line, "页面标记为已撤下（withdrawn），但未写明事件记录编号 incident；"
                        "请用 govsite takedown 撤稿，由其写入并签名处置记录")
        return
    checked = verify(ctx.project.root, incident_id)
    if not checked.ok:
        yield Hit(line, f"撤稿的处置记录 {incident_id} 无效：{checked.reason}；请用 govsite takedown 重新撤稿")
        return
    inc = checked.incident
    if inc is None:
        return
    if inc.page != page.rel:
        yield Hit(line, f"处置记录 {incident_id} 针对的是 {inc.page}，不是本页面；请用 govsite takedown 撤下本页")
        return
    unit = ctx.unit_of(page)
    if unit is None or unit.person_by_id(inc.person) is None:
        yield Hit(line, f"处置记录 {incident_id} 的签名人 {inc.name}（{inc.person}）不在本单位人员名单中；"
                        "请由本单位名单中的人员用 govsite takedown 撤稿")

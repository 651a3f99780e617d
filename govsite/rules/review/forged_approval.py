"""An approval record has no valid signature or forge provenance (forged record).

What: a file under ``review/approvals/`` for this page, for its current content (or
    unreadable), does not verify: its ``.sig`` is missing, does not match the record
    (edited after signing), was made by a key nobody registered, or the record is not
    in the record format; an imported forge record lacks a registered importer's
    signature.
Why: 第十一条 — review records are kept as evidence; a record that anyone could have
    typed is no evidence, and its presence means something tried to pass as an approval.
Example: a record copied from another page and edited to carry this page's hash.
Fix: delete the forged file (the platform owner should find out how it got there,
    ``git log -- <file>``) and have the reviewer sign properly with
    ``govsite review approve``.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.review.gate import evaluate
from govsite.review.verify import KEY_NOT_REGISTERED
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    result = evaluate(page, ctx.project)
    if result is None:
        return
    for c in result.forged:
        if c.record and c.verdict.reason.startswith(KEY_NOT_REGISTERED):
            # a sound signature by a key not registered on this branch (yet): re-signing
            # cannot help, merging the key's registration can
            who = f"（{c.record.role} {c.record.name}（{c.record.person}））"
            yield Hit(page.key_line("reviewers"), f"签名记录 {c.rel}{who}的{c.verdict.reason}；请先把登记该密钥的那一行"
                      "单独提交并合并到主分支（由平台管理员核实），之后本签名即可计入，无须重新签名")
            continue
        claim = f"（声称 {c.record.role} {c.record.name}（{c.record.person}））" if c.record else ""
        fix = f"请删除该文件并由本人运行 govsite review approve {page.rel} --as {c.record.person}" if c.record else "请删除该文件"
        yield Hit(page.key_line("reviewers"), f"签名记录 {c.rel}{claim} 是伪造或无效的：{c.verdict.reason}；{fix}")

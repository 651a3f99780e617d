"""A suspected Chinese typo (statistical).

What: a character that, replaced by a character of the same or similar pronunciation or
    shape, turns the phrase into a much more likely word (大数局 → 大数据). The model is
    jieba's word frequencies plus the government terms of ``typo_terms.yml``, and the
    site's own archive of published pages: a phrase that recurs in other pages is not
    flagged. Names are not typos: place names of Chongqing and the district
    (``typo_places.yml``), the site's units and the people of every ``unit.yml``, and the
    terms of ``typos: terms:`` in govsite.yml. Text in traditional characters is skipped.
Why: 第十一条（四） — the review checklist requires that pages carry no wrong characters
    (错别字); this catches the ones no list can foresee, as a warning for the reviewer.
Example: ``培育发展大数局产业`` — 局 is probably 据 (大数据).
Fix: correct the character if the suggestion is right. If the text is right (a name, a
    local term), add it to ``typos: terms:`` in govsite.yml (or, for every site, to
    ``govsite/data/typo_terms.yml``) or suppress the line
    with ``<!-- govsite: allow TYP002 理由 -->``.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext
from govsite.rules.typo._common import texts, where
from govsite.text.typos import service
from govsite.text.typos.text import context


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    items = texts(page)
    if not items:
        return
    det = service.detector()
    body = next(t for t, *_rest, part in items if part == "body")
    view = service.archive_view(ctx.project, page.rel, body)
    known = service.known_names(ctx.project)
    for text, first, _col, _part in items:
        for s in det.scan(text, view, known=known):
            line, col = where(text, first, s.offset)
            yield Hit(line, f"疑似错别字：“{context(text, s.offset)}”中的“{s.char}”可能应为“{s.suggestion}”"
                            f"（{s.kind}，“{s.word}”）；请核对，如是名称或专有词语可加入 govsite.yml 的 typos.terms 列表", col)

"""A misspelled English word.

What: a Latin-script word that the English dictionary (pyspellchecker) does not know but
    that is one or two letters away from a word it knows (goverment → government).
    Acronyms, mixed-case names, pinyin, code, URLs, file names and the accepted words in
    ``typo_terms.yml`` (group ``latin``) are not checked.
Why: 第十一条（四） — the review checklist requires correct wording; English text on a
    government page (names of programmes, captions, the English site name) is read too.
Example: ``欢迎访问 Qianjiang goverment portal`` — goverment should be government.
Fix: correct the spelling; if the word is right, add it to the ``latin`` group of
    ``govsite/data/typo_terms.yml``.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.rules.base import Hit, RuleContext
from govsite.rules.typo._common import texts, where
from govsite.text.typos.latin import find


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    for text, first, _col, _part in texts(page):
        for m in find(text):
            line, col = where(text, first, m.offset)
            yield Hit(line, f"英文单词“{m.word}”疑似拼写错误，应为“{m.suggestion}”；请改正，如无误请加入 typo_terms.yml 的 latin 词表", col)

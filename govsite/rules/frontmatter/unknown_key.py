"""The front-matter has a key govsite does not know.

What: a top-level key that is not in ``govsite/data/frontmatter.yml``.
Why: 第十一条（四） — a misspelt key (``reviwers``, ``titel``) silently drops what it
    was meant to record, and the checks that read it never run.
Example: ``titel: 关于……的通知``
Fix: correct the key to the suggested one; a new key the district needs is added to
    the data file by the platform owner.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from govsite.core.pages import Page
from govsite.core.schema import closest
from govsite.core.yamlio import load_fast
from govsite.rules.base import Hit, RuleContext


@lru_cache(maxsize=1)
def known_keys() -> dict[str, str]:
    text = resources.files("govsite.data").joinpath("frontmatter.yml").read_text("utf-8")
    return load_fast(text)["keys"]


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    keys = known_keys()
    for key in page.meta:
        if key in keys:
            continue
        hint = closest(str(key), tuple(keys))
        fix = f"是否应为 {hint}（{keys[hint]}）？" if hint else "请删除，或请平台管理员在 govsite/data/frontmatter.yml 中登记该键"
        yield Hit(page.key_line(key), f"未知的元数据键 {key!r}；{fix}")

"""The front-matter is not valid YAML, is not closed, or is not a mapping.

What: the block between the two ``---`` lines does not parse, the closing ``---`` is
    missing, or the block is a list or a bare string instead of ``key: value`` lines.
Why: 第十一条 — MkDocs silently treats a broken header as page text, which would
    publish the review record as body text and drop the title and date.
Example: ``title: 关于: 通知`` (a second colon), a tab for indentation, a missing ``---``.
Fix: correct the YAML at the line given; quote values that contain a colon
    (``title: "关于：通知"``), indent with spaces, close the block with ``---``.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsite.core.pages import Page
from govsite.core.yamlio import YamlFeatureError
from govsite.rules.base import Hit, RuleContext


def check(page: Page, ctx: RuleContext) -> Iterable[Hit]:
    if page.unclosed_frontmatter:
        yield Hit(1, "元数据块没有结束行：第 1 行的 --- 之后缺少对应的 ---；请在元数据最后一行之后加一行 ---")
    elif page.yaml_error is not None and not isinstance(page.yaml_error, YamlFeatureError):  # FMT007
        err = page.yaml_error
        line = page.frontmatter_line - 1 + err.line
        yield Hit(line, f"元数据 YAML 语法错误：{err.problem}；请检查该行的缩进（用空格）、冒号和引号，含冒号的值请加引号", err.column)
    elif page.has_frontmatter and page.located is not None and page.located.data is not None and not isinstance(page.located.data, dict):
        yield Hit(page.frontmatter_line, "元数据应为“键: 值”的映射，而不是列表或单个文本；请按 title: …、date: … 的格式书写")

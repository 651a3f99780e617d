"""The registry: one table of every rule, its stable code and its metadata.

Codes are stable contracts: never reuse or renumber one; retire a rule by keeping its
row with ``retired=True``. The prefix names the family (the category), the number is
its order of arrival.

scope: page (one page), unit (one unit's folder), site (the whole repository).
cache: the result depends only on the page, its unit.yml and the settings, so it can
be cached by content hash.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cached_property
from types import ModuleType
from typing import Callable

from ..findings import CATEGORIES, ERROR, WARNING


@dataclass(frozen=True)
class RuleSpec:
    code: str
    module: str  # govsite.rules.<family>.<problem>
    category: str
    severity: str
    article: str
    scope: str = "page"
    cache: bool = True

    @property
    def name(self) -> str:
        """The rule's name: the problem it flags (the module's name)."""
        return self.module.rsplit(".", 1)[-1].replace("_", "-")

    @cached_property
    def impl(self) -> ModuleType:
        return importlib.import_module(f"govsite.rules.{self.module}")

    @property
    def check(self) -> Callable:
        return self.impl.check

    @property
    def doc(self) -> str:
        return (self.impl.__doc__ or "").strip()


E, W = ERROR, WARNING
A10, A11 = "《管理办法》第十条", "《管理办法》第十一条"

RULES: tuple[RuleSpec, ...] = (
    # -- file: the page can be read at all -----------------------------------
    RuleSpec("FIL001", "file.not_utf8", "file", E, A11 + "（四）"),
    RuleSpec("FIL002", "file.unreadable", "file", E, A11),
    RuleSpec("FIL003", "file.symlink_outside_repository", "file", E, "《管理办法》第十四条"),
    RuleSpec("FIL004", "file.empty_page", "file", E, A10),
    # -- frontmatter ---------------------------------------------------------
    RuleSpec("FMT001", "frontmatter.missing_frontmatter", "frontmatter", E, A11),
    RuleSpec("FMT002", "frontmatter.malformed_frontmatter", "frontmatter", E, A11),
    RuleSpec("FMT003", "frontmatter.missing_title", "frontmatter", E, A10),
    RuleSpec("FMT004", "frontmatter.missing_date", "frontmatter", E, A10),
    RuleSpec("FMT005", "frontmatter.invalid_date", "frontmatter", E, A10),
    RuleSpec("FMT006", "frontmatter.unknown_key", "frontmatter", W, A11 + "（四）"),
    # -- review: 三审三校 record against the roster ----------------------------
    RuleSpec("REV001", "review.missing_reviewers", "review", E, A11),
    RuleSpec("REV002", "review.incomplete_reviewers", "review", E, A11),
    RuleSpec("REV003", "review.unknown_reviewer", "review", E, A11),
    RuleSpec("REV004", "review.ambiguous_reviewer", "review", E, A11),
    RuleSpec("REV005", "review.reviewers_not_distinct", "review", E, A11),
    RuleSpec("REV006", "review.drafter_not_operator", "review", E, "《管理办法》第五条（四）"),
    RuleSpec("REV007", "review.checker_not_section_head", "review", E, "《管理办法》第五条（三）"),
    RuleSpec("REV008", "review.approver_not_leader", "review", E, "《管理办法》第五条（二）"),
    RuleSpec("REV009", "review.major_not_principal", "review", E, "《管理办法》第五条（一）"),
    RuleSpec("REV090", "review.suppression_without_reason", "review", E, A11),
    RuleSpec("REV091", "review.suppression_unknown_code", "review", E, A11),
    # -- column: the layout of a unit's subsite ------------------------------
    RuleSpec("COL001", "column.page_outside_column", "column", E, "《管理办法》第六条"),
    RuleSpec("COL002", "column.misplaced_page", "column", E, "《管理办法》第六条"),
    RuleSpec("COL003", "column.reserved_slug", "column", E, "《管理办法》第六条"),
    RuleSpec("COL004", "column.non_ascii_slug", "column", W, "《管理办法》第六条"),
    RuleSpec("COL005", "column.page_in_generated_column", "column", E, "《管理办法》第十条（五）"),
    RuleSpec("COL006", "column.missing_standard_column", "column", E, "《管理办法》第十二条", scope="unit"),
    RuleSpec("COL007", "column.empty_column", "column", W, "《管理办法》第十二条", scope="unit"),
)

BY_CODE: dict[str, RuleSpec] = {r.code: r for r in RULES}


def _validate_table() -> None:
    # Import-time guard: a duplicate code or a bad category is a programming error.
    assert len(BY_CODE) == len(RULES), "duplicate rule code in registry"
    for r in RULES:
        assert r.category in CATEGORIES, (r.code, r.category)
        assert r.severity in (E, W), (r.code, r.severity)
        assert r.scope in ("page", "unit", "site"), (r.code, r.scope)


_validate_table()

"""The registry: one table of every rule, its stable code and its metadata.

Codes are stable contracts: never reuse or renumber one; retire a rule by keeping its
row with ``retired=True`` (the engine no longer runs it, ``govsite rules`` lists it as
停用, an in-page suppression naming it is still known; its module, fixture and docstring
may then be deleted). The prefix names the family (the category), the number is its
order of arrival.

scope: page (one page), unit (one unit's folder), site (the whole repository), file
(one entry of units/, content/ or review/, links not followed: the door to the site),
repo (the repository's trust: runs on every check, whatever its targets).
cache: the result depends only on the page, its unit.yml and the settings, so it can
be cached by content hash.
suppressible: False for the 三审三校 gate (REV001-REV015): silencing one of them in the
page would let a page go online without three signatures of people holding the roles
第五条 requires; ``govsite review verify`` runs exactly these (and FIL011, FMT007).
REV020 (a withdrawn page's signed incident record) cannot be silenced either.

A withdrawn page (``withdrawn:`` in its front-matter, see govsite/core/withdrawal.py)
publishes nothing of its own, so only WITHDRAWN_CODES run on it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cached_property
from types import ModuleType

from govsite.core.findings import CATEGORIES, ERROR, WARNING, Severity
from govsite.rules.base import FileCheck, PageCheck, RuleCheck, SiteCheck, UnitCheck


@dataclass(frozen=True)
class RuleSpec:
    code: str
    module: str  # govsite.rules.<family>.<problem>
    category: str
    severity: Severity
    article: str
    scope: str = "page"
    cache: bool = True
    suppressible: bool = True  # False: an in-page "govsite: allow" never silences it
    retired: bool = False  # True: kept only so the code is never reused; never run

    @property
    def name(self) -> str:
        """The rule's name: the problem it flags (the module's name)."""
        return self.module.rsplit(".", 1)[-1].replace("_", "-")

    @cached_property
    def impl(self) -> ModuleType:
        return importlib.import_module(f"govsite.rules.{self.module}")

    @property
    def check(self) -> RuleCheck:
        """The module's ``check``; its signature depends on :attr:`scope`."""
        return self.impl.check

    @property
    def page_check(self) -> PageCheck:
        assert self.scope == "page", self.code
        return self.impl.check

    @property
    def unit_check(self) -> UnitCheck:
        assert self.scope == "unit", self.code
        return self.impl.check

    @property
    def site_check(self) -> SiteCheck:
        """Site and repo rules take only the context (repo rules run on every check)."""
        assert self.scope in ("site", "repo"), self.code
        return self.impl.check

    @property
    def file_check(self) -> FileCheck:
        assert self.scope == "file", self.code
        return self.impl.check

    @property
    def doc(self) -> str:
        try:
            impl = self.impl
        except ModuleNotFoundError:
            if self.retired:
                return ""  # a retired rule's module may be gone
            raise
        return (impl.__doc__ or "").strip()


E, W = ERROR, WARNING
A10, A11, A14 = "《管理办法》第十条", "《管理办法》第十一条", "《管理办法》第十四条"
A12 = "《管理办法》第十二条"

RULES: tuple[RuleSpec, ...] = (
    # -- file: the page can be read at all -----------------------------------
    RuleSpec("FIL001", "file.not_utf8", "file", E, A11 + "（四）"),
    RuleSpec("FIL002", "file.unreadable", "file", E, A11),
    RuleSpec("FIL003", "file.symlink_outside_repository", "file", E, "《管理办法》第十四条"),
    RuleSpec("FIL004", "file.empty_page", "file", E, A10),
    # -- file: the door; every entry of units/, content/, review/ (govsite/core/files.py) --
    RuleSpec("FIL005", "file.symlink", "file", E, A14, scope="file", suppressible=False),
    RuleSpec("FIL006", "file.file_type_not_allowed", "file", E, A14, scope="file", suppressible=False),
    RuleSpec("FIL007", "file.attachment_type_mismatch", "file", E, A14, scope="file", suppressible=False),
    RuleSpec("FIL008", "file.attachment_too_large", "file", E, A14, scope="file", suppressible=False),
    RuleSpec("FIL009", "file.unsafe_file_name", "file", E, A14, scope="file", suppressible=False),
    RuleSpec("FIL010", "file.active_content", "file", E, A14, scope="file", suppressible=False),
    RuleSpec("FIL011", "file.page_too_large", "file", E, "《管理办法》第十四条", suppressible=False),
    # -- frontmatter ---------------------------------------------------------
    RuleSpec("FMT001", "frontmatter.missing_frontmatter", "frontmatter", E, A11),
    RuleSpec("FMT002", "frontmatter.malformed_frontmatter", "frontmatter", E, A11),
    RuleSpec("FMT003", "frontmatter.missing_title", "frontmatter", E, A10),
    RuleSpec("FMT004", "frontmatter.missing_date", "frontmatter", E, A10),
    RuleSpec("FMT005", "frontmatter.invalid_date", "frontmatter", E, A10),
    RuleSpec("FMT006", "frontmatter.unknown_key", "frontmatter", W, A11 + "（四）"),
    RuleSpec("FMT007", "frontmatter.unsupported_yaml", "frontmatter", E, A11, suppressible=False),
    # -- review: 三审三校 record against the roster ----------------------------
    RuleSpec("REV001", "review.missing_reviewers", "review", E, A11, suppressible=False),
    RuleSpec("REV002", "review.incomplete_reviewers", "review", E, A11, suppressible=False),
    RuleSpec("REV003", "review.unknown_reviewer", "review", E, A11, suppressible=False),
    RuleSpec("REV004", "review.ambiguous_reviewer", "review", E, A11, suppressible=False),
    RuleSpec("REV005", "review.reviewers_not_distinct", "review", E, A11, suppressible=False),
    RuleSpec("REV006", "review.drafter_not_operator", "review", E, "《管理办法》第五条（四）", suppressible=False),
    RuleSpec("REV007", "review.checker_not_section_head", "review", E, "《管理办法》第五条（三）", suppressible=False),
    RuleSpec("REV008", "review.approver_not_leader", "review", E, "《管理办法》第五条（二）", suppressible=False),
    RuleSpec("REV009", "review.major_not_principal", "review", E, "《管理办法》第五条（一）", suppressible=False),
    # -- review: the signature gate (approvals bound to the content hash; reads review/) --
    RuleSpec("REV010", "review.missing_approval", "review", E, A11, cache=False, suppressible=False),
    RuleSpec("REV011", "review.stale_approval", "review", E, A11, cache=False, suppressible=False),
    RuleSpec("REV012", "review.approval_by_wrong_signer", "review", E, A11, cache=False, suppressible=False),
    RuleSpec("REV013", "review.signing_key_not_valid", "review", E, A11, cache=False, suppressible=False),
    RuleSpec("REV014", "review.one_signer_two_roles", "review", E, A11, cache=False, suppressible=False),
    RuleSpec("REV015", "review.forged_approval", "review", E, A11, cache=False, suppressible=False),
    RuleSpec("REV030", "review.unapproved_trust_change", "review", E, "《管理办法》第八条、第十一条", scope="repo",
             cache=False, suppressible=False),
    RuleSpec("REV031", "review.verdict_cache_in_repository", "review", E, A11, scope="repo", cache=False,
             suppressible=False),
    RuleSpec("REV020", "review.withdrawal_without_incident", "review", E, "《管理办法》第十五条（一）",
             cache=False, suppressible=False),
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
    # -- link: links inside the portal (front-matter links: policy-link family) --
    RuleSpec("LNK001", "link.broken_relative_link", "link", E, "《政府网站与政务新媒体检查指标》（链接可用性）", cache=False),
    RuleSpec("LNK002", "link.missing_anchor", "link", E, "《政府网站与政务新媒体检查指标》（链接可用性）", cache=False),
    RuleSpec("LNK003", "link.broken_site_link", "link", E, "《政府网站与政务新媒体检查指标》（链接可用性）", cache=False),
    RuleSpec("LNK004", "link.broken_generated_link", "link", E, "《政府网站与政务新媒体检查指标》（链接可用性）", scope="unit", cache=False),
    RuleSpec("LNK005", "link.broken_portal_link", "link", W, "《政府网站与政务新媒体检查指标》（链接可用性）", scope="site", cache=False),
    RuleSpec("LNK006", "link.internal_address_link", "link", E, "《管理办法》第十四条"),
    # -- policy-link: policy documents and their interpretations (第十条（三）、第十三条) --
    RuleSpec("POL001", "policy.normative_without_interpretation", "policy-link", E, "《管理办法》第十条（三）"),
    RuleSpec("POL002", "policy.interpretation_later_than_policy", "policy-link", E, "《管理办法》第十条（三）", cache=False),
    RuleSpec("POL003", "policy.interpretation_not_found", "policy-link", E, "《管理办法》第十三条", cache=False),
    RuleSpec("POL004", "policy.interpretation_not_in_interp_column", "policy-link", E, "《管理办法》第十三条", cache=False),
    RuleSpec("POL005", "policy.interpretation_not_linking_back", "policy-link", E, "《管理办法》第十三条", cache=False),
    RuleSpec("POL006", "policy.interpretation_without_policy", "policy-link", E, "《管理办法》第十三条"),
    RuleSpec("POL007", "policy.policy_not_found", "policy-link", E, "《管理办法》第十三条", cache=False),
    RuleSpec("POL008", "policy.policy_not_listing_interpretation", "policy-link", E, "《管理办法》第十三条", cache=False),
    RuleSpec("POL009", "policy.missing_index_number", "policy-link", W, "《管理办法》第十条（五）", cache=False),
    RuleSpec("POL010", "policy.invalid_index_number", "policy-link", E, "《管理办法》第十条（五）", cache=False),
    # -- deadline: working-day deadlines on the official calendar (第十三条) --------
    RuleSpec("DDL001", "deadline.interpretation_due", "deadline", W, "《管理办法》第十三条", cache=False),
    RuleSpec("DDL002", "deadline.interpretation_overdue", "deadline", E, "《管理办法》第十三条", cache=False),
    RuleSpec("DDL003", "deadline.interpretation_late", "deadline", E, "《管理办法》第十三条", cache=False),
    RuleSpec("DDL004", "deadline.provisional_calendar", "deadline", W, "《管理办法》第十三条", cache=False),
    # -- date: honest publish dates against git history (第十条: 严禁伪造发布日期) --
    RuleSpec("DAT001", "date.future_date", "date", E, A10, cache=False),
    RuleSpec("DAT002", "date.date_changed", "date", E, A10, cache=False),
    RuleSpec("DAT003", "date.backdated", "date", W, A10, cache=False),
    # -- freshness: update cycles and required 信息公开 pages (第十条（五）、第十二条) --
    RuleSpec("FRS001", "freshness.column_not_updated", "freshness", W, "《管理办法》第十二条", scope="unit", cache=False),
    RuleSpec("FRS002", "freshness.missing_guide", "freshness", E, "《管理办法》第十条（五）", scope="unit"),
    RuleSpec("FRS003", "freshness.annual_report_overdue", "freshness", W, "《管理办法》第十条（五）", scope="unit", cache=False),
    # -- typo: 错别字 (第十一条（四）); TYP002 also reads the site's archive (govsite/typos/archive.py) --
    RuleSpec("TYP001", "typo.known_typo", "typo", E, A11 + "（四）"),
    RuleSpec("TYP002", "typo.suspected_typo", "typo", W, A11 + "（四）"),
    RuleSpec("TYP003", "typo.misspelled_word", "typo", W, A11 + "（四）"),
    # -- content rules of 第十条、第十一条 (word lists: govsite/data/wordlists/, text: govsite/text/normalize.py) --
    RuleSpec("ADS001", "ads.ad_wording", "ads", E, A10 + "、第十一条（十一）"),
    RuleSpec("ADS002", "ads.commercial_link", "ads", E, A10),
    RuleSpec("ADS003", "ads.unlisted_outbound_link", "ads", W, A10),
    RuleSpec("SRC001", "source.repost_source_not_allowed", "source", E, A10),
    RuleSpec("SCR001", "secret.classified_marking", "secret", E, A10 + "、第十一条（一）"),
    RuleSpec("SCR002", "secret.credential_in_repository", "secret", E, "《管理办法》第十四条（二）",
             scope="site", cache=False, suppressible=False),
    RuleSpec("PII001", "pii.resident_id", "pii", E, A11 + "（一）"),
    RuleSpec("PII002", "pii.bank_card", "pii", E, A11 + "（一）"),
    RuleSpec("PII003", "pii.mobile_number", "pii", W, A11 + "（一）"),
    RuleSpec("EXP001", "expression.political_expression", "expression", E, A11 + "（三）"),
    RuleSpec("SEN001", "sensitive.spam_content", "sensitive", E, A11 + "（七）、第十五条（一）"),
    RuleSpec("SEN002", "sensitive.hidden_link", "sensitive", E, "《管理办法》第十五条（二）"),
    RuleSpec("SEN003", "sensitive.sensitive_term", "sensitive", W, A11 + "（七）"),
    RuleSpec("ENG001", "engagement.forced_engagement", "engagement", E, A10),
    RuleSpec("HTM001", "html.unsafe_element", "html", E, "《管理办法》第十四条"),
    RuleSpec("HTM002", "html.event_handler", "html", E, "《管理办法》第十四条"),
    RuleSpec("HTM003", "html.unsafe_url", "html", E, "《管理办法》第十四条"),
    RuleSpec("HTM004", "html.markup_in_frontmatter", "html", E, "《管理办法》第十四条"),
    RuleSpec("HTM005", "html.image_without_alt", "html", E,
             "《信息技术 互联网内容无障碍可访问性技术要求与测试方法》（GB/T 37668-2019，非文本内容）"),
    RuleSpec("HTM006", "html.table_without_header", "html", E,
             "《信息技术 互联网内容无障碍可访问性技术要求与测试方法》（GB/T 37668-2019，信息和关系）"),
    # -- security management (第十四条) --------------------------------------------
    RuleSpec("SEC001", "security.missing_oncall_contacts", "security", E, "《管理办法》第十四条（一）", scope="unit"),
    RuleSpec("SEC002", "security.expired_maintainer_agreement", "security", E, "《管理办法》第十四条（三）",
             scope="unit", cache=False),
    # -- 政务新媒体: registry, approval chain, WeChat menu, public messages (NMD001-NMD019) --
    RuleSpec("NMD001", "newmedia.account_not_kept", "newmedia", E, "《管理办法》第七条（一）、第八条", scope="unit"),
    RuleSpec("NMD002", "newmedia.personal_or_sub_unit_account", "newmedia", E, "《管理办法》第七条（二）", scope="unit"),
    RuleSpec("NMD003", "newmedia.closing_overdue", "newmedia", E, "《管理办法》第七条（一）", scope="unit", cache=False),
    RuleSpec("NMD004", "newmedia.incomplete_approval_chain", "newmedia", E, "《管理办法》第八条、第九条", scope="unit",
             cache=False),
    RuleSpec("NMD005", "newmedia.unsigned_approval_chain", "newmedia", E, "《管理办法》第八条", scope="unit", cache=False),
    RuleSpec("NMD006", "newmedia.missing_wechat_menu", "newmedia", E, "《管理办法》第七条（四）", scope="unit"),
    RuleSpec("NMD007", "newmedia.invalid_wechat_menu", "newmedia", E, "《管理办法》第七条（四）", scope="unit"),
    RuleSpec("NMD008", "newmedia.wechat_menu_structure", "newmedia", E, "《管理办法》第七条（四）", scope="unit"),
    RuleSpec("NMD009", "newmedia.wechat_menu_link_not_on_portal", "newmedia", E, "《管理办法》第七条（四）", scope="unit",
             cache=False),
    RuleSpec("NMD010", "newmedia.invalid_message_log", "newmedia", E, "《管理办法》第十三条", scope="unit"),
    RuleSpec("NMD011", "newmedia.personal_data_in_message_log", "newmedia", E, "《管理办法》第十一条、第十三条", scope="unit"),
    RuleSpec("NMD012", "newmedia.message_acknowledged_late", "newmedia", E, "《管理办法》第十三条", scope="unit",
             cache=False),
    RuleSpec("NMD013", "newmedia.message_answered_late", "newmedia", E, "《管理办法》第十三条", scope="unit", cache=False),
    RuleSpec("NMD014", "newmedia.unapproved_account_change", "newmedia", E, "《管理办法》第八条", scope="unit", cache=False),
    # -- new-media posts (第十一条 through the same gate; 第十二条 cadence and consistency), NMD020-NMD039 --
    RuleSpec("NMD020", "newmedia.post_account_not_declared", "newmedia", E, "《管理办法》第七条"),
    RuleSpec("NMD021", "newmedia.post_account_not_open", "newmedia", E, "《管理办法》第七条（一）"),
    RuleSpec("NMD022", "newmedia.post_over_platform_limit", "newmedia", E, A11),
    RuleSpec("NMD023", "newmedia.post_text_folded", "newmedia", W, A11),
    RuleSpec("NMD024", "newmedia.post_media_missing", "newmedia", E, A11, cache=False),
    RuleSpec("NMD025", "newmedia.republished_page_mismatch", "newmedia", E, A12, cache=False),
    RuleSpec("NMD026", "newmedia.page_key_in_post", "newmedia", W, A11),
    RuleSpec("NMD030", "newmedia.too_few_updates_per_week", "newmedia", W, A12, scope="unit", cache=False),
    RuleSpec("NMD031", "newmedia.update_gap_over_ten_days", "newmedia", E, A12, scope="unit", cache=False),
    RuleSpec("NMD032", "newmedia.no_update_in_two_weeks", "newmedia", W, A12 + "、检查指标单项否决", scope="unit", cache=False),
    RuleSpec("NMD033", "newmedia.malformed_post_log", "newmedia", E, A12, scope="unit", cache=False),
)

BY_CODE: dict[str, RuleSpec] = {r.code: r for r in RULES}


def _validate_table() -> None:
    # Import-time guard: a duplicate code or a bad category is a programming error.
    assert len(BY_CODE) == len(RULES), "duplicate rule code in registry"
    for r in RULES:
        assert r.category in CATEGORIES, (r.code, r.category)
        assert r.severity in (E, W), (r.code, r.severity)
        assert r.scope in ("page", "unit", "site", "file", "repo"), (r.code, r.scope)


_validate_table()


WITHDRAWN_CODES = frozenset({"FIL001", "FIL002", "FIL003", "FMT001", "FMT002", "REV020"})
"""The rules that still run on a withdrawn page: it must be readable, and its withdrawal
must be backed by a signed incident record. Its content is never published (the build
serves a fixed notice), so content and review rules do not apply."""

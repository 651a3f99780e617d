"""The core value types: page paths, the memo idiom, the typed settings and severities."""

from __future__ import annotations

import json

import pytest
from rulekit import make_site

from govsite.core.findings import Finding, Severity, format_findings
from govsite.core.memo import forget, memo
from govsite.core.pages import page_from_bytes
from govsite.core.paths import PagePath
from govsite.core.project import Project
from govsite.core.settings import load_settings


def test_a_unit_page_path_knows_its_unit_column_slug_and_address():
    where = PagePath("units/czj/gzdt/2024-05-01-gzhy.md")
    assert (where.unit, where.column, where.slug) == ("czj", "gzdt", "2024-05-01-gzhy")
    assert where.is_unit_page and where.in_units and not where.in_content
    assert where.url == "/czj/gzdt/2024-05-01-gzhy/"
    assert where.docs_uri == where.mounted == "czj/gzdt/2024-05-01-gzhy.md"


@pytest.mark.parametrize("rel", [
    "units/czj/x.md",                 # outside any column
    "units/czj/gzdt/sub/x.md",        # a folder inside a column
    "units/czj/../gzdt/x.md",         # not a clean path
    "units/czj//x.md",
    "units/czj/gzdt/.md",             # no slug
    "units/czj/gzdt/x.txt",           # not Markdown
    "units/czj/gzdt/q\n::stop-commands::x.md",  # a control character in a name
    "review/approvals/czj/gzdt/x.md",
])
def test_other_shapes_are_not_unit_pages(rel):
    where = PagePath(rel)
    assert not where.is_unit_page
    assert where.url is None or where.in_content


def test_portal_pages_are_served_from_content():
    assert PagePath("content/index.md").url == "/"
    assert PagePath("content/about.md").url == "/about/"
    assert PagePath("content/zwgk/index.md").url == "/zwgk/"
    assert PagePath("content/about.md").docs_uri == "about.md"
    assert PagePath("content/about.md").unit is None
    assert PagePath("mkdocs.yml").docs_uri is None
    with pytest.raises(ValueError):
        _ = PagePath("mkdocs.yml").mounted


def test_a_page_reads_its_identity_from_its_path(tmp_path):
    page = page_from_bytes(tmp_path, "units/demo/tzgg/notice.md", b"---\ntitle: x\n---\n")
    assert (page.unit_id, page.column_id, page.slug, page.url) == ("demo", "tzgg", "notice", "/demo/tzgg/notice/")
    odd = page_from_bytes(tmp_path, "units/demo/notice.md", b"")
    assert (odd.unit_id, odd.column_id) == (None, None)


def test_memo_computes_once_per_owner_and_forgets_on_request(tmp_path):
    calls: list[str] = []

    def derive(page):
        calls.append(page.rel)
        return len(calls)

    a = page_from_bytes(tmp_path, "units/demo/gzdt/a.md", b"a")
    b = page_from_bytes(tmp_path, "units/demo/gzdt/b.md", b"b")
    assert memo(a, derive) == memo(a, derive) == 1
    assert memo(b, derive) == 2
    forget(a, derive)
    assert memo(a, derive) == 3 and memo(b, derive) == 2
    assert calls == ["units/demo/gzdt/a.md", "units/demo/gzdt/b.md", "units/demo/gzdt/a.md"]


def _token(project: Project) -> object:
    return object()


def test_a_new_project_starts_with_fresh_derived_data(tmp_path):
    root = make_site(tmp_path / "site")
    first, second = Project(root), Project(root)
    assert memo(first, _token) is memo(first, _token)
    assert memo(second, _token) is not memo(first, _token)


def test_settings_without_a_portal_section_still_have_portal_defaults(tmp_path):
    (tmp_path / "govsite.yml").write_text("page_size: 30\n", "utf-8")
    settings = load_settings(tmp_path)
    assert settings.portal.domains == [] and settings.portal.name == "政府门户网站"
    assert settings.page_size == 30 and settings.today is None


def test_severity_is_its_json_word():
    finding = Finding("units/demo/gzdt/a.md", 3, 1, "FMT005", "frontmatter", Severity.ERROR, "日期格式错误", "《管理办法》第十条")
    assert Severity.ERROR == "error" and f"{Severity.WARNING}" == "warning"
    assert json.loads(format_findings([finding], "json"))[0]["severity"] == "error"
    assert "::error file=" in format_findings([finding], "github")

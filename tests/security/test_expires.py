"""``expires``: after its date a page leaves the site, the column lists, the unit home,
the 目录, the portal home, ``sitemap.xml`` and the search index (a build decision; the
source stays), and ``govsite patrol`` lists pages about to expire.

One real ``mkdocs build`` of the fixture portal, whose ``today`` is 2026-11-26 and whose
warning window (``early_warning_days``) is 3 days.
"""

from __future__ import annotations

import json

import pytest
from reviewkit import sign_all
from sitekit import govsite, make_portal, mkdocs_build, page_text, write_page

from govsite.publish.search import indexed

EXPIRED = "已过期的征求意见通知"
SOON = "即将到期的公示"
LATER = "长期有效的办事指南"


def with_expires(title: str, expires: str, body: str | None = None, date: str = "2026-11-20") -> str:
    text = page_text(title, body, date=date)
    return text.replace("\nsource:", f"\nexpires: {expires}\nsource:", 1)


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    root = make_portal(tmp_path_factory.mktemp("expires"))
    write_page(root, "units/demo/gzdt/old.md", with_expires(EXPIRED, "2026-11-25", date="2026-11-24"))
    # Still linking to the expired page: the build goes on (the link is to an unpublished page).
    write_page(root, "units/demo/gzdt/soon.md", with_expires(SOON, "2026-11-28", f"见[{EXPIRED}](old.md)。"))
    write_page(root, "units/demo/tzgg/later.md", with_expires(LATER, "2027-12-31"))
    sign_all(root)
    proc = mkdocs_build(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


def test_an_expired_page_is_not_published(portal):
    site = portal / "site"
    assert not (site / "demo/gzdt/old").exists()
    assert (site / "demo/gzdt/soon/index.html").is_file() and (site / "demo/tzgg/later/index.html").is_file()
    assert (portal / "units/demo/gzdt/old.md").is_file()  # the source stays


def test_an_expired_page_is_in_no_list_sitemap_or_search_index(portal):
    site = portal / "site"
    for listing in ("demo/gzdt/index.html", "demo/index.html", "demo/xxgkml/index.html", "index.html"):
        html = (site / listing).read_text("utf-8")
        assert EXPIRED not in html, listing
    assert SOON in (site / "demo/gzdt/index.html").read_text("utf-8")
    assert SOON in (site / "demo/xxgkml/index.html").read_text("utf-8")
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "demo/gzdt/soon/" in sitemap and "demo/gzdt/old/" not in sitemap
    index = indexed(site / "pagefind")
    assert not [d for d in index if d["url"].startswith("/demo/gzdt/old/")]
    assert not [d for d in index if EXPIRED in d["meta"].get("title", "")]
    assert [d for d in index if d["url"].startswith("/demo/gzdt/soon/")]


def test_patrol_lists_pages_about_to_expire(portal):
    proc = govsite(portal, "patrol", "--format", "json")
    data = json.loads(proc.stdout)
    soon = [p for p in data["expiring"] if p["path"] == "units/demo/gzdt/soon.md"]
    assert soon == [{"unit": "demo", "path": "units/demo/gzdt/soon.md", "title": SOON, "expires": "2026-11-28", "days_left": 2}]
    assert not [p for p in data["expiring"] if p["path"] in ("units/demo/gzdt/old.md", "units/demo/tzgg/later.md")]
    assert data["summary"]["expiring"] == len(data["expiring"])
    text = govsite(portal, "patrol").stdout
    assert "即将到期下线的页面" in text and "units/demo/gzdt/soon.md" in text
    wider = json.loads(govsite(portal, "patrol", "--format", "json", "--warn-days", "400").stdout)
    assert "units/demo/tzgg/later.md" in [p["path"] for p in wider["expiring"]]

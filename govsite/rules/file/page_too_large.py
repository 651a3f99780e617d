"""The page is larger than the size limit, or has a line longer than the line limit.

What: the file has more bytes than ``limits.page_bytes`` (default 2 MB) or a line of
    more characters than ``limits.line_chars`` (default 100,000) in ``govsite.yml``.
Why: 第十四条 — the checks guard every page of the portal; one oversized page (a pasted
    data dump, or a file made to jam the checks) must not stall the pull-request gate
    and every build. Such a page is not parsed at all: no other rule runs on it, no
    other page's check reads it, and it is not published.
Example: a 50 MB page, or a 10 MB table pasted as one line.
Fix: split the page into several pages, break long lines at sentence ends, or publish
    the data as an attachment (PDF, spreadsheet) that the page links to.
"""

from __future__ import annotations

from govsite.rules.base import Hit


def check(page, ctx):
    if page.over_limit is not None:
        line, reason = page.over_limit
        yield Hit(line, reason)

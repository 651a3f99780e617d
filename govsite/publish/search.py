"""The site's search: a static, chunked Pagefind index generated at build time.

A visitor's browser downloads only the small entry file, the WebAssembly search code and
the index chunks and fragments that one query touches, never one file of every page (the
single JSON index of Material's search plugin is unusable for a district of 70,000 pages).
Pagefind's *extended* binary (PyPI ``pagefind-bin-extended``) segments Chinese text.

What is indexed is decided here, page by page, while MkDocs renders:

* the published articles of the units and the portal's own pages of ``content/`` (not the
  home page, the generated lists, sections, 目录 or the search page itself: they only
  repeat titles and links);
* never a withdrawn page (it serves a notice), an expired one (not built at all), or a page
  a draft preview shows under its 未审核 banner (the gate would refuse it);
* only the article's text: the page's content is wrapped in ``data-pagefind-body``, so the
  header, navigation and footer stay out. Each article carries the filter 单位 (a unit's
  pages can be searched alone: ``/search/?unit=<单位名称>``) and its publish date as
  metadata and sort key. The value comes from an attribute (``单位[data-govsite-unit]``),
  so a comma or colon in a name cannot split it. One filter only: a visitor's browser
  loads every filter's page lists to show the filter panel, which at 70,000 pages costs
  about 150 KB a filter (benchmarks/bench_search.py), so 栏目 is not a filter.

Filter values never hold ``<``, ``>`` or ``&`` (:func:`filter_value` writes them full-width):
Pagefind's UI (1.5.2) writes a filter's value into the filter panel as HTML, while it
shows titles and excerpts as text, and Pagefind decodes entities in filter values (twice),
so no escaping survives reliably; a unit named ``局<img src=x onerror=…>`` would otherwise
run script on the search page. The search page maps ``?unit=`` the same way.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from govsite.core.dates import as_date
from govsite.core.errors import GovsiteError
from govsite.core.project import CONTENT_DIR, UNITS_DIR, Project
from govsite.core.withdrawal import withdrawal
from govsite.engine.runner import Report
from govsite.site.generated import Generated
from govsite.text.escape import html_text, md_text

BUNDLE_DIR = "pagefind"  # under the site folder: /pagefind/pagefind.js, pagefind-ui.js …
SEARCH_PAGE = "search.md"  # served at /search/
SEARCH_TEMPLATE = "govsite-search.html"  # overrides/govsite-search.html: loads Pagefind's UI
BODY_MARK = "data-pagefind-body"
UNIT_FILTER = "单位"
# Portal pages that only repeat what other pages say (titles and lists).
_PORTAL_SKIP = frozenset({"index.md", SEARCH_PAGE})
# Inside an article but not its text: the ¶ permalinks of headings.
_NOT_TEXT = ".headerlink"
_TIMEOUT = 3600  # seconds; 70,000 pages index in minutes, not hours


class SearchIndexError(GovsiteError):
    """Pagefind could not be run or failed: the build stops rather than ship a stale index."""


@dataclass(frozen=True)
class IndexResult:
    pages: int  # pages Pagefind reports indexed
    seconds: float
    bundle: Path


def draft_refused(report: Report) -> frozenset[str]:
    """Docs-tree paths of the pages a draft preview shows although the gate refuses them
    (pages of units/ and content/ with an error): never indexed."""
    out = set()
    for f in report.errors:
        top, _, rest = f.path.partition("/")
        if top in (UNITS_DIR, CONTENT_DIR) and rest:
            out.add(rest)
    return frozenset(out)


def is_indexed(project: Project, src_uri: str, draft_findings: bool = False) -> bool:
    """Whether the page at ``src_uri`` (its path in the docs tree) belongs in the index.

    ``draft_findings``: a draft preview renders this page despite errors; it is not indexed,
    so nothing the gate would refuse can be found through search, even in a preview."""
    if draft_findings or not src_uri.endswith(".md"):
        return False
    parts = src_uri.split("/")
    if (project.root / UNITS_DIR / parts[0]).is_dir():
        # <unit>/<column>/<slug>.md; homes, lists, pages of lists and the 目录 are generated
        if len(parts) != 3 or parts[2] == "index.md" or parts[0] not in project.unit_ids():
            return False
        page = project.page(f"{UNITS_DIR}/{src_uri}")
        return withdrawal(page.meta) is None
    # the portal's own pages: files of content/ (generated section pages only list links)
    return src_uri not in _PORTAL_SKIP and (project.root / CONTENT_DIR / src_uri).is_file()


_FULL_WIDTH = str.maketrans({"<": "＜", ">": "＞", "&": "＆"})


def filter_value(name: str) -> str:
    """A name as a Pagefind filter value: ``<``, ``>`` and ``&`` full-width, so that the
    UI, which inserts filter values as HTML, can only show it (see the module doc). The
    search page's script maps ``?unit=`` identically."""
    return name.translate(_FULL_WIDTH)


def article_attributes(unit: str | None, date: dt.date | None) -> str:
    """The attributes of the element that holds an article's text: the Pagefind body
    marker, the 单位 filter (the unit's name) and the publish date (meta and sort key), escaped."""
    attrs = [BODY_MARK]
    if unit is not None:
        attrs += [f'data-govsite-unit="{html_text(filter_value(unit))}"',
                  f'data-pagefind-filter="{UNIT_FILTER}[data-govsite-unit]"']
    if date is not None:
        attrs += [f'data-govsite-date="{date.isoformat()}"',
                  'data-pagefind-meta="date[data-govsite-date]"',
                  'data-pagefind-sort="date[data-govsite-date]"']
    return " ".join(attrs)


def body_attributes(project: Project, src_uri: str) -> str:
    """:func:`article_attributes` of the page at ``src_uri``: a unit article gets its
    unit's name and its publish date; a portal page only the marker."""
    parts = src_uri.split("/")
    if len(parts) != 3 or parts[0] not in project.unit_ids():
        return article_attributes(None, None)
    when = as_date(project.page(f"{UNITS_DIR}/{src_uri}").meta.get("date"))
    return article_attributes(project.unit(parts[0]).name, when)


def mark_content(project: Project, src_uri: str, html: str, draft_findings: bool = False) -> str:
    """A page's rendered content, wrapped in the element Pagefind indexes when the page
    belongs in the index (:func:`is_indexed`); otherwise unchanged."""
    if not is_indexed(project, src_uri, draft_findings):
        return html
    return f"<div {body_attributes(project, src_uri)}>\n{html}\n</div>"


def search_page(project: Project) -> Generated:
    """The search page (/search/): Pagefind's UI with Chinese labels (template
    ``govsite-search.html``), and without JavaScript a way in through each unit's
    政府信息公开目录."""
    lines = ["---", "title: 站内搜索", f"template: {SEARCH_TEMPLATE}", "---", "",
             '<p class="govsite-search-nojs">本站搜索需要浏览器启用 JavaScript。'
             "也可以从各单位的政府信息公开目录查找信息：</p>", ""]
    for unit in project.units():
        if any(column.id == "xxgkml" for column in unit.columns):
            lines.append(f"- [{md_text(unit.name)} 政府信息公开目录]({unit.id}/xxgkml/index.md)")
        else:
            lines.append(f"- [{md_text(unit.name)}]({unit.id}/index.md)")
    return Generated(SEARCH_PAGE, "\n".join(lines) + "\n")


def executable() -> Path:
    """Pagefind's extended binary (Chinese segmentation), from the pinned PyPI package;
    ``PAGEFIND_BINARY_PATH`` names another one (an operator's choice, e.g. an offline mirror)."""
    override = os.environ.get("PAGEFIND_BINARY_PATH")
    if override:
        return Path(override)
    try:
        from pagefind_bin_extended import get_executable
    except ImportError as err:
        raise SearchIndexError("找不到 Pagefind（pip 包 pagefind-bin-extended）：请按 requirements.lock 安装依赖"
                               "（scripts/setup.sh）") from err
    return Path(get_executable())


def has_marked_page(site_dir: Path) -> bool:
    """True when some page carries the body marker. Without one Pagefind would index
    whole pages, navigation and drafts included, so no index is built then."""
    marker = BODY_MARK.encode()
    for folder, _dirs, names in os.walk(site_dir):
        if Path(folder).name == BUNDLE_DIR and Path(folder).parent == site_dir:
            continue
        for name in names:
            if name.endswith(".html") and marker in (Path(folder) / name).read_bytes():
                return True
    return False


def index_site(site_dir: Path) -> IndexResult | None:
    """Run Pagefind over a built site; None when no page is to be indexed."""
    if not has_marked_page(site_dir):
        return None
    started = time.perf_counter()
    try:
        proc = subprocess.run([str(executable()), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR,
                               "--exclude-selectors", _NOT_TEXT],
                              capture_output=True, text=True, timeout=_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise SearchIndexError(f"Pagefind 无法运行：{err}") from err
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise SearchIndexError("Pagefind 建立搜索索引失败：" + " / ".join(tail))
    return IndexResult(_indexed_pages(proc.stdout), time.perf_counter() - started, site_dir / BUNDLE_DIR)


def _indexed_pages(log: str) -> int:
    for line in log.splitlines():
        words = line.split()
        if len(words) == 3 and words[0] == "Indexed" and words[2] == "pages":
            return int(words[1])
    return 0


_FRAGMENT_HEADER = b"pagefind_dcd"


def indexed(bundle: Path) -> list[dict]:
    """What an index holds, one entry per page (``url``, ``content``, ``meta``,
    ``filters``): Pagefind's fragments decoded (gzip, a signature, JSON). For audits,
    such as "the page taken down is no longer searchable". Pagefind separates the words
    of Chinese text with zero-width spaces in ``content``; they are removed here."""
    out = []
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        if not data.startswith(_FRAGMENT_HEADER):
            raise SearchIndexError(f"{path}: 不是 Pagefind 的索引片段")
        entry = json.loads(data[len(_FRAGMENT_HEADER):])
        entry["content"] = entry.get("content", "").replace("\u200b", "")
        out.append(entry)
    return out

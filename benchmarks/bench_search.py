#!/usr/bin/env python3
"""Search benchmark: Pagefind over a generated district of N built pages.

    .venv/bin/python benchmarks/bench_search.py [--pages 70000] [--units 70] [--compare 2000]

Writes N article pages straight as built HTML, in the shape of the portal's pages (header
with the search box, navigation of every unit, footer; the article marked by
``govsite.publish.search.article_attributes``, as the build marks it), with Chinese
government text from ``scripts/gen_corpus.py`` plus page-specific names (places,
projects, people), so the vocabulary has a long tail as a real district's does. Then:

* the index build time (``govsite.publish.search.index_site``, the call the build makes)
  and the index's size on disk;
* for each query, in a fresh headless Chromium (empty cache) on the search UI the portal
  serves, every file fetched under ``/pagefind/`` until the first page of results is
  shown: the bytes a visitor downloads for that query. Pagefind's index chunks and
  fragments are stored gzip-compressed; its JavaScript, CSS and WebAssembly are served
  as they are by the benchmark's server, and the table also gives their size as a
  gzip-enabled web server (nginx ``gzip on``) would send them;
* with ``--compare M``: the size of Material's single ``search_index.json`` (the plugin
  this replaced, ``lang: zh``) from a real ``mkdocs build`` of M pages of the same text,
  and its build time; every visitor downloads that file whole before the first result.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "tests"))

from browserkit import browser, serve  # noqa: E402
from gen_corpus import body  # noqa: E402

from govsite.publish.search import BUNDLE_DIR, article_attributes, index_site  # noqa: E402
from govsite.text.escape import html_text  # noqa: E402

COLUMNS = (("gzdt", "工作动态"), ("tzgg", "通知公告"), ("zcwj", "政策文件"), ("zcjd", "政策解读"))
# Characters of place, project and person names: page-specific words, as real news has.
NAME_CHARS = ("安平和兴华新民丰泰福金石桥河山林水田阳明光长青云龙凤鹤松柏梅兰竹菊东南西北中上下"
              "前后大小黄白红绿白马鸡鸣官渡濯水阿蓬冯家沙坝黎水杉岭石会马喇邻鄂正阳舟白城南城东"
              "文化教育卫生交通农业旅游商贸物流工业园区电力水务")
NAME_KINDS = ("村", "社区", "路", "街", "小学", "卫生院", "项目", "合作社", "产业园", "大桥")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
NEXT_QUERY = "安全生产"
SEARCH_PAGE = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>站内搜索</title>
<link rel="stylesheet" href="/pagefind/pagefind-ui.css"></head><body><div id="govsite-search"></div>
<script src="/pagefind/pagefind-ui.js"></script>
<script>
  var ui = new PagefindUI({element: "#govsite-search", showSubResults: true, showImages: false});
  var params = new URLSearchParams(location.search);
  if (params.get("unit")) ui.triggerFilters({"单位": [params.get("unit")]});
  ui.triggerSearch(params.get("q"));
</script></body></html>
"""


def unit_name(n: int) -> str:
    return f"重庆市黔江区第{n}号示例单位"


def names(rng: random.Random, count: int) -> list[str]:
    return [rng.choice(NAME_CHARS) + rng.choice(NAME_CHARS) + rng.choice(NAME_KINDS) for _ in range(count)]


def article(rng: random.Random, number: int, date: dt.date) -> tuple[str, str]:
    """(title, paragraphs as HTML) of one page."""
    places = names(rng, 8)
    person = rng.choice(SURNAMES) + rng.choice(NAME_CHARS) + rng.choice(NAME_CHARS)
    title = f"{places[0]}{rng.choice(('召开', '推进', '开展', '部署'))}{rng.choice(('基层治理', '乡村振兴', '安全生产', '民生保障', '营商环境'))}工作（第{number}期）"
    text = body(rng, 1200).split("\n\n")
    text.insert(1, f"{date.month}月{date.day}日，{person}同志带队到{places[1]}、{places[2]}和{places[3]}调研，"
                   f"实地察看{places[4]}建设进度，听取{places[5]}、{places[6]}工作情况汇报，要求{places[7]}加快推进。")
    return title, "".join(f"<p>{html_text(p)}</p>" for p in text)


def page_html(title: str, paragraphs: str, attrs: str, nav: str, unit: str, date: dt.date) -> str:
    return (f'<!doctype html><html lang="zh" class="no-js"><head><meta charset="utf-8"><title>{html_text(title)} - 重庆市黔江区人民政府</title>'
            '<link rel="stylesheet" href="/assets/stylesheets/main.css"></head><body><header class="md-header">'
            '<a href="/" class="md-header__button md-logo">重庆市黔江区人民政府</a>'
            '<form class="govsite-search-box" role="search" action="/search/" method="get"><input type="search" name="q">'
            f'<button type="submit">搜索</button></form></header><div class="md-container"><main class="md-main">{nav}'
            f'<article class="md-content__inner md-typeset"><div {attrs}><h1>{html_text(title)}</h1>'
            f'<p class="govsite-meta">发布日期：{date.isoformat()}　信息来源：{html_text(unit)}</p>{paragraphs}</div></article>'
            '</main><footer class="md-footer"><div class="govsite-footer">主办：重庆市黔江区人民政府办公室　网站标识码：5001140001　'
            '渝ICP备05003300号</div></footer></div></body></html>')


def generate_site(site: Path, pages: int, units: int, seed: int = 1) -> tuple[int, str]:
    """Write ``pages`` built article pages; (bytes of HTML, a name that occurs on one page only)."""
    rng = random.Random(seed)
    nav = '<nav class="md-nav md-nav--primary"><ul>' + "".join(
        f'<li><a href="/u{u:03d}/">{unit_name(u)}</a></li>' for u in range(1, units + 1)) + "</ul></nav>"
    start = dt.date(2026, 11, 20)
    size = 0
    rare = ""
    for i in range(pages):
        u = i % units + 1
        column_id, _ = COLUMNS[rng.randrange(len(COLUMNS))]
        date = start - dt.timedelta(days=i // units)
        title, paragraphs = article(rng, i + 1, date)
        attrs = article_attributes(unit_name(u), date)
        text = page_html(title, paragraphs, attrs, nav, unit_name(u), date)
        folder = site / f"u{u:03d}" / column_id / f"p{i:06d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(text, "utf-8")
        size += len(text.encode())
        if i == pages // 2:
            rare = f"第{i + 1}期"
    (site / "search").mkdir(exist_ok=True)
    (site / "search" / "index.html").write_text(SEARCH_PAGE, "utf-8")
    return size, rare


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def settle(served: list) -> None:
    """Wait until the browser has asked for nothing more for half a second."""
    seen = -1
    while seen != len(served):
        seen = len(served)
        time.sleep(0.5)


def one_query(site: Path, query: str, unit: str | None) -> dict:
    """Files under /pagefind/ a fresh browser fetches to show the first results of ``query``."""
    url = f"search/?q={quote(query)}" + (f"&unit={quote(unit)}" if unit else "")
    served: list[tuple[str, int]] = []
    with serve(site, served) as base, browser() as window:
        started = time.perf_counter()
        window.get(base + url)
        window.wait_for('var m = document.querySelector(".pagefind-ui__message"); '
                        'return m && !/正在搜索|Searching/.test(m.textContent) && '
                        '(document.querySelectorAll(".pagefind-ui__result-link").length > 0 || m.textContent)', timeout=300)
        seconds = time.perf_counter() - started
        count = window.run('return document.querySelector(".pagefind-ui__message").textContent')
        settle(served)  # the last fragment requests
        sizes = list(served)
        # a second query in the same page: the code and the entry are loaded already
        window.run('document.querySelector(".pagefind-ui__message").textContent = ""; ui.triggerSearch(arguments[0])', NEXT_QUERY)
        window.wait_for('var m = document.querySelector(".pagefind-ui__message"); '
                        'return m && m.textContent && !/正在搜索|Searching/.test(m.textContent)', timeout=300)
        settle(served)
        following = sum(size for path, size in served[len(sizes):] if path.startswith(f"/{BUNDLE_DIR}/"))
    files: dict[str, list[int]] = {}
    for path, size in sizes:
        path = path.split("?")[0]
        if not path.startswith(f"/{BUNDLE_DIR}/"):
            continue
        kind = path.split("/")[2] if path.count("/") > 2 else Path(path).name
        on_wire = size if path.endswith(("pf_index", "pf_fragment", "pf_filter", "pf_meta", ".json")) else gzipped(site / path.lstrip("/"))
        files.setdefault(kind, [0, 0, 0])
        files[kind][0] += 1
        files[kind][1] += size
        files[kind][2] += on_wire
    return {"query": query, "unit": unit, "files": files, "seconds": seconds, "message": count.strip(), "next": following}


def material_index(pages: int, units: int, seed: int = 1) -> tuple[int, int, float]:
    """(bytes of search_index.json, the same gzipped, build seconds) of a real Material build of ``pages``
    pages of the same text, search plugin with ``lang: zh`` (jieba), as the portal had it."""
    work = Path(tempfile.mkdtemp(prefix="govsite-bench-material-"))
    try:
        rng = random.Random(seed)
        docs = work / "docs"
        start = dt.date(2026, 11, 20)
        for i in range(pages):
            u = i % units + 1
            column_id, _ = COLUMNS[rng.randrange(len(COLUMNS))]
            date = start - dt.timedelta(days=i // units)
            title, paragraphs = article(rng, i + 1, date)
            folder = docs / f"u{u:03d}" / column_id
            folder.mkdir(parents=True, exist_ok=True)
            text = paragraphs.replace("<p>", "").replace("</p>", "\n\n")
            (folder / f"p{i:06d}.md").write_text(f"# {title}\n\n发布日期：{date.isoformat()}　信息来源：{unit_name(u)}\n\n{text}", "utf-8")
        (docs / "index.md").write_text("# 首页\n", "utf-8")
        (work / "mkdocs.yml").write_text("site_name: 重庆市黔江区人民政府\ntheme:\n  name: material\n  language: zh\n  font: false\n"
                                          "plugins:\n  - search:\n      lang: zh\nnav:\n  - 首页: index.md\n", "utf-8")
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=work, capture_output=True, text=True,
                              env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        seconds = time.perf_counter() - started
        if proc.returncode != 0:
            sys.exit(f"Material build failed:\n{proc.stderr[-3000:]}")
        index = work / "site/search/search_index.json"
        return index.stat().st_size, gzipped(index), seconds
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=70000, help="article pages in the district")
    parser.add_argument("--units", type=int, default=70)
    parser.add_argument("--compare", type=int, default=2000, help="pages of the Material search_index.json comparison (0: none)")
    parser.add_argument("--keep", type=Path, help="write the site here and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="govsite-bench-search-"))
    try:
        started = time.perf_counter()
        html_bytes, rare = generate_site(work, args.pages, args.units)
        print(f"pages: {args.pages} in {args.units} units, {html_bytes / 2**20:.0f} MB of HTML, written in {time.perf_counter() - started:.0f} s")
        result = index_site(work)
        assert result is not None and result.pages == args.pages, result
        files = [p for p in (work / BUNDLE_DIR).rglob("*") if p.is_file()]
        index_mb = sum(p.stat().st_size for p in files) / 2**20
        print(f"index build (Pagefind extended, {os.cpu_count()} cores): {result.seconds:.1f} s; "
              f"{len(files)} files, {index_mb:.1f} MB on disk")
        queries = [("营商环境", None), (rare, None), ("乡村振兴", unit_name(7))]
        print(f"\n| query | shown | files | bytes as served | bytes with gzip (JS/CSS/wasm) | time to results | then “{NEXT_QUERY}” |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for query, unit in queries:
            q = one_query(work, query, unit)
            count = sum(f[0] for f in q["files"].values())
            served = sum(f[1] for f in q["files"].values())
            wire = sum(f[2] for f in q["files"].values())
            label = f"{query}" + (f"（单位：{unit}）" if unit else "")
            print(f"| {label} | {q['message']} | {count} | {served / 1024:.0f} KB | {wire / 1024:.0f} KB | {q['seconds']:.1f} s | {q['next'] / 1024:.0f} KB |")
            detail = ", ".join(f"{kind} {n} ({b / 1024:.1f} KB)" for kind, (n, b, _) in sorted(q["files"].items()))
            print(f"|  ↳ | {detail} | | | | | |")
        if args.compare:
            size, packed, seconds = material_index(args.compare, args.units)
            scale = args.pages / args.compare
            print(f"\nMaterial search_index.json (lang: zh), measured at {args.compare} pages: {size / 2**20:.1f} MB, "
                  f"gzip {packed / 2**20:.1f} MB (mkdocs build {seconds:.0f} s, jieba included)")
            print(f"  extrapolated linearly to {args.pages} pages: {size * scale / 2**20:.0f} MB, gzip {packed * scale / 2**20:.0f} MB, "
                  "downloaded whole by every visitor before the first result")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

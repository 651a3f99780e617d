"""``govsite check --format html``: the findings as one self-contained page for a
分管负责人 who does not use a terminal.

Grouped by page (title, path, counts), each finding shows the offending line of the
page with the offending text highlighted, the message, how to fix it (the rule's
Chinese explanation from ``govsite/data/rule_help.yml``) and the article. Inline CSS
only: no script, no font, no image, no link to anything, so the file can be mailed
or opened offline; every value from the pages is escaped.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import defaultdict

from govsite.core.findings import ERROR, Finding, Suppressed
from govsite.core.project import Project
from govsite.rules.help import rule_help

TOKEN = re.compile(r"[\w.:/@%+\-]*[\w/]")
QUOTED = re.compile(r"[“「『\"']([^”」』\"']{1,60})[”」』\"']")

CSS = """
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem;color:#222;line-height:1.6}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin:2rem 0 .3rem;border-bottom:1px solid #ccc;padding-bottom:.2rem}
.path{color:#666;font-size:.9rem;font-family:monospace}
.summary{background:#f6f6f6;padding:.6rem 1rem;border-radius:6px}
.finding{border-left:4px solid #c00;padding:.3rem .8rem;margin:.8rem 0;background:#fffafa}
.finding.warning{border-color:#d90;background:#fffdf5}
.level{display:inline-block;font-size:.8rem;padding:0 .4rem;border-radius:3px;color:#fff;background:#c00}
.warning .level{background:#d90}
pre{white-space:pre-wrap;background:#fff;border:1px solid #ddd;padding:.3rem .5rem;margin:.3rem 0}
mark{background:#ffe066;padding:0 .1rem}
.fix{color:#064}.article{color:#666;font-size:.9rem}
"""


def _source_line(project: Project, path: str, line: int) -> str | None:
    target = project.root / path
    if not target.is_file():
        return None
    try:
        lines = target.read_bytes().decode("utf-8-sig", errors="replace").splitlines()
    except OSError:
        return None
    return lines[line - 1] if 0 < line <= len(lines) else None


def highlight(text: str, finding: Finding) -> str:
    """The line, escaped, with the offending text in <mark>: a text the message quotes,
    found at or after the finding's column, else the line from that column on."""
    start = max(finding.column - 1, 0)
    for quoted in QUOTED.findall(finding.message):
        at = text.find(quoted, start if start < len(text) else 0)
        if at < 0:
            at = text.find(quoted)
        if at >= 0:
            return (html.escape(text[:at]) + "<mark>" + html.escape(quoted) + "</mark>"
                    + html.escape(text[at + len(quoted):]))
    if 0 < start < len(text):
        # the token at the column (a number, an address, a word), else the rest of the line
        match = TOKEN.match(text, start)
        end = match.end() if match else len(text)
        return html.escape(text[:start]) + "<mark>" + html.escape(text[start:end]) + "</mark>" + html.escape(text[end:])
    return "<mark>" + html.escape(text) + "</mark>" if text.strip() else html.escape(text)


def _title(project: Project, path: str) -> str:
    if not path.endswith(".md") or not (project.root / path).is_file():
        return ""
    meta = project.page(path).meta  # reading a page never raises on its content
    title = meta.get("title") if isinstance(meta, dict) else None
    return str(title) if title else ""


def render(project: Project, findings: list[Finding], suppressed: list[Suppressed],
           now: dt.datetime | None = None) -> str:
    texts = rule_help()
    by_page: dict[str, list[Finding]] = defaultdict(list)
    for f in sorted(findings, key=lambda f: (f.path, f.line, f.column, f.rule)):
        by_page[f.path].append(f)
    errors = sum(f.severity == ERROR for f in findings)
    when = (now or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    out = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>页面检查报告（{when}）</title><style>{CSS}</style></head><body>",
           "<h1>页面检查报告</h1>",
           f'<p class="summary">检查时间 {html.escape(when)}：{len(by_page)} 个页面有问题，共 {errors} 个错误、'
           f"{len(findings) - errors} 个警告，{len(suppressed)} 处豁免。错误须改正后页面才能发布；警告请审核人留意。</p>"]
    if not findings:
        out.append("<p>没有发现问题。</p>")
    for path, items in by_page.items():
        title = _title(project, path)
        head = html.escape(title) if title else html.escape(path)
        n_err = sum(f.severity == ERROR for f in items)
        out.append(f'<h2>{head}</h2><p class="path">{html.escape(path)}　{n_err} 个错误、{len(items) - n_err} 个警告</p>')
        for f in items:
            level = "错误" if f.severity == ERROR else "警告"
            entry = texts.get(f.rule)
            source = _source_line(project, path, f.line)
            out.append(f'<div class="finding {html.escape(f.severity)}">')
            out.append(f'<p><span class="level">{level}</span> 第 {f.line} 行　{html.escape(f.rule)}'
                       + (f"　{html.escape(entry.title)}" if entry else "") + "</p>")
            if source is not None:
                out.append(f"<pre>{highlight(source, f)}</pre>")
            out.append(f"<p>{html.escape(f.message)}</p>")
            if entry:
                out.append(f'<p class="fix">修改：{html.escape(entry.fix)}</p>')
            out.append(f'<p class="article">依据：{html.escape(f.article)}</p></div>')
    if suppressed:
        out.append("<h2>豁免</h2><ul>")
        out += [f"<li>{html.escape(s.as_text())}</li>" for s in suppressed]
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"

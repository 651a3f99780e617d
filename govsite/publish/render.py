"""A unit page rendered as it will be published, without MkDocs: Python-Markdown with
the site's ``markdown_extensions`` (read from ``mkdocs.yml``), the page header the
build adds, and the sanitiser the build runs. Used by ``govsite review show --html``.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import markdown
import yaml

from govsite.publish.build import page_header
from govsite.review.show import Shown
from govsite.site.sanitize import sanitize_content


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold ``!!python/...`` and ``!ENV`` tags; they become None, so an
    extension option that needs Python objects falls back to its default."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_extensions(root: Path) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """(extension names, their options) from ``mkdocs.yml``'s ``markdown_extensions``."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return [], {}
    data = yaml.load(path.read_text("utf-8"), Loader=_TolerantLoader) or {}  # a SafeLoader subclass
    names: list[str] = []
    configs: dict[str, dict[str, Any]] = {}
    for entry in data.get("markdown_extensions") or []:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, dict):
            for name, options in entry.items():
                names.append(name)
                if isinstance(options, dict):
                    configs[name] = {k: v for k, v in options.items() if v is not None}
    return names, configs


def render_page(root: Path, meta: dict, body: str) -> str:
    names, configs = site_extensions(root)
    converter = markdown.Markdown(extensions=names, extension_configs=configs)
    return sanitize_content(converter.convert(page_header(meta) + body))


CSS = """
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.7}
.govsite-review{border:2px solid #b00;border-radius:6px;padding:.5rem 1rem;margin:1rem 0;background:#fff6f6}
.govsite-review.ok{border-color:#2a7;background:#f3fbf6}
.page{border:1px solid #ccc;padding:1rem 2rem;margin:1rem 0}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}
pre.diff{background:#f7f7f7;padding:.5rem;overflow:auto;white-space:pre-wrap}
.add{background:#dfd}.del{background:#fdd}.hunk{color:#777}
"""


def _diff_html(lines: list[str]) -> str:
    out = []
    for line in lines:
        cls = "hunk" if line.startswith("@@") else "add" if line.startswith("+") else "del" if line.startswith("-") else ""
        out.append(f'<span class="{cls}">{html.escape(line)}</span>' if cls else html.escape(line))
    return '<pre class="diff">' + "\n".join(out) + "</pre>"


def review_html(root: Path, shown: Shown, meta: dict, body: str, status_lines: list[str]) -> str:
    """One self-contained page: the review status, the page as published, the diffs."""
    title = html.escape(str(meta.get("title") or shown.rel))
    approved = shown.evaluation is not None and shown.evaluation.approved
    status = "".join(f"<li>{html.escape(line)}</li>" for line in status_lines)
    parts = [
        "<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>审阅：{title}</title><style>{CSS}</style></head><body>",
        f"<h1>{title}</h1>",
        f"<p>页面 <code>{html.escape(shown.rel)}</code>，签名所覆盖内容的哈希 <code>{html.escape(shown.hash)}</code></p>",
        f'<div class="govsite-review{" ok" if approved else ""}"><p><strong>'
        f'{"三审三校签名齐全" if approved else "签名不全或已失效"}</strong></p><ul>{status}</ul></div>',
        "<h2>发布后的样子</h2>", f'<div class="page">{render_page(root, meta, body)}</div>',
    ]
    for item in shown.stale:
        who = html.escape(f"{item.person.name}（{item.person.id}）")
        parts.append(f"<h2>{who} {html.escape(item.record.when[:10])} 签名以来的改动</h2>")
        if item.signed is None:
            parts.append(f"<p>签名时的内容（{html.escape(item.record.hash)}）不在 git 历史中，无法比较。</p>")
        else:
            parts.append(_diff_html(item.diff))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"

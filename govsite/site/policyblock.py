"""The information block at the top of every policy page (政策文件).

《政府网站发展指引》 and the national 检查指标 ask each policy document page to show, above
the text: 索引号, 发文机关, 成文日期, 发文字号, 发布日期, 主题分类 (where present) and 有效性;
the same fields fill the unit's 政府信息公开目录. A policy that was amended or repealed says so
at the top and links to what replaced it (``status: amended | repealed``,
``replaced_by:``).

The fields are an HTML table (escaped); the status line is Markdown so that its link to
the replacing page is resolved and validated by the build like any other link.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit
from enum import StrEnum

from govsite.core.dates import as_date


class PolicyStatus(StrEnum):
    """``status:`` of a policy page (有效性)."""

    VALID = "valid"
    AMENDED = "amended"
    REPEALED = "repealed"


STATUS_TEXT: dict[str, str] = {PolicyStatus.VALID: "有效", PolicyStatus.AMENDED: "已修改", PolicyStatus.REPEALED: "已废止"}


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def policy_block(meta: dict, unit_name: str) -> str:
    """The block for one policy page (empty when ``meta`` has nothing to show)."""
    issued = as_date(meta.get("issued"))
    published = as_date(meta.get("date"))
    rows = [
        ("索引号", meta.get("index_number") or ""),
        ("发文机关", meta.get("issuer") or unit_name),
        ("成文日期", issued.isoformat() if issued else ""),
        ("发文字号", meta.get("doc_number") or ""),
        ("发布日期", published.isoformat() if published else ""),
    ]
    if meta.get("topic"):
        rows.append(("主题分类", meta["topic"]))
    status = str(meta.get("status") or PolicyStatus.VALID)
    rows.append(("有效性", STATUS_TEXT.get(status, status)))
    cells = "".join(f"<tr><th scope=\"row\">{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
    block = f'<table class="govsite-policy-info"><caption>文件信息</caption><tbody>{cells}</tbody></table>\n\n'
    if status in (PolicyStatus.AMENDED, PolicyStatus.REPEALED):
        target = str(meta.get("replaced_by") or "").strip()
        if urlsplit(target).scheme not in ("", "http", "https"):
            target = ""  # a javascript:, data: or other address is never made a link
        label = "本文件已被修改" if status == PolicyStatus.AMENDED else "本文件已废止"
        link = f"，见[{_md_text(_target_title(target))}]({_md_target(target)})" if target else ""
        block = f'!!! warning "{label}"\n    {label}{link}。\n\n' + block
    return block


def _target_title(target: str) -> str:
    return "修改或废止本文件的文件" if target else ""


def _md_text(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def _md_target(target: str) -> str:
    # angle brackets keep spaces and parentheses inside the link target
    return "<" + target.replace("<", "%3C").replace(">", "%3E").replace("\n", "") + ">"

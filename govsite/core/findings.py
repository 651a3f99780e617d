"""Findings and how they are printed: text, JSON, GitHub annotations, SARIF.

The JSON shape is a contract (DESIGN.md): a list of
``{rule, category, severity, path, line, column, message, article}``.
"""

from __future__ import annotations

import json
import secrets
import unicodedata
from dataclasses import asdict, dataclass
from enum import StrEnum
from urllib.parse import quote


class Severity(StrEnum):
    """How bad a finding is; the value is the JSON spelling (``Severity.ERROR == "error"``)."""

    ERROR = "error"  # the page is not published (exit 1, the build stops)
    WARNING = "warning"  # reported; the page is published


ERROR, WARNING = Severity.ERROR, Severity.WARNING  # short names used throughout

CATEGORIES = (
    "file", "frontmatter", "review", "column", "ads", "source", "secret", "pii", "typo",
    "expression", "sensitive", "engagement", "policy-link", "deadline", "freshness",
    "date", "link", "html", "newmedia", "security",
)


_INVISIBLE = {"Cc", "Cf", "Zl", "Zp"}
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(value: str) -> str:
    """``value`` with every unprinted character written as an escape (``\\n``, ``\\x1b``,
    ``\\u202e``), so a name or a message from a page cannot start a new line, move the
    cursor or reorder text in a terminal, a log or a report."""
    if value.isprintable():
        return value
    out = []
    for ch in value:
        if unicodedata.category(ch) not in _INVISIBLE:
            out.append(ch)
        elif ch in _SHORT:
            out.append(_SHORT[ch])
        elif ord(ch) < 0x100:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(f"\\u{ord(ch):04x}")
    return "".join(out)


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    column: int
    rule: str
    category: str
    severity: Severity
    message: str
    article: str

    def as_json(self) -> dict[str, str | int]:
        d = asdict(self)
        return {k: d[k] for k in ("rule", "category", "severity", "path", "line", "column", "message", "article")}

    def as_text(self) -> str:
        level = "错误" if self.severity == ERROR else "警告"
        return f"{visible(self.path)}:{self.line}: {self.rule} [{level}] {visible(self.message)}（{self.article}）"


@dataclass(frozen=True)
class Suppressed:
    """A finding silenced in the page with ``<!-- govsite: allow CODE 原因 -->``."""

    finding: Finding
    reason: str
    line: int  # line of the suppression comment

    def as_text(self) -> str:
        f = self.finding
        return f"{visible(f.path)}:{f.line}: {f.rule} 已豁免（第 {self.line} 行注明理由：{visible(self.reason)}）"


# GitHub shows at most 10 error and 10 warning annotations per step, 50 per run;
# the rest are summarised so reviewers know the list is longer than what they see.
GITHUB_LIMIT_PER_LEVEL = 10


def _gh_escape(value: str, prop: bool = False) -> str:
    # The runner's own escaping for workflow commands (%25 %0D %0A; %3A %2C in properties),
    # then every other unprinted character made visible.
    value = visible(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_findings(findings: list[Finding], fmt: str, suppressed: list[Suppressed] | None = None) -> str:
    suppressed = suppressed or []
    if fmt == "json":
        return json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=2)
    if fmt == "github":
        out: list[str] = []
        counts = {ERROR: 0, WARNING: 0}
        for f in findings:
            counts[f.severity] += 1
            if counts[f.severity] > GITHUB_LIMIT_PER_LEVEL:
                continue
            props = f"file={_gh_escape(f.path, True)},line={f.line},col={f.column},title={_gh_escape(f.rule, True)}"
            out.append(f"::{f.severity} {props}::{_gh_escape(f.message + '（' + f.article + '）')}")
        hidden = sum(max(0, n - GITHUB_LIMIT_PER_LEVEL) for n in counts.values())
        if hidden:
            out.append(f"::notice::另有 {hidden} 条发现未显示为注释（平台每步最多显示 {GITHUB_LIMIT_PER_LEVEL} 条同级注释）；完整列表见本步骤日志")
            # The full list is plain text from the pages: the runner reads no workflow
            # command inside it (stop-commands with a token nobody can guess).
            token = secrets.token_hex(16)
            out.append(f"::stop-commands::{token}")
            out.extend(f.as_text() for f in findings)
            out.append(f"::{token}::")
        return "\n".join(out)
    if fmt == "sarif":
        return json.dumps(_sarif(findings), ensure_ascii=False, indent=2)
    lines = [f.as_text() for f in findings]
    lines += [s.as_text() for s in suppressed]
    errors = sum(f.severity == ERROR for f in findings)
    warnings = len(findings) - errors
    lines.append(f"共 {errors} 个错误，{warnings} 个警告，{len(suppressed)} 处豁免。")
    return "\n".join(lines)


def _sarif(findings: list[Finding]) -> dict:
    rules = sorted({(f.rule, f.category, f.article) for f in findings})
    return {
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {"driver": {"name": "govsite", "rules": [
                {"id": r, "properties": {"category": c, "article": a}} for r, c, a in rules]}},
            "results": [{
                "ruleId": f.rule,
                "level": f.severity,
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": quote(f.path, safe="/")},
                    "region": {"startLine": f.line, "startColumn": f.column}}}],
            } for f in findings],
        }],
    }

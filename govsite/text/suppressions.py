"""In-page suppressions: ``<!-- govsite: allow CODE[,CODE] 理由 -->``.

A suppression covers findings of the named codes on its own line and on the next
line. It must carry a reason (the reviewers sign it with the page); one without a
reason, or naming an unknown code, is itself a finding, and every suppression that
took effect is listed by ``govsite check``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govsite.core.pages import Page
from govsite.text.document import document

SUPPRESS_RE = re.compile(r"<!--\s*govsite:\s*allow\s+((?:[A-Za-z]{3}\d{3}\s*,?\s*)+)(.*?)\s*-->")
CODE_RE = re.compile(r"[A-Za-z]{3}\d{3}")


@dataclass(frozen=True)
class Suppression:
    line: int
    codes: tuple[str, ...]
    reason: str

    def covers(self, code: str, line: int) -> bool:
        return bool(self.reason) and code in self.codes and line in (self.line, self.line + 1)


def parse_suppressions(page: Page) -> list[Suppression]:
    """The page's suppressions: in the front-matter (a YAML comment ``# <!-- govsite: allow
    ... -->`` above the key), and the HTML comments of the body as the page's document
    parses them (the same text inside code is an example, not a suppression)."""
    if not page.text or "govsite" not in page.text:
        return []
    out = []
    head = page.text[:len(page.text) - len(page.body)]
    for m in SUPPRESS_RE.finditer(head):
        out.append(Suppression(page.line_of(m.start()), tuple(c.upper() for c in CODE_RE.findall(m.group(1))), m.group(2).strip()))
    if "govsite" not in page.body:
        return out
    doc = document(page)
    for start, end in doc.comments:
        found = SUPPRESS_RE.match(doc.body, start, end)
        if found:
            codes = tuple(c.upper() for c in CODE_RE.findall(found.group(1)))
            out.append(Suppression(doc.line(start), codes, found.group(2).strip()))
    return out

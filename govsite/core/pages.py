"""Reading a page: bytes, text, front-matter and body, each with its line numbers.

A page is ``units/<unit-id>/<column-id>/<slug>.md``. Reading never raises on content:
what cannot be decoded or parsed is recorded on the :class:`Page` for the file and
front-matter rules to report, so one bad page never hides the findings of another.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from govsite.core.paths import PagePath
from govsite.core.yamlio import Located, YamlSyntaxError, load_located

# Same delimiters as MkDocs (mkdocs.utils.meta): '---' line, YAML, '---' or '...' line.
FRONTMATTER_RE = re.compile(r"\A-{3}[ \t]*\n(.*?\n)?(?:-{3}|\.{3})[ \t]*(?:\n|\Z)", re.S)
OPENING_RE = re.compile(r"\A-{3}[ \t]*\n")


@dataclass
class Page:
    """One Markdown page as read from disk; never raises on bad content."""

    root: Path
    rel: str  # repository-relative POSIX path
    raw: bytes = b""
    read_error: str | None = None
    is_symlink: bool = False
    symlink_target: str | None = None
    text: str | None = None  # decoded, BOM removed, line endings normalised to \n
    decode_error: UnicodeDecodeError | None = None
    had_bom: bool = False
    had_crlf: bool = False
    has_frontmatter: bool = False
    frontmatter_text: str = ""
    frontmatter_line: int = 2  # file line of the first YAML line
    located: Located | None = None
    yaml_error: YamlSyntaxError | None = None
    unclosed_frontmatter: bool = False
    body: str = ""
    body_line: int = 1  # file line of the first body line
    _line_starts: list[int] = field(default_factory=list, repr=False)

    # -- identity -------------------------------------------------------------
    @property
    def path(self) -> Path:
        return self.root / self.rel

    @cached_property
    def page_path(self) -> PagePath:
        return PagePath(self.rel)

    @property
    def unit_id(self) -> str | None:
        return self.page_path.unit

    @property
    def column_id(self) -> str | None:
        return self.page_path.column

    @property
    def slug(self) -> str:
        return self.page_path.slug

    @property
    def url(self) -> str | None:
        """Served path, ``/<unit-id>/<column-id>/<slug>/`` (docs/design.md contract)."""
        return self.page_path.url

    # -- content --------------------------------------------------------------
    @property
    def meta(self) -> dict[str, Any]:
        """Front-matter as a mapping; empty when missing or malformed."""
        data = self.located.data if self.located else None
        return data if isinstance(data, dict) else {}

    def key_line(self, *path: Any) -> int:
        """File line of a front-matter key (or of the front-matter start)."""
        if self.located is None:
            return 1
        return self.frontmatter_line - 1 + self.located.line(*path, default=1)

    def line_of(self, offset: int) -> int:
        """File line (1-based) of a character offset into :attr:`text`."""
        return bisect.bisect_right(self._line_starts, offset)

    def body_offset_line(self, offset: int) -> int:
        """File line of a character offset into :attr:`body`."""
        return self.body_line + self.body.count("\n", 0, offset)


def read_page(root: Path, rel: str) -> Page:
    page = Page(root=root, rel=rel)
    path = root / rel
    try:
        if path.is_symlink():
            page.is_symlink = True
            page.symlink_target = str(path.resolve())
        page.raw = path.read_bytes()
    except OSError as err:
        page.read_error = err.strerror or str(err)
        return page
    _decode(page)
    return page


def page_from_bytes(root: Path, rel: str, raw: bytes) -> Page:
    """A page from bytes not (yet) on disk, e.g. a git blob or a fixture."""
    page = Page(root=root, rel=rel, raw=raw)
    _decode(page)
    return page


def _decode(page: Page) -> None:
    raw = page.raw
    if raw.startswith(b"\xef\xbb\xbf"):
        page.had_bom = True
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        page.decode_error = err
        return
    if "\r" in text:
        page.had_crlf = "\r\n" in text
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    page.text = text
    page._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    _split(page)


def _split(page: Page) -> None:
    text = page.text or ""
    match = FRONTMATTER_RE.match(text)
    if match is None:
        if OPENING_RE.match(text):
            page.unclosed_frontmatter = True
        page.body, page.body_line = text, 1
        return
    page.has_frontmatter = True
    page.frontmatter_text = match.group(1) or ""
    page.body = text[match.end():]
    page.body_line = text.count("\n", 0, match.end()) + 1
    try:
        page.located = load_located(page.frontmatter_text)
    except YamlSyntaxError as err:
        page.yaml_error = err

"""Reading a page: bytes, text, front-matter and body, each with its line numbers.

A page is ``units/<unit-id>/<column-id>/<slug>.md``. Reading never raises on content:
what cannot be decoded or parsed is recorded on the :class:`Page` for the file and
front-matter rules to report, so one bad page never hides the findings of another.

A page over the :class:`Limits` (size, longest line; ``limits:`` in govsite.yml) is
not parsed at all: a file larger than the limit is not even read, a line longer than
the limit stops reading before the front-matter. :attr:`Page.over_limit` says why, the
engine runs only the file rules on it (FIL011), and every reader of other pages (lists,
links, the typo archive) sees an empty page, so one huge file never slows the checks
of the others.
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


@dataclass(frozen=True)
class Limits:
    """How large a page may be before govsite refuses to parse it."""

    page_bytes: int = 2 * 1024 * 1024
    line_chars: int = 100_000


DEFAULT_LIMITS = Limits()


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
    over_limit: tuple[int, str] | None = None  # (line, Chinese reason): not parsed, FIL011
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
        return self.body_position(offset)[0]

    def body_position(self, offset: int) -> tuple[int, int]:
        """(file line, 1-based column) of a character offset into :attr:`body`, by
        bisection: rules place thousands of hits on a page, and counting line breaks
        from the start for each one made a hostile page quadratic."""
        if not self._line_starts:
            return self.body_line + self.body.count("\n", 0, offset), offset - self.body.rfind("\n", 0, offset)
        pos = len(self.text or "") - len(self.body) + offset
        line = bisect.bisect_right(self._line_starts, pos)
        return line, pos - self._line_starts[line - 1] + 1


def _size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def _too_big(size: int, limits: Limits) -> str | None:
    if size <= limits.page_bytes:
        return None
    return (f"页面文件有 {_size_text(size)}，超过上限 {_size_text(limits.page_bytes)}，未做任何检查也不能发布；"
            "请把内容拆成多个页面，或把数据作为附件（PDF、表格）上传")


def read_page(root: Path, rel: str, limits: Limits = DEFAULT_LIMITS) -> Page:
    page = Page(root=root, rel=rel)
    path = root / rel
    try:
        if path.is_symlink():
            page.is_symlink = True
            page.symlink_target = str(path.resolve())
        reason = _too_big(path.stat().st_size, limits)
        if reason:
            page.over_limit = (1, reason)
            return page
        with path.open("rb") as fh:  # bounded: the file may have grown since stat
            page.raw = fh.read(limits.page_bytes + 1)
    except OSError as err:
        page.read_error = err.strerror or str(err)
        return page
    reason = _too_big(len(page.raw), limits)
    if reason:
        page.over_limit, page.raw = (1, reason), b""
        return page
    _decode(page, limits)
    return page


def page_from_bytes(root: Path, rel: str, raw: bytes, limits: Limits = DEFAULT_LIMITS) -> Page:
    """A page from bytes not (yet) on disk, e.g. a git blob or a fixture."""
    page = Page(root=root, rel=rel, raw=raw)
    reason = _too_big(len(raw), limits)
    if reason:
        page.over_limit, page.raw = (1, reason), b""
        return page
    _decode(page, limits)
    return page


def _longest_line(text: str) -> tuple[int, int]:
    """(1-based line, length) of the longest line."""
    lines = text.split("\n")
    length = max(map(len, lines))
    return lines.index(next(line for line in lines if len(line) == length)) + 1, length


def _decode(page: Page, limits: Limits = DEFAULT_LIMITS) -> None:
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
    if _may_be_too_long(raw, limits):
        line, length = _longest_line(text)
        if length > limits.line_chars:
            page.over_limit = (line, f"第 {line} 行有 {length} 个字符，超过每行上限 {limits.line_chars}，页面未做任何检查也不能发布；"
                                     "请在句末或段落之间换行，表格数据请作为附件上传")
            return
    page.text = text
    page._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    _split(page)


def _may_be_too_long(raw: bytes, limits: Limits) -> bool:
    """A line of n characters has at least n bytes: only a page with a long line of
    bytes needs its characters counted."""
    return len(raw) > limits.line_chars and max(map(len, raw.split(b"\n"))) > limits.line_chars


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

"""Post logs (发布记录): what an account published, as the platforms' back-ends export it.

第十二条 counts every update of an account, and most of them are written on the
platform, not in the repository. An operator exports the account's publishing record
from the back-end (微信公众平台 “发表记录 / 内容分析” 导出, 微博 “数据助手” 导出, 抖音
“创作者服务中心 · 作品数据” 导出) and runs ``govsite newmedia import``; the rows are
normalised into ``units/<unit>/newmedia/<account>/posts.csv`` (UTF-8, ``time,title,link``,
sorted, one row per post), which is committed and reviewed like any content.

Exports differ in column names and encodings (the WeChat back-end writes GBK, others
UTF-8 with a BOM): the reader recognises the columns by their Chinese headers, accepts
both encodings, and refuses the whole file on a malformed row, naming its line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from govsite.core.errors import GovsiteError

LOG_NAME = "posts.csv"  # units/<unit>/newmedia/<account>/posts.csv
LOG_HEADER = ("time", "title", "link")
MAX_BYTES = 5 * 1024 * 1024  # a year of daily posts is ~50 KB; anything far bigger is not a post log

# Column names as the back-ends write them (first match wins), and the normalised log's own.
TIME_HEADERS = ("time", "发表时间", "发布时间", "群发时间", "推送时间", "创建时间", "发布日期", "日期", "时间")
TITLE_HEADERS = ("title", "标题", "内容标题", "文章标题", "图文标题", "微博内容", "微博正文", "作品名称", "作品标题", "作品描述", "内容")
LINK_HEADERS = ("link", "链接", "内容链接", "文章链接", "原文链接", "图文链接", "微博链接", "作品链接", "url", "URL", "地址")

_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
                 "%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日")
_SPACE_RE = re.compile(r"\s+")


class PostLogError(GovsiteError):
    """A post-log export that cannot be imported; names the file and lines."""


@dataclass(frozen=True, order=True)
class LogEntry:
    when: dt.datetime
    title: str
    link: str
    line: int = 0  # line in the file it was read from (not part of identity for dedupe)

    @property
    def key(self) -> tuple[str, str]:
        """What makes two rows the same post: its link, else its minute and title."""
        return (self.link, "") if self.link else (self.when.strftime("%Y-%m-%d %H:%M"), self.title)

    def row(self) -> list[str]:
        return [self.when.strftime("%Y-%m-%d %H:%M"), _cell(self.title), self.link]


# A cell a spreadsheet would run as a formula (=HYPERLINK(...), +cmd …) when an office opens
# the committed log: written with a leading apostrophe, which Excel and WPS show as text,
# and read back without it.
_FORMULA_START = ("=", "+", "-", "@")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _uncell(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of the GBK the WeChat back-end writes)."""
    for codec in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("utf-8", raw, 0, 1, "neither UTF-8 nor GB18030")


def parse_time(text: str) -> dt.datetime | None:
    value = _SPACE_RE.sub(" ", text.strip())
    for fmt in _TIME_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
    try:
        return dt.datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        return None


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    cleaned = [h.strip() for h in header]
    for name in names:
        if name in cleaned:
            return cleaned.index(name)
    return None


def parse(raw: bytes) -> tuple[list[LogEntry], list[tuple[int, str]]]:
    """Rows of an export or of a normalised log, and the problems (line, Chinese message).
    Never raises on content: the import refuses a file with problems, the cadence rule
    reports them."""
    if len(raw) > MAX_BYTES:
        return [], [(1, f"文件超过 {MAX_BYTES // 1024 // 1024} MB，不是发布记录导出文件；请只导出发布记录")]
    try:
        text = decode(raw)
    except UnicodeDecodeError:
        return [], [(1, "文件编码既不是 UTF-8 也不是 GBK；请从平台后台重新导出，或另存为 UTF-8 的 CSV")]
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    try:
        # some back-ends write a title line ("图文群发数据 2026-11-01 至 2026-11-30") above the header
        for row in reader:
            if _column(row, TIME_HEADERS) is not None and _column(row, TITLE_HEADERS) is not None:
                header = row
                break
            if reader.line_num > 5:
                break
    except csv.Error as err:
        return [], [(reader.line_num or 1, f"CSV 格式错误：{err}")]
    if header is None:
        return [], [(1, f"找不到表头：须有发布时间列（{'、'.join(TIME_HEADERS[1:4])}等）和标题列（"
                        f"{'、'.join(TITLE_HEADERS[1:4])}等）；请从平台后台导出发布记录，不要修改表头")]
    at_time, at_title = _column(header, TIME_HEADERS), _column(header, TITLE_HEADERS)
    at_link = _column(header, LINK_HEADERS)
    assert at_time is not None and at_title is not None
    entries: list[LogEntry] = []
    problems: list[tuple[int, str]] = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) <= max(at_time, at_title):
                problems.append((line, f"本行只有 {len(row)} 列，缺少发布时间或标题；请删除该行或从平台重新导出"))
                continue
            when = parse_time(row[at_time])
            title = _uncell(_SPACE_RE.sub(" ", row[at_title]).strip())
            link = row[at_link].strip() if at_link is not None and at_link < len(row) else ""
            if when is None:
                problems.append((line, f"发布时间 {row[at_time][:40]!r} 无法识别；应写成 2026-11-30 18:30 这样的日期时间"))
            elif not title:
                problems.append((line, "标题为空；请补上标题或删除该行"))
            elif link and not link.startswith(("https://", "http://")):
                problems.append((line, f"链接 {link[:60]!r} 不是 http(s) 网址；请改为平台上的文章地址或留空"))
            else:
                entries.append(LogEntry(when, title[:500], link[:2000], line))
    except csv.Error as err:
        problems.append((reader.line_num, f"CSV 格式错误：{err}；请从平台后台重新导出"))
    return entries, problems


def merged(existing: list[LogEntry], new: list[LogEntry]) -> list[LogEntry]:
    """Both lists as one log: duplicates (same link, or same minute and title) once, by time."""
    seen: dict[tuple[str, str], LogEntry] = {}
    for entry in existing + new:
        seen.setdefault(entry.key, entry)
    return sorted(seen.values(), key=lambda e: (e.when, e.title, e.link))


def render(entries: list[LogEntry]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(LOG_HEADER)
    for entry in entries:
        writer.writerow(entry.row())
    return out.getvalue()


def import_export(source: Path, target: Path, source_name: str, target_rel: str) -> tuple[int, int]:
    """Merge the export ``source`` into the log ``target``; (rows read, rows added).
    Refuses the whole file on any malformed row, naming each one."""
    try:
        raw = source.read_bytes()
    except OSError as err:
        raise PostLogError(f"{source_name}: 无法读取（{err.strerror}）") from None
    entries, problems = parse(raw)
    if problems:
        lines = "\n".join(f"{source_name}:{line}: {message}" for line, message in problems)
        raise PostLogError(f"{lines}\n发布记录未导入；请改正以上各行后重新运行")
    existing: list[LogEntry] = []
    if target.is_file():
        old, old_problems = parse(target.read_bytes())
        if old_problems:
            lines = "\n".join(f"{target_rel}:{line}: {message}" for line, message in old_problems)
            raise PostLogError(f"{lines}\n已有的发布记录有误，未导入；请先改正")
        existing = old
    result = merged(existing, entries)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(result), "utf-8")
    return len(entries), len(result) - len(existing)

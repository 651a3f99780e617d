"""Attachments: the allow-list of file types and the checks of one file's bytes.

The allow-list is data (``govsite/data/attachments.yml``, extended by the files that
``govsite.yml`` names under ``attachments.types``). A type is known by its extension
and proven by its first bytes (magic); a scanner per type looks for active content
(PDF JavaScript and launch actions, Office macros, HTML disguised as text). Scanners
read the bytes only: nothing is rendered, executed or unpacked to disk.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from govsite.core.errors import ConfigError
from govsite.core.yamlio import Located, load_config_file, load_config_text

if TYPE_CHECKING:
    from govsite.core.settings import Settings

PAGE_SUFFIX = ".md"
# Every other suffix Python-Markdown tools, MkDocs (mkdocs.utils.markdown_extensions)
# or a forge would render as a page: one page format (.md) keeps the gate's view whole.
OTHER_MARKDOWN = frozenset({".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn", ".mdtxt", ".mdtext", ".rmd"})
# Files a browser runs under the portal's domain: never published, whatever their content.
ACTIVE = frozenset({".html", ".htm", ".xhtml", ".shtml", ".xht", ".svg", ".svgz", ".js", ".mjs", ".cjs",
                    ".css", ".xml", ".xsl", ".xslt", ".swf", ".jsp", ".php", ".asp", ".aspx", ".wasm", ".map"})
DATA_FILE = "attachments.yml"
KINDS = ("document", "image", "audio", "video")
SCANS = ("pdf", "ole", "ooxml", "office", "ofd", "text", "none")
MB = 1024 * 1024
NAME_MAX = 120  # characters; longer names break downloads on Windows and in zip exports


@dataclass(frozen=True)
class AttachmentType:
    ext: str
    kind: str
    label: str
    magic: tuple[tuple[tuple[int, bytes], ...], ...]  # alternatives of (offset, bytes) parts
    scan: str

    def matches(self, head: bytes) -> bool:
        if not self.magic:
            return True
        return any(all(head[o:o + len(b)] == b for o, b in alt) for alt in self.magic)


@dataclass(frozen=True)
class AttachmentTypes:
    types: dict[str, AttachmentType]
    max_size: int  # bytes

    def of(self, name: str) -> AttachmentType | None:
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        return self.types.get(ext)

    def listed(self) -> str:
        return "、".join(sorted(self.types))


def _parse(data: object, rel: str, located: Located) -> dict[str, AttachmentType]:
    def bad(what: str, *path: object) -> ConfigError:
        return ConfigError(rel, located.line(*path), what, "格式见 govsite/data/attachments.yml 的说明")

    types = data.get("types") if isinstance(data, dict) else None
    if not isinstance(types, dict):
        raise bad("应有 types: 映射（扩展名: {kind, label, magic, scan}）")
    out = {}
    for ext, spec in types.items():
        ext = str(ext).lower()
        if not re.fullmatch(r"[a-z0-9]{1,8}", ext) or f".{ext}" in _never():
            raise bad(f"扩展名 {ext!r} 不能作为附件类型", "types", ext)
        if not isinstance(spec, dict) or spec.get("kind") not in KINDS or spec.get("scan") not in SCANS:
            raise bad(f"{ext}: 须有 kind（{' | '.join(KINDS)}）和 scan（{' | '.join(SCANS)}）", "types", ext)
        alternatives = []
        for alt in spec.get("magic") or []:
            parts = []
            for part in alt if isinstance(alt, list) else [alt]:
                m = re.fullmatch(r"(\d{1,4}):((?:[0-9a-fA-F]{2})+)", str(part))
                if not m:
                    raise bad(f"{ext}: magic 的 {part!r} 应写成 偏移:十六进制，如 0:25504446", "types", ext)
                parts.append((int(m.group(1)), bytes.fromhex(m.group(2))))
            alternatives.append(tuple(parts))
        if not alternatives and spec["scan"] != "text":
            raise bad(f"{ext}: 非文本类型须给出 magic（文件头特征）", "types", ext)
        out[ext] = AttachmentType(ext, spec["kind"], str(spec.get("label") or ext), tuple(alternatives), spec["scan"])
    return out


def _never() -> frozenset[str]:
    return ACTIVE | OTHER_MARKDOWN | {PAGE_SUFFIX, ".yml", ".yaml"}


@lru_cache(maxsize=1)
def builtin_types() -> dict[str, AttachmentType]:
    text = resources.files("govsite.data").joinpath(DATA_FILE).read_text("utf-8")
    located = load_config_text(text, f"govsite/data/{DATA_FILE}")
    return _parse(located.data, f"govsite/data/{DATA_FILE}", located)


def load_types(root: Path, settings: Settings) -> AttachmentTypes:
    """The built-in allow-list, extended by the files govsite.yml names."""
    types = dict(builtin_types())
    for rel in settings.attachments.types:
        located = load_config_file(root / rel, rel)
        types.update(_parse(located.data, rel, located))
    return AttachmentTypes(types, settings.attachments.max_size_mb * MB)


# -- names ------------------------------------------------------------------------------
_UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\\:*?\"<>|]")


def name_problem(name: str) -> str | None:
    """Why a file name is unsafe to publish, or None."""
    bad = _UNSAFE_CHARS.search(name)
    if bad:
        return f"含有控制字符或不允许的字符 U+{ord(bad.group()):04X}"
    if name.startswith("."):
        return "以“.”开头（隐藏文件）"
    if name.startswith("-"):
        return "以“-”开头（会被命令行当作选项）"
    if name != name.strip():
        return "首尾有空白"
    if len(name) > NAME_MAX or len(name.encode("utf-8")) > 240:
        return f"过长（{len(name)} 个字符，上限 {NAME_MAX}）"
    return None


# -- type by content ----------------------------------------------------------------------
_MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta|\?xml|a\s|img\s|style)", re.I)


def is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def looks_like_markup(head: bytes) -> bool:
    """A browser that sniffs content would render these bytes as a web page."""
    return bool(_MARKUP.search(head[:1024]))


def type_problem(kind: AttachmentType, head: bytes) -> str | None:
    """Why the first bytes do not prove the file's type, or None."""
    if kind.scan == "text":
        if not is_text(head[:4096].rsplit(b"\n", 1)[0] if len(head) >= 4096 else head):
            return f"扩展名是 .{kind.ext}，内容却不是文本"
        if looks_like_markup(head):
            return f"扩展名是 .{kind.ext}，内容却是网页代码（HTML/SVG）"
        return None
    if not kind.matches(head):
        what = "网页代码（HTML/SVG）" if looks_like_markup(head) else "其他格式"
        return f"扩展名是 .{kind.ext}，文件头却不是 {kind.label}（实际为{what}）"
    return None


# -- active content ---------------------------------------------------------------------------
_PDF_NAME_ESC = re.compile(rb"#([0-9a-fA-F]{2})")
_PDF_ACTIVE = re.compile(rb"/(JS|JavaScript|Launch|EmbeddedFile|RichMedia|XFA|ImportData|SubmitForm|GoToE)(?![A-Za-z])")
_PDF_STREAM = re.compile(rb"stream\r?\n")
_INFLATE_BUDGET = 64 * MB  # total inflated bytes looked at per PDF


def _pdf_active(data: bytes) -> str | None:
    def find(chunk: bytes) -> str | None:
        chunk = _PDF_NAME_ESC.sub(lambda m: bytes([int(m.group(1), 16)]), chunk)  # /J#53 is /JS
        m = _PDF_ACTIVE.search(chunk)
        return m.group(1).decode() if m else None

    hit = find(data)
    if hit:
        return hit
    budget = _INFLATE_BUDGET
    for m in _PDF_STREAM.finditer(data):
        end = data.find(b"endstream", m.end())
        if end < 0 or budget <= 0:
            break
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(data[m.end():end], budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        hit = find(inflated)
        if hit:
            return hit
    return None


_OLE_MACRO = [name.encode("utf-16-le") for name in ("_VBA_PROJECT", "VBA", "Macros", "Ole10Native")]


def _ole_active(data: bytes) -> str | None:
    for needle in _OLE_MACRO:
        if needle in data:
            return needle.decode("utf-16-le")
    return None


def _zip_names(data: bytes) -> list[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError):
        return None


def _ooxml_active(data: bytes) -> str | None:
    names = _zip_names(data)
    if names is None:
        return "无法作为 Office 文档打开"
    for name in names:
        low = name.lower()
        if low.endswith(("vbaproject.bin", "vbadata.xml")) or "/activex/" in f"/{low}" or low.endswith(".bin") and "vba" in low:
            return name
    return None


def _ofd_active(data: bytes) -> str | None:
    names = _zip_names(data)
    if names is None:
        return "无法作为 OFD 文档打开"
    for name in names:
        if any(name.lower().endswith(s) for s in ACTIVE - {".xml", ".css"}):
            return name
    return None


def active_problem(kind: AttachmentType, data: bytes) -> str | None:
    """Which active content the file carries, or None."""
    if kind.scan == "pdf":
        found = _pdf_active(data)
        return f"PDF 中含有可执行内容 /{found}（脚本、启动程序或嵌入文件）" if found else None
    if kind.scan in ("ole", "office") and data.startswith(bytes.fromhex("d0cf11e0a1b11ae1")):
        found = _ole_active(data)
        return f"文档中含有宏或嵌入程序（{found}）" if found else None
    if kind.scan in ("ooxml", "office"):
        found = _ooxml_active(data)
        return f"文档中含有宏或 ActiveX 控件（{found}）" if found else None
    if kind.scan == "ofd":
        found = _ofd_active(data)
        return f"OFD 文档中含有脚本或网页（{found}）" if found else None
    if kind.scan == "text" and (b"<script" in data.lower() or b"javascript:" in data.lower()):
        return "文本中含有脚本代码"
    return None

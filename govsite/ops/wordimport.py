"""A Word document (.docx, also as saved by WPS) in as a page: ``govsite import``.

mammoth reads the document (it keeps the structure: headings, numbered and bulleted
lists, tables, bold and italic, links, images) as HTML; this module turns that HTML
into the Markdown of a page, and fills the front-matter from what it can read:

* ``title``: the document's Title or first Heading 1 paragraph, else its title
  property, else its first paragraph (and that paragraph leaves the body);
* ``doc_number`` (文号, e.g. 黔江财发〔2026〕12号) from a paragraph that is one;
* ``issued`` (成文日期) from the last paragraph that is a date (2026年11月20日).

Images are saved as attachments beside the page (``<slug>/image1.png``). A document is
as hostile as any other content: its text is escaped for Markdown (no raw HTML gets
through), links keep only http(s)/mailto addresses, and the page then goes through
``govsite check`` and the review gate like every other.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

from govsite.core.errors import GovsiteError, UsageError
from govsite.core.project import Project
from govsite.ops.scaffold import default_slug, scaffold

STYLE_MAP = "p[style-name='Title'] => h1:fresh\np[style-name='标题'] => h1:fresh\np[style-name='Subtitle'] => h2:fresh"
DOC_NUMBER = re.compile(r"^\s*([\u4e00-\u9fff]{2,12}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号)\s*$")
CN_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/bmp": "bmp"}
SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.I)


# -- the HTML mammoth writes, as a small tree ---------------------------------------
@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)


class _Tree(HTMLParser):
    VOID = {"br", "img", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Node:
    tree = _Tree()
    tree.feed(text)
    tree.close()
    return tree.root


# -- Markdown --------------------------------------------------------------------------
def escape(text: str) -> str:
    """Text as Markdown shows it literally: no emphasis, no code, no raw HTML."""
    text = text.replace("\\", "\\\\")
    for ch in "*_`[]":
        text = text.replace(ch, "\\" + ch)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(node: Node | str) -> str:
    if isinstance(node, str):
        return node
    return "".join(plain(c) for c in node.children)


def inline(node: Node | str) -> str:
    if isinstance(node, str):
        return escape(node.replace("\n", " "))
    inner = "".join(inline(c) for c in node.children)
    if node.tag in ("strong", "b") and inner.strip():
        return f"**{inner}**"
    if node.tag in ("em", "i") and inner.strip():
        return f"*{inner}*"
    if node.tag == "br":
        return "<br>"
    if node.tag == "a":
        href = node.attrs.get("href", "")
        return f"[{inner}](<{href}>)" if SAFE_LINK.match(href) and ">" not in href else inner
    if node.tag == "img":
        src = node.attrs.get("src", "")
        return f"![{escape(node.attrs.get('alt', ''))}]({src})" if src and "://" not in src else ""
    return inner


def _list(node: Node, depth: int) -> list[str]:
    out = []
    number = 0
    for child in node.children:
        if not isinstance(child, Node) or child.tag != "li":
            continue
        number += 1
        marker = f"{number}." if node.tag == "ol" else "-"
        text = "".join(inline(c) for c in child.children if not (isinstance(c, Node) and c.tag in ("ol", "ul", "p")))
        text += " ".join(inline(c) for c in child.children if isinstance(c, Node) and c.tag == "p")
        out.append("    " * depth + f"{marker} {text.strip()}")
        for sub in child.children:
            if isinstance(sub, Node) and sub.tag in ("ol", "ul"):
                out += _list(sub, depth + 1)
    return out


def _cell(node: Node) -> str:
    parts = [inline(c).strip() if isinstance(c, Node) and c.tag == "p" else inline(c).strip() for c in node.children]
    return "<br>".join(p for p in parts if p).replace("|", "\\|")


def _table(node: Node) -> list[str]:
    rows: list[list[str]] = []

    def walk(n: Node) -> None:
        for c in n.children:
            if isinstance(c, Node):
                if c.tag == "tr":
                    rows.append([_cell(td) for td in c.children if isinstance(td, Node) and td.tag in ("td", "th")])
                else:
                    walk(c)

    walk(node)
    if not rows:
        return []
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    out = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return out


def to_markdown(root: Node) -> str:
    blocks: list[str] = []
    for node in root.children:
        if isinstance(node, str):
            if node.strip():
                blocks.append(escape(node.strip()))
            continue
        if node.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = min(int(node.tag[1]) + 1, 6)  # the page title is the h1
            blocks.append("#" * level + " " + inline(node).strip())
        elif node.tag in ("ol", "ul"):
            blocks.append("\n".join(_list(node, 0)))
        elif node.tag == "table":
            blocks.append("\n".join(_table(node)))
        else:
            text = inline(node).strip()
            if text:
                blocks.append(text)
    return "\n\n".join(b for b in blocks if b) + "\n"


# -- the document ------------------------------------------------------------------------
@dataclass
class Imported:
    rel: str
    attachments: list[str]
    title: str
    doc_number: str
    issued: dt.date | None
    messages: list[str]


def core_title(path: Path) -> str:
    """The document's title property (docProps/core.xml), or ''."""
    try:
        with zipfile.ZipFile(path) as z:
            data = z.read("docProps/core.xml")
    except (KeyError, OSError, zipfile.BadZipFile):
        return ""
    try:
        found = ElementTree.fromstring(data).find("{http://purl.org/dc/elements/1.1/}title")
    except ElementTree.ParseError:
        return ""
    return (found.text or "").strip() if found is not None else ""


def _take_metadata(root: Node, fallback_title: str) -> tuple[str, str, dt.date | None]:
    """Title, 文号 and 成文日期 read from the document; the paragraphs they came from leave the body."""
    kids = root.children
    title = ""
    for i, node in enumerate(kids):
        if isinstance(node, Node) and node.tag == "h1":
            title = plain(node).strip()
            del kids[i]
            break
    if not title:
        title = fallback_title
    if not title:
        for i, node in enumerate(kids):
            if isinstance(node, Node) and node.tag == "p" and plain(node).strip():
                title = plain(node).strip()
                del kids[i]
                break
    number = ""
    for i, node in enumerate(kids):
        if isinstance(node, Node) and node.tag == "p" and (m := DOC_NUMBER.match(plain(node))):
            number = re.sub(r"\s+", "", m.group(1))
            del kids[i]
            break
    issued = None
    for node in reversed(kids):
        if isinstance(node, Node) and node.tag == "p" and (m := CN_DATE.match(plain(node))):
            try:
                issued = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                pass
            break
    return title, number, issued


def import_docx(project: Project, source: Path, unit_id: str, column_id: str, *, slug: str | None = None,
                date: dt.date | None = None) -> Imported:
    import mammoth  # imported here: only this command needs it

    if not source.is_file():
        raise UsageError(f"{source}: 文件不存在")
    if not zipfile.is_zipfile(source):
        raise UsageError(f"{source}: 不是 .docx 文件（旧的 .doc 请先用 Word 或 WPS 另存为 .docx）")
    date = date or project.today
    images: list[tuple[str, bytes]] = []

    def convert_image(image):
        ext = IMAGE_TYPES.get(image.content_type)
        if ext is None:
            return {}  # an image type a browser may not show (emf, wmf): dropped, reported
        with image.open() as fh:
            images.append((f"image{len(images) + 1}.{ext}", fh.read()))
        return {"src": f"{{slug}}/{images[-1][0]}", "alt": image.alt_text or ""}

    try:
        with source.open("rb") as fh:
            result = mammoth.convert_to_html(fh, style_map=STYLE_MAP, convert_image=mammoth.images.img_element(convert_image))
    except Exception as err:  # a broken document is the user's problem, said in one line
        raise GovsiteError(f"{source}: 无法读取该 Word 文件（{type(err).__name__}）；请用 Word 或 WPS 打开后另存为 .docx 再导入") from None
    root = parse_html(result.value)
    title, number, issued = _take_metadata(root, core_title(source))
    if not title:
        raise GovsiteError(f"{source}: 文档中没有可作标题的文字")
    made = scaffold(project, unit_id, column_id, title, slug=slug, date=date)
    page_slug = made.rel.rsplit("/", 1)[-1][:-3]
    body = to_markdown(root).replace("{slug}/", f"{page_slug}/")
    head, _, _ = made.text.rpartition("<!--")
    text = head + body
    if number:
        text = re.sub(r"(?m)^doc_number: ''", "doc_number: " + _yaml_scalar(number), text, count=1)
    if issued:
        text = re.sub(r"(?m)^issued: ''", f"issued: {issued.isoformat()}", text, count=1)
    path = project.root / made.rel
    if path.exists():
        raise GovsiteError(f"{made.rel} 已存在，不会覆盖；请用 --slug 另取文件名")
    path.parent.mkdir(parents=True, exist_ok=True)
    written = []
    if images:
        folder = path.parent / page_slug
        folder.mkdir(exist_ok=True)
        for name, data in images:
            (folder / name).write_bytes(data)
            written.append(f"{made.rel.rsplit('/', 1)[0]}/{page_slug}/{name}")
    path.write_text(text, "utf-8")
    messages = [m.message for m in result.messages if m.type == "warning" and "Unrecognised" not in m.message]
    return Imported(made.rel, written, title, number, issued, messages)


def _yaml_scalar(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


__all__ = ["Imported", "default_slug", "import_docx", "to_markdown"]

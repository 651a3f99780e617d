"""A WeChat account's custom menu (第七条（四）): ``units/<unit>/newmedia/<account>/menu.json``.

The file is the body of WeChat's ``menu/create`` call, exactly as the platform takes it::

    {"button": [
      {"name": "政务公开", "sub_button": [
        {"type": "view", "name": "政务要闻", "url": "https://www.qianjiang.gov.cn/qzfb/gzdt/"},
        {"type": "view", "name": "政策文件", "url": "https://www.qianjiang.gov.cn/qzfb/zcwj/"}]},
      {"name": "政务服务", "sub_button": [
        {"type": "miniprogram", "name": "渝快办", "url": "https://kzp.cqykb.gov.cn/",
         "appid": "wx…", "pagepath": "pages/index/index"}]},
      {"name": "互动交流", "sub_button": [
        {"type": "view", "name": "公开信箱", "url": "https://www.qianjiang.gov.cn/hdjl/"}]}]}

Three checks, each a rule: :func:`format_problems` (the platform's own format and
limits: at most 3 main menus of at most 16 bytes, at most 5 sub-menus of at most 60
bytes, the fields each ``type`` needs, ``url`` at most 1024 bytes), :func:`structure_problems`
(the three main menus of 第七条（四） and their required items, ``govsite/data/wechat_menu.yml``)
and :func:`link_problems` (links to the government website point at pages it serves,
and the required items at the right columns). Every problem names the line of the JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from json import decoder, scanner
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from govsite.core.accounts import Account
from govsite.core.columns import standard_columns
from govsite.core.memo import memo
from govsite.core.schema import Issue, Opt, Schema
from govsite.core.yamlio import Located, load_config_text
from govsite.links.sitemap import SiteMap
from govsite.text.render import mkdocs_config

MENU_FILE = "menu.json"
DATA_FILE = "govsite/data/wechat_menu.yml"
MAX_MAIN, MAX_SUB = 3, 5
MAIN_NAME_BYTES, SUB_NAME_BYTES, URL_BYTES, KEY_BYTES = 16, 60, 1024, 128
MAX_FILE_BYTES = 64 * 1024
APPID_RE = re.compile(r"\Awx[0-9a-f]{16}\Z")
# menu/create button types and the fields each needs besides type and name
TYPE_FIELDS: dict[str, tuple[str, ...]] = {
    "click": ("key",), "view": ("url",), "miniprogram": ("url", "appid", "pagepath"),
    "scancode_push": ("key",), "scancode_waitmsg": ("key",), "pic_sysphoto": ("key",),
    "pic_photo_or_album": ("key",), "pic_weixin": ("key",), "location_select": ("key",),
    "media_id": ("media_id",), "view_limited": ("media_id",),
    "article_id": ("article_id",), "article_view_limited": ("article_id",),
}
BUTTON_KEYS = {"type", "name", "key", "url", "appid", "pagepath", "media_id", "article_id", "sub_button"}


def menu_rel(account: Account) -> str:
    return f"units/{account.unit_id}/newmedia/{account.id}/{MENU_FILE}"


# -- JSON with positions ---------------------------------------------------------------
class Node(dict):
    """A JSON object that knows where it stands in the text."""

    text: str
    start: int
    end: int
    duplicates: list[str]

    def line(self, key: str | None = None) -> int:
        at = self.start
        if key is not None:
            m = re.compile(r'"' + re.escape(json.dumps(key, ensure_ascii=False)[1:-1]) + r'"\s*:').search(self.text, self.start, self.end)
            at = m.start() if m else self.start
        return self.text.count("\n", 0, at) + 1


_JSON_OBJECT = vars(decoder)["JSONObject"]
_PY_SCANNER = vars(scanner)["py_make_scanner"]


def _decoder(text: str) -> json.JSONDecoder:
    dec = json.JSONDecoder()

    def parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None):
        s, end = s_and_end
        pairs, new_end = _JSON_OBJECT(s_and_end, strict, scan_once, None, lambda p: p, memo)
        node = Node()
        node.text, node.start, node.end, node.duplicates = text, end - 1, new_end, []
        for key, value in pairs:
            if key in node:
                node.duplicates.append(key)
            node[key] = value
        return node, new_end

    # The pure-Python scanner calls the decoder's parse_object (the C scanner would not);
    # neither attribute is in the typing stubs, hence vars().
    vars(dec)["parse_object"] = parse_object
    vars(dec)["scan_once"] = _PY_SCANNER(dec)
    return dec


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


@dataclass(frozen=True)
class Menu:
    root: Node | None  # None: not JSON, or not an object
    problem: Problem | None  # why it could not be read


def read_menu(raw: bytes) -> Menu:
    if len(raw) > MAX_FILE_BYTES:
        return Menu(None, Problem(1, f"菜单文件超过 {MAX_FILE_BYTES // 1024} KB，不是有效的菜单；请核对文件"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        return Menu(None, Problem(line, "菜单文件不是 UTF-8 编码；请用 UTF-8 保存"))
    try:
        root = _decoder(text).decode(text)
    except json.JSONDecodeError as err:
        return Menu(None, Problem(err.lineno, f"不是有效的 JSON（第 {err.colno} 列：{err.msg}）；"
                                              "请按微信 menu/create 接口的格式改正（可用 JSON 校验工具检查引号、逗号和括号）"))
    except RecursionError:
        return Menu(None, Problem(1, "JSON 嵌套过深，不是有效的菜单"))
    if not isinstance(root, Node):
        return Menu(None, Problem(1, '菜单应为 JSON 对象 {"button": [...]}，请按微信 menu/create 接口的格式书写'))
    return Menu(root, None)


def _web_address(url: str) -> bool:
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False


def _bytes(value: str) -> int:
    return len(value.encode("utf-8"))


def buttons(root: Node) -> list[Node]:
    value = root.get("button")
    return [b for b in value if isinstance(b, Node)] if isinstance(value, list) else []


def subs(button: Node) -> list[Node]:
    value = button.get("sub_button")
    return [b for b in value if isinstance(b, Node)] if isinstance(value, list) else []


# -- the platform's format and limits ---------------------------------------------------
def format_problems(menu: Menu) -> list[Problem]:
    if menu.root is None:
        return [menu.problem] if menu.problem else []
    root = menu.root
    out: list[Problem] = [Problem(root.line(k), f"键 {k!r} 重复出现；请只保留一个") for k in root.duplicates]
    for key in root:
        if key != "button":
            out.append(Problem(root.line(key), f"menu/create 的菜单只有 button 一个键，{key!r} 不是菜单的一部分；请删除"))
    value = root.get("button")
    if not isinstance(value, list):
        out.append(Problem(root.line("button" if "button" in root else None), '缺少 button 列表；菜单应写成 {"button": [主菜单…]}'))
        return out
    if not value or len(value) > MAX_MAIN:
        out.append(Problem(root.line("button"), f"主菜单应为 1 至 {MAX_MAIN} 个（微信限制），现有 {len(value)} 个；请调整"))
    for main in value:
        if not isinstance(main, Node):
            out.append(Problem(root.line("button"), "button 中的每一项都应是对象 {\"name\": …}；请改正"))
            continue
        out += _button(main, main=True)
    return out


def _button(node: Node, main: bool) -> list[Problem]:
    out = [Problem(node.line(k), f"键 {k!r} 重复出现；请只保留一个") for k in node.duplicates]
    what = "主菜单" if main else "子菜单"
    name = node.get("name")
    limit = MAIN_NAME_BYTES if main else SUB_NAME_BYTES
    if not isinstance(name, str) or not name.strip():
        out.append(Problem(node.line(), f"{what}缺少名称 name；请填写"))
        name = "?"
    elif _bytes(name) > limit:
        out.append(Problem(node.line("name"), f"{what}名称“{name}”有 {_bytes(name)} 字节，超过微信限制的 {limit} 字节"
                                              f"（约 {limit // 4 if main else limit // 3} 个汉字）；请缩短"))
    for key in node:
        if key not in BUTTON_KEYS:
            out.append(Problem(node.line(key), f"{what}“{name}”中的键 {key!r} 不是 menu/create 的字段；请删除或改正拼写"))
    if "sub_button" in node:
        children = node["sub_button"]
        if not main:
            out.append(Problem(node.line("sub_button"), f"子菜单“{name}”下不能再有 sub_button（微信菜单只有两级）；请删除"))
        elif not isinstance(children, list):
            out.append(Problem(node.line("sub_button"), f"主菜单“{name}”的 sub_button 应为列表；请改正"))
        else:
            if len(children) > MAX_SUB:
                out.append(Problem(node.line("sub_button"), f"主菜单“{name}”有 {len(children)} 个子菜单，超过微信限制的 {MAX_SUB} 个；请删减"))
            for child in children:
                if isinstance(child, Node):
                    out += _button(child, main=False)
                else:
                    out.append(Problem(node.line("sub_button"), f"主菜单“{name}”的子菜单都应是对象；请改正"))
            return out
    kind = node.get("type")
    if kind is None:
        out.append(Problem(node.line(), f"{what}“{name}”既没有 type 也没有 sub_button；请指定菜单类型（如 view）或添加子菜单"))
        return out
    if not isinstance(kind, str) or kind not in TYPE_FIELDS:
        out.append(Problem(node.line("type"), f"{what}“{name}”的 type {kind!r} 不是微信支持的菜单类型（{', '.join(TYPE_FIELDS)}）"))
        return out
    for field_name in TYPE_FIELDS[kind]:
        value = node.get(field_name)
        if not isinstance(value, str) or not value.strip():
            out.append(Problem(node.line(), f"{what}“{name}”（type: {kind}）缺少 {field_name}；请填写"))
    url = node.get("url")
    if isinstance(url, str) and url:
        if _bytes(url) > URL_BYTES:
            out.append(Problem(node.line("url"), f"{what}“{name}”的 url 超过 {URL_BYTES} 字节（微信限制）；请改用较短的地址"))
        if not _web_address(url):
            out.append(Problem(node.line("url"), f"{what}“{name}”的 url {url!r} 不是完整的网址；请写成 https://…"))
    key = node.get("key")
    if isinstance(key, str) and _bytes(key) > KEY_BYTES:
        out.append(Problem(node.line("key"), f"{what}“{name}”的 key 超过 {KEY_BYTES} 字节（微信限制）；请缩短"))
    appid = node.get("appid")
    if kind == "miniprogram" and isinstance(appid, str) and appid and not APPID_RE.fullmatch(appid):
        out.append(Problem(node.line("appid"), f"{what}“{name}”的 appid {appid!r} 不是小程序 AppID（wx 加 16 位十六进制）；请核对"))
    return out


# -- 第七条（四）: the required structure ------------------------------------------------------
class ItemSchema(Schema):
    name = Opt(str, required=True)
    """The sub-menu's name, exactly."""
    link = Opt(str, required=True, choices=("portal", "miniprogram"))
    """portal: a view link to the government website; miniprogram: a mini-program link."""
    columns = Opt(list, list, items=str)
    """portal: the column ids it may link to."""
    appid = Opt(str, "")
    """miniprogram: the AppID it must open (empty: any well-formed AppID)."""


class MainSchema(Schema):
    name = Opt(str, required=True)
    """The main menu's name, exactly."""
    items = Opt(list, list, items=ItemSchema)
    """Sub-menus it must have."""


class MenuRulesFile(Schema):
    menus = Opt(list, required=True, items=MainSchema)
    """The main menus 第七条（四） requires, exactly these."""

    def validate(self) -> Iterator[Issue]:
        names = [m.name for m in self.menus]
        if len(set(names)) != len(names) or not 1 <= len(names) <= MAX_MAIN:
            yield "menus", "主菜单名称须不重复，且为 1 至 3 个", "请核对 menus"


@lru_cache(maxsize=1)
def menu_rules() -> MenuRulesFile:
    text = resources.files("govsite.data").joinpath("wechat_menu.yml").read_text("utf-8")
    return load_menu_rules(load_config_text(text, DATA_FILE), DATA_FILE)


def load_menu_rules(located: Located, rel: str) -> MenuRulesFile:
    return MenuRulesFile.load(located.data, located, rel)


def _find(items: list[Node], name: str) -> Node | None:
    return next((i for i in items if isinstance(i.get("name"), str) and i["name"].strip() == name), None)


def structure_problems(menu: Menu) -> list[Problem]:
    if menu.root is None:
        return []
    root = menu.root
    mains = buttons(root)
    want = [m.name for m in menu_rules().menus]
    have = [m.get("name") for m in mains]
    out: list[Problem] = []
    if sorted(map(str, have)) != sorted(want):
        out.append(Problem(root.line("button" if "button" in root else None),
                           f"主菜单应恰为“{'”“'.join(want)}”3 个，现为“{'”“'.join(map(str, have))}”；请按第七条（四）设置"))
    for rule in menu_rules().menus:
        main = _find(mains, rule.name)
        if main is None:
            continue
        children = subs(main)
        for item in rule.items:
            sub = _find(children, item.name)
            if sub is None:
                out.append(Problem(main.line("sub_button" if "sub_button" in main else "name"),
                                   f"主菜单“{rule.name}”下缺少“{item.name}”子菜单；请按第七条（四）添加"
                                   + ("（type: view，链接政府网站相应栏目）" if item.link == "portal" else "（type: miniprogram，链接小程序）")))
                continue
            if item.link == "miniprogram":
                if sub.get("type") != "miniprogram":
                    out.append(Problem(sub.line("type" if "type" in sub else None),
                                       f"“{item.name}”应链接小程序：type 为 miniprogram，并填写 appid、pagepath 和备用网页 url"))
                elif item.appid and sub.get("appid") != item.appid:
                    out.append(Problem(sub.line("appid" if "appid" in sub else None),
                                       f"“{item.name}”的 appid 应为 {item.appid}（{item.name}小程序）；请改正"))
            elif sub.get("type") != "view":
                out.append(Problem(sub.line("type" if "type" in sub else None),
                                   f"“{item.name}”应以 type: view 链接政府网站相应栏目；请改正"))
    return out


# -- links to the government website ----------------------------------------------------------
@dataclass(frozen=True)
class Portal:
    """The government website as a menu sees it: its address and what it serves."""

    host: str
    prefix: str  # path of the site's root, e.g. "/"
    serves: object  # callable: site-absolute address -> bool
    column_address: object  # callable: (column id) -> served address of a link column, or None

    def own(self, url: str) -> str | None:
        """The site-absolute path of a URL on the portal, or None for another site."""
        if not _web_address(url):
            return None
        parts = urlsplit(url)
        if parts.hostname is None or parts.hostname.lower() != self.host:
            return None
        path = parts.path or "/"
        if not path.startswith(self.prefix):
            return None
        return "/" + path[len(self.prefix):].lstrip("/")


def link_problems(menu: Menu, portal: Portal) -> list[Problem]:
    if menu.root is None:
        return []
    out: list[Problem] = []
    required = {item.name: item for rule in menu_rules().menus for item in rule.items if item.link == "portal"}
    for main in buttons(menu.root):
        for node in [main] + subs(main):
            url = node.get("url")
            if node.get("type") not in ("view", "miniprogram") or not isinstance(url, str) or not url:
                continue
            name = str(node.get("name"))
            path = portal.own(url)
            item = required.get(name.strip()) if node is not main else None
            if path is None:
                if item is not None:
                    out.append(Problem(node.line("url"), f"“{name}”应链接政府网站（{portal.host}）的相应栏目，现链接 {url}；请改正"))
                continue
            if not portal.serves(path):  # type: ignore[operator]
                out.append(Problem(node.line("url"), f"“{name}”链接的 {url} 在政府网站上不存在；请改为存在的栏目或页面地址"))
                continue
            if item is not None and not _in_columns(path, item.columns, portal):
                wanted = "、".join(item.columns)
                out.append(Problem(node.line("url"), f"“{name}”应链接政府网站的相应栏目（{wanted}），现链接 {url}；请改正"))
    return out


def _in_columns(path: str, columns: list[str], portal: Portal) -> bool:
    parts = PurePosixPath(path).parts[1:]  # drop "/"
    for column in columns:
        address = portal.column_address(column)  # type: ignore[operator]
        if address is not None:
            if path.rstrip("/") == address.rstrip("/"):
                return True
        elif len(parts) >= 2 and parts[1] == column:
            return True
    return False


# -- reading an account's menu and the portal -----------------------------------------------
def account_menu(project, account: Account) -> Menu | None:
    """The account's menu.json as read (None: there is none). A link is never followed."""
    entry = project.tree_file(menu_rel(account))
    if entry is None:
        return None
    if entry.is_symlink:
        return Menu(None, Problem(1, "菜单文件不能是符号链接；请提交普通文件"))
    raw = entry.read(MAX_FILE_BYTES)
    if raw is None:
        return Menu(None, Problem(1, f"菜单文件无法读取或超过 {MAX_FILE_BYTES // 1024} KB；请核对文件"))
    return read_menu(raw)


def portal_of(project) -> Portal:
    """The portal's address (``site_url`` of mkdocs.yml, else ``https://www.<first portal
    domain>/``) and what it serves (:class:`~govsite.links.sitemap.SiteMap`)."""
    return memo(project, _portal)


def _portal(project) -> Portal:
    config = mkdocs_config(project.root) or {}
    site_url = config.get("site_url") if isinstance(config.get("site_url"), str) else ""
    if not site_url:
        domains = project.settings.portal.domains or []
        site_url = f"https://www.{domains[0]}/" if domains else "https://localhost/"
    parts = urlsplit(site_url)
    sitemap = SiteMap(project)
    links = {c.id: c.url for c in standard_columns() if c.kind == "link"}

    def column_address(column_id: str) -> str | None:
        url = links.get(column_id)
        if url is None:
            return None
        return SiteMap.served_url(url) if url.endswith(".md") else url

    return Portal((parts.hostname or "").lower(), parts.path or "/", sitemap.serves, column_address)

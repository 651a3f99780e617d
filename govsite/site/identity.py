"""The portal's identity on every page: the footer and the meta tags of the national 指引.

《政府网站发展指引》（国办发〔2017〕47号） asks every page of a government site to show who runs
it and how to reach them (主办单位 and contact, 网站标识码, the ICP and 公安 filing numbers
linked to their filing systems, the 党政机关网站 mark linked to its verification page,
我为政府网站找错 and 联系我们), and to carry meta tags that identify the site, the column
and the article to the national monitoring systems.

Everything comes from ``govsite.yml`` (``portal:``): a missing item stops the build with
a configuration error naming the key, since a portal without its identity fails the
national inspection. Marks are images the district supplies (their path under
``content/``); govsite ships no official artwork. Every value is escaped: the settings
are the platform owner's, but a pull request may still try to change them.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from urllib.parse import quote, urlparse

from govsite.core.errors import ConfigError
from govsite.core.project import CONTENT_DIR, Project
from govsite.core.settings import SETTINGS_FILE
from govsite.core.yamlio import load_config_file

MIIT_URL = "https://beian.miit.gov.cn/"
POLICE_URL = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"

FOOTER_KEYS = {
    "organizer": ("主办单位", "如 organizer: 重庆市黔江区人民政府办公室"),
    "contact": ("主办单位的联系方式", "如 contact: 联系电话：023-79222222"),
    "contact_url": ("“联系我们”的网址", "如 contact_url: /about/#联系我们"),
    "site_code": ("网站标识码", "如 site_code: \"5001140001\"（用引号，保留开头的 0）"),
    "icp": ("ICP 备案号", "如 icp: 渝ICP备05003300号"),
    "police_record": ("公安机关备案号", "如 police_record: 渝公网安备 50011402500001号"),
    "police_mark": ("公安备案标识图片", "把公安机关备案标识图片放在 content/ 下，如 police_mark: assets/marks/gaba.png"),
    "conac_mark": ("党政机关网站标识图片", "把开办资格标识图片放在 content/ 下，如 conac_mark: assets/marks/dzjg.png"),
    "conac_url": ("党政机关网站标识的核验网址", "填写事业单位登记管理机构发给的核验地址，如 conac_url: https://bszs.conac.cn/sitename?method=show&id=…"),
    "error_report_url": ("“我为政府网站找错”的网址", "填写全国政府网站找错平台为本站分配的地址"),
}


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


@dataclass(frozen=True)
class Identity:
    name: str
    organizer: str
    contact: str
    contact_url: str
    site_code: str
    icp: str
    police_record: str
    police_mark: str
    conac_mark: str
    conac_url: str
    error_report_url: str
    domain: str
    base: str  # the site's path prefix ("/" or "/portal/")
    emblem: str = ""  # image under content/ shown in the banner; "" when not configured

    @property
    def police_code(self) -> str:
        digits = re.findall(r"\d{8,}", self.police_record)
        return digits[0] if digits else ""


def identity(project: Project, site_url: str = "") -> Identity:
    """The portal's identity from ``govsite.yml``; ConfigError naming the first missing item."""
    portal = project.settings.portal
    missing = [key for key in FOOTER_KEYS if not str(getattr(portal, key, None) or "").strip()]
    line = None
    if missing:
        path = project.root / SETTINGS_FILE
        if path.exists():
            located = load_config_file(path, SETTINGS_FILE)
            line = located.line("portal")
        what, fix = FOOTER_KEYS[missing[0]]
        others = f"（另缺 {', '.join(missing[1:])}）" if missing[1:] else ""
        raise ConfigError(SETTINGS_FILE, line, f"portal 中缺少 {missing[0]}（{what}）{others}：门户每个页面的页脚都须显示",
                          f"请平台管理员在 govsite.yml 的 portal: 下补充，{fix}")
    for key in ("police_mark", "conac_mark", "emblem"):
        if key == "emblem" and not portal.emblem:
            continue  # optional: the banner shows the name alone
        rel = str(getattr(portal, key))
        target = (project.root / CONTENT_DIR / rel).resolve()
        if not target.is_file() or not target.is_relative_to((project.root / CONTENT_DIR).resolve()):
            raise ConfigError(SETTINGS_FILE, line, f"portal.{key} 指向的图片 content/{rel} 不存在",
                              "请把标识图片放到 content/ 下对应位置，或改正路径")
    for key in ("conac_url", "error_report_url"):
        if urlparse(str(getattr(portal, key))).scheme != "https":
            raise ConfigError(SETTINGS_FILE, line, f"portal.{key} 应为 https:// 开头的完整网址", "请填写发证机关给出的完整网址")
    base = urlparse(site_url).path or "/"
    return Identity(portal.name, portal.organizer, portal.contact, portal.contact_url, str(portal.site_code), portal.icp,
                    portal.police_record, portal.police_mark, portal.conac_mark, portal.conac_url,
                    portal.error_report_url, urlparse(site_url).netloc or (portal.domains or [""])[0],
                    base if base.endswith("/") else base + "/", portal.emblem or "")


def footer_html(ident: Identity, reports: tuple[tuple[str, str], ...] = ()) -> str:
    """The footer block (Material shows ``copyright`` at the foot of every page);
    ``reports`` are (label, site path) of published reports such as the patrol's."""
    def local(path: str) -> str:
        return _e(ident.base + path.lstrip("/"))

    police = POLICE_URL.format(code=quote(ident.police_code))
    return (
        '<div class="govsite-footer">'
        f'<a class="govsite-conac" href="{_e(ident.conac_url)}" target="_blank" rel="noopener">'
        f'<img src="{local(ident.conac_mark)}" alt="党政机关网站标识" width="44" height="53"></a>'
        '<div class="govsite-footer-text">'
        f"<p>主办：{_e(ident.organizer)}　{_e(ident.contact)}　网站标识码：{_e(ident.site_code)}</p>"
        f'<p><a href="{_e(MIIT_URL)}" target="_blank" rel="noopener">{_e(ident.icp)}</a>　'
        f'<a href="{_e(police)}" target="_blank" rel="noopener"><img src="{local(ident.police_mark)}" alt="公安备案标识" width="16" height="16"> {_e(ident.police_record)}</a></p>'
        f'<p><a href="{local(ident.contact_url)}">联系我们</a>　'
        f'<a href="{_e(ident.error_report_url)}" target="_blank" rel="noopener">我为政府网站找错</a>'
        + "".join(f'　<a href="{local(path)}">{_e(label)}</a>' for label, path in reports) + "</p>"
        "</div></div>"
    )


def _meta(name: str, value: object) -> str:
    return f'<meta name="{_e(name)}" content="{_e(value)}">'


def site_meta(ident: Identity) -> list[str]:
    return [_meta("SiteName", ident.name), _meta("SiteDomain", ident.domain), _meta("SiteIDCode", ident.site_code)]


def column_meta(column_name: str, column_type: str, description: str = "") -> list[str]:
    return [_meta("ColumnName", column_name), _meta("ColumnDescription", description or column_name),
            _meta("ColumnKeywords", column_name), _meta("ColumnType", column_type)]


def article_meta(title: str, published: dt.datetime | dt.date | None, source: str) -> list[str]:
    """ArticleTitle, PubDate (``YYYY-MM-DD HH:MM``), ContentSource, as the 指引 asks."""
    if isinstance(published, dt.datetime):
        when = published.strftime("%Y-%m-%d %H:%M")
    elif isinstance(published, dt.date):
        when = published.strftime("%Y-%m-%d") + " 00:00"
    else:
        when = ""
    # (the page's description is written by the theme itself, from the escaped front-matter)
    return [_meta("ArticleTitle", title), _meta("PubDate", when), _meta("ContentSource", source)]

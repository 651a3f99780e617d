"""The banner at the top of every page: the district's emblem (when configured), the
portal's name linked to its home, and the 适老化 / 无障碍 tools (font size, high contrast).

The tools' buttons are plain markup here; the theme override (``overrides/main.html``)
carries the few lines of inline script that apply the reader's choice before the page
is painted and remember it in ``localStorage``, so they work with no external resource.
"""

from __future__ import annotations

from govsite.core.project import CONTENT_DIR, Project
from govsite.site.identity import Identity
from govsite.site.sections import page_address, served_path
from govsite.text.escape import html_text

# Pages the scheduled patrol writes into content/ (never committed); linked from the
# footer while they are there, so the district's patrol results are reachable.
PATROL_REPORTS = (("patrol.md", "网站巡查报告"), ("patrol-links.md", "链接检查报告"))
FONT_SIZES = (("", "标准"), ("l", "大"), ("xl", "特大"))


def published_reports(project: Project) -> tuple[tuple[str, str], ...]:
    """(label, site path) of each patrol report present in ``content/``."""
    return tuple((label, page_address(name)) for name, label in PATROL_REPORTS
                 if (project.root / CONTENT_DIR / name).is_file())


def tools_html() -> str:
    """字号 and 高对比度 switches: real buttons with ``aria-pressed``, labelled in Chinese."""
    sizes = "".join(f'<button type="button" class="govsite-tool" data-govsite-font="{value}" aria-pressed="{"true" if not value else "false"}">{label}</button>'
                    for value, label in FONT_SIZES)
    return ('<div class="govsite-tools" role="group" aria-label="阅读辅助">'
            f'<span class="govsite-tools__group" role="group" aria-label="字号"><span class="govsite-tools__label" aria-hidden="true">字号</span>{sizes}</span>'
            '<button type="button" class="govsite-tool" data-govsite-contrast="high" aria-pressed="false">高对比度</button>'
            "</div>")


def banner_html(ident: Identity) -> str:
    """The banner: emblem (decorative; the name beside it says who runs the site) and name."""
    home = html_text(ident.base)
    emblem = (f'<img class="govsite-banner__emblem" src="{html_text(served_path(ident.base, ident.emblem))}" alt="" width="64" height="64">'
              if ident.emblem else "")
    return ('<div class="govsite-banner" role="region" aria-label="网站标识">'
            '<div class="govsite-banner__inner md-grid">'
            f'<a class="govsite-banner__home" href="{home}">{emblem}<span class="govsite-banner__name">{html_text(ident.name)}</span></a>'
            f"{tools_html()}</div></div>")

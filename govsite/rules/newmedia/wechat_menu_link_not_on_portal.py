"""A WeChat menu links a page the government website does not serve (菜单链接的网站页面不存在).

What: a ``view`` (or ``miniprogram`` fallback) ``url`` on the portal's own address
    (``site_url`` of mkdocs.yml, else ``https://www.<first portal domain>/``) whose page
    the portal does not serve; or a required item (政务要闻, 政策文件, 公开信箱) that does
    not link the portal's corresponding column (``columns`` in
    ``govsite/data/wechat_menu.yml``: 政务要闻 a news column such as ``gzdt``, 政策文件
    ``zcwj``, 公开信箱 the ``hdjl`` page).
Why: 第七条（四） — the 政务公开 menus link the government website's corresponding
    columns and 公开信箱 the website's mailbox; a dead link in a menu is a broken service.
Example: ``"url": "https://www.qianjiang.gov.cn/czj/zcfg/"`` when unit czj has no
    column ``zcfg``.
Fix: point the item at a column that exists, e.g. ``https://www.qianjiang.gov.cn/czj/zcwj/``.
"""

from __future__ import annotations

from govsite.newmedia.menu import link_problems, menu_rel, portal_of
from govsite.rules.base import Hit
from govsite.rules.newmedia.menu_lines import menus


def check(unit, ctx):
    for account, menu in menus(unit, ctx):
        for problem in link_problems(menu, portal_of(ctx.project)):
            yield Hit(problem.line, problem.message, path=menu_rel(account))

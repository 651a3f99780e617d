"""An open WeChat account has no menu on record (微信公众号未登记自定义菜单).

What: an open account of platform ``wechat``, ``wechat_subscription`` or
    ``wechat_service`` without ``units/<unit>/newmedia/<account>/menu.json``.
Why: 第七条（四） — every WeChat account sets the three main menus 政务公开 / 政务服务 /
    互动交流 with their set sub-menus; keeping the menu in the repository, in the format the
    platform's ``menu/create`` takes, lets it be checked and reviewed like a page.
Example: ``{id: qjcz-wx, platform: wechat_subscription, name: 黔江财政}`` and no
    ``units/czj/newmedia/qjcz-wx/menu.json``.
Fix: write the menu as the account's back office has it (or as it should be), in the
    ``menu/create`` JSON format (example in the README), at that path.
"""

from __future__ import annotations

from govsite.newmedia.menu import menu_rel
from govsite.rules.base import Hit
from govsite.rules.newmedia.registry_lines import account_line, unit_yml


def check(unit, ctx):
    for account in unit.new_media:
        if account.is_open and account.platform.is_wechat and ctx.project.tree_file(menu_rel(account)) is None:
            yield Hit(account_line(unit, account),
                      f"微信账号“{account.name}”没有登记自定义菜单；请在 {menu_rel(account)} 中写入菜单（微信 menu/create 接口格式，"
                      "主菜单为政务公开、政务服务、互动交流，第七条（四））", path=unit_yml(unit))

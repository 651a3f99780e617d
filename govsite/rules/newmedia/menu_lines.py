"""The WeChat accounts of a unit whose menu the menu rules read."""

from __future__ import annotations

from collections.abc import Iterator

from govsite.core.accounts import Account
from govsite.core.units import Unit
from govsite.newmedia.menu import Menu, account_menu


def menus(unit: Unit, ctx) -> Iterator[tuple[Account, Menu]]:
    """(account, menu) for each WeChat account of the unit that has a menu.json."""
    for account in unit.new_media:
        if account.platform.is_wechat:
            menu = account_menu(ctx.project, account)
            if menu is not None:
                yield account, menu

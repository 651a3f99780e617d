"""A WeChat menu that the platform would refuse (微信菜单格式错误或超出平台限制).

What: ``menu.json`` of a WeChat account that is not JSON, not the ``menu/create`` body
    (``{"button": [...]}``), repeats a key, has more than 3 main menus or 5 sub-menus
    per main menu, a main menu name over 16 bytes or a sub-menu name over 60 bytes, a
    ``url`` over 1024 bytes or not an http(s) address, an unknown ``type`` or field, a
    type without the fields it needs (view: url; miniprogram: url, appid, pagepath;
    click: key …), or a third level of menus.
Why: 第七条（四） — the menu is set on the platform; a menu the platform refuses is not
    set at all, and a check in the repository catches it before anyone uploads it.
Example: ``{"button": [{"name": "政务公开", "sub_button": [{"type": "view", "name": "政务要闻"}]}]}``
    (no ``url``).
Fix: correct the line named; the format is WeChat's 自定义菜单创建接口 (menu/create).
"""

from __future__ import annotations

from govsite.newmedia.menu import format_problems, menu_rel
from govsite.rules.base import Hit
from govsite.rules.newmedia.menu_lines import menus


def check(unit, ctx):
    for account, menu in menus(unit, ctx):
        for problem in format_problems(menu):
            yield Hit(problem.line, problem.message, path=menu_rel(account))

"""A WeChat menu without the menus 第七条（四） sets (微信菜单未按规定设置).

What: ``menu.json`` whose main menus are not exactly 政务公开, 政务服务 and 互动交流, or
    lacks a required sub-menu: 政务要闻 and 政策文件 (view links) under 政务公开, 渝快办 (a
    ``miniprogram`` link to the 渝快办 mini program) under 政务服务, 公开信箱 (a view
    link) under 互动交流. The required structure is data: ``govsite/data/wechat_menu.yml``.
Why: 第七条（四） — WeChat accounts set these three main menus; 政务公开 links the
    government website's columns, 政务服务 the 渝快办 mini program, 互动交流 the website's
    公开信箱.
Example: main menus 最新动态 / 办事 / 联系我们.
Fix: rename and regroup the menus as required; other sub-menus may be added besides
    the required ones.
"""

from __future__ import annotations

from govsite.newmedia.menu import menu_rel, structure_problems
from govsite.rules.base import Hit
from govsite.rules.newmedia.menu_lines import menus


def check(unit, ctx):
    for account, menu in menus(unit, ctx):
        for problem in structure_problems(menu):
            yield Hit(problem.line, problem.message, path=menu_rel(account))

"""政务新媒体: the account registry, approval chains, WeChat menus and public messages
(第六条至第九条、第十三条); posts through the same gate, what goes to the platforms, and
cadence (第十一条、第十二条)."""

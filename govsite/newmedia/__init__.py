"""政务新媒体: the account registry, approval chains, WeChat menus and public messages (第六条至第九条、第十三条)."""

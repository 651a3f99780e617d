"""政务新媒体 (第六条至第九条、第十二条、第十三条): accounts, approval chains, menus, posts, messages."""

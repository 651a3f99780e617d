"""政务新媒体: accounts, their posts, what goes to the platforms, and cadence (第七条至第十二条)."""

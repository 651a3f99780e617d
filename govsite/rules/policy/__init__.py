"""Policy ↔ interpretation links (第十条第三款, 第十三条)."""

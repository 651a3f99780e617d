"""Working-day deadlines (第十三条)."""

"""Freshness of columns and required 信息公开 pages (第十条第五款, 第十二条)."""

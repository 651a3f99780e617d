"""Honest dates (第十条: 严禁伪造发布日期)."""

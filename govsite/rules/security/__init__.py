"""Security management (第十四条): on-call team, third-party maintainers."""

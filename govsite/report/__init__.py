"""The quarterly report on every unit (第十七条), computed from git history."""

"""Lines of a unit.yml for unit-scope security rules (read with positions, once per unit)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from govsite.core.yamlio import load_config_file


@lru_cache(maxsize=256)
def _located(path: Path, data: bytes):
    return load_config_file(path, path.name)


def line(unit, *keys) -> int:
    """The line of ``keys`` in the unit's unit.yml (1 when it cannot be told)."""
    try:
        return _located(unit.dir / "unit.yml", unit.yml_bytes).line(*keys) or 1
    except Exception:  # the unit was loaded already, so a problem here only loses the line
        return 1

"""Where an account's entry (and its keys) sit in unit.yml, for the registry rules."""

from __future__ import annotations

from govsite.core.accounts import Account
from govsite.core.units import Unit
from govsite.rules.security.yml_lines import line


def unit_yml(unit: Unit) -> str:
    return f"units/{unit.id}/unit.yml"


def account_line(unit: Unit, account: Account, *keys) -> int:
    """The line of ``keys`` below the account's entry (the entry's own line without keys)."""
    index = next((i for i, a in enumerate(unit.new_media) if a.id == account.id), None)
    if index is None:
        return account.line or 1
    if not keys:
        return account.line or line(unit, "new_media", index)
    return line(unit, "new_media", index, *keys)

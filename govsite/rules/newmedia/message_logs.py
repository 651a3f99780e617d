"""The message logs of a unit's accounts, for the message rules."""

from __future__ import annotations

from collections.abc import Iterator

from govsite.core.accounts import Account
from govsite.core.units import Unit
from govsite.newmedia.messages import Log, account_log


def logs(unit: Unit, ctx) -> Iterator[tuple[Account, Log]]:
    for account in unit.new_media:
        log = account_log(ctx.project, account)
        if log is not None:
            yield account, log

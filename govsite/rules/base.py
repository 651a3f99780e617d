"""What a rule module provides, and what it yields.

A rule is a module ``govsite/rules/<family>/<problem>.py`` whose docstring explains it
to an editor (What / Why / Example / Fix) and which defines ``check``:

* scope ``page``: ``check(page: Page, ctx: Context) -> Iterable[Hit]``
* scope ``unit``: ``check(unit: Unit, ctx: Context) -> Iterable[Hit]`` (hits name their path)
* scope ``site``: ``check(ctx: Context) -> Iterable[Hit]`` (hits name their path)
* scope ``file``: ``check(entry: TreeFile, ctx: Context) -> Iterable[Hit]`` (every entry of
  ``units/``, ``content/`` and ``review/``; see :mod:`govsite.core.files`)
* scope ``repo``: like ``site``, but run on every check whatever its targets

The rule's code, category, severity and article live in the registry table
(:mod:`govsite.rules.registry`), not in the module, so codes stay stable and unique.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    """One problem found by a rule: where, and a Chinese message that names the fix."""

    line: int
    message: str
    column: int = 1
    path: str | None = None  # defaults to the page being checked

"""What a rule module provides, and what it yields.

A rule is a module ``govsite/rules/<family>/<problem>.py`` whose docstring explains it
to an editor (What / Why / Example / Fix) and which defines ``check``:

* scope ``page``: ``check(page: Page, ctx: RuleContext) -> Iterable[Hit]``
* scope ``unit``: ``check(unit: Unit, ctx: RuleContext) -> Iterable[Hit]`` (hits name their path)
* scope ``site``: ``check(ctx: RuleContext) -> Iterable[Hit]`` (hits name their path)
* scope ``file``: ``check(entry: TreeFile, ctx: RuleContext) -> Iterable[Hit]`` (every entry of
  ``units/``, ``content/`` and ``review/``; see :mod:`govsite.core.files`)
* scope ``repo``: like ``site``, but run on every check whatever its targets

(:class:`PageCheck`, :class:`UnitCheck`, :class:`SiteCheck`, :class:`FileCheck`; the
engine's context satisfies :class:`RuleContext`.)

The rule's code, category, severity and article live in the registry table
(:mod:`govsite.rules.registry`), not in the module, so codes stay stable and unique.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from govsite.core.files import TreeFile
from govsite.core.pages import Page
from govsite.core.project import Project
from govsite.core.settings import Settings
from govsite.core.units import Unit


@dataclass(frozen=True)
class Hit:
    """One problem found by a rule: where, and a Chinese message that names the fix."""

    line: int
    message: str
    column: int = 1
    path: str | None = None  # defaults to the page being checked


class RuleContext(Protocol):
    """What a rule may look at besides its page or unit."""

    @property
    def project(self) -> Project: ...

    @property
    def today(self) -> dt.date: ...

    @property
    def settings(self) -> Settings: ...

    def unit_of(self, page: Page) -> Unit | None: ...

    def roster_of(self, page: Page) -> Unit | None: ...


class PageCheck(Protocol):
    """``check`` of a rule of scope ``page``."""

    def __call__(self, page: Page, ctx: RuleContext, /) -> Iterable[Hit] | None: ...


class UnitCheck(Protocol):
    """``check`` of a rule of scope ``unit``; every hit names its path."""

    def __call__(self, unit: Unit, ctx: RuleContext, /) -> Iterable[Hit] | None: ...


class SiteCheck(Protocol):
    """``check`` of a rule of scope ``site``; every hit names its path."""

    def __call__(self, ctx: RuleContext, /) -> Iterable[Hit] | None: ...


class FileCheck(Protocol):
    """``check`` of a rule of scope ``file``: one entry of ``units/``, ``content/`` or ``review/``."""

    def __call__(self, entry: TreeFile, ctx: RuleContext, /) -> Iterable[Hit] | None: ...


RuleCheck = PageCheck | UnitCheck | SiteCheck | FileCheck

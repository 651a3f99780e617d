"""The one way to keep data derived from a page or a project for as long as it lives.

A page's normalised text, its scan for HTML, a project's site map, its review verifier
and its typo archive are computed on first use and kept *on the object they are derived
from*, so they live exactly as long as that object (one check run, one build) and a new
``Project`` starts afresh. The owners (:class:`~govsite.core.pages.Page`,
:class:`~govsite.core.project.Project`) sit in the lowest layer and must not import the
modules that derive the data, so those modules memoise through :func:`memo` instead of a
``cached_property`` on the owner. An owner's own lazy attributes stay ``cached_property``.

Usage::

    def page_text(page: Page) -> PageText:
        return memo(page, _build_page_text)   # _build_page_text(page) runs once per page

The key is the function itself, so two modules can never collide on a name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

OwnerT = TypeVar("OwnerT")
T = TypeVar("T")

_SLOT = "_govsite_memo"


def _store(owner: object) -> dict[Callable[..., Any], Any]:
    # vars() works for plain classes and (non-slotted) dataclasses, frozen or not.
    store: dict[Callable[..., Any], Any] | None = vars(owner).get(_SLOT)
    if store is None:
        store = vars(owner)[_SLOT] = {}
    return store


def memo(owner: OwnerT, compute: Callable[[OwnerT], T]) -> T:
    """``compute(owner)``, computed once per owner and kept on it."""
    store = _store(owner)
    if compute in store:
        return store[compute]
    value = store[compute] = compute(owner)
    return value


def forget(owner: object, compute: Callable[..., Any] | None = None) -> None:
    """Drop what :func:`memo` kept on ``owner`` for ``compute`` (everything when None),
    e.g. after the files it was derived from were rewritten."""
    store = vars(owner).get(_SLOT)
    if store is None:
        return
    if compute is None:
        store.clear()
    else:
        store.pop(compute, None)

"""Who changed a unit's files (第十四条（三）): each commit touching ``units/<id>/`` must
come from someone on the unit's roster, from the platform owner's staff
(``platform_staff`` in govsite.yml), or from a filed third-party maintainer whose
confidentiality agreement was in force on the commit's date; anything else is reported.

Authors are matched by their git identity: a roster person by name, ``email`` or
forge login (a GitHub ``…+login@users.noreply.github.com`` address counts); a
maintainer's employee by ``email`` (or name when no email is filed). A commit's
identity is what its author claims; the forge's protected branches and reviews make it
trustworthy, and this report is for the follow-up the 办法 asks for, not a gate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from govsite.core import gitio
from govsite.core.units import Unit


@dataclass(frozen=True)
class Unvetted:
    commit: gitio.Commit
    unit: str
    paths: tuple[str, ...]
    why: str


def _identity(author: str) -> tuple[str, str]:
    name, _, rest = author.partition(" <")
    return name.strip(), rest.rstrip(">").strip().lower()


def _login_of(email: str) -> str:
    local = email.split("@", 1)[0]
    return local.split("+", 1)[-1]


def on_roster(unit: Unit, name: str, email: str) -> bool:
    login = _login_of(email) if email.endswith("users.noreply.github.com") else None
    for p in unit.people:
        if p.name == name or (p.email and p.email.lower() == email):
            return True
        if login and login.lower() in {(p.github or "").lower(), (p.gitea or "").lower()} - {""}:
            return True
    return False


def maintainer_problem(unit: Unit, name: str, email: str, when: dt.date) -> str | None:
    """None when a filed maintainer with a valid agreement made the commit; else why not
    (or "" when the author is no maintainer at all)."""
    matched = [m for m in unit.maintainers for p in m.people
               if (p.email and p.email.lower() == email) or (not p.email and p.name == name)]
    if not matched:
        return ""
    for m in matched:
        if m.filed <= when and m.nda_signed <= when <= m.nda_until:
            return None
    m = matched[0]
    if when > m.nda_until:
        return f"{m.company} 的保密协议已于 {m.nda_until} 到期"
    return f"{m.company} 在 {when} 尚未报备或尚未签订保密协议（报备 {m.filed}，签订 {m.nda_signed}）"


def unvetted(project, since: str | None = None) -> list[Unvetted]:
    staff = {s.strip().lower() for s in project.settings.platform_staff}
    out: list[Unvetted] = []
    units = {u: project.unit(u) for u in project.unit_ids()}
    for commit, paths in gitio.authors_touching(project.root, "units", since):
        name, email = _identity(commit.author)
        if name.lower() in staff or email in staff:
            continue
        touched: dict[str, list[str]] = {}
        for path in paths:
            parts = path.split("/")
            if len(parts) >= 3 and parts[1] in units:
                touched.setdefault(parts[1], []).append(path)
        for unit_id, unit_paths in sorted(touched.items()):
            unit = units[unit_id]
            if on_roster(unit, name, email):
                continue
            problem = maintainer_problem(unit, name, email, commit.when.date())
            if problem is None:
                continue
            why = problem or f"{name} <{email}> 既不在 {unit.short_name} 的人员名单中，也不是已报备并签订保密协议的第三方运维人员"
            out.append(Unvetted(commit, unit_id, tuple(unit_paths), why))
    return out

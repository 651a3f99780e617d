"""The 三审三校 record of a page, resolved against its unit's roster.

Shared by the roster rules (review family) and the signature gate, so both read the
record the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from govsite.core.pages import Page
from govsite.core.units import ROLE_NAMES, Person, Unit

REVIEW_ROLES = ("drafter", "checker", "approver")
REVIEW_ROLE_NAMES = {"drafter": "起草人（经办人员）", "checker": "审核人（承办科室负责人）", "approver": "签发人（分管负责人或主要负责人）"}
# Which roster roles may fill each review role (第五条).
ALLOWED = {
    "drafter": ("operator", "section_head"),
    "checker": ("section_head",),
    "approver": ("deputy", "principal"),
}


@dataclass(frozen=True)
class Slot:
    role: str  # drafter | checker | approver
    ref: str | None  # what the page wrote
    people: tuple[Person, ...]  # roster matches (0: unknown, 2+: ambiguous)

    @property
    def person(self) -> Person | None:
        return self.people[0] if len(self.people) == 1 else None


def record(page: Page) -> dict | None:
    value = page.meta.get("reviewers")
    return value if isinstance(value, dict) else None


def slots(page: Page, unit: Unit) -> list[Slot]:
    """The three review roles of a page, each resolved to roster people."""
    rec = record(page) or {}
    out = []
    for role in REVIEW_ROLES:
        value = rec.get(role)
        ref = str(value).strip() if value not in (None, "") else None
        out.append(Slot(role, ref, tuple(unit.find_people(ref)) if ref else ()))
    return out


def roles_text(person: Person) -> str:
    return "、".join(ROLE_NAMES[r] for r in person.roles)


def candidates(unit: Unit, role: str) -> str:
    names = [p.name for p in unit.people if p.has(*ALLOWED[role])]
    return "、".join(names) if names else "（名单中无人具备该角色，请先在 unit.yml 中登记）"


def wrong_role_hits(page: Page, unit: Unit, role: str, label: str) -> Iterator[tuple[int, str]]:
    """(line, message) when the person named for ``role`` lacks the roster role the
    办法 requires; one function behind the drafter, checker and approver rules."""
    for slot in slots(page, unit):
        person = slot.person
        if slot.role == role and person is not None and not person.has(*ALLOWED[role]):
            yield (page.key_line("reviewers", role),
                   f"{role} 须由{label}担任，{person.name} 在名单中的角色是{roles_text(person)}；可填写：{candidates(unit, role)}")

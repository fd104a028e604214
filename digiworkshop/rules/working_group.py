"""The working group's composition at a glance (step 2): counts per archetype and role, and the
guide's advice on who should be in the group, said as plain hints that never block anything."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from ..domain import ARCHETYPES
from ..guide import Guide


class MemberLike(Protocol):
    """What the composition needs to know about a member (GroupMember fits)."""

    role: str
    archetype: str


@dataclass(frozen=True)
class Hint:
    """One piece of the guide's advice the group does not meet yet."""

    key: str  # "empty" | "no_employee" | "no_archetype" | "one_archetype" | "no_skeptic" | "no_citizen"
    text: str  # Danish, shown as is


@dataclass(frozen=True)
class Composition:
    """How the group is made up, and what the guide would still advise."""

    members: int
    archetypes: tuple[tuple[str, int], ...]  # (Danish name, count) in guide order, then "Ingen arketype"
    roles: tuple[tuple[str, int], ...]  # (role as first typed, count): guide roles first, then others
    hints: tuple[Hint, ...]

    @property
    def meets_advice(self) -> bool:
        """True when none of the guide's advice is left unmet."""
        return not self.hints


def _role_key(role: str) -> str:
    return " ".join(role.casefold().split())


def is_employee_role(role: str) -> bool:
    """Whether a typed role names the employees who will use the solution ("Medarbejder(e)", a team)."""
    key = _role_key(role)
    return "medarbejder" in key or key.startswith("team")


def is_citizen_role(role: str) -> bool:
    """Whether a typed role names a citizen ("Borger", "Borgerrepræsentant" …)."""
    return "borger" in _role_key(role)


def count_roles(roles: Iterable[str], guide_roles: Sequence[str]) -> tuple[tuple[str, int], ...]:
    """Members per role, case and spacing ignored: the guide's roles in its order, then the others
    in the order first seen. Members without a role are counted as "Ingen rolle"."""
    counts: dict[str, int] = {}
    shown: dict[str, str] = {}
    for role in roles:
        key = _role_key(role)
        shown.setdefault(key, " ".join(role.split()) or "Ingen rolle")
        counts[key] = counts.get(key, 0) + 1
    order = {_role_key(name): i for i, name in enumerate(guide_roles)}
    keys = sorted(counts, key=lambda k: (k == "", order.get(k, len(order)), list(counts).index(k)))
    # A guide role typed in other case is shown with the guide's spelling.
    spelled = {_role_key(name): name for name in guide_roles}
    return tuple((spelled.get(k, shown[k]), counts[k]) for k in keys)


def composition(members: Sequence[MemberLike], guide: Guide) -> Composition:
    """Count the group by archetype and role and list the guide's advice it does not meet.

    The advice (seed 002, "Nedsættelse af en arbejdsgruppe"): the employee groups who will use the
    solution take part, members have different attitudes (several archetypes, the professional
    skeptic included), and a citizen may bring the users' view.
    """
    names = {a.key: a.name for a in guide.archetypes}
    per_archetype = {key: 0 for key in ARCHETYPES}
    without = 0
    for m in members:
        if m.archetype in per_archetype:
            per_archetype[m.archetype] += 1
        else:
            without += 1
    archetypes = tuple((names.get(key, key), n) for key, n in per_archetype.items())
    if without:
        archetypes += (("Ingen arketype", without),)
    roles = count_roles([m.role for m in members], [r.name for r in guide.roles])

    hints: list[Hint] = []
    if not members:
        hints.append(Hint("empty", "Gruppen har ingen medlemmer endnu."))
        return Composition(0, archetypes, roles, tuple(hints))
    if not any(is_employee_role(m.role) for m in members):
        hints.append(Hint(
            "no_employee",
            "Ingen medarbejdere, der skal bruge løsningen: guiden anbefaler, at de medarbejdergrupper, "
            "der skal bruge den, er med i gruppen, så de får ejerskab til forandringen.",
        ))
    present = [key for key, n in per_archetype.items() if n]
    if not present:
        hints.append(Hint(
            "no_archetype",
            "Ingen medlemmer har fået en arketype endnu: en gruppe med flere arketyper belyser både "
            "muligheder og risici.",
        ))
    elif len(present) == 1:
        hints.append(Hint(
            "one_archetype",
            f"Kun én arketype er repræsenteret ({names.get(present[0], present[0])}): en gruppe med flere "
            "arketyper belyser både muligheder og risici.",
        ))
    if present and not per_archetype["skeptiker"]:
        hints.append(Hint(
            "no_skeptic",
            f"{names.get('skeptiker', 'Den faglige skeptiker')} mangler: skeptiske medarbejdere kan bidrage "
            "med værdifulde faglige perspektiver.",
        ))
    if not any(is_citizen_role(m.role) for m in members):
        hints.append(Hint(
            "no_citizen",
            "Ingen borger i gruppen: overvej at tage en borger med, som kan se løsningen fra brugernes side.",
        ))
    return Composition(len(members), archetypes, roles, tuple(hints))

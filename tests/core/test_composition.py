"""The working group's composition: counts, and the guide's advice as hints (pure core, no UI)."""

from __future__ import annotations

from dataclasses import dataclass

from digiworkshop.rules.working_group import composition, count_roles, is_citizen_role, is_employee_role
from digiworkshop.guide import load_guide


@dataclass
class M:
    role: str
    archetype: str = ""


def hint_keys(members: list[M]) -> list[str]:
    return [h.key for h in composition(members, load_guide()).hints]


def test_a_group_that_follows_the_advice_has_no_hints() -> None:
    group = [M("Leder"), M("Medarbejder", "frontloeber"), M("Medarbejder", "skeptiker"), M("Borger", "analog")]
    result = composition(group, load_guide())
    assert result.hints == () and result.meets_advice
    assert result.members == 4
    assert result.archetypes == (
        ("Frontløberen", 1), ("Gennemsnitsbrugeren", 0), ("Den analoge", 1), ("Den faglige skeptiker", 1),
        ("Ingen arketype", 1),
    )
    assert result.roles == (("Leder", 1), ("Medarbejder", 2), ("Borger", 1))


def test_leaders_and_coordinators_only_miss_employees_citizens_and_attitudes() -> None:
    keys = hint_keys([M("Leder"), M("Fagkoordinator")])
    assert keys == ["no_employee", "no_archetype", "no_citizen"]


def test_one_archetype_only_and_no_skeptic() -> None:
    group = [M("Medarbejder", "frontloeber"), M("medarbejder ", "frontloeber"), M("Borger", "frontloeber")]
    result = composition(group, load_guide())
    assert [h.key for h in result.hints] == ["one_archetype", "no_skeptic"]
    assert "Frontløberen" in result.hints[0].text
    assert result.hints[1].text.startswith("Den faglige skeptiker mangler")
    # Case and spacing do not split a role in two; the guide's spelling is shown.
    assert result.roles == (("Medarbejder", 2), ("Borger", 1))


def test_a_skeptic_alone_is_still_one_archetype() -> None:
    assert hint_keys([M("Medarbejder", "skeptiker"), M("Borger")]) == ["one_archetype"]


def test_an_empty_group_says_so_once() -> None:
    result = composition([], load_guide())
    assert [h.key for h in result.hints] == ["empty"]
    assert result.roles == ()


def test_typed_roles_are_recognised_plainly() -> None:
    assert is_employee_role("Medarbejder") and is_employee_role("Medarbejderrepræsentant")
    assert is_employee_role("Team Ledige") and is_employee_role("Teams")
    assert not is_employee_role("Leder") and not is_employee_role("IT")
    assert is_citizen_role("Borger") and is_citizen_role("borgerrepræsentant")
    assert not is_citizen_role("Leverandører")


def test_other_roles_follow_the_guides_in_the_order_first_seen() -> None:
    counts = count_roles(["Jobkonsulent", "IT", "", "Leder", "jobkonsulent"], ["Leder", "Medarbejder", "IT"])
    assert counts == (("Leder", 1), ("IT", 1), ("Jobkonsulent", 2), ("Ingen rolle", 1))

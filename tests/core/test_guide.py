"""The guide's content: every step has the seed's heading and prompts; broken files are named."""

from __future__ import annotations

import tomllib

import pytest

from digiworkshop.guide import STEP_KEYS, GuideError, data_path, load_guide, load_guide_file

HEADINGS = [
    ("workshop", "0", "Workshop"),
    ("purpose", "1", "Formidling af formål"),
    ("working_group", "2", "Nedsæt arbejdsgruppen"),
    ("wishes", "3", "Ønske om tilbud"),
    ("brainstorm", "4a", "Potentialer og barrierer"),
    ("systematisation", "4b", "Systematisering og analyse"),
    ("action_plan", "4c", "Handlingsplan"),
    ("evaluation", "5", "Evalueringsvindue"),
    ("trials", "+", "Prøvehandlinger"),
]


def test_every_step_has_heading_intro_and_prompts() -> None:
    guide = load_guide()
    assert [(s.key, s.number, s.heading) for s in guide.steps] == HEADINGS
    for step in guide.steps:
        assert step.intro.strip() and len(step.prompts) >= 2, step.key


def test_guide_terms_are_the_seeds() -> None:
    guide = load_guide()
    assert [p.name for p in guide.phases] == ["Idé", "Forberedelse", "Anskaffelse", "Implementering"]
    assert [r.name for r in guide.roles] == [
        "Leder", "Medarbejder", "Fagkoordinator", "IT", "Borger", "Leverandører", "Teams",
        "Interne samarbejdspartnere"]
    assert [a.name for a in guide.archetypes] == [
        "Frontløberen", "Gennemsnitsbrugeren", "Den analoge", "Den faglige skeptiker"]
    assert [t.name for t in guide.wish_topics] == [
        "Målgrupper", "Integration", "Anvendelse", "Indhold", "Onboarding og uddannelse", "Omkostninger og effekter"]
    assert guide.wish_topics[0].question == "Hvem skal bruge løsningen?"
    assert [p.key for p in guide.perspectives] == ["fagligt", "personligt", "organisatorisk"]
    assert [q.text for q in guide.evaluation_questions] == [
        "Hvad gik godt?", "Hvorfor gik det godt?", "Hvad kunne gå bedre?", "Hvad ville du/I gøre anderledes?"]
    assert [p.name for p in guide.trial_phases] == ["Planlæg", "Udfør", "Evaluer", "Tilpas"]
    assert [a.name for a in guide.purpose.audiences] == ["Borgere", "Medarbejdere", "Ledelse", "Politikere"]
    assert guide.action_plan.barrier_columns == ("Barrierer", "Hvordan afbødes / løses det", "Hvem er ansvarlig", "Deadline")
    assert any(e.text.startswith("Formålet er uklart") for e in guide.examples)


def _write_broken(tmp_path, mutate) -> str:  # noqa: ANN001
    with open(data_path("guide.toml"), "rb") as fh:
        raw = tomllib.load(fh)
    mutate(raw)
    import tomllib as _  # noqa: F401 - tomllib cannot write; build TOML by hand below

    path = tmp_path / "guide.toml"
    path.write_text(_to_toml(raw), encoding="utf-8")
    return path


def _to_toml(raw: dict) -> str:
    """A tiny TOML writer for the test (JSON strings are valid TOML basic strings)."""
    import json

    lines: list[str] = []

    def scalar(v):  # noqa: ANN001, ANN202
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return str(v)
        if isinstance(v, list):
            return "[" + ", ".join(scalar(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{" + ", ".join(f"{json.dumps(k)} = {scalar(x)}" for k, x in v.items()) + "}"
        return json.dumps(v, ensure_ascii=False)

    for key, value in raw.items():
        lines.append(f"{json.dumps(key)} = {scalar(value)}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (lambda raw: raw["steps"][3].pop("heading"), "steps[3].heading"),
        (lambda raw: raw["wish_topics"].pop(), "wish_topics"),
        (lambda raw: raw["purpose"].pop("audiences"), "purpose.audiences"),
        (lambda raw: raw["steps"].reverse(), "steps must be"),
        (lambda raw: raw["steps"][0].update(prompts="not a list"), "steps[0].prompts"),
    ],
)
def test_broken_guide_names_file_and_key(tmp_path, mutate, where: str) -> None:
    path = _write_broken(tmp_path, mutate)
    with pytest.raises(GuideError) as err:
        load_guide_file(path, name="data/guide.toml")
    assert str(err.value).startswith("data/guide.toml: ")
    assert where in str(err.value)


def test_missing_and_unparsable_guide_files(tmp_path) -> None:
    with pytest.raises(GuideError, match="missing"):
        load_guide_file(tmp_path / "nope.toml", name="data/guide.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("steps = [", encoding="utf-8")
    with pytest.raises(GuideError, match="not valid TOML"):
        load_guide_file(bad)


def test_step_keys_constant_matches_data() -> None:
    assert tuple(s.key for s in load_guide().steps) == STEP_KEYS


def test_stored_keys_match_the_guide() -> None:
    from digiworkshop import domain

    guide = load_guide()
    assert domain.PHASES == tuple(p.key for p in guide.phases)
    assert domain.PERSPECTIVES == tuple(p.key for p in guide.perspectives)
    assert domain.NOTE_KINDS == tuple(k.key for k in guide.note_kinds)
    assert domain.WISH_KINDS == tuple(k.key for k in guide.wish_kinds)
    assert domain.WISH_CATEGORIES == tuple(c.key for c in guide.wish_categories)
    assert domain.WISH_TOPICS == tuple(t.key for t in guide.wish_topics)
    assert domain.ARCHETYPES == tuple(a.key for a in guide.archetypes)
    assert domain.ACTION_STATUSES == tuple(s.key for s in guide.action_statuses)
    assert domain.EVALUATION_QUESTIONS == tuple(q.key for q in guide.evaluation_questions)
    assert domain.TRIAL_PHASES == tuple(p.key for p in guide.trial_phases)

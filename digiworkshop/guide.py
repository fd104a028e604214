"""The guide's content (seed 002, Bilag 1 and 2) loaded from data/guide.toml and validated."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

STEP_KEYS = (
    "workshop", "purpose", "working_group", "wishes", "brainstorm",
    "systematisation", "action_plan", "evaluation", "trials",
)


class GuideError(Exception):
    """The guide data file is missing or malformed; the message names the file and the key."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Step(_Model):
    key: str
    number: str = Field(min_length=1)
    heading: str = Field(min_length=1)
    short: str = Field(min_length=1, max_length=22)
    intro: str = Field(min_length=1)
    prompts: tuple[str, ...] = Field(min_length=1)

    @property
    def label(self) -> str:
        """Number and heading, as in the step list: "4a Potentialer og barrierer"."""
        return f"{self.number} {self.heading}" if self.number != "+" else self.heading


class Named(_Model):
    key: str = Field(min_length=1)
    name: str = Field(min_length=1)
    description: str = ""


class Role(_Model):
    name: str = Field(min_length=1)


class Audience(_Model):
    key: str
    name: str
    prompt: str


class PurposeTexts(_Model):
    statement: str
    statement_prompt: str
    fit: str
    fit_prompt: str
    strategy: str
    strategy_prompt: str
    no_strategy: str
    audiences: tuple[Audience, ...] = Field(min_length=4, max_length=4)


class WorkingGroupTexts(_Model):
    member_advantage: str
    member_contribution: str
    task_prompt: str
    communication_prompt: str


class WishTopic(_Model):
    key: str
    name: str
    question: str


class WishTexts(_Model):
    experiences_prompt: str


class Perspective(_Model):
    key: str
    name: str
    description: str


class NoteKind(_Model):
    key: str
    name: str
    plural: str


class Example(_Model):
    perspective: str
    kind: str
    text: str = Field(min_length=1)


class ActionPlanTexts(_Model):
    barrier_columns: tuple[str, str, str, str]
    potential_columns: tuple[str, str, str, str]


class Question(_Model):
    key: str
    text: str = Field(min_length=1)


class TrialPhase(_Model):
    key: str
    name: str
    english: str
    intro: str
    questions: tuple[Question, ...] = Field(min_length=1)


class Guide(_Model):
    """Everything the screens and handouts say that comes from the guide itself."""

    version: int
    steps: tuple[Step, ...]
    phases: tuple[Named, ...] = Field(min_length=4, max_length=4)
    purpose: PurposeTexts
    roles: tuple[Role, ...] = Field(min_length=1)
    archetypes: tuple[Named, ...] = Field(min_length=4, max_length=4)
    working_group: WorkingGroupTexts
    wish_kinds: tuple[Named, ...] = Field(min_length=2, max_length=2)
    wish_categories: tuple[Named, ...] = Field(min_length=3, max_length=3)
    wish_topics: tuple[WishTopic, ...] = Field(min_length=6, max_length=6)
    wishes: WishTexts
    perspectives: tuple[Perspective, ...] = Field(min_length=3, max_length=3)
    note_kinds: tuple[NoteKind, ...] = Field(min_length=2, max_length=2)
    examples: tuple[Example, ...] = ()
    action_plan: ActionPlanTexts
    action_statuses: tuple[Named, ...] = Field(min_length=1)
    evaluation_questions: tuple[Question, ...] = Field(min_length=4, max_length=4)
    trial_phases: tuple[TrialPhase, ...] = Field(min_length=4, max_length=4)

    @model_validator(mode="after")
    def _check_keys(self) -> "Guide":
        keys = tuple(step.key for step in self.steps)
        if keys != STEP_KEYS:
            raise ValueError(f"steps must be {', '.join(STEP_KEYS)} in this order, found {', '.join(keys)}")
        perspectives = {p.key for p in self.perspectives}
        kinds = {k.key for k in self.note_kinds}
        for i, example in enumerate(self.examples):
            if example.perspective not in perspectives or example.kind not in kinds:
                raise ValueError(f"examples[{i}] names an unknown perspective or kind")
        return self

    def step(self, key: str) -> Step:
        """The step with this key."""
        return next(step for step in self.steps if step.key == key)

    def phase_name(self, key: str) -> str:
        """The Danish name of a phase key ("" for none)."""
        return next((p.name for p in self.phases if p.key == key), "")


def _location(error: dict) -> str:
    parts: list[str] = []
    for part in error["loc"]:
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1]}[{part}]" if parts else f"[{part}]"]
        else:
            parts.append(str(part))
    return ".".join(parts) or "(top level)"


def load_guide_file(path: Path | str, *, name: str | None = None) -> Guide:
    """Load and validate a guide file; GuideError names the file and the first bad key."""
    label = name or str(path)
    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError:
        raise GuideError(f"{label}: the guide data file is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise GuideError(f"{label}: not valid TOML: {exc}") from None
    try:
        return Guide.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise GuideError(f"{label}: {_location(first)}: {first['msg']}") from None


def data_path(filename: str) -> Path:
    """A file shipped in the package's data folder (data/ in a checkout)."""
    return Path(str(resources.files("digiworkshop.data").joinpath(filename)))


@lru_cache(maxsize=1)
def load_guide() -> Guide:
    """The guide shipped with the app (loaded once)."""
    return load_guide_file(data_path("guide.toml"), name="data/guide.toml")

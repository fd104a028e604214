"""Which view captures which guide step: a plain mapping from the step's key to its view class."""

from __future__ import annotations

from .action_plan import ActionPlanStep
from .base import StepView
from .brainstorm import BrainstormStep
from .evaluation import EvaluationStep
from .purpose import PurposeStep
from .systematisation import SystematisationStep
from .trials import TrialsStep
from .wishes import WishesStep
from .working_group import WorkingGroupStep
from .workshop import WorkshopStep

STEP_VIEWS: dict[str, type[StepView]] = {
    "workshop": WorkshopStep,
    "purpose": PurposeStep,
    "working_group": WorkingGroupStep,
    "wishes": WishesStep,
    "brainstorm": BrainstormStep,
    "systematisation": SystematisationStep,
    "action_plan": ActionPlanStep,
    "evaluation": EvaluationStep,
    "trials": TrialsStep,
}


def view_for(step_key: str) -> type[StepView]:
    """The view class that captures a step of the guide."""
    return STEP_VIEWS[step_key]

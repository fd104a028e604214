"""Step 4c placeholder (filled in below)."""
from .steps import GuideOnlyStep as ActionPlanStep  # noqa: F401

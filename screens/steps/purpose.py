"""Step 1, Formidling af formål: the statement, its fit, the four audiences and the strategy link."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Checkbox, Label, Static

from ..presentation import PresentationBlock
from ..widgets.fields import FieldArea
from .base import StepView


class PurposeStep(StepView):
    """Step 1, Formidling af formål: the statement, its fit, the four audiences and the strategy link."""

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        texts = self.guide.purpose
        purpose = self.store.get_purpose(self.workshop_id)
        yield Label(texts.statement, classes="section-title")
        yield FieldArea(self.remember("statement", purpose.statement), field="statement",
                        placeholder=texts.statement_prompt, id="field-statement", classes="tall")
        yield Label(texts.fit, classes="section-title")
        yield FieldArea(self.remember("fit", purpose.fit), field="fit", placeholder=texts.fit_prompt,
                        id="field-fit")
        yield Label("Hvorfor giver det mening?", classes="section-title")
        for audience in texts.audiences:
            with Horizontal(classes="field-row"):
                yield Label(audience.name, classes="field-label")
                yield FieldArea(self.remember(audience.key, getattr(purpose, audience.key)),
                                field=audience.key, placeholder=audience.prompt, id=f"field-{audience.key}")
        yield Label(texts.strategy, classes="section-title")
        yield FieldArea(self.remember("strategy", purpose.strategy), field="strategy",
                        placeholder=texts.strategy_prompt, id="field-strategy")
        yield Checkbox(texts.no_strategy, value=purpose.no_strategy, id="field-no-strategy")
        yield Static("Enter gemmer og går videre til næste felt.", classes="hint")

    def save_field(self, field: str, value: str) -> str:
        purpose = self.store.update_purpose(self.workshop_id, **{field: value})
        return getattr(purpose, field)

    def presentation_content(self) -> list[PresentationBlock]:
        texts = self.guide.purpose
        purpose = self.store.get_purpose(self.workshop_id)
        strategy = purpose.strategy or (texts.no_strategy if purpose.no_strategy else "")
        return [
            PresentationBlock(texts.statement, (purpose.statement,), wide=True),
            PresentationBlock(texts.fit, (purpose.fit,), wide=True),
            *(PresentationBlock(a.name, (getattr(purpose, a.key),)) for a in texts.audiences),
            PresentationBlock(texts.strategy, (strategy,), wide=True),
        ]

    @on(Checkbox.Changed, "#field-no-strategy")
    def _no_strategy(self, event: Checkbox.Changed) -> None:
        self.write(lambda: self.store.update_purpose(self.workshop_id, no_strategy=event.value))

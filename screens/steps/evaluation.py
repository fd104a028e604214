"""Step 5, Evalueringsvindue: dated rounds of the four quadrants, typed as fast as a brainstorm,
earlier rounds readable, two rounds side by side, and the follow-up review of actions."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from digiworkshop.domain import format_date_da, format_date_short, parse_date
from digiworkshop.models import EvaluationRound

from ..dialogs.pickers import ChoicePicker
from ..dialogs.rounds import CompareScreen
from ..safe_text import stored, visible
from ..widgets.evaluation_window import EvaluationWindow, RoundCreated, round_label
from ..widgets.fields import FieldInput
from ..widgets.record_list import RecordList
from ..presentation import PresentationBlock, bullet
from .base import StepView


WHOLE_WORKSHOP = 0  # the "Handler om" choice for a round about the workshop as a whole


class EvaluationStep(StepView):
    """Step 5: pick or start a round, say what it is about, and fill the four quadrants."""

    DEFAULT_CSS = """
    EvaluationStep #rounds { height: 6; border: round $primary 40%; }
    EvaluationStep #round-details { height: auto; }
    EvaluationStep #round-date { width: 20; }
    EvaluationStep #round-title { width: 1fr; }
    EvaluationStep #round-about { width: 40; height: 3; border: round $primary 40%; padding: 0 1; }
    """

    BINDINGS = [
        Binding("ctrl+n", "new_round", "Ny runde", id="evaluation.new_round", priority=True),
        Binding("ctrl+r", "pick_round", "Vælg runde", id="evaluation.pick_round", priority=True),
        Binding("ctrl+s", "compare", "Sammenlign", id="evaluation.compare", priority=True),
        Binding("ctrl+k", "about", "Handler om", id="evaluation.about", priority=True),
        # Also here, not only on the window, so they work from the round's date/title/about fields.
        Binding("ctrl+o", "review", "Opfølgning", id="evaluation.step_review", show=False),
        Binding("ctrl+z", "undo", "Fortryd", id="evaluation.step_undo", show=False),
    ]

    def action_review(self) -> None:
        self.flush_fields()
        self.query_one(EvaluationWindow).action_review()

    def action_undo(self) -> None:
        self.query_one(EvaluationWindow).action_undo()

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        rounds = self.store.list_rounds(self.workshop_id)
        current = rounds[-1] if rounds else None
        self.round_id = current.id if current else None
        self._shown = False  # nothing typed yet that could belong to a round
        yield RecordList(id="rounds")
        with Horizontal(id="round-details"):
            yield FieldInput("", field="round_date", placeholder="fx 24/11-2026", id="round-date")
            yield FieldInput("", field="round_title", placeholder="Valgfri, fx «Opfølgning efter tre måneder»",
                             id="round-title")
            yield Static("", id="round-about")
        yield EvaluationWindow(self.round_id, workshop_id=self.workshop_id)
        yield Static("Ctrl+N: ny runde (dateret i dag) · Ctrl+R: vælg en tidligere runde · "
                     "Ctrl+S: to runder side om side (sammenlign) · Ctrl+K: hvad runden handler om", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#round-date").border_title = "Dato"
        self.query_one("#round-title").border_title = "Titel"
        self.query_one("#round-about").border_title = "Handler om (Ctrl+K)"
        self.show_round(self.round_id)
        # Typing goes on in the quadrant the facilitator left (also after a restart).
        self.query_one(EvaluationWindow).quadrant = self.store.get_place(self.workshop_id).evaluation_quadrant % 4

    def focus_first(self) -> None:
        for window in self.query(EvaluationWindow):
            window.focus_capture()

    def _trial_titles(self) -> dict[int, str]:
        return {t.id: t.title for t in self.store.list_trials(self.workshop_id)}

    def refresh_rounds(self) -> None:
        """Re-read the list of rounds; the shown round is highlighted."""
        rounds = self.store.list_rounds(self.workshop_id)
        titles = self._trial_titles()
        lst = self.query_one("#rounds", RecordList)
        lst.show_records([Option(round_label(r, titles), id=str(r.id)) for r in rounds], str(self.round_id))
        lst.border_title = f"Runder ({len(rounds)}) – Ctrl+R vælger, Ctrl+N ny runde"

    def show_round(self, round_id: int | None) -> None:
        """Show one round's details and quadrants (storing what is typed in the old round's fields)."""
        self.flush_fields()
        self.round_id = round_id
        found = self.store.get_round(round_id) if round_id is not None else None
        date = self.query_one("#round-date", FieldInput)
        title = self.query_one("#round-title", FieldInput)
        date.value = self.remember("round_date", format_date_short(found.date) if found else "")
        title.value = self.remember("round_title", found.title if found else "")
        date.disabled = title.disabled = found is None
        titles = self._trial_titles()
        about = stored(titles[found.trial_id]) if found and found.trial_id in titles else Text("Hele workshoppen")
        self.query_one("#round-about", Static).update(about)
        self.query_one(EvaluationWindow).show_round(round_id)
        self.refresh_rounds()
        self._shown = True

    def flush_fields(self) -> None:
        """Store the round's date and title fields if they were changed."""
        if self._shown and self.round_id is not None:
            for widget in self.query(FieldInput):
                self._store(widget, widget.value)

    def flush(self) -> None:
        self.flush_fields()  # the capture line keeps its text as a draft (widgets.DraftInput)

    def place(self) -> dict[str, int]:
        return {"evaluation_quadrant": self.query_one(EvaluationWindow).quadrant}

    def save_field(self, field: str, value: str) -> str:
        if self.round_id is None:
            return value
        if field == "round_date":
            date = parse_date(value)
            if date is None:
                from digiworkshop.domain import InputError

                raise InputError("En runde skal have en dato.", "a round needs a date")
            self.store.update_round(self.round_id, date=date)
            self.refresh_rounds()
            return format_date_short(date)
        found = self.store.update_round(self.round_id, title=value)
        self.refresh_rounds()
        return found.title

    @work
    async def action_about(self) -> None:
        """Say whether the round is about the whole workshop or one prøvehandling."""
        if self.round_id is None:
            self.notify("Start en runde først (Ctrl+N).", severity="warning")
            return
        found = self.store.get_round(self.round_id)
        choices = [(str(WHOLE_WORKSHOP), "Hele workshoppen"),
                   *((str(i), Text(f"Prøvehandling: {visible(t)}")) for i, t in self._trial_titles().items())]
        chosen = await self.app.push_screen_wait(ChoicePicker(
            "Hvad handler runden om?", choices, str(found.trial_id or WHOLE_WORKSHOP)))
        if chosen is None:
            return
        trial_id = None if int(chosen) == WHOLE_WORKSHOP else int(chosen)
        self.write(lambda: self.store.update_round(self.round_id, trial_id=trial_id),
                   lambda _: self.show_round(self.round_id), changed=False)

    @on(OptionList.OptionSelected, "#rounds")
    def _round_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.show_round(int(event.option.id))
        self.query_one(EvaluationWindow).focus_capture()

    def on_round_created(self, event: RoundCreated) -> None:
        self.show_round(event.round_id)
        self.post_message(self.Changed())

    def on_evaluation_window_changed(self, _event: EvaluationWindow.Changed) -> None:
        self.post_message(self.Changed())

    def action_new_round(self) -> None:
        self.flush_fields()
        self.write(lambda: self.store.create_round(self.workshop_id), self._round_started)

    def _round_started(self, found: EvaluationRound) -> None:
        self.show_round(found.id)
        self.query_one(EvaluationWindow).focus_capture()
        self.notify(f"Ny runde: {format_date_da(found.date, weekday=True)}", timeout=3)

    def action_pick_round(self) -> None:
        self.query_one("#rounds", OptionList).focus()

    def action_compare(self) -> None:
        rounds = [r.id for r in self.store.list_rounds(self.workshop_id)]
        if len(rounds) < 2:
            self.notify("Der skal være mindst to runder for at sammenligne.", severity="warning")
            return
        current = rounds.index(self.round_id) if self.round_id in rounds else len(rounds) - 1
        other = current - 1 if current > 0 else current + 1
        left, right = sorted((other, current))  # the earlier round on the left
        self.app.push_screen(CompareScreen(self.workshop_id, rounds[left], rounds[right]))

    def presentation_content(self) -> list[PresentationBlock]:
        """The shown round's quadrants, large and plain, for the projector: one block per question."""
        if self.round_id is None:
            return [PresentationBlock(self.step.label, ("Ingen runder endnu.",))]
        label = round_label(self.store.get_round(self.round_id), self._trial_titles()).plain
        entries = self.store.list_entries(self.round_id)
        blocks = [PresentationBlock(self.step.label, (label,), wide=True)]
        for question in self.guide.evaluation_questions:
            mine = [e for e in entries if e.question == question.key]
            blocks.append(PresentationBlock(f"{question.text} ({len(mine)})",
                                            tuple(line for e in mine for line in bullet(e.text))))
        return blocks


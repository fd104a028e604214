"""The evaluation window: one round's four quadrants with a single capture line, shared by step 5 and
the round screen a trial's Evaluer opens."""

from __future__ import annotations

import re

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from digiworkshop.domain import EVALUATION_QUESTIONS, format_date_short
from digiworkshop.models import EvaluationEntry, EvaluationRound

from ..dialogs.forms import TextPrompt
from ..messages import GuardedWrite
from ..safe_text import visible
from .acts import KeyAct, run_act
from .capture import CaptureLine
from .record_list import RecordList


# "2: tekst" stores in quadrant 2 whatever quadrant is current (a typed prefix works in any terminal).
_PREFIX = re.compile(r"^\s*([1-4])\s*:\s*(.*)$", re.S)


def split_prefix(text: str) -> tuple[int | None, str]:
    """A typed quadrant prefix ("3: tekst") as (quadrant index 0–3, rest), or (None, text)."""
    if m := _PREFIX.match(text):
        return int(m.group(1)) - 1, m.group(2)
    return None, text


def entry_line(entry: EvaluationEntry) -> Text:
    """An answer as its quadrant lists it; one hidden from the projector (a phone's) says so, dimmed."""
    line = Text("• ")
    if entry.hidden:
        line.append("skjult · ", style="dim italic")
    return line.append(visible(entry.text))


def round_label(found: EvaluationRound, trial_titles: dict[int, str] | None = None) -> Text:
    """A round as listed: its date, title and what it is about (typed text stays literal)."""
    text = Text().append(format_date_short(found.date) or "uden dato", style="bold")
    if found.title:
        text.append("  ")
        text.append(visible(found.title))
    if found.trial_id is not None and trial_titles and found.trial_id in trial_titles:
        text.append("  · prøvehandling: ", style="dim")
        text.append(visible(trial_titles[found.trial_id]), style="dim")
    return text


def round_text(app, round_id: int) -> Text:  # noqa: ANN001
    """A round's four quadrants as text (compare view, projector, trial summary)."""
    entries = app.store.list_entries(round_id)
    out = Text()
    for question in app.guide.evaluation_questions:
        mine = [e for e in entries if e.question == question.key]
        out.append(f"{question.text} ({len(mine)})\n", style="bold")
        for entry in mine:
            out.append("• ")
            out.append(visible(entry.text))
            out.append("\n")
        out.append("\n")
    return out


class QuadrantList(RecordList):
    """One quadrant's entries; keys act on the highlighted entry."""

    BINDINGS = [
        Binding("enter,e", "act_on('edit_entry')", "Ret", id="evaluation.edit"),
        Binding("delete,x", "act_on('remove_entry')", "Slet", id="evaluation.remove"),
        Binding("u", "act('action_undo')", "Fortryd", id="evaluation.undo_list"),
    ]

    def __init__(self, index: int, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.index = index

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # OptionList's own Enter selects: here it means "correct this answer"
        self.action_act_on("edit_entry")

    def on_focus(self) -> None:
        if self.highlighted is None and self.option_count:
            self.highlighted = 0  # Enter and Delete act on something visible at once
        self.action_act("set_quadrant", self.index)


class EvaluationWindow(GuardedWrite, Vertical):
    """The four quadrants of one round with a single capture field: text + Enter stores in the
    current quadrant, Shift+arrows move between quadrants (also while typing)."""

    # What the quadrant lists' keys may ask for (KeyAct).
    KEY_OPERATIONS = frozenset({"edit_entry", "remove_entry", "action_undo", "set_quadrant"})

    @on(KeyAct)
    def _key_act(self, event: KeyAct) -> None:
        run_act(self, event, self.KEY_OPERATIONS)

    def set_quadrant(self, index: int) -> None:
        """A quadrant's list got the focus: it is the current quadrant."""
        self.quadrant = index

    DEFAULT_CSS = """
    EvaluationWindow { height: auto; }
    EvaluationWindow .evaluation-capture-row { height: auto; }
    EvaluationWindow .evaluation-quadrant { width: 34; padding: 1 1 0 1; text-style: bold; }
    EvaluationWindow #evaluation-capture { width: 1fr; }
    EvaluationWindow Grid { grid-size: 2 2; grid-gutter: 0 1; height: 22; }
    EvaluationWindow .quadrant { height: 1fr; border: round $primary 40%; }
    EvaluationWindow .quadrant.-current { border: heavy $accent; }
    EvaluationWindow .quadrant-title { text-style: bold; padding: 0 1; }
    EvaluationWindow QuadrantList { height: 1fr; border: none; }
    """

    BINDINGS = [
        Binding("shift+left", "move(-1, 0)", "Felt ←", id="evaluation.left", priority=True, show=False),
        Binding("shift+right", "move(1, 0)", "Felt →", id="evaluation.right", priority=True, show=False),
        Binding("shift+up", "move(0, -1)", "Felt ↑", id="evaluation.up", priority=True, show=False),
        Binding("shift+down", "move(0, 1)", "Felt ↓", id="evaluation.down", priority=True, show=False),
        Binding("ctrl+z", "undo", "Fortryd", id="evaluation.undo"),
        Binding("ctrl+o", "review", "Opfølgning", id="evaluation.review"),
    ]

    class Changed(Message):
        """An entry was stored, changed or removed."""

    def __init__(self, round_id: int | None, *, workshop_id: int, draft_key: str = "evaluation.capture",
                 **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.round_id = round_id
        self.workshop_id = workshop_id
        self.draft_key = draft_key  # the capture line's draft: one in step 5, one per round on its own screen
        self._quadrant = 0

    @property
    def questions(self):  # noqa: ANN201
        return self.app.guide.evaluation_questions

    def compose(self) -> ComposeResult:
        # The label names the current quadrant (set on mount); Enter stores in it.
        yield CaptureLine("", input_id="evaluation-capture", workshop_id=self.workshop_id, draft_key=self.draft_key,
                          required="Skriv et svar først.", placeholder="Skriv og tryk Enter",
                          row_classes="evaluation-capture-row", label_classes="evaluation-quadrant")
        with Grid():
            for i, question in enumerate(self.questions):
                with Vertical(classes="quadrant", id=f"quadrant-{i}"):
                    yield Static("", classes="quadrant-title", id=f"quadrant-title-{i}")
                    yield QuadrantList(i, id=f"quadrant-list-{i}")
        yield Static("Shift+pile: skift felt · «3: tekst» går i felt 3 · Tab: gå til listerne (Enter retter, Delete sletter, U fortryder)"
                     " · Ctrl+O: opfølgning på handlinger", classes="hint")

    def on_mount(self) -> None:
        self.refresh_entries()

    @property
    def quadrant(self) -> int:
        return self._quadrant

    @quadrant.setter
    def quadrant(self, index: int) -> None:
        self._quadrant = index
        for i in range(4):
            self.query_one(f"#quadrant-{i}").set_class(i == index, "-current")
        self.query_one(CaptureLine).label.update(f"{index + 1} {self.questions[index].text}")

    def show_round(self, round_id: int | None) -> None:
        """Show another round (or none yet); typing starts again in the first quadrant."""
        if round_id != self.round_id:
            self._quadrant = 0
        self.round_id = round_id
        self.refresh_entries()

    def refresh_entries(self, select_id: int | None = None) -> None:
        """Re-read the round's entries from the store."""
        entries = self.app.store.list_entries(self.round_id) if self.round_id is not None else []
        for i, question in enumerate(self.questions):
            mine = [e for e in entries if e.question == question.key]
            lst = self.query_one(f"#quadrant-list-{i}", QuadrantList)
            highlighted = lst.highlighted
            options = [Option(entry_line(e), id=str(e.id)) for e in mine]
            if not lst.show_records(options, str(select_id)) and mine and highlighted is not None:
                lst.highlighted = min(highlighted, len(mine) - 1)
            self.query_one(f"#quadrant-title-{i}", Static).update(
                Text(f"{i + 1} {question.text} ({len(mine)})"))
        self.quadrant = self._quadrant

    def focus_capture(self) -> None:
        """Put the cursor in the capture field (if the window is still shown: steps change fast)."""
        for capture in self.query("#evaluation-capture"):
            capture.focus()

    def action_move(self, dx: int, dy: int) -> None:
        col, row = self._quadrant % 2, self._quadrant // 2
        col, row = (col + dx) % 2, (row + dy) % 2
        self.quadrant = row * 2 + col
        focused = self.app.focused
        if isinstance(focused, QuadrantList):
            self.query_one(f"#quadrant-list-{self._quadrant}", QuadrantList).focus()

    def _ensure_round(self) -> int:
        """The round to type into; the first entry of a workshop without rounds starts one today."""
        if self.round_id is None:
            self.round_id = self.app.store.create_round(self.workshop_id).id
            self.post_message(RoundCreated(self.round_id))
        return self.round_id

    @on(CaptureLine.Captured)
    def store_capture(self, event: CaptureLine.Captured) -> None:
        """Enter in the capture line: store the answer in the current quadrant (or the one typed first)."""
        index, text = split_prefix(event.value)
        if index is not None:
            self.quadrant = index
        question = EVALUATION_QUESTIONS[self._quadrant]
        if self.write(lambda: self.app.store.add_entry(self._ensure_round(), question=question, text=text),
                      lambda entry: self.refresh_entries(select_id=entry.id)):
            event.line.clear()

    @work
    async def edit_entry(self, entry_id: int) -> None:
        entry = next((e for e in self.app.store.list_entries(self.round_id) if e.id == entry_id), None)
        if entry is None:
            return
        text = await self.app.push_screen_wait(TextPrompt("Ret svar", label=self.questions[
            EVALUATION_QUESTIONS.index(entry.question)].text, value=entry.text))
        if text is not None:
            self.write(lambda: self.app.store.update_entry(entry_id, text=text),
                       lambda _: self.refresh_entries(select_id=entry_id))

    def remove_entry(self, entry_id: int) -> None:
        self.write(lambda: self.app.store.delete_entry(entry_id), self._removed)

    def _removed(self, _: object) -> None:
        self.refresh_entries()
        if isinstance(self.app.focused, QuadrantList) and self.app.focused.option_count == 0:
            self.focus_capture()  # an empty quadrant has nothing left to act on
        self.notify("Slettet. Tryk U (eller Ctrl+Z) for at fortryde.", timeout=4)

    def action_undo(self) -> None:
        self.write(lambda: self.app.store.undo_evaluation(self.workshop_id), self._undone, changed=False)

    def _undone(self, description: str | None) -> None:
        if description is None:
            self.notify("Der er intet at fortryde.", severity="warning")
            return
        self.refresh_entries()
        self.notify(f"Fortrudt – {description}", markup=False, timeout=4)
        self.post_message(self.Changed())

    def action_review(self) -> None:
        from ..review import ReviewScreen

        self.write(self._ensure_round, lambda round_id: self.app.push_screen(
            ReviewScreen(self.workshop_id, round_id=round_id)), changed=False)


class RoundCreated(Message):
    """The capture started a new round (a workshop's first entry)."""

    def __init__(self, round_id: int) -> None:
        super().__init__()
        self.round_id = round_id

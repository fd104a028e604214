"""A trial's learning circle as Prøvehandlinger (Bilag 2) shows it: the list of trials, the chain of its
cycles, and the panel of one phase (its questions, Udfør's dated log, Evaluer's round, Tilpas's hint).

The widgets show what the step read from the store and post what is typed or pressed (answers through
the step's fields, CaptureLine.Captured, KeyActs); the step stores it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static
from textual.widgets.option_list import Option

from digiworkshop.domain import TRIAL_PHASES, format_date_short

from ..safe_text import stored, visible
from .capture import CaptureLine
from .evaluation_window import round_text
from .fields import FieldArea
from .record_list import RecordList

if TYPE_CHECKING:
    from digiworkshop.models import EvaluationRound, TrialAction, TrialCycle, TrialLogEntry


def phase_names(app) -> dict[str, str]:  # noqa: ANN001
    """The phases' Danish names by key (Planlæg, Udfør, Evaluer, Tilpas)."""
    return {p.key: p.name for p in app.guide.trial_phases}


def marked_chain(label: str, items: Iterable[tuple[str, bool]]) -> Text:
    """"Label:  a  →  b " with the current item reversed (the cycle chain, the learning circle)."""
    text = Text(label)
    for i, (name, current) in enumerate(items):
        if i:
            text.append(" → ")
        text.append(f" {name} ", style="bold reverse" if current else "")
    return text


def cycle_chain(cycles: list[TrialCycle], current_id: int | None, names: dict[str, str]) -> Text:
    """The trial's cycles in order, each with the phase it reached (✓ when a later cycle followed)."""
    return marked_chain("Cyklusser: ", (
        (f"{c.number}: {names[c.phase]}{' ✓' if i < len(cycles) - 1 else ''}", c.id == current_id)
        for i, c in enumerate(cycles)))


def subject_label(app, subject) -> Text:  # noqa: ANN001
    """A central barrier or potential as a trial links it: "Barriere: what the note says"."""
    names = {k.key: k.name for k in app.guide.note_kinds}
    return Text(f"{names.get(subject.kind, subject.kind)}: ").append(visible(subject.text))


class TrialLink(Static):
    """What the trial works on: the central barrier or potential it is linked to (Ctrl+K links it)."""

    DEFAULT_CSS = "TrialLink { width: 1fr; height: auto; border: round $primary 40%; padding: 0 1; }"

    def on_mount(self) -> None:
        self.border_title = "Arbejder med (Ctrl+K kobler til en central barriere/potentiale)"

    def show(self, subject) -> None:  # noqa: ANN001
        """Show the linked subject (None: no link)."""
        self.update(subject_label(self.app, subject) if subject else Text("Ingen kobling", style="dim"))


class TrialList(RecordList):
    """The workshop's trials, each with the cycle it is in; R renames, Delete deletes (after asking)."""

    BINDINGS = [
        Binding("r", "act_on('rename_trial')", "Omdøb", id="trials.rename"),
        Binding("delete,x", "act_on('remove_trial')", "Slet", id="trials.remove"),
    ]

    def show_trials(self, trials: list[tuple[TrialAction, TrialCycle | None]], current_id: int | None) -> None:
        """Show (trial, its latest cycle) pairs with the cursor on the current trial."""
        names = phase_names(self.app)
        options = []
        for trial, latest in trials:
            label = stored(trial.title)
            if latest is not None:
                label.append(f"\n  cyklus {latest.number}: {names[latest.phase]}", style="dim")
            options.append(Option(label, id=str(trial.id)))
        self.show_records(options, str(current_id))
        self.border_title = f"Prøvehandlinger ({len(trials)})"


class TrialLog(RecordList):
    """Udfør's dated experiences; Delete removes one (after asking)."""

    BINDINGS = [Binding("delete,x", "act_on('remove_log')", "Slet erfaring", id="trials.log_remove")]

    def show_entries(self, entries: list[TrialLogEntry]) -> None:
        """Show the entries, each with its date."""
        self.set_options([Option(Text(f"{format_date_short(e.date)}  ").append(visible(e.text)), id=str(e.id))
                          for e in entries])


class PhasePanel(Vertical):
    """One phase of a cycle: the learning circle with the phase marked, its introduction, a field per
    question (stored by the step on Enter or when left), and what the phase adds."""

    DEFAULT_CSS = """
    PhasePanel { height: auto; }
    PhasePanel #phase-tabs { padding: 0 1; }
    PhasePanel #phase-intro { padding: 0 1; color: $text-muted; text-style: italic; }
    PhasePanel #phase-body { height: auto; }
    PhasePanel .question { width: 1fr; padding: 1 1 0 1; text-style: bold; }
    PhasePanel FieldArea { height: auto; min-height: 3; max-height: 8; }
    PhasePanel #trial-log { height: 8; border: round $primary 40%; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="phase-tabs")
        yield Static("", id="phase-intro")
        yield Vertical(id="phase-body")

    async def clear(self) -> None:
        """No trial: nothing to show."""
        for widget_id in ("#phase-tabs", "#phase-intro"):
            self.query_one(widget_id, Static).update("")
        await self.query_one("#phase-body").remove_children()

    async def show(self, phase_key: str, cycle_id: int, answers: dict[str, str], workshop_id: int) -> None:
        """Show a phase of a cycle with its answers (field "phase.question" → text as stored)."""
        phase = next(p for p in self.app.guide.trial_phases if p.key == phase_key)
        names = phase_names(self.app)
        self.query_one("#phase-tabs", Static).update(
            marked_chain("Læringscirklen: ", ((names[key], key == phase_key) for key in TRIAL_PHASES)))
        self.query_one("#phase-intro", Static).update(Text(phase.intro))
        body = self.query_one("#phase-body")
        await body.remove_children()
        widgets = []
        for question in phase.questions:
            field = f"{phase_key}.{question.key}"
            widgets.append(Label(question.text, classes="question"))
            area = FieldArea(answers[field], field=field, placeholder=question.text,
                             id=f"answer-{phase_key}-{question.key}")
            area.cycle_id = cycle_id  # a late blur of a removed field must not write into another cycle
            widgets.append(area)
        if phase_key == "do":
            widgets.append(Label("Løbende erfaringer (dateret)", classes="question"))
            widgets.append(CaptureLine(None, id="trial-log-line", input_id="trial-log-new", workshop_id=workshop_id,
                                       draft_key=f"trials.log.{cycle_id}", required="Skriv en erfaring først.",
                                       placeholder="Skriv og tryk Enter · «3/12: tekst» giver en anden dato end i dag"))
            widgets.append(TrialLog(id="trial-log"))
        elif phase_key == "study":
            widgets.append(Label("Evalueringsvindue for denne cyklus", classes="question"))
            widgets.append(Static("", id="cycle-round"))
        elif phase_key == "act":
            widgets.append(Static("Ctrl+N starter næste cyklus: Planlæg fyldes ud med planen fra denne cyklus, "
                                  "justeret med svarene her.", classes="hint"))
        await body.mount_all(widgets)

    def focus_answer(self) -> None:
        """Put the cursor in the phase's first field, at the end (a carried-forward answer is added to, not
        typed over)."""
        for widget in self.query("#phase-body FieldArea, #phase-body Input"):
            widget.focus()
            if isinstance(widget, FieldArea):
                widget.move_cursor(widget.document.end)
            return

    def show_log(self, entries: list[TrialLogEntry]) -> None:
        """Udfør's dated experiences (when Udfør is shown)."""
        for log in self.query(TrialLog):
            log.show_entries(entries)

    def show_round(self, found: EvaluationRound | None) -> None:
        """Evaluer's round in short, or how to start it (when Evaluer is shown)."""
        if not self.query("#cycle-round"):
            return
        if found is None:
            text = Text("Ingen runde endnu – Ctrl+O åbner evalueringsvinduet for denne cyklus.")
        else:
            text = Text().append(f"Runde {format_date_short(found.date)} (Ctrl+O åbner den):\n\n", style="bold")
            text.append_text(round_text(self.app, found.id))
        self.query_one("#cycle-round", Static).update(text)

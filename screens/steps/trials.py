"""Prøvehandlinger (Bilag 2): each trial runs the learning circle Planlæg → Udfør → Evaluer → Tilpas,
cycle after cycle, with the guide's questions as prompts and every answer stored on Enter."""

from __future__ import annotations

import re

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static

from digiworkshop.domain import TRIAL_PHASES, parse_date

from ..dialogs.forms import ConfirmDialog, TextPrompt
from ..dialogs.pickers import ChoicePicker
from ..presentation import PresentationBlock
from ..safe_text import stored, visible
from ..widgets.acts import KeyAct, run_act
from ..widgets.capture import CaptureLine
from ..widgets.trial_cycle import PhasePanel, TrialLink, TrialList, cycle_chain, phase_names, subject_label
from .base import StepView

NO_LINK = "-"
# "3/12: tekst" dates a log entry; without a date it is dated today.
_DATED = re.compile(r"^\s*(\d{1,2}\s*[./-]\s*\d{1,2}(?:\s*[./-]\s*\d{2,4})?)\s*:\s*(.+)$", re.S)


def split_dated(text: str) -> tuple[str | None, str]:
    """A log entry typed with a leading date ("3/12: tekst") as (date text, rest), else (None, text)."""
    if m := _DATED.match(text):
        return m.group(1), m.group(2)
    return None, text


class TrialsStep(StepView):
    """The trials beside the chosen trial's cycle chain and the questions of one phase."""

    DEFAULT_CSS = """
    TrialsStep #trials-row { height: auto; }
    TrialsStep #trials-side { width: 36; height: auto; }
    TrialsStep #trials { height: 12; border: round $primary 40%; }
    TrialsStep #trial-main { width: 1fr; height: auto; padding-left: 1; }
    TrialsStep #trial-title { text-style: bold; }
    TrialsStep #cycle-chain { padding: 0 1; }
    """

    BINDINGS = [
        Binding("shift+right", "phase(1)", "Næste fase", id="trials.next_phase", priority=True),
        Binding("shift+left", "phase(-1)", "Forrige fase", id="trials.previous_phase", priority=True),
        Binding("shift+down", "cycle(1)", "Næste cyklus", id="trials.next_cycle", priority=True, show=False),
        Binding("shift+up", "cycle(-1)", "Forrige cyklus", id="trials.previous_cycle", priority=True, show=False),
        Binding("ctrl+n", "next_cycle", "Ny cyklus", id="trials.new_cycle", priority=True),
        Binding("ctrl+o", "open_round", "Evalueringsvindue", id="trials.round", priority=True),
        Binding("ctrl+k", "link", "Kobl til", id="trials.link", priority=True),
    ]

    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.trial_id: int | None = None
        self.cycle_id: int | None = None
        self.phase = "plan"
        self._ready = self._focus_pending = False

    @property
    def phases(self):  # noqa: ANN201
        return {p.key: p for p in self.guide.trial_phases}

    # What the trial list's and the log's keys may ask for (KeyAct).
    KEY_OPERATIONS = frozenset({"rename_trial", "remove_trial", "remove_log"})

    @on(KeyAct)
    def _key_act(self, event: KeyAct) -> None:
        run_act(self, event, self.KEY_OPERATIONS)

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Horizontal(id="trials-row"):
            with Vertical(id="trials-side"):
                yield CaptureLine(None, id="trial-line", input_id="trial-new", workshop_id=self.workshop_id,
                                  draft_key="trials.trial_new", required="Skriv en titel på prøvehandlingen.",
                                  placeholder="Ny prøvehandling: titel + Enter")
                yield TrialList(id="trials")
                yield Static("R: omdøb · Delete: slet", classes="hint")
            with Vertical(id="trial-main"):
                yield Static("", id="trial-title")
                yield TrialLink("", id="trial-link")
                yield Static("", id="cycle-chain")
                yield PhasePanel()
        yield Static("Shift+→/←: næste/forrige fase · Shift+↓/↑: næste/forrige cyklus · "
                     "Ctrl+N i Tilpas: start næste cyklus · Ctrl+O i Evaluer: evalueringsvinduet · "
                     "Ctrl+K: kobl til en central barriere/potentiale", classes="hint")

    async def on_mount(self) -> None:
        await self.show_first()
        self._ready = True
        if self._focus_pending:
            self.focus_first()

    def focus_first(self) -> None:
        if not self._ready:
            self._focus_pending = True  # on_mount is still building the phase; it focuses when done
            return
        if self.trial_id is None:
            for new in self.query("#trial-new"):  # steps change fast: the view may be gone already
                new.focus()
        else:
            self._focus_phase()

    def _focus_phase(self) -> None:
        self.query_one(PhasePanel).focus_answer()

    # --- showing ---------------------------------------------------------------------------------

    def refresh_trials(self) -> None:
        """Re-read the trial list, each with the cycle it is in."""
        trials = self.store.list_trials(self.workshop_id)
        latest = [(t, (self.store.list_cycles(t.id) or [None])[-1]) for t in trials]
        self.query_one(TrialList).show_trials(latest, self.trial_id)

    async def show_first(self) -> None:
        """Show the workshop's first trial (or that there is none yet)."""
        trials = self.store.list_trials(self.workshop_id)
        await self.show_trial(trials[0].id if trials else None)

    async def show_trial(self, trial_id: int | None, *, cycle_id: int | None = None, phase: str | None = None) -> None:
        """Show a trial at a cycle (default: its latest) and phase (default: where that cycle is)."""
        self.flush()
        self.trial_id = trial_id
        if trial_id is None:
            self.cycle_id = None
            self.query_one("#trial-title", Static).update(
                Text("Ingen prøvehandlinger endnu – skriv en titel i feltet til venstre og tryk Enter."))
            for widget_id in ("#cycle-chain", "#trial-link"):
                self.query_one(widget_id, Static).update("")
            await self.query_one(PhasePanel).clear()
            self.refresh_trials()
            return
        trial = self.store.get_trial(trial_id)
        cycles = self.store.list_cycles(trial_id)
        cycle = next((c for c in cycles if c.id == cycle_id), cycles[-1])
        self.cycle_id = cycle.id
        self.phase = phase or cycle.phase
        self.query_one("#trial-title", Static).update(stored(trial.title))
        self._show_link(trial)
        self._show_progress(cycles)
        await self._show_phase()

    def _show_link(self, trial) -> None:  # noqa: ANN001
        self.query_one(TrialLink).show(self.store.trial_subject(trial))

    def _show_progress(self, cycles=None) -> None:  # noqa: ANN001
        """The phase each cycle reached, in the chain and in the trial list (an answer may move it on)."""
        cycles = cycles or self.store.list_cycles(self.trial_id)
        self.query_one("#cycle-chain", Static).update(cycle_chain(cycles, self.cycle_id, phase_names(self.app)))
        self.refresh_trials()

    async def _show_phase(self) -> None:
        """Show the current phase's questions for the current cycle, with what is stored for them."""
        stored_answers = self.store.trial_answers(self.cycle_id)
        self._saved = {}
        phase = self.phases[self.phase]
        answers = {f"{self.phase}.{q.key}": self.remember(f"{self.phase}.{q.key}",
                                                          stored_answers.get((self.phase, q.key), ""))
                   for q in phase.questions}
        await self.query_one(PhasePanel).show(self.phase, self.cycle_id, answers, self.workshop_id)
        if self.phase == "do":
            self.refresh_log()
        elif self.phase == "study":
            self.refresh_round()

    def refresh_log(self) -> None:
        """Re-read Udfør's dated experiences."""
        self.query_one(PhasePanel).show_log(self.store.list_trial_log(self.cycle_id))

    def refresh_round(self) -> None:
        """Show the cycle's evaluation round in short, or how to start it."""
        self.query_one(PhasePanel).show_round(self.store.cycle_round(self.cycle_id))

    # --- storing ---------------------------------------------------------------------------------

    def _store(self, widget, value: str) -> bool:  # noqa: ANN001
        if getattr(widget, "cycle_id", None) != self.cycle_id:
            return True
        return super()._store(widget, value)

    def save_field(self, field: str, value: str) -> str:
        phase, question = field.split(".", 1)
        stored = self.store.save_trial_answer(self.cycle_id, phase=phase, question=question, text=value)
        self._show_progress()
        return stored

    @on(CaptureLine.Captured, "#trial-line")
    async def _new_trial(self, event: CaptureLine.Captured) -> None:
        created: list = []
        if not self.write(lambda: self.store.create_trial(self.workshop_id, title=event.value), created.append):
            return  # the title stays in the line
        event.line.clear()
        await self.show_trial(created[0].id)
        self._focus_phase()

    @on(CaptureLine.Captured, "#trial-log-line")
    def _new_log(self, event: CaptureLine.Captured) -> None:
        date_text, text = split_dated(event.value)
        cycle_id = self.cycle_id

        def added(_: object) -> None:
            event.line.clear()
            self.refresh_log()
            self._show_progress()

        self.write(lambda: self.store.add_trial_log(cycle_id, text=text,
                                                    date=parse_date(date_text) if date_text else None),
                   added, changed=False)

    @work
    async def action_link(self) -> None:
        """Link the trial to the central barrier or potential it works on (from step 4)."""
        if self.trial_id is None:
            return
        trial = self.store.get_trial(self.trial_id)
        subjects = self.store.central_subjects(self.workshop_id)
        linked = self.store.trial_subject(trial)
        if linked is not None and linked.key not in {s.key for s in subjects}:
            subjects.append(linked)  # linked earlier, no longer marked central: still offered
        if not subjects:
            self.notify("Der er ingen centrale barrierer eller potentialer endnu (trin 4b).", severity="warning")
            return
        choices = [(NO_LINK, "Ingen kobling"), *((s.key, subject_label(self.app, s)) for s in subjects)]
        chosen = await self.app.push_screen_wait(ChoicePicker(
            "Hvilken central barriere eller hvilket potentiale arbejder prøvehandlingen med?", choices,
            linked.key if linked else NO_LINK))
        if chosen is None:
            return
        note_id = int(chosen[5:]) if chosen.startswith("note:") else None
        theme_id = int(chosen[6:]) if chosen.startswith("theme:") else None
        self.write(lambda: self.store.link_trial(self.trial_id, note_id=note_id, theme_id=theme_id), self._show_link,
                   changed=False)

    @on(OptionList.OptionSelected, "#trials")
    async def _trial_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        await self.show_trial(int(event.option.id))
        self._focus_phase()

    # --- keys ------------------------------------------------------------------------------------

    async def action_phase(self, step: int) -> None:
        if self.trial_id is None:
            return
        index = TRIAL_PHASES.index(self.phase) + step
        if not 0 <= index < len(TRIAL_PHASES):
            if index >= len(TRIAL_PHASES):
                self.notify("Tilpas er sidste fase. Ctrl+N starter næste cyklus.", timeout=3)
            return
        self.flush()
        self.phase = TRIAL_PHASES[index]
        self.write(lambda: self.store.reach_phase(self.cycle_id, self.phase), changed=False)
        self._show_progress()
        await self._show_phase()
        self._focus_phase()

    async def action_cycle(self, step: int) -> None:
        if self.trial_id is None:
            return
        cycles = self.store.list_cycles(self.trial_id)
        ids = [c.id for c in cycles]
        index = ids.index(self.cycle_id) + step
        if 0 <= index < len(ids):
            await self.show_trial(self.trial_id, cycle_id=ids[index])
            self._focus_phase()

    async def action_next_cycle(self) -> None:
        if self.trial_id is None:
            return
        if self.phase != "act":
            self.notify("Gå til Tilpas (Shift+→) for at starte næste cyklus.", severity="warning")
            return
        cycles = self.store.list_cycles(self.trial_id)
        if cycles[-1].id != self.cycle_id:
            self.notify("Der er allerede en senere cyklus. Shift+↓ går til den.", severity="warning")
            return
        self.flush()
        started: list = []
        if not self.write(lambda: self.store.start_next_cycle(self.trial_id), started.append):
            return
        await self.show_trial(self.trial_id, cycle_id=started[0].id, phase="plan")
        self.notify(f"Cyklus {started[0].number} er startet med den tilpassede plan.", timeout=4)
        self._focus_phase()

    def action_open_round(self) -> None:
        if self.trial_id is None:
            return
        if self.phase != "study":
            self.notify("Evalueringsvinduet hører til fasen Evaluer (Shift+→).", severity="warning")
            return
        from ..dialogs.rounds import RoundScreen

        self.flush()
        self.write(lambda: self.store.open_cycle_round(self.cycle_id),
                   lambda found: self.app.push_screen(RoundScreen(self.workshop_id, found.id),
                                                      lambda _: self.refresh_round()))

    @work
    async def rename_trial(self, trial_id: int) -> None:
        """R on a trial: give it a new title."""
        trial = self.store.get_trial(trial_id)
        title = await self.app.push_screen_wait(TextPrompt("Omdøb prøvehandling", label="Titel", value=trial.title))
        if title is None:
            return
        if self.write(lambda: self.store.rename_trial(trial_id, title=title), changed=False):
            await self.show_trial(trial_id)

    @work
    async def remove_trial(self, trial_id: int) -> None:
        """Delete on a trial: delete it with its cycles and answers, after asking."""
        trial = self.store.get_trial(trial_id)
        if not await self.app.push_screen_wait(
            ConfirmDialog(f"Slet prøvehandlingen «{visible(trial.title)}» med alle cyklusser og svar?")
        ):
            return
        if not self.write(lambda: self.store.delete_trial(trial_id)):
            return
        self._saved = {}
        self.trial_id = None
        await self.show_first()

    @work
    async def remove_log(self, entry_id: int) -> None:
        await self.confirmed_write("Slet denne erfaring?", lambda: self.store.delete_trial_log(entry_id),
                                   lambda _: self.refresh_log(), changed=False)

    def flush(self) -> None:
        if self.cycle_id is not None:
            super().flush()

    def presentation_content(self) -> list[PresentationBlock]:
        """The shown trial: its cycle chain, then the current phase's questions, one block each."""
        if self.trial_id is None:
            return [PresentationBlock(self.step.label, ("Ingen prøvehandlinger endnu.",))]
        cycles = self.store.list_cycles(self.trial_id)
        phase = self.phases[self.phase]
        chain = " → ".join(f"Cyklus {c.number}: {self.phases[c.phase].name}" for c in cycles)
        blocks = [PresentationBlock(self.step.label, (self.store.get_trial(self.trial_id).title, chain,
                                                      f"Fase: {phase.name}"), wide=True)]
        answers = self.store.trial_answers(self.cycle_id)
        for question in phase.questions:
            answer = answers.get((self.phase, question.key)) or ""
            blocks.append(PresentationBlock(question.text, tuple(answer.splitlines())))
        return blocks


"""Prøvehandlinger (Bilag 2): each trial runs the learning circle Planlæg → Udfør → Evaluer → Tilpas,
cycle after cycle, with the guide's questions as prompts and every answer stored on Enter."""

from __future__ import annotations

import re

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from digiworkshop.domain import TRIAL_PHASES, format_date_short, parse_date

from ..dialogs.forms import ConfirmDialog, TextPrompt
from ..dialogs.pickers import ChoicePicker
from ..safe_text import stored, visible
from ..widgets.acts import KeyAct, PostsActs, run_act
from ..presentation import PresentationBlock
from .base import StepView
from ..widgets.fields import DraftInput, FieldArea

NO_LINK = "-"
# "3/12: tekst" dates a log entry; without a date it is dated today.
_DATED = re.compile(r"^\s*(\d{1,2}\s*[./-]\s*\d{1,2}(?:\s*[./-]\s*\d{2,4})?)\s*:\s*(.+)$", re.S)


def split_dated(text: str) -> tuple[str | None, str]:
    """A log entry typed with a leading date ("3/12: tekst") as (date text, rest), else (None, text)."""
    if m := _DATED.match(text):
        return m.group(1), m.group(2)
    return None, text


class TrialList(PostsActs, OptionList):
    """The workshop's trials; R renames, Delete deletes (after asking)."""

    BINDINGS = [
        Binding("r", "act('rename_trial')", "Omdøb", id="trials.rename"),
        Binding("delete,x", "act('remove_trial')", "Slet", id="trials.remove"),
    ]


class TrialLog(PostsActs, OptionList):
    """Udfør's dated experiences; Delete removes one (after asking)."""

    BINDINGS = [Binding("delete,x", "remove", "Slet erfaring", id="trials.log_remove")]

    def action_remove(self) -> None:
        if self.highlighted is not None and self.option_count:
            self.action_act("remove_log", int(self.get_option_at_index(self.highlighted).id))


class TrialsStep(StepView):
    """The trials beside the chosen trial's cycle chain and the questions of one phase."""

    DEFAULT_CSS = """
    TrialsStep #trials-row { height: auto; }
    TrialsStep #trials-side { width: 36; height: auto; }
    TrialsStep #trials { height: 12; border: round $primary 40%; }
    TrialsStep #trial-main { width: 1fr; height: auto; padding-left: 1; }
    TrialsStep #trial-title { text-style: bold; }
    TrialsStep #cycle-chain, TrialsStep #phase-tabs { padding: 0 1; }
    TrialsStep #phase-intro { padding: 0 1; color: $text-muted; text-style: italic; }
    TrialsStep #phase-body { height: auto; }
    TrialsStep .question { width: 1fr; padding: 1 1 0 1; text-style: bold; }
    TrialsStep FieldArea { height: auto; min-height: 3; max-height: 8; }
    TrialsStep #trial-log { height: 8; border: round $primary 40%; }
    TrialsStep #trial-link { width: 1fr; height: auto; border: round $primary 40%; padding: 0 1; }
    """

    BINDINGS = [
        Binding("shift+right", "phase(1)", "Næste fase", id="trials.next_phase", priority=True),
        Binding("shift+left", "phase(-1)", "Forrige fase", id="trials.previous_phase", priority=True),
        Binding("shift+down", "cycle(1)", "Næste cyklus", id="trials.next_cycle", priority=True, show=False),
        Binding("shift+up", "cycle(-1)", "Forrige cyklus", id="trials.previous_cycle", priority=True, show=False),
        Binding("ctrl+n", "next_cycle", "Ny cyklus", id="trials.new_cycle", priority=True),
        Binding("ctrl+o", "open_round", "Evalueringsvindue", id="trials.round", priority=True),
        Binding("ctrl+t", "link", "Kobl til", id="trials.link", priority=True),
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
                yield DraftInput(placeholder="Ny prøvehandling: titel + Enter", id="trial-new",
                                 workshop_id=self.workshop_id, draft_key="trials.trial_new")
                yield TrialList(id="trials")
                yield Static("R: omdøb · Delete: slet", classes="hint")
            with Vertical(id="trial-main"):
                yield Static("", id="trial-title")
                yield Static("", id="trial-link")
                yield Static("", id="cycle-chain")
                yield Static("", id="phase-tabs")
                yield Static("", id="phase-intro")
                yield Vertical(id="phase-body")
        yield Static("Shift+→/←: næste/forrige fase · Shift+↓/↑: næste/forrige cyklus · "
                     "Ctrl+N i Tilpas: start næste cyklus · Ctrl+O i Evaluer: evalueringsvinduet", classes="hint")

    async def on_mount(self) -> None:
        self.query_one("#trial-link").border_title = "Arbejder med (Ctrl+T kobler til en central barriere/potentiale)"
        trials = self.store.list_trials(self.workshop_id)
        if trials:
            await self.show_trial(trials[0].id)
        else:
            await self.show_trial(None)
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
        for widget in self.query("#phase-body FieldArea, #phase-body Input"):
            widget.focus()
            if isinstance(widget, FieldArea):
                widget.move_cursor(widget.document.end)  # a carried-forward answer is added to, not typed over
            return

    # --- showing ---------------------------------------------------------------------------------

    def refresh_trials(self) -> None:
        """Re-read the trial list, each with the cycle it is in."""
        lst = self.query_one(TrialList)
        trials = self.store.list_trials(self.workshop_id)
        options = []
        for trial in trials:
            cycles = self.store.list_cycles(trial.id)
            label = stored(trial.title)
            if cycles:
                label.append(f"\n  cyklus {cycles[-1].number}: {self.phases[cycles[-1].phase].name}", style="dim")
            options.append(Option(label, id=str(trial.id)))
        lst.set_options(options)
        ids = [t.id for t in trials]
        if self.trial_id in ids:
            lst.highlighted = ids.index(self.trial_id)
        lst.border_title = f"Prøvehandlinger ({len(trials)})"

    async def show_trial(self, trial_id: int | None, *, cycle_id: int | None = None, phase: str | None = None) -> None:
        """Show a trial at a cycle (default: its latest) and phase (default: where that cycle is)."""
        self.flush()
        self.trial_id = trial_id
        if trial_id is None:
            self.cycle_id = None
            self.query_one("#trial-title", Static).update(
                Text("Ingen prøvehandlinger endnu – skriv en titel i feltet til venstre og tryk Enter."))
            for widget_id in ("#cycle-chain", "#phase-tabs", "#phase-intro"):
                self.query_one(widget_id, Static).update("")
            await self.query_one("#phase-body").remove_children()
            self.query_one("#trial-link", Static).update("")
            self.refresh_trials()
            return
        trial = self.store.get_trial(trial_id)
        cycles = self.store.list_cycles(trial_id)
        cycle = next((c for c in cycles if c.id == cycle_id), cycles[-1])
        self.cycle_id = cycle.id
        self.phase = phase or cycle.phase
        self.query_one("#trial-title", Static).update(stored(trial.title))
        self._show_link(trial)
        self._show_chain(cycles)
        self.refresh_trials()
        await self._show_phase()

    def _subject_label(self, subject) -> Text:  # noqa: ANN001
        names = {k.key: k.name for k in self.guide.note_kinds}
        return Text(f"{names.get(subject.kind, subject.kind)}: ").append(visible(subject.text))

    def _show_link(self, trial) -> None:  # noqa: ANN001
        linked = self.store.trial_subject(trial)
        self.query_one("#trial-link", Static).update(
            self._subject_label(linked) if linked else Text("Ingen kobling", style="dim"))

    def _show_chain(self, cycles=None) -> None:  # noqa: ANN001
        cycles = cycles or self.store.list_cycles(self.trial_id)
        chain = Text("Cyklusser: ")
        for i, cycle in enumerate(cycles):
            if i:
                chain.append(" → ")
            done = i < len(cycles) - 1
            style = "bold reverse" if cycle.id == self.cycle_id else ""
            chain.append(f" {cycle.number}: {self.phases[cycle.phase].name}{' ✓' if done else ''} ", style=style)
        self.query_one("#cycle-chain", Static).update(chain)

    async def _show_phase(self) -> None:
        """Show the current phase's questions for the current cycle."""
        tabs = Text("Læringscirklen: ")
        for i, key in enumerate(TRIAL_PHASES):
            if i:
                tabs.append(" → ")
            phase = self.phases[key]
            tabs.append(f" {phase.name} ", style="bold reverse" if key == self.phase else "")
        self.query_one("#phase-tabs", Static).update(tabs)
        phase = self.phases[self.phase]
        self.query_one("#phase-intro", Static).update(Text(phase.intro))
        body = self.query_one("#phase-body")
        await body.remove_children()
        answers = self.store.trial_answers(self.cycle_id)
        self._saved = {}
        widgets = []
        for question in phase.questions:
            field = f"{self.phase}.{question.key}"
            widgets.append(Label(question.text, classes="question"))
            area = FieldArea(self.remember(field, answers.get((self.phase, question.key), "")),
                             field=field, placeholder=question.text, id=f"answer-{self.phase}-{question.key}")
            area.cycle_id = self.cycle_id  # a late blur of a removed field must not write into another cycle
            widgets.append(area)
        if self.phase == "do":
            widgets.append(Label("Løbende erfaringer (dateret)", classes="question"))
            widgets.append(DraftInput(placeholder="Skriv og tryk Enter · «3/12: tekst» giver en anden dato end i dag",
                                      id="trial-log-new", workshop_id=self.workshop_id,
                                      draft_key=f"trials.log.{self.cycle_id}"))
            widgets.append(TrialLog(id="trial-log"))
        elif self.phase == "study":
            widgets.append(Label("Evalueringsvindue for denne cyklus", classes="question"))
            widgets.append(Static("", id="cycle-round"))
        elif self.phase == "act":
            widgets.append(Static("Ctrl+N starter næste cyklus: Planlæg fyldes ud med planen fra denne cyklus, "
                                  "justeret med svarene her.", classes="hint"))
        await body.mount_all(widgets)
        if self.phase == "do":
            self.refresh_log()
        elif self.phase == "study":
            self.refresh_round()

    def refresh_log(self) -> None:
        """Re-read Udfør's dated experiences."""
        if not self.query("#trial-log"):
            return
        entries = self.store.list_trial_log(self.cycle_id)
        self.query_one(TrialLog).set_options([
            Option(Text(f"{format_date_short(e.date)}  ").append(visible(e.text)), id=str(e.id)) for e in entries])

    def refresh_round(self) -> None:
        """Show the cycle's evaluation round in short, or how to start it."""
        if not self.query("#cycle-round"):
            return
        found = self.store.cycle_round(self.cycle_id)
        if found is None:
            text = Text("Ingen runde endnu – Ctrl+O åbner evalueringsvinduet for denne cyklus.")
        else:
            from ..widgets.evaluation_window import round_text

            text = Text().append(f"Runde {format_date_short(found.date)} (Ctrl+O åbner den):\n\n", style="bold")
            text.append_text(round_text(self.app, found.id))
        self.query_one("#cycle-round", Static).update(text)

    # --- storing ---------------------------------------------------------------------------------

    def _store(self, widget, value: str) -> bool:  # noqa: ANN001
        if getattr(widget, "cycle_id", None) != self.cycle_id:
            return True
        return super()._store(widget, value)

    def save_field(self, field: str, value: str) -> str:
        phase, question = field.split(".", 1)
        stored = self.store.save_trial_answer(self.cycle_id, phase=phase, question=question, text=value)
        self._show_chain()
        self.refresh_trials()
        return stored

    @on(Input.Submitted, "#trial-new")
    async def _new_trial(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.notify("Skriv en titel på prøvehandlingen.", severity="warning")
            return
        created: list = []
        if not self.write(lambda: self.store.create_trial(self.workshop_id, title=event.value), created.append):
            return  # the title stays in the field
        event.input.value = ""
        await self.show_trial(created[0].id)
        self._focus_phase()

    @on(Input.Submitted, "#trial-log-new")
    def _new_log(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.notify("Skriv en erfaring først.", severity="warning")
            return
        date_text, text = split_dated(event.value)
        cycle_id = self.cycle_id

        def added(_: object) -> None:
            event.input.value = ""
            self.refresh_log()
            self._show_chain()

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
        choices = [(NO_LINK, "Ingen kobling"), *((s.key, self._subject_label(s)) for s in subjects)]
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
        self._show_chain()
        self.refresh_trials()
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
    async def rename_trial(self) -> None:
        trial_id = self._highlighted_trial()
        if trial_id is None:
            return
        trial = self.store.get_trial(trial_id)
        title = await self.app.push_screen_wait(TextPrompt("Omdøb prøvehandling", label="Titel", value=trial.title))
        if title is None:
            return
        if self.write(lambda: self.store.rename_trial(trial_id, title=title), changed=False):
            await self.show_trial(trial_id)

    @work
    async def remove_trial(self) -> None:
        trial_id = self._highlighted_trial()
        if trial_id is None:
            return
        trial = self.store.get_trial(trial_id)
        if not await self.app.push_screen_wait(
            ConfirmDialog(f"Slet prøvehandlingen «{visible(trial.title)}» med alle cyklusser og svar?")
        ):
            return
        if not self.write(lambda: self.store.delete_trial(trial_id)):
            return
        self._saved = {}
        self.trial_id = None
        rest = self.store.list_trials(self.workshop_id)
        await self.show_trial(rest[0].id if rest else None)

    @work
    async def remove_log(self, entry_id: int) -> None:
        if not await self.app.push_screen_wait(ConfirmDialog("Slet denne erfaring?")):
            return
        self.write(lambda: self.store.delete_trial_log(entry_id), lambda _: self.refresh_log(), changed=False)

    def _highlighted_trial(self) -> int | None:
        lst = self.query_one(TrialList)
        if lst.highlighted is None or lst.option_count == 0:
            return None
        return int(lst.get_option_at_index(lst.highlighted).id)

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


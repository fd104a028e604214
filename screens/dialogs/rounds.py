"""Screens showing evaluation rounds on their own: two rounds side by side, and one round's window
(a trial cycle's Evaluer opens it)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from ..widgets.evaluation_window import EvaluationWindow, round_label, round_text
from ..widgets.footer import QuietFooter


class CompareScreen(Screen):
    """Two rounds side by side; ←/→ change the right-hand round, Shift+←/→ the left-hand one."""

    DEFAULT_CSS = """
    CompareScreen #compare { height: 1fr; }
    CompareScreen .compare-side { width: 1fr; border: round $primary 40%; padding: 0 1; }
    """

    BINDINGS = [
        Binding("left", "shift(1, -1)", "Højre runde ←", id="compare.right_prev"),
        Binding("right", "shift(1, 1)", "Højre runde →", id="compare.right_next"),
        Binding("shift+left", "shift(0, -1)", "Venstre runde ←", id="compare.left_prev"),
        Binding("shift+right", "shift(0, 1)", "Venstre runde →", id="compare.left_next"),
        Binding("escape", "app.pop_screen", "Tilbage", id="compare.back"),
    ]

    def __init__(self, workshop_id: int, left: int, right: int) -> None:
        super().__init__()
        self.workshop_id = workshop_id
        self.sides = [left, right]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="compare"):
            for i in range(2):
                with VerticalScroll(classes="compare-side", id=f"compare-side-{i}"):
                    yield Static("", id=f"compare-{i}")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.sub_title = "Evalueringsvindue: to runder side om side"
        self._show()

    def _show(self) -> None:
        rounds = {r.id: r for r in self.app.store.list_rounds(self.workshop_id)}
        titles = {t.id: t.title for t in self.app.store.list_trials(self.workshop_id)}
        for i, round_id in enumerate(self.sides):
            text = round_label(rounds[round_id], titles)
            text.append("\n\n")
            text.append_text(round_text(self.app, round_id))
            self.query_one(f"#compare-{i}", Static).update(text)

    def action_shift(self, side: int, step: int) -> None:
        ids = [r.id for r in self.app.store.list_rounds(self.workshop_id)]
        index = (ids.index(self.sides[side]) + step) % len(ids)
        self.sides[side] = ids[index]
        self._show()


class RoundScreen(Screen):
    """One round's evaluation window on its own (a trial cycle's Evaluer opens it)."""

    BINDINGS = [Binding("escape", "back", "Tilbage", id="round.back")]

    def __init__(self, workshop_id: int, round_id: int) -> None:
        super().__init__()
        self.workshop_id = workshop_id
        self.round_id = round_id

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            found = self.app.store.get_round(self.round_id)
            yield Static(round_label(found), classes="section-title", id="round-screen-title")
            yield EvaluationWindow(self.round_id, workshop_id=self.workshop_id,
                                   draft_key=f"evaluation.round.{self.round_id}")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.sub_title = "Evalueringsvindue for prøvehandlingen"
        self.query_one(EvaluationWindow).focus_capture()

    def action_back(self) -> None:
        self.dismiss()  # what is typed and not captured stays as the capture line's draft

"""Inside a workshop: the step list of the guide beside the current step."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList
from textual.widgets.option_list import Option

from .messages import report_error
from .steps import StepView, view_for

# F2 … F10 jump straight to the nine steps (F1 stays free for help).
STEP_KEYS = ("f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10")


class WorkshopScreen(Screen):
    """One workshop: the guide's steps in order, each with its capture."""

    BINDINGS = [
        # Priority: the scrolling step body and the text fields would otherwise take these keys.
        Binding("pagedown,ctrl+down", "next_step", "Næste trin", id="step.next", priority=True),
        Binding("pageup,ctrl+up", "previous_step", "Forrige trin", id="step.previous", priority=True),
        *(
            Binding(key, f"goto({i})", f"Trin {i}", show=False, id=f"step.goto{i}", priority=True)
            for i, key in enumerate(STEP_KEYS)
        ),
        Binding("ctrl+e", "export", "Eksportér", id="workshop.export", priority=True),
        Binding("escape", "back", "Oversigt", id="workshop.back"),
        Binding("ctrl+q", "app.quit", "Afslut", id="app.quit"),
    ]

    def __init__(self, workshop_id: int, step_index: int = 0) -> None:
        super().__init__()
        self.workshop_id = workshop_id
        self.step_index = step_index

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OptionList(id="steps")
            yield VerticalScroll(id="step-body")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_steps()
        self.show_step(self.step_index)
        # --- issue #6: offer the follow-up review of open actions first (screens/review.py) ---
        from .review import offer_review

        offer_review(self, self.workshop_id)
        # --- end issue #6 ---

    @property
    def steps(self):  # noqa: ANN201
        return self.app.guide.steps

    def refresh_steps(self) -> None:
        """Re-draw the step list: a filled dot marks steps that hold content."""
        workshop = self.app.store.get_workshop(self.workshop_id)
        self.app.title = workshop.title
        filled = self.app.store.steps_with_content(self.workshop_id)
        option_list = self.query_one("#steps", OptionList)
        highlighted = option_list.highlighted
        options = []
        width = max(len(step.short) for step in self.steps)
        for i, step in enumerate(self.steps):
            label = Text()
            label.append("● " if step.key in filled else "○ ", style="green" if step.key in filled else "dim")
            label.append(f"{step.number:>2} " if step.number != "+" else " + ")
            label.append(f"{step.short:<{width}}")
            label.append(f" F{i + 2}", style="dim")
            options.append(Option(label, id=step.key))
        option_list.set_options(options)
        option_list.highlighted = highlighted if highlighted is not None else self.step_index

    def show_step(self, index: int) -> None:
        """Show step number index (0-based in guide order); stores what the old step had in its fields."""
        index = max(0, min(index, len(self.steps) - 1))
        body = self.query_one("#step-body", VerticalScroll)
        for old in body.query(StepView):
            old.flush()
        body.remove_children()
        self.step_index = index
        step = self.steps[index]
        self.app.sub_title = step.label
        view = view_for(step.key)(workshop_id=self.workshop_id, step=step)
        body.mount(view)
        body.scroll_home(animate=False)
        option_list = self.query_one("#steps", OptionList)
        option_list.highlighted = index
        self.refresh_steps()
        self.call_after_refresh(view.focus_first)

    @on(OptionList.OptionSelected, "#steps")
    def _step_selected(self, event: OptionList.OptionSelected) -> None:
        self.show_step(event.option_index)

    def action_next_step(self) -> None:
        self.show_step(self.step_index + 1)

    def action_previous_step(self) -> None:
        self.show_step(self.step_index - 1)

    def action_goto(self, index: int) -> None:
        self.show_step(index)

    def action_back(self) -> None:
        self.flush()
        self.app.pop_screen()

    def flush(self) -> None:
        """Store whatever is typed in the current step's fields."""
        for view in self.query(StepView):
            view.flush()

    def on_step_view_changed(self, _event: StepView.Changed) -> None:
        self.refresh_steps()

    def action_export(self) -> None:
        """Open the export dialog; it writes the handouts in its own worker."""
        from digiworkshop.paths import default_export_dir

        from .export import ExportScreen

        self.flush()  # what is typed in the open step belongs in the handouts
        self.app.push_screen(ExportScreen(self.workshop_id, default_export_dir()))

"""Inside a workshop: the step list of the guide beside the current step, presentation mode, the time box."""

from __future__ import annotations

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option

from . import themes
from .commands import CommandScreen
from .presentation import PresentationPanel
from .steps.base import StepView
from .steps.registry import view_for
from .widgets.topbar import TopBar
from .widgets.footer import QuietFooter
from .widgets.fields import save_drafts

# F2 … F10 jump straight to the nine steps (F1 stays free for help).
STEP_KEYS = ("f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10")
# Below this width the step list shows numbers only and field labels stand above their fields.
NARROW_BELOW = 100
# From this width the step list shows the guide's full headings.
WIDE_FROM = 160


class WorkshopScreen(CommandScreen):
    """One workshop: the guide's steps in order, each with its capture."""

    HELP_SECTION = "I workshoppen"
    # show_step puts the cursor in the step's first field; Textual's auto focus would first put it in
    # the step list (a restyle and a footer rebuild for nothing).
    AUTO_FOCUS = ""
    # The footer shows the short description; the palette and the help screen the tooltip (long name).
    BINDINGS = [
        # Priority: the scrolling step body and the text fields would otherwise take these keys.
        Binding("pagedown,ctrl+down", "next_step", "Næste", id="step.next", priority=True, tooltip="Næste trin"),
        Binding("pageup,ctrl+up", "previous_step", "Forrige", id="step.previous", priority=True, show=False,
                tooltip="Forrige trin"),
        *(
            Binding(key, f"goto({i})", f"Trin {i}", show=False, id=f"step.goto{i}", priority=True)
            for i, key in enumerate(STEP_KEYS)
        ),
        Binding("ctrl+e", "export", "Eksportér", id="workshop.export", priority=True,
                tooltip="Eksportér rapport (Word eller JSON)"),
        # F12: F11 is the full-screen key of most terminals, Ctrl+letters are taken by the text fields.
        Binding("f12", "toggle_presentation", "Præsentér", id="presentation.toggle", priority=True,
                tooltip="Præsentationstilstand (til og fra)"),
        # The room's time box works in every step and field: no step binds Ctrl+T or Ctrl+F, and neither is
        # a key of Textual's text fields (tests/ui/test_key_clashes.py holds that no key means two things).
        Binding("ctrl+t", "start_timebox", "Tid", id="timebox.start", priority=True,
                tooltip="Start tidsramme (timer) for trinnet"),
        Binding("ctrl+f", "toggle_timebox", "Pause", id="timebox.pause", show=False, priority=True,
                tooltip="Pause eller fortsæt tidsrammen"),
        Binding("escape", "back", "Oversigt", id="workshop.back", tooltip="Tilbage til oversigten (Esc)"),
        Binding("ctrl+q", "app.quit", "Afslut", id="app.quit", show=False),
    ]

    def __init__(self, workshop_id: int, step_index: int | None = None) -> None:
        """Show the workshop at step_index, or (None) at the step where it was left last time."""
        super().__init__()
        self.workshop_id = workshop_id
        self.step_index = step_index if step_index is not None else -1
        self._placed_step = ""  # the step the store has as this workshop's place
        self.presenting = False
        self._theme_before_presenting = themes.LIGHT
        self._sidebar_mode = ""
        self._view: StepView | None = None

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        with Horizontal(id="workshop-main"):
            yield OptionList(id="steps")
            yield VerticalScroll(id="step-body")
            yield PresentationPanel(id="presentation")
        yield QuietFooter()

    async def on_mount(self) -> None:
        self._apply_width(self.app.size.width)
        if self.step_index < 0:
            self.step_index = self._last_step()
        await self.show_step(self.step_index)

    def _last_step(self) -> int:
        """The step the workshop was left at (0 when it never was, or the place cannot be read)."""
        try:
            self._placed_step = self.app.store.get_place(self.workshop_id).step
        except Exception:  # noqa: BLE001 - a busy database: start at the beginning
            return 0
        keys = [step.key for step in self.steps]
        return keys.index(self._placed_step) if self._placed_step in keys else 0

    def save_place(self, details: dict[str, int] | None = None) -> None:
        """Remember the step on show (and details: the brainstorm cell, the evaluation quadrant a step
        view was at), so the workshop reopens there, also after a restart."""
        details = details or {}
        step = self.steps[self.step_index].key
        if step == self._placed_step and not details:
            return
        try:
            self.app.store.save_place(self.workshop_id, step=step, **details)
        except Exception:  # noqa: BLE001 - only a convenience: the next step change tries again
            return
        self._placed_step = step

    @property
    def steps(self):  # noqa: ANN201
        return self.app.guide.steps

    @property
    def view(self) -> StepView | None:
        """The step view on show (the one mounted last; the old one may still be on its way out)."""
        return self._view

    # --- width --------------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        mode = "narrow" if width < NARROW_BELOW else "wide" if width >= WIDE_FROM else "normal"
        self.set_class(mode == "narrow", "-narrow")
        self.set_class(mode == "wide", "-wide")
        # At 80 columns the footer keeps the essentials; Ctrl+P is listed on the help screen (F1).
        self.query_one(Footer).show_command_palette = mode != "narrow"
        if mode != self._sidebar_mode:
            self._sidebar_mode = mode
            if self.is_mounted:
                self.refresh_steps()
                self.refresh_presentation()

    # --- the step list ------------------------------------------------------------------------------

    def refresh_steps(self) -> None:
        """Re-draw the step list: a filled dot marks steps that hold content."""
        workshop = self.app.store.get_workshop(self.workshop_id)
        self.app.title = workshop.title
        filled = self.app.store.steps_with_content(self.workshop_id)
        option_list = self.query_one("#steps", OptionList)
        highlighted = option_list.highlighted
        mode = self._sidebar_mode
        names = [step.label if mode == "wide" else step.short for step in self.steps]
        width = max(len(name) for name in names)
        options = []
        for i, step in enumerate(self.steps):
            label = Text(no_wrap=True, overflow="ellipsis")
            # Spaces end a segment rather than start one: SVG screenshots drop a segment's leading space.
            pad = " " * (2 - len(step.number))
            label.append(("● " if step.key in filled else "○ ") + pad,
                         style="green" if step.key in filled else "dim")
            label.append(f"{step.number} ")
            if mode != "narrow":
                label.append(f"{step.short if mode != 'wide' else step.heading:<{width}} ")
            if i < len(STEP_KEYS):
                label.append(STEP_KEYS[i].upper(), style="dim")
            options.append(Option(label, id=step.key))
        option_list.set_options(options)
        option_list.highlighted = highlighted if highlighted is not None else self.step_index

    async def show_step(self, index: int) -> None:
        """Show step number index (0-based in guide order); stores what the old step had in its fields.

        Awaits the new view's mount and focuses its first field before returning, so keys typed right
        after F3 or PageDown land in the new step instead of being lost on the way.
        """
        index = max(0, min(index, len(self.steps) - 1))
        body = self.query_one("#step-body", VerticalScroll)
        left = self._view.place() if self._view is not None else {}
        for old in body.query(StepView):
            old.flush()
        save_drafts(body)
        step = self.steps[index]
        view = view_for(step.key)(workshop_id=self.workshop_id, step=step)
        # The focus leaves the old step and comes to the new one: the footer shows the new step's keys
        # once, after, instead of being rebuilt on the way (~20 ms each time).
        with self.query_one(QuietFooter).held():
            # Let go of the old step's field first: removed while focused, Textual would hand the focus
            # to the step body, restyling it and the whole new step once more before the new field takes it.
            self.set_focus(None)
            # One frame for the swap: without the batch, Textual paints the empty body and the new step
            # half-composed on the way (~20–30 ms each with a big workshop, bench/bench_open.py).
            with self.app.batch_update():
                await body.remove_children()
                self.step_index = index
                self.app.sub_title = step.label
                self._view = view
                await body.mount(view)
                body.scroll_home(animate=False)
            option_list = self.query_one("#steps", OptionList)
            option_list.highlighted = index
            if option_list.option_count:
                # The step list is on show already: paint the new step first, then re-read its dots (a
                # store query per step of the guide) in case another laptop filled a step meanwhile.
                self.call_after_refresh(self._refresh_steps_if_shown)
            else:
                self.refresh_steps()
            self._after_step_shown()
        self.save_place(left)

    def _refresh_steps_if_shown(self) -> None:
        if self.is_attached and self in self.app.screen_stack:
            self.refresh_steps()

    def _after_step_shown(self) -> None:
        self.refresh_presentation()
        view = self.view
        if view is None:
            return
        # Focus at once, not via Widget.focus() (which queues the change behind keys already typed:
        # the first letters typed after F3 would be lost).
        if self.presenting and not view.PRESENT_LIVE:
            self.set_focus(self.query_one("#presentation"))
        elif type(view).focus_first is not StepView.focus_first:
            view.focus_first()  # a step that chose its own way to focus
        elif (field := view.first_field()) is not None:
            # Scroll once the new step is laid out; scrolling now would use the old layout.
            self.set_focus(field, scroll_visible=False)
            self.call_after_refresh(field.scroll_visible, animate=False)

    @on(OptionList.OptionSelected, "#steps")
    async def _step_selected(self, event: OptionList.OptionSelected) -> None:
        await self.show_step(event.option_index)

    async def action_next_step(self) -> None:
        await self.show_step(self.step_index + 1)

    async def action_previous_step(self) -> None:
        await self.show_step(self.step_index - 1)

    async def action_goto(self, index: int) -> None:
        await self.show_step(index)

    def action_back(self) -> None:
        if self.presenting:
            self.action_toggle_presentation()
            return
        self.flush()
        self.app.pop_screen()

    def flush(self) -> None:
        """Store whatever is typed in the current step's fields, keep what is typed in its capture lines
        as drafts, and remember where the facilitator is."""
        for view in self.query(StepView):
            view.flush()
        save_drafts(self)
        if self.is_mounted and self.step_index >= 0:
            self.save_place(self._view.place() if self._view is not None else {})

    def on_step_view_changed(self, _event: StepView.Changed) -> None:
        self.refresh_steps()
        self.refresh_presentation()

    # --- commands -----------------------------------------------------------------------------------

    def command_name(self, binding: Binding) -> str:
        """F2 … F10 are "Gå til <the step's heading>" in the palette and on the help screen."""
        if binding.id and binding.id.startswith("step.goto"):
            index = int(binding.id.removeprefix("step.goto"))
            if index < len(self.steps):
                step = self.steps[index]
                return f"Gå til {step.heading}" + (f" (trin {step.number})" if step.number != "+" else "")
        return super().command_name(binding)

    def command_sources(self):  # noqa: ANN201
        return [self.view] if self.view is not None else []

    def help_title(self) -> str:
        return f"{self.app.title} · {self.app.sub_title}"

    # --- presentation mode --------------------------------------------------------------------------

    def action_toggle_presentation(self) -> None:
        """Hide the chrome and show the step large, in the projector theme; again: back as it was."""
        self.flush()
        self.presenting = not self.presenting
        self.set_class(self.presenting, "-presenting")
        if self.presenting:
            self._theme_before_presenting = self.app.theme
            self.app.theme = themes.PROJECTOR
        else:
            self.app.theme = self._theme_before_presenting
        self._after_step_shown()

    def refresh_presentation(self) -> None:
        """Re-read the step's content from the store for presentation mode (only while presenting)."""
        view = self.view
        live = bool(view is not None and view.PRESENT_LIVE)
        self.set_class(self.presenting and live, "-live")
        if not self.presenting or view is None:
            return
        panel = self.query_one(PresentationPanel)
        blocks = [] if live else view.presentation_content()
        columns = {"narrow": 1, "wide": 3}.get(self._sidebar_mode, 2)
        panel.show(view.step, blocks, with_blocks=not live, columns=columns)
        self.app.show_timebox()

    # --- time box -----------------------------------------------------------------------------------

    @work
    async def action_start_timebox(self) -> None:
        """Ask for minutes and start the room's countdown for this step."""
        from .dialogs.forms import ask_duration

        step = self.steps[self.step_index]
        if (seconds := await ask_duration(self.app, step.label)) is not None:
            self.app.start_timebox(seconds, step.label)

    def action_toggle_timebox(self) -> None:
        self.app.toggle_timebox()

    # --- export -------------------------------------------------------------------------------------

    def action_export(self) -> None:
        """Open the export dialog; it writes the handouts in its own worker."""
        from digiworkshop.paths import default_export_dir

        from .export import ExportScreen

        self.flush()  # what is typed in the open step belongs in the handouts
        self.app.push_screen(ExportScreen(self.workshop_id, default_export_dir()))

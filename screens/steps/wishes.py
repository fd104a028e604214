"""Step 3, Ønske om tilbud: fast capture of wishes and requirements on the guide's six topics, a
table grouped by topic and kind (retag, reorder, edit, delete with undo), and experiences from
other municipalities."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from digiworkshop.domain import WISH_CATEGORIES, WISH_KINDS, WISH_TOPICS
from digiworkshop.rules.wishes import by_topic, cycle, uncovered_topics

from ..dialogs.forms import ExperienceForm, TextPrompt
from ..safe_text import one_line, visible
from ..presentation import PresentationBlock, bullet
from .base import StepView
from ..widgets.capture import CaptureLine
from ..widgets.record_table import RecordTable
from ..widgets.wish_table import ExperienceTable, WishTable, choice_name, topic_of


class WishesStep(StepView):
    """Step 3: the wishes and requirements for the tender, and what other municipalities learned."""

    BINDINGS = [
        Binding("ctrl+o", "next_kind", "Ønske/krav", id="wishes.next_kind"),
        Binding("ctrl+g", "next_category", "Kategori", id="wishes.next_category"),
        Binding("ctrl+n", "next_topic(1)", "Næste emne", id="wishes.next_topic"),
        Binding("ctrl+r", "next_topic(-1)", "Forrige emne", id="wishes.previous_topic"),
        Binding("ctrl+z", "undo", "Fortryd", id="wishes.undo"),
    ]

    DEFAULT_CSS = """
    WishesStep #wishes { height: auto; max-height: 30; margin: 0 1; }
    WishesStep #experiences { height: auto; max-height: 24; margin: 0 1; }
    WishesStep #capture-state { padding: 0 1; margin-top: 1; }
    WishesStep #coverage { padding: 0 1; }
    WishesStep .prompt { padding: 0 1; color: $text-muted; }
    """

    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        # The next entry's kind, category and topic; on mount they become those of the last wish added.
        self.next_kind, self.next_category, self.next_topic = WISH_KINDS[0], WISH_CATEGORIES[0], WISH_TOPICS[0]

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="capture-state")
        yield CaptureLine("Ny post", id="wish-line", input_id="wish-new",
                          placeholder="Skriv ønsket eller kravet og tryk Enter",
                          workshop_id=self.workshop_id, draft_key="wishes.wish_new",
                          required="Skriv ønsket eller kravet og tryk Enter.",
                          hint="Ctrl+O ønske/krav · Ctrl+G kategori · Ctrl+N / Ctrl+R næste / forrige emne · "
                               "Ctrl+Z fortryder · Tab til tabellen")
        yield Static("", id="coverage")
        yield Static("Ønsker og krav", classes="section-title", id="wishes-title")
        yield WishTable(id="wishes", zebra_stripes=False)
        yield Static(
            "I tabellen: Enter/E retter · Delete sletter · Shift+↑/↓ flytter · O ønske · K krav · F faglig · "
            "T teknisk · B brugervenlighed · 1–6 emne",
            classes="hint",
        )
        yield Static("Erfaringer fra andre kommuner", classes="section-title", id="experiences-title")
        yield Static(self.guide.wishes.experiences_prompt, classes="prompt")
        yield CaptureLine("Ny erfaring", id="experience-line", input_id="experience-new",
                          placeholder="Kommune – tryk Enter",
                          workshop_id=self.workshop_id, draft_key="wishes.experience_new",
                          required="Skriv, hvilken kommune erfaringen kommer fra, og tryk Enter.")
        yield ExperienceTable(id="experiences")
        yield Static("I tabellen: Enter/E retter · Delete fjerner · A tilføjer", classes="hint")

    def on_mount(self) -> None:
        last = self.store.last_wish(self.workshop_id)
        if last is not None:
            self.next_kind, self.next_category, self.next_topic = last.kind, last.category, last.topic
        self._columns()
        self.refresh_wishes()
        self.refresh_experiences()
        self._show_state()

    def _text_width(self) -> int:
        # The step list (32), Type and Kategori (~23) and padding take the rest.
        return max(30, self.app.size.width - 32 - 23 - 14)

    def _columns(self) -> None:
        """(Re)build both tables' columns to fit the terminal, so nothing scrolls sideways."""
        self.text_width = self._text_width()
        self.query_one(WishTable).fit_columns(self.text_width)
        self.query_one(ExperienceTable).fit_columns(max(20, self.app.size.width - 48 - 22 - 18))

    def on_resize(self) -> None:
        if self.is_mounted and self._text_width() != getattr(self, "text_width", None):
            self._columns()
            self.refresh_wishes()
            self.refresh_experiences()

    def focus_first(self) -> None:
        """Start in the capture line: the room speaks, the facilitator types."""
        self.query_one("#wish-new", Input).focus()

    # --- names from the guide -----------------------------------------------------------------

    def _choice_name(self, field: str, key: str) -> str:
        return choice_name(self.guide, field, key)

    def _topic_of(self, key: str):  # noqa: ANN202
        return topic_of(self.guide, key)

    # --- the next entry's kind, category and topic ----------------------------------------------

    def _show_state(self) -> None:
        topic = self._topic_of(self.next_topic)
        text = Text()
        text.append("Næste post: ")
        text.append(f" {self._choice_name('kind', self.next_kind)} ", style="bold reverse")
        text.append(" · ")
        text.append(f" {self._choice_name('category', self.next_category)} ", style="bold reverse")
        text.append(" · ")
        text.append(f" {WISH_TOPICS.index(topic.key) + 1} {topic.name} ", style="bold reverse")
        text.append(f"  {topic.question}", style="italic")
        self.query_one("#capture-state", Static).update(text)

    def set_next(self, *, kind: str | None = None, category: str | None = None, topic: str | None = None) -> None:
        """Choose the kind, category or topic the next entry gets."""
        self.next_kind = kind or self.next_kind
        self.next_category = category or self.next_category
        self.next_topic = topic or self.next_topic
        self._show_state()

    def action_next_kind(self) -> None:
        self.set_next(kind=cycle(self.next_kind, WISH_KINDS))

    def action_next_category(self) -> None:
        self.set_next(category=cycle(self.next_category, WISH_CATEGORIES))

    def action_next_topic(self, step: int) -> None:
        self.set_next(topic=cycle(self.next_topic, WISH_TOPICS, step))

    @on(WishTable.Topic)
    def write_in_topic(self, event: WishTable.Topic) -> None:
        """Enter on a topic's heading: the next entry goes there; the cursor goes to the capture line."""
        self.set_next(topic=event.topic)
        self.query_one("#wish-new", Input).focus()

    # --- reading the store --------------------------------------------------------------------

    def refresh_wishes(self, select_id: int | None = None) -> None:
        """Re-read the wishes; redraw the table (a heading per topic) and the uncovered topics."""
        wishes = self.store.list_wishes(self.workshop_id)
        self.query_one(WishTable).show(wishes, select_id)
        self.query_one("#wishes-title", Static).update(f"Ønsker og krav ({len(wishes)})")
        missing = uncovered_topics(wishes)
        coverage = Text()
        if missing:
            coverage.append("! Emner uden ønsker eller krav: ", style="bold yellow")
            coverage.append(", ".join(self._topic_of(key).name for key in missing))
        else:
            coverage.append("✓ Alle seks emner har mindst ét ønske eller krav.", style="green")
        self.query_one("#coverage", Static).update(coverage)

    def refresh_experiences(self, select_id: int | None = None) -> None:
        """Re-read the experiences from other municipalities."""
        experiences = self.store.list_experiences(self.workshop_id)
        self.query_one(ExperienceTable).show(experiences, select_id)
        self.query_one("#experiences-title", Static).update(f"Erfaringer fra andre kommuner ({len(experiences)})")

    # --- wishes -------------------------------------------------------------------------------

    @on(CaptureLine.Captured, "#wish-line")
    def _add_wish(self, event: CaptureLine.Captured) -> None:
        if self.write(lambda: self.store.add_wish(self.workshop_id, text=event.value, kind=self.next_kind,
                                                  category=self.next_category, topic=self.next_topic),
                      lambda wish: self.refresh_wishes(select_id=wish.id)):
            event.line.clear()

    @on(WishTable.Retag)
    def retag(self, event: WishTable.Retag) -> None:
        """Change a wish's kind, category or topic; the next entry takes the same value. On a heading only
        the topic key means something: the next entry's topic."""
        if event.record_id is None and event.field != "topic":
            return
        self.set_next(**{event.field: event.value})
        if event.record_id is not None:
            self.write(lambda: self.store.update_wish(event.record_id, **{event.field: event.value}),
                       lambda _: self.refresh_wishes(select_id=event.record_id))

    @on(RecordTable.Move, "#wishes")
    def move_wish(self, event: RecordTable.Move) -> None:
        """Move a wish up or down within its topic and kind (a bell at either end)."""
        self.move(lambda: self.store.move_wish(event.record_id, event.step),
                  lambda: self.refresh_wishes(select_id=event.record_id))

    @on(RecordTable.Remove, "#wishes")
    def delete_wish(self, event: RecordTable.Remove) -> None:
        """Delete at once; Ctrl+Z brings it back (the notice says so)."""
        table = self.query_one(WishTable)
        row = table.cursor_row

        def deleted(wish) -> None:  # noqa: ANN001
            self.refresh_wishes()
            table.move_cursor(row=min(row, table.row_count - 1))
            self.notify(f"Slettet: {visible(one_line(wish.text, 60))} – Ctrl+Z fortryder", markup=False)

        self.write(lambda: self.store.delete_wish(event.record_id), deleted)

    @on(RecordTable.Edit, "#wishes")
    @work
    async def edit_wish(self, event: RecordTable.Edit) -> None:
        """Edit a wish's text in a dialog (Enter stores, Esc leaves it as it was)."""
        wish = self.store.get_wish(event.record_id)
        topic = self._topic_of(wish.topic)
        text = await self.app.push_screen_wait(
            TextPrompt("Ret ønske eller krav", label=f"{topic.name}: {topic.question}", value=wish.text)
        )
        if text is not None:
            self.write(lambda: self.store.update_wish(wish.id, text=text),
                       lambda _: self.refresh_wishes(select_id=wish.id))

    def action_undo(self) -> None:
        """Undo the latest change to the wishes (add, edit, move or delete)."""
        self.undo(lambda: self.store.undo_wishes(self.workshop_id), lambda wish_id: self.refresh_wishes(select_id=wish_id))

    # --- experiences --------------------------------------------------------------------------

    @on(RecordTable.Add, "#experiences")
    def _to_experience_line(self) -> None:
        self.query_one("#experience-new", Input).focus()

    @on(CaptureLine.Captured, "#experience-line")
    def _add_experience(self, event: CaptureLine.Captured) -> None:
        added: list[int] = []
        if self.write(lambda: self.store.add_experience(self.workshop_id, municipality=event.value.strip()),
                      lambda experience: (added.append(experience.id), self.refresh_experiences(select_id=experience.id))):
            event.line.clear()
            # Stored already; the dialog asks for the rest (contact, solution, what they learned).
            self.edit_experience(added[0])

    def _experience(self, experience_id: int):  # noqa: ANN202
        return next((e for e in self.store.list_experiences(self.workshop_id) if e.id == experience_id), None)

    @on(RecordTable.Edit, "#experiences")
    def _edit_experience(self, event: RecordTable.Edit) -> None:
        self.edit_experience(event.record_id)

    @work
    async def edit_experience(self, experience_id: int) -> None:
        """Fill in or change an experience in a dialog."""
        if (experience := self._experience(experience_id)) is None:
            return
        values = {key: getattr(experience, key) for key, _ in ExperienceForm.FIELDS}
        result = await self.app.push_screen_wait(
            ExperienceForm(f"Erfaring fra {experience.municipality}", values, self.guide.wishes.experiences_prompt)
        )
        if result is not None:
            self.write(lambda: self.store.update_experience(experience_id, **result),
                       lambda _: self.refresh_experiences(select_id=experience_id), changed=False)

    @on(RecordTable.Remove, "#experiences")
    @work
    async def remove_experience(self, event: RecordTable.Remove) -> None:
        """Remove an experience after asking."""
        if (experience := self._experience(event.record_id)) is None:
            return
        await self.confirmed_write(f"Fjern erfaringen fra {experience.municipality}?",
                                   lambda: self.store.delete_experience(experience.id),
                                   lambda _: self.refresh_experiences())

    # --- projector ----------------------------------------------------------------------------

    def presentation_content(self) -> list[PresentationBlock]:
        """The wishes for a projector, one block per topic (an uncovered one shows as empty), then the
        experiences from other municipalities."""
        blocks = []
        for topic_key, items in by_topic(self.store.list_wishes(self.workshop_id)):
            topic = self._topic_of(topic_key)
            lines = [line for wish in items for line in bullet(
                f"{self._choice_name('kind', wish.kind)}: {wish.text} ({self._choice_name('category', wish.category)})")]
            blocks.append(PresentationBlock(f"{topic.name} – {topic.question}",
                                            tuple(lines) or ("(ingen ønsker eller krav endnu)",)))
        experiences = self.store.list_experiences(self.workshop_id)
        if experiences:
            lines = [line for e in experiences for line in bullet(
                e.municipality + (f" ({e.solution})" if e.solution else "") + (f": {e.learned}" if e.learned else ""))]
            blocks.append(PresentationBlock("Erfaringer fra andre kommuner", tuple(lines), wide=True))
        return blocks


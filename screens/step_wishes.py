"""Step 3, Ønske om tilbud: fast capture of wishes and requirements on the guide's six topics, a
table grouped by topic and kind (retag, reorder, edit, delete with undo), and experiences from
other municipalities."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static

from digiworkshop.domain import WISH_CATEGORIES, WISH_KINDS, WISH_TOPICS
from digiworkshop.rules.wishes import by_topic, cycle, uncovered_topics

from .forms import ConfirmDialog, TextPrompt
from .messages import report_error
from .safe_text import stored, visible
from .steps import StepView
from .widgets import DraftInput


def _one_line(text: str, width: int) -> str:
    """Free text squeezed onto one table line."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


class WishTable(DataTable):
    """Wishes grouped by topic; a header row per topic. Single keys retag the highlighted wish."""

    BINDINGS = [
        Binding("e", "edit", "Ret", id="wishes.edit"),
        Binding("delete,x", "remove", "Slet", id="wishes.remove"),
        Binding("shift+up", "move(-1)", "Flyt op", id="wishes.move_up"),
        Binding("shift+down", "move(1)", "Flyt ned", id="wishes.move_down"),
        Binding("o", "retag('kind', 'onske')", "Ønske", show=False, id="wishes.set_onske"),
        Binding("k", "retag('kind', 'krav')", "Krav", show=False, id="wishes.set_krav"),
        Binding("f", "retag('category', 'faglig')", "Faglig", show=False, id="wishes.set_faglig"),
        Binding("t", "retag('category', 'teknisk')", "Teknisk", show=False, id="wishes.set_teknisk"),
        Binding("b", "retag('category', 'brugervenlighed')", "Brugervenlighed", show=False,
                id="wishes.set_brugervenlighed"),
        *(
            Binding(str(i), f"retag('topic', '{topic}')", f"Emne {i}", show=False, id=f"wishes.topic{i}")
            for i, topic in enumerate(WISH_TOPICS, start=1)
        ),
    ]

    def selected(self) -> tuple[str, str] | None:
        """("wish", id) or ("topic", key) for the highlighted row; None for an empty table."""
        if self.row_count == 0:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value or ""
        kind, _, ident = key.partition(":")
        return kind, ident

    def selected_wish(self) -> int | None:
        """The highlighted wish's id (None on a topic's heading)."""
        row = self.selected()
        return int(row[1]) if row and row[0] == "wish" else None

    def _step(self) -> WishesStep:
        return next(a for a in self.ancestors if isinstance(a, WishesStep))

    def action_edit(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row[0] == "wish":
            self._step().edit_wish(int(row[1]))
        else:
            self._step().write_in_topic(row[1])

    def action_remove(self) -> None:
        if (wish_id := self.selected_wish()) is not None:
            self._step().delete_wish(wish_id)

    def action_move(self, step: int) -> None:
        if (wish_id := self.selected_wish()) is not None:
            self._step().move_wish(wish_id, step)

    def action_retag(self, field: str, value: str) -> None:
        if (wish_id := self.selected_wish()) is not None:
            self._step().retag(wish_id, field, value)
        elif field == "topic":
            self._step().set_next(topic=value)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()


class ExperienceTable(DataTable):
    """Experiences from other municipalities; keys act on the highlighted row."""

    BINDINGS = [
        Binding("a,insert", "add", "Tilføj erfaring", id="experiences.add"),
        Binding("e", "edit", "Ret", id="experiences.edit"),
        Binding("delete,x", "remove", "Fjern", id="experiences.remove"),
    ]

    def selected_id(self) -> int | None:
        """The highlighted experience's id, or None for an empty table."""
        if self.row_count == 0:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return int(key.value) if key.value is not None else None

    def _step(self) -> WishesStep:
        return next(a for a in self.ancestors if isinstance(a, WishesStep))

    def action_add(self) -> None:
        self._step().query_one("#experience-new", Input).focus()

    def action_edit(self) -> None:
        if (ident := self.selected_id()) is not None:
            self._step().edit_experience(ident)

    def action_remove(self) -> None:
        if (ident := self.selected_id()) is not None:
            self._step().remove_experience(ident)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()


class ExperienceForm(ModalScreen[dict | None]):
    """Add or edit an experience: municipality, contact, solution, what they learned.
    Enter moves on; on the last field it saves."""

    BINDINGS = [Binding("escape", "cancel", "Fortryd", id="experience.cancel")]
    FIELDS = (("municipality", "Kommune"), ("contact", "Kontaktperson"), ("solution", "Løsning"),
              ("learned", "Hvad har de lært?"))

    def __init__(self, title: str, values: dict[str, str], prompt: str) -> None:
        super().__init__()
        self.title_text = title
        self.values = values
        self.prompt = prompt

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(self.prompt, classes="dialog-hint")
            for key, label in self.FIELDS:
                yield Label(label)
                yield Input(self.values.get(key, ""), id=f"experience-{key}")
            yield Static("Enter: næste felt / gem · Esc: fortryd", classes="dialog-hint")

    def on_mount(self) -> None:
        # The municipality is usually typed already: start where the text is missing.
        for key, _ in self.FIELDS:
            if not self.values.get(key):
                self.query_one(f"#experience-{key}", Input).focus()
                return

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id != "experience-learned":
            self.focus_next()
            return
        values = {key: self.query_one(f"#experience-{key}", Input).value for key, _ in self.FIELDS}
        if not values["municipality"].strip():
            self.notify("Skriv, hvilken kommune erfaringen kommer fra.", severity="warning")
            self.query_one("#experience-municipality", Input).focus()
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)


class WishesStep(StepView):
    """Step 3: the wishes and requirements for the tender, and what other municipalities learned."""

    BINDINGS = [
        Binding("ctrl+o", "next_kind", "Ønske/krav", id="wishes.next_kind"),
        Binding("ctrl+g", "next_category", "Kategori", id="wishes.next_category"),
        Binding("ctrl+n", "next_topic(1)", "Næste emne", id="wishes.next_topic"),
        Binding("ctrl+b", "next_topic(-1)", "Forrige emne", id="wishes.previous_topic"),
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
        with Horizontal(classes="field-row"):
            yield Label("Ny post", classes="field-label")
            yield DraftInput(placeholder="Skriv ønsket eller kravet og tryk Enter", id="wish-new",
                             workshop_id=self.workshop_id, draft_key="wishes.wish_new")
        yield Static(
            "Ctrl+O ønske/krav · Ctrl+G kategori · Ctrl+N / Ctrl+B næste / forrige emne · Ctrl+Z fortryder · "
            "Tab til tabellen",
            classes="hint",
        )
        yield Static("", id="coverage")
        yield Static("Ønsker og krav", classes="section-title", id="wishes-title")
        yield WishTable(id="wishes", cursor_type="row")
        yield Static(
            "I tabellen: Enter/E retter · Delete sletter · Shift+↑/↓ flytter · O ønske · K krav · F faglig · "
            "T teknisk · B brugervenlighed · 1–6 emne",
            classes="hint",
        )
        yield Static("Erfaringer fra andre kommuner", classes="section-title", id="experiences-title")
        yield Static(self.guide.wishes.experiences_prompt, classes="prompt")
        with Horizontal(classes="field-row"):
            yield Label("Ny erfaring", classes="field-label")
            yield DraftInput(placeholder="Kommune – tryk Enter", id="experience-new",
                             workshop_id=self.workshop_id, draft_key="wishes.experience_new")
        yield ExperienceTable(id="experiences", cursor_type="row", zebra_stripes=True)
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
        table = self.query_one(WishTable)
        table.clear(columns=True)
        # Long wishes wrap inside a fixed-width text column, so Type and Kategori stay in view.
        table.add_column("Ønske eller krav", key="text", width=self.text_width)
        table.add_column("Type", key="kind")
        table.add_column("Kategori", key="category")
        experiences = self.query_one(ExperienceTable)
        experiences.clear(columns=True)
        # Full texts, wrapped: who to call and what they learned matter more than a tidy one-liner.
        experiences.add_column("Kommune og kontakt", key="municipality", width=22)
        experiences.add_column("Løsning", key="solution", width=18)
        experiences.add_column("Hvad har de lært?", key="learned", width=self._learned_width())

    def _learned_width(self) -> int:
        return max(20, self.app.size.width - 48 - 22 - 18)

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
        choices = {"kind": self.guide.wish_kinds, "category": self.guide.wish_categories,
                   "topic": self.guide.wish_topics}[field]
        return next((c.name for c in choices if c.key == key), key)

    def _topic_of(self, key: str):  # noqa: ANN202
        return next(t for t in self.guide.wish_topics if t.key == key)

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

    def write_in_topic(self, topic: str) -> None:
        """Enter on a topic's heading: the next entry goes there; the cursor goes to the capture line."""
        self.set_next(topic=topic)
        self.query_one("#wish-new", Input).focus()

    # --- reading the store --------------------------------------------------------------------

    def refresh_wishes(self, select_id: int | None = None) -> None:
        """Re-read the wishes; redraw the table (a heading per topic) and the uncovered topics."""
        wishes = self.store.list_wishes(self.workshop_id)
        table = self.query_one(WishTable)
        before = table.selected()
        table.clear()
        for number, (topic_key, items) in enumerate(by_topic(wishes), start=1):
            topic = self._topic_of(topic_key)
            heading = Text()
            heading.append(f"{number} {topic.name}", style="bold")
            heading.append(f" – {topic.question}", style="italic")
            status = Text(f"{len(items)} post{'er' if len(items) != 1 else ''}", style="dim") if items else Text(
                "! ingen endnu", style="bold yellow")
            table.add_row(heading, Text(""), status, key=f"topic:{topic_key}", height=None)
            for wish in items:
                table.add_row(
                    stored("• " + " ".join(wish.text.split())),
                    Text(self._choice_name("kind", wish.kind), style="bold" if wish.kind == "krav" else ""),
                    Text(self._choice_name("category", wish.category).split()[0]),  # "Brugervenlighed"
                    key=f"wish:{wish.id}", height=None,
                )
        self.query_one("#wishes-title", Static).update(f"Ønsker og krav ({len(wishes)})")
        missing = uncovered_topics(wishes)
        coverage = Text()
        if missing:
            coverage.append("! Emner uden ønsker eller krav: ", style="bold yellow")
            coverage.append(", ".join(self._topic_of(key).name for key in missing))
        else:
            coverage.append("✓ Alle seks emner har mindst ét ønske eller krav.", style="green")
        self.query_one("#coverage", Static).update(coverage)
        target = f"wish:{select_id}" if select_id is not None else (":".join(before) if before else None)
        if target and target in table.rows:
            table.move_cursor(row=table.get_row_index(target))

    def refresh_experiences(self, select_id: int | None = None) -> None:
        """Re-read the experiences from other municipalities."""
        experiences = self.store.list_experiences(self.workshop_id)
        table = self.query_one(ExperienceTable)
        table.clear()
        for e in experiences:
            where = stored(e.municipality)
            if e.contact:
                where.append("\n" + visible(e.contact), style="italic")
            table.add_row(where, stored(e.solution), stored(e.learned), key=str(e.id), height=None)
        self.query_one("#experiences-title", Static).update(f"Erfaringer fra andre kommuner ({len(experiences)})")
        if select_id is not None and str(select_id) in table.rows:
            table.move_cursor(row=table.get_row_index(str(select_id)))

    # --- wishes -------------------------------------------------------------------------------

    @on(Input.Submitted, "#wish-new")
    def _add_wish(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.notify("Skriv ønsket eller kravet og tryk Enter.", severity="warning")
            return
        try:
            wish = self.store.add_wish(self.workshop_id, text=event.value, kind=self.next_kind,
                                       category=self.next_category, topic=self.next_topic)
        except Exception as exc:  # noqa: BLE001 - the text stays in the input
            report_error(self, exc)
            return
        event.input.value = ""
        self.refresh_wishes(select_id=wish.id)
        self.post_message(self.Changed())

    def retag(self, wish_id: int, field: str, value: str) -> None:
        """Change a wish's kind, category or topic; the next entry takes the same value."""
        self.set_next(**{field: value})
        self._change(lambda: self.store.update_wish(wish_id, **{field: value}), wish_id)

    def move_wish(self, wish_id: int, step: int) -> None:
        """Move a wish up or down within its topic and kind."""
        try:
            moved = self.store.move_wish(wish_id, step)
        except Exception as exc:  # noqa: BLE001
            report_error(self, exc)
            return
        if not moved:
            self.app.bell()
            return
        self.refresh_wishes(select_id=wish_id)

    def delete_wish(self, wish_id: int) -> None:
        """Delete at once; Ctrl+Z brings it back (the notice says so)."""
        table = self.query_one(WishTable)
        row = table.cursor_row
        try:
            wish = self.store.delete_wish(wish_id)
        except Exception as exc:  # noqa: BLE001
            report_error(self, exc)
            return
        self.refresh_wishes()
        table.move_cursor(row=min(row, table.row_count - 1))
        self.post_message(self.Changed())
        self.notify(f"Slettet: {visible(_one_line(wish.text, 60))} – Ctrl+Z fortryder", markup=False)

    @work
    async def edit_wish(self, wish_id: int) -> None:
        """Edit a wish's text in a dialog (Enter stores, Esc leaves it as it was)."""
        wish = self.store.get_wish(wish_id)
        topic = self._topic_of(wish.topic)
        text = await self.app.push_screen_wait(
            TextPrompt("Ret ønske eller krav", label=f"{topic.name}: {topic.question}", value=wish.text)
        )
        if text is None:
            return
        self._change(lambda: self.store.update_wish(wish_id, text=text), wish_id)

    def _change(self, write, wish_id: int) -> None:  # noqa: ANN001
        try:
            write()
        except Exception as exc:  # noqa: BLE001
            report_error(self, exc)
            return
        self.refresh_wishes(select_id=wish_id)
        self.post_message(self.Changed())

    def action_undo(self) -> None:
        """Undo the latest change to the wishes (add, edit, move or delete)."""
        try:
            undone = self.store.undo_wishes(self.workshop_id)
        except Exception as exc:  # noqa: BLE001
            report_error(self, exc)
            return
        if undone is None:
            self.notify("Der er intet at fortryde.", severity="warning")
            return
        description, wish_id = undone
        self.refresh_wishes(select_id=wish_id)
        self.post_message(self.Changed())
        self.notify(f"Fortrudt: {description}", markup=False)

    # --- experiences --------------------------------------------------------------------------

    @on(Input.Submitted, "#experience-new")
    def _add_experience(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.notify("Skriv, hvilken kommune erfaringen kommer fra, og tryk Enter.", severity="warning")
            return
        try:
            experience = self.store.add_experience(self.workshop_id, municipality=event.value.strip())
        except Exception as exc:  # noqa: BLE001 - the text stays in the input
            report_error(self, exc)
            return
        event.input.value = ""
        self.refresh_experiences(select_id=experience.id)
        self.post_message(self.Changed())
        # Stored already; the dialog asks for the rest (contact, solution, what they learned).
        self.edit_experience(experience.id)

    @work
    async def edit_experience(self, experience_id: int) -> None:
        """Fill in or change an experience in a dialog."""
        experience = next((e for e in self.store.list_experiences(self.workshop_id) if e.id == experience_id), None)
        if experience is None:
            return
        values = {key: getattr(experience, key) for key, _ in ExperienceForm.FIELDS}
        result = await self.app.push_screen_wait(
            ExperienceForm(f"Erfaring fra {experience.municipality}", values, self.guide.wishes.experiences_prompt)
        )
        if result is None:
            return
        try:
            self.store.update_experience(experience_id, **result)
        except Exception as exc:  # noqa: BLE001
            report_error(self, exc)
            return
        self.refresh_experiences(select_id=experience_id)

    @work
    async def remove_experience(self, experience_id: int) -> None:
        """Remove an experience after asking."""
        experience = next((e for e in self.store.list_experiences(self.workshop_id) if e.id == experience_id), None)
        if experience is None:
            return
        if not await self.app.push_screen_wait(ConfirmDialog(f"Fjern erfaringen fra {experience.municipality}?")):
            return
        try:
            self.store.delete_experience(experience_id)
        except Exception as exc:  # noqa: BLE001
            report_error(self, exc)
            return
        self.refresh_experiences()
        self.post_message(self.Changed())

    # --- projector ----------------------------------------------------------------------------

    def presentation_content(self) -> Text:
        """The wishes by topic for a projector, uncovered topics marked, then the experiences."""
        wishes = self.store.list_wishes(self.workshop_id)
        text = Text()
        for topic_key, items in by_topic(wishes):
            topic = self._topic_of(topic_key)
            text.append(f"{topic.name}", style="bold")
            text.append(f" – {topic.question}", style="italic")
            if not items:
                text.append("  (ingen ønsker eller krav endnu)\n", style="yellow")
                continue
            text.append("\n")
            for wish in items:
                text.append(f"• {self._choice_name('kind', wish.kind)}: ", style="bold" if wish.kind == "krav" else "")
                text.append(visible(wish.text))
                text.append(f" ({self._choice_name('category', wish.category)})\n", style="dim")
        experiences = self.store.list_experiences(self.workshop_id)
        if experiences:
            text.append("\nErfaringer fra andre kommuner\n", style="bold")
            for e in experiences:
                text.append(f"• {visible(e.municipality)}", style="bold")
                if e.solution:
                    text.append(f" ({visible(e.solution)})")
                if e.learned:
                    text.append(f": {visible(e.learned)}")
                text.append("\n")
        text.rstrip()
        return text

"""Step 3's tables: the wishes and requirements grouped by the guide's six topics (a heading row per
topic, single keys to retag a wish), and the experiences from other municipalities."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding

from digiworkshop.domain import WISH_TOPICS
from digiworkshop.rules.wishes import by_topic

from ..safe_text import stored, visible
from .record_table import RecordTable, record_keys

if TYPE_CHECKING:
    from digiworkshop.guide import Guide
    from digiworkshop.models import Experience, Wish


def choice_name(guide: Guide, field: str, key: str) -> str:
    """The guide's Danish name of a wish's kind, category or topic."""
    choices = {"kind": guide.wish_kinds, "category": guide.wish_categories, "topic": guide.wish_topics}[field]
    return next((c.name for c in choices if c.key == key), key)


def topic_of(guide: Guide, key: str):  # noqa: ANN201
    """A topic of the guide (its name and question) by its key."""
    return next(t for t in guide.wish_topics if t.key == key)


class WishTable(RecordTable):
    """Wishes grouped by topic; a header row per topic. Single keys retag the highlighted wish."""

    class Retag(RecordTable.RecordMessage):
        """Set the highlighted wish's kind, category or topic (on a heading: the next wish's topic)."""

        def __init__(self, table: RecordTable, record_id: int | None, field: str, value: str) -> None:
            super().__init__(table, record_id)
            self.field = field
            self.value = value

    class Topic(RecordTable.RecordMessage):
        """Enter on a topic's heading: write in that topic."""

        def __init__(self, table: RecordTable, topic: str) -> None:
            super().__init__(table, None)
            self.topic = topic

    BINDINGS = [
        *record_keys("wishes", remove="Slet", move=True),
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

    def selected_id(self) -> int | None:
        """The highlighted wish's id (None on a topic's heading)."""
        row = self.selected()
        return int(row[1]) if row and row[0] == "wish" else None

    def select_id(self, record_id: int | None) -> bool:
        return self.select_key(f"wish:{record_id}")

    def select_key(self, key: str) -> bool:
        """Put the cursor on a row by its key ("wish:12", "topic:maalgrupper")."""
        if key not in self.rows:
            return False
        self.move_cursor(row=self.get_row_index(key))
        return True

    def action_edit(self) -> None:
        row = self.selected()
        if row is not None and row[0] == "topic":
            self.post_message(self.Topic(self, row[1]))
        else:
            super().action_edit()

    def action_retag(self, field: str, value: str) -> None:
        self.post_message(self.Retag(self, self.selected_id(), field, value))

    def fit_columns(self, text_width: int) -> None:
        """(Re)build the columns: long wishes wrap inside a fixed-width text column, so Type and Kategori
        stay in view."""
        self.clear(columns=True)
        self.add_column("Ønske eller krav", key="text", width=text_width)
        self.add_column("Type", key="kind")
        self.add_column("Kategori", key="category")

    def show(self, wishes: list[Wish], select_id: int | None = None) -> None:
        """A heading per topic (its count, or a warning when it has none) and its wishes under it; the
        cursor on `select_id`, else where it was."""
        guide = self.app.guide  # type: ignore[attr-defined]
        before = self.selected()
        self.clear()
        for number, (topic_key, items) in enumerate(by_topic(wishes), start=1):
            topic = topic_of(guide, topic_key)
            heading = Text()
            heading.append(f"{number} {topic.name}", style="bold")
            heading.append(f" – {topic.question}", style="italic")
            status = Text(f"{len(items)} post{'er' if len(items) != 1 else ''}", style="dim") if items else Text(
                "! ingen endnu", style="bold yellow")
            self.add_row(heading, Text(""), status, key=f"topic:{topic_key}", height=None)
            for wish in items:
                self.add_row(
                    stored("• " + " ".join(wish.text.split())),
                    Text(choice_name(guide, "kind", wish.kind), style="bold" if wish.kind == "krav" else ""),
                    Text(choice_name(guide, "category", wish.category).split()[0]),  # "Brugervenlighed"
                    key=f"wish:{wish.id}", height=None,
                )
        if select_id is not None:
            self.select_id(select_id)
        elif before:
            self.select_key(":".join(before))


class ExperienceTable(RecordTable):
    """Experiences from other municipalities; keys act on the highlighted row."""

    BINDINGS = record_keys("experiences", add="Tilføj erfaring")

    def fit_columns(self, learned_width: int) -> None:
        """(Re)build the columns: full texts, wrapped (who to call and what they learned matter more than a
        tidy one-liner); the last one fits the terminal."""
        self.clear(columns=True)
        self.add_column("Kommune og kontakt", key="municipality", width=22)
        self.add_column("Løsning", key="solution", width=18)
        self.add_column("Hvad har de lært?", key="learned", width=learned_width)

    def show(self, experiences: list[Experience], select_id: int | None = None) -> None:
        """The experiences, the contact under the municipality; the cursor on `select_id`."""
        self.clear()
        for e in experiences:
            where = stored(e.municipality)
            if e.contact:
                where.append("\n" + visible(e.contact), style="italic")
            self.add_row(where, stored(e.solution), stored(e.learned), key=str(e.id), height=None)
        self.select_id(select_id)

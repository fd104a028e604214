"""The first screen: the workshops in the store; create, open, delete, or open the demo."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static

from digiworkshop.domain import format_date_short
from digiworkshop.quick_list import read_phase_names

from .commands import CommandScreen
from .widgets.footer import QuietFooter
from .dialogs.forms import ConfirmDialog, TextPrompt
from .messages import report_error
from .safe_text import stored, visible
from .widgets.topbar import TopBar


class WorkshopTable(DataTable):
    """The list's table; tells the screen when its own width changes, so the columns are shared out again."""

    class Resized(Message):
        """The table got a new size."""

    def on_resize(self, _event: events.Resize) -> None:
        self.post_message(self.Resized())


class WorkshopListScreen(CommandScreen):
    """Oversigt over workshops."""

    HELP_SECTION = "Workshops"
    BINDINGS = [
        Binding("n", "new", "Ny workshop", id="list.new"),
        Binding("enter", "open", "Åbn", id="list.open", show=True, priority=False, tooltip="Åbn workshop"),
        Binding("s,delete", "delete", "Slet", id="list.delete", tooltip="Slet workshop"),
        Binding("d", "demo", "Demo-workshop", id="list.demo", tooltip="Åbn demo-workshoppen"),
        Binding("ctrl+q", "app.quit", "Afslut", id="app.quit"),
    ]

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield Static("Workshops", classes="screen-title")
        yield WorkshopTable(id="workshops", cursor_type="row", zebra_stripes=True)
        yield Static("", id="empty-hint", classes="hint")
        yield QuietFooter()

    # The columns that keep their width whatever the titles: date, phase and participants. The phase is
    # one of the guide's few names, so its column fits the longest ("Implementering", never "Implementeri").
    FIXED = ("date", "phase", "participants")

    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self._widths: dict[str, int] = {}
        self._fitted_for = 0  # the table width the columns were last fitted to

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()  # the rows come with the resume that follows the mount, as on every return here

    def _column_widths(self, summaries: list) -> dict[str, int]:  # noqa: ANN001 - WorkshopSummary rows
        """Share the table's width out: date, phase and participants whole, then title and organisation
        as wide as their longest text, the title first, both cut (…) only when the terminal is too narrow."""
        table = self.query_one(DataTable)
        phase = max(map(len, read_phase_names().values()), default=14)
        fixed = {"date": len("00/00-0000"), "phase": phase, "participants": len("Deltagere")}
        title = max([len("Titel"), *(cell_len(visible(s.title)) for s in summaries)])
        organisation = max([len("Organisation"), *(cell_len(visible(s.organisation)) for s in summaries)])
        # Before the first layout the table has no width: a typical one, fitted again once it is sized.
        width = table.size.width or self.app.size.width - 4
        rest = width - table.styles.scrollbar_size_vertical - 5 * 2 * table.cell_padding - sum(fixed.values())
        if title + organisation > rest:
            organisation = min(organisation, max(len("Organisation"), rest // 3))
            title = max(len("Titel"), rest - organisation)
        return {"title": title, "organisation": organisation, **fixed}

    @on(WorkshopTable.Resized)
    def _table_resized(self) -> None:
        # Only the table's own new width moves the column borders (the screen's resize events also came
        # while nothing had changed, and a refresh for each could feed itself).
        if self._widths and self.query_one(DataTable).size.width != self._fitted_for:
            self.refresh_list()

    def on_screen_resume(self) -> None:
        self.app.title = "digiworkshop"
        self.app.sub_title = "Trin for trin guide · Digitale veje til job"
        self.app.show_timebox()  # the countdown as it is now, not as it was when the list was last shown
        self.refresh_list()

    def refresh_list(self, select_id: int | None = None) -> None:
        """Re-read the workshops (from the store; while it opens, straight from the file if possible)."""
        table = self.query_one(DataTable)
        current = select_id if select_id is not None else self._selected_id()
        summaries = self.app.workshop_list()
        widths = self._column_widths(summaries or [])
        self._fitted_for = table.size.width
        if widths != self._widths:  # new widths: the columns are laid out again
            self._widths = widths
            table.clear(columns=True)
            for key, name in (("title", "Titel"), ("date", "Dato"), ("organisation", "Organisation"),
                              ("phase", "Fase"), ("participants", "Deltagere")):
                table.add_column(name, key=key, width=widths[key])
        table.clear()
        for summary in summaries or ():
            table.add_row(
                stored(summary.title),
                format_date_short(summary.date),
                stored(summary.organisation),
                self.app.phase_name(summary.phase),
                str(summary.participants),
                key=str(summary.id),
            )
        hint = self.query_one("#empty-hint", Static)
        if summaries is None:
            hint.update("Åbner databasen …")
        elif table.row_count == 0:
            hint.update("Der er ingen workshops endnu. Tryk N for en ny workshop eller D for at åbne demo-workshoppen.")
        else:
            hint.update("")
        if current is not None and str(current) in table.rows:
            table.move_cursor(row=table.get_row_index(str(current)))

    def _selected_id(self) -> int | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(key.value) if key.value is not None else None

    @on(DataTable.RowSelected)
    async def _row_selected(self, event: DataTable.RowSelected) -> None:
        await self.action_open()

    async def action_open(self) -> None:
        workshop_id = self._selected_id()
        if workshop_id is not None:
            await self.app.wait_for_store()  # only waits in the first moment after start-up
            self.app.open_workshop(workshop_id)

    @work
    async def action_new(self) -> None:
        title = await self.app.push_screen_wait(
            TextPrompt("Ny workshop", label="Titel", placeholder="fx Temadag om Joblog")
        )
        if title is None:
            return
        await self.app.wait_for_store()
        try:
            workshop = self.app.store.create_workshop(title=title)
        except Exception as exc:  # noqa: BLE001 - shown to the user in Danish
            report_error(self, exc)
            return
        self.refresh_list(select_id=workshop.id)
        self.app.open_workshop(workshop.id)

    @work
    async def action_delete(self) -> None:
        workshop_id = self._selected_id()
        if workshop_id is None:
            return
        await self.app.wait_for_store()
        workshop = self.app.store.get_workshop(workshop_id)
        if not await self.app.push_screen_wait(
            ConfirmDialog(f"Slet workshoppen «{workshop.title}» og alt, hvad den indeholder?")
        ):
            return
        try:
            self.app.store.delete_workshop(workshop_id)
        except Exception as exc:  # noqa: BLE001
            report_error(self, exc)
            return
        self.notify(f"Workshoppen «{workshop.title}» er slettet.", markup=False)
        self.refresh_list()

    async def action_demo(self) -> None:
        await self.app.wait_for_store()
        from digiworkshop.demo import load_demo

        try:
            workshop = load_demo(self.app.store)
        except Exception as exc:  # noqa: BLE001
            report_error(self, exc)
            return
        self.refresh_list(select_id=workshop.id)
        self.app.open_workshop(workshop.id)

"""The first screen: the workshops in the store; create, open, delete, or open the demo."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from digiworkshop.domain import format_date_short
from digiworkshop.quick_list import read_phase_names

from .commands import CommandScreen
from .widgets.footer import QuietFooter
from .dialogs.forms import ConfirmDialog, TextPrompt
from .messages import report_error
from .safe_text import stored
from .widgets.topbar import TopBar


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
        yield DataTable(id="workshops", cursor_type="row", zebra_stripes=True)
        yield Static("", id="empty-hint", classes="hint")
        yield QuietFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Titel", key="title")
        table.add_column("Dato", key="date")
        table.add_column("Organisation", key="organisation")
        # The phase is one of the guide's few names: the column fits the longest, never "Implementeri".
        table.add_column("Fase", key="phase", width=max(map(len, read_phase_names().values()), default=14))
        table.add_column("Deltagere", key="participants")
        table.focus()  # the rows come with the resume that follows the mount, as on every return here

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

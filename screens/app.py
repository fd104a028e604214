"""The Textual App: wires the store, the guide and the screens; the behaviour lives in the screens."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from digiworkshop.guide import Guide, load_guide
from digiworkshop.store import Store

from .workshop import WorkshopScreen
from .workshop_list import WorkshopListScreen


class DigiWorkshopApp(App):
    """digiworkshop: the Trin for trin guide in the room."""

    CSS_PATH = "app.tcss"
    TITLE = "digiworkshop"
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, store: Store, *, guide: Guide | None = None, open_workshop_id: int | None = None) -> None:
        super().__init__()
        self.store = store
        self.guide = guide or load_guide()
        self._open_workshop_id = open_workshop_id

    def on_mount(self) -> None:
        self.push_screen(WorkshopListScreen())
        if self.store.backup_path:
            self.notify(f"Databasen er opdateret. En kopi af den gamle fil ligger her: {self.store.backup_path}",
                        markup=False, timeout=10)
        if self._open_workshop_id is not None:
            self.open_workshop(self._open_workshop_id)

    def open_workshop(self, workshop_id: int, step_index: int = 0) -> None:
        """Show a workshop at a step."""
        self.push_screen(WorkshopScreen(workshop_id, step_index))

    def export_workshop(self, workshop_id: int, kind: str, folder: Path) -> Path:
        """Write a handout or the JSON export (runs in a worker thread; never touches widgets)."""
        if kind == "json":
            from digiworkshop.docx_kit import slug
            from digiworkshop.exchange import dumps, workshop_document

            document = workshop_document(self.store, workshop_id)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{slug(document['workshop']['title'])}-{workshop_id}.json"
            path.write_text(dumps(document), encoding="utf-8")
            path.chmod(0o600)
            return path
        from digiworkshop.export_docx import write_report

        return write_report(self.store, workshop_id, folder)

    async def action_quit(self) -> None:
        """Store what is typed in the open step before leaving."""
        if isinstance(self.screen, WorkshopScreen):
            self.screen.flush()
        self.exit()

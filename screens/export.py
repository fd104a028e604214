"""The export dialog: choose the handouts and the folder, export in a worker with a progress bar,
then see the paths written and open the folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, ProgressBar, Static

from digiworkshop.paths import remember_export_dir
from digiworkshop.handouts import EXTRA_KINDS, KINDS, LABELS, PDF_MISSING, HandoutError, soffice, write_handouts

from .messages import report_error
from .safe_text import stored, visible

DEFAULT_KINDS = ("report", "actions", "evaluation", "ics")


def folder_opener() -> list[str] | None:
    """The command that opens a folder in the desktop's file manager, or None (then we show the path)."""
    for command in (("open",) if sys.platform == "darwin" else ("xdg-open", "gio")):
        found = shutil.which(command)
        if found:
            return [found, "open"] if command == "gio" else [found]
    return None


def failure_message(exc: BaseException) -> str | None:
    """A Danish message for the failures an export can meet in the room (None: use the general one)."""
    if isinstance(exc, HandoutError):
        return ("PDF-filerne kunne ikke laves (LibreOffice fejlede). Word-filerne er skrevet. "
                f"({exc})")
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return f"Filerne kunne ikke skrives i mappen{where}: {exc.strerror or exc}. Vælg en anden mappe."
    return None


class ExportScreen(ModalScreen[list[Path] | None]):
    """Which handouts, which folder; Enter in the folder field (or Ctrl+S) exports. The export runs in
    a worker thread, so the room's screen never freezes while Word and PDF files are written."""

    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > #export-box {
        width: 78; max-width: 95%; height: auto; max-height: 95%;
        padding: 1 2; border: thick $primary; background: $surface; overflow-y: auto;
    }
    ExportScreen #export-title { text-style: bold; margin-bottom: 1; }
    ExportScreen Checkbox { border: none; padding: 0 1; height: 1; background: $surface; }
    /* Textual's ToggleButton:focus draws a tall border, which fills a one-line box: nothing of the
       label or the tick would show. The focus is shown by the row's colour instead. */
    ExportScreen Checkbox:focus { border: none; background: $boost; }
    ExportScreen #export-folder { margin-top: 0; }
    ExportScreen #export-progress { margin-top: 1; display: none; }
    ExportScreen #export-progress.running { display: block; }
    ExportScreen #export-result { margin-top: 1; height: auto; }
    ExportScreen .hint { color: $text-muted; margin-top: 1; }
    """

    BINDINGS = [
        Binding("ctrl+s", "export", "Eksportér", id="export.start", priority=True),
        Binding("ctrl+o", "open_folder", "Åbn mappen", id="export.open", priority=True),
        Binding("escape", "close", "Luk", id="export.close"),
        # Arrows walk the checkboxes like a list (none of the dialog's widgets needs them itself).
        Binding("down", "app.focus_next", "Næste", show=False, id="export.next"),
        Binding("up", "app.focus_previous", "Forrige", show=False, id="export.previous"),
    ]

    def __init__(self, workshop_id: int, folder: Path, *, kinds: tuple[str, ...] = DEFAULT_KINDS) -> None:
        super().__init__()
        self.workshop_id = workshop_id
        self.folder = folder
        self.kinds = kinds
        self.written: list[Path] = []
        self.running = False

    def compose(self) -> ComposeResult:
        pdf_ok = soffice() is not None
        with Vertical(id="export-box"):
            yield Static("Eksportér uddelingsark", id="export-title")
            yield Label("Hvilke? (Mellemrum vælger, ↑/↓ eller Tab flytter)")
            for kind in (*KINDS, *EXTRA_KINDS):
                yield Checkbox(LABELS[kind], value=kind in self.kinds, id=f"kind-{kind}")
            yield Checkbox("Også PDF ved siden af hver Word-fil" if pdf_ok else "PDF: " + PDF_MISSING,
                           value=False, id="export-pdf", disabled=not pdf_ok)
            yield Label("Mappe")
            yield Input(str(self.folder), id="export-folder")
            yield ProgressBar(total=1, show_eta=False, id="export-progress")
            yield Static(id="export-result")
            yield Static("Enter i mappefeltet eller Ctrl+S: eksportér · Ctrl+O: åbn mappen · Esc: luk",
                         classes="hint")

    def on_mount(self) -> None:
        self.query_one("#export-folder", Input).focus()

    def chosen(self) -> list[str]:
        """The kinds ticked, in writing order."""
        return [k for k in (*KINDS, *EXTRA_KINDS) if self.query_one(f"#kind-{k}", Checkbox).value]

    @on(Input.Submitted, "#export-folder")
    def _submitted(self) -> None:
        self.action_export()

    def action_export(self) -> None:
        """Start the export with what is chosen (ignored while one is running)."""
        if self.running:
            return
        folder = self.query_one("#export-folder", Input).value.strip()
        kinds = self.chosen()
        if not folder:
            self.notify("Skriv en mappe.", severity="warning")
            return
        if not kinds:
            self.notify("Vælg mindst ét uddelingsark.", severity="warning")
            return
        self.running = True
        bar = self.query_one("#export-progress", ProgressBar)
        bar.update(total=len(kinds) + 1, progress=0)
        bar.add_class("running")
        self.query_one("#export-result", Static).update(Text("Eksporterer …"))
        pdf = self.query_one("#export-pdf", Checkbox).value
        self._export(kinds, Path(folder).expanduser(), pdf)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, kinds: list[str], folder: Path, pdf: bool) -> None:
        def progress(done: int, total: int, what: str) -> None:
            self.app.call_from_thread(self._progress, done, total, what)

        try:
            paths = write_handouts(self.app.store, self.workshop_id, kinds, folder, pdf=pdf, progress=progress)
        except Exception as exc:  # noqa: BLE001 - every failure becomes one Danish message
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._done, paths)

    def _progress(self, done: int, total: int, what: str) -> None:
        if not self.is_mounted:  # the dialog was closed; the export finishes quietly
            return
        self.query_one("#export-progress", ProgressBar).update(total=total, progress=done)
        self.query_one("#export-result", Static).update(stored(what))  # names the workshop's files

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        message = failure_message(exc)
        if message is None:
            report_error(self.app, exc)
            message = "Eksporten lykkedes ikke."
        else:
            self.app.notify(message, severity="error", markup=False, timeout=10)
        if self.is_mounted:
            self.query_one("#export-progress", ProgressBar).remove_class("running")
            self.query_one("#export-result", Static).update(stored(message))

    def _done(self, paths: list[Path]) -> None:
        self.running = False
        self.written = paths
        if paths:  # the folder this export went to is offered the next time
            remember_export_dir(paths[0].parent)
        self.app.notify("\n".join(str(p) for p in paths), title="Eksport færdig", markup=False, timeout=12)
        if not self.is_mounted:
            return
        lines = Text()
        lines.append("Gemt (Ctrl+O åbner mappen):\n", style="bold")
        for path in paths:
            lines.append(f"  {visible(str(path))}\n")  # file names come from the workshop's title
        self.query_one("#export-result", Static).update(lines)

    def action_open_folder(self) -> None:
        """Open the folder in the file manager, or show its path when there is none to open it with."""
        folder = self.written[0].parent if self.written else Path(self.query_one("#export-folder", Input).value)
        folder = folder.expanduser()
        opener = folder_opener()
        if opener is None or not folder.is_dir():
            self.notify(f"Mappen: {folder}", markup=False, timeout=12)
            return
        subprocess.Popen([*opener, str(folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
        self.notify(f"Åbner {folder}", markup=False, timeout=4)

    def action_close(self) -> None:
        """Close the dialog (an export still running finishes in the background)."""
        self.dismiss(self.written or None)

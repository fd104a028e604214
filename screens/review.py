"""The follow-up review of open actions: offered when a workshop opens and part of every evaluation
round. Each action's status is set and a dated remark added, so the next meeting picks up from here."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, Static

from digiworkshop.domain import ACTION_STATUSES, format_date_da, format_date_short
from digiworkshop.rules.action_plan import is_overdue
from digiworkshop.text import count_da

from .dialogs.forms import ConfirmDialog
from .widgets.footer import QuietFooter
from .messages import report_error
from .safe_text import stored, visible


class ReviewTable(DataTable):
    """The actions under review; digits set the highlighted action's status at once."""

    BINDINGS = [
        *(Binding(str(i + 1), f"set_status({i})", f"Status {i + 1}", id=f"review.status{i + 1}", show=False)
          for i in range(len(ACTION_STATUSES))),
        Binding("enter,b", "remark", "Bemærkning", id="review.remark"),
    ]

    def _screen(self) -> "ReviewScreen":
        return self.screen  # type: ignore[return-value]

    def action_set_status(self, index: int) -> None:
        self._screen().set_status(ACTION_STATUSES[index])

    def action_remark(self) -> None:
        self._screen().start_remark()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_remark()


class ReviewScreen(Screen):
    """Go through the open actions, overdue ones first: set status (1–4) and add a remark (Enter)."""

    DEFAULT_CSS = """
    ReviewScreen #review-actions { height: 1fr; margin: 0 1; }
    ReviewScreen #review-remark-row { height: auto; margin: 0 1; }
    ReviewScreen #review-remark-label { width: 34; padding: 1 1 0 0; }
    ReviewScreen #review-remark { width: 1fr; }
    ReviewScreen #review-history { height: auto; max-height: 8; padding: 0 1; }
    """

    BINDINGS = [Binding("escape", "close", "Færdig", id="review.close")]

    def __init__(self, workshop_id: int, *, round_id: int | None = None, today: dt.date | None = None) -> None:
        super().__init__()
        self.workshop_id = workshop_id
        self.round_id = round_id
        self.today = today or dt.date.today()
        self.action_ids: list[int] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", classes="screen-title", id="review-title")
        yield ReviewTable(id="review-actions", cursor_type="row", zebra_stripes=True)
        yield Static("", id="review-history")
        with Horizontal(id="review-remark-row"):
            yield Label("Bemærkning (Enter gemmer)", id="review-remark-label")
            yield Input(placeholder="Hvor langt er handlingen? Hvad aftaler vi?", id="review-remark")
        statuses = " · ".join(f"{i + 1} {s.name}" for i, s in enumerate(self.app.guide.action_statuses))
        yield Static(f"I tabellen: {statuses} sætter status · Enter: skriv en bemærkning · Esc: færdig",
                     classes="hint")
        yield QuietFooter()

    def on_mount(self) -> None:
        # The list is fixed when the review opens: an action set to Færdig stays visible until the end.
        self.action_ids = [a.id for a in self.app.store.actions_for_review(self.workshop_id, self.today)]
        where = "i evalueringsrunden" if self.round_id is not None else "ved mødets start"
        self.sub_title = "Opfølgning på handlinger"  # its own: the app's belongs to the workshop beneath
        self.query_one("#review-title", Static).update(
            f"Opfølgning {where}, {format_date_da(self.today, weekday=True)}: "
            f"{count_da(len(self.action_ids), 'åben handling', 'åbne handlinger')}, de overskredne øverst (rød deadline)")
        table = self.query_one(ReviewTable)
        # Fixed widths so deadline and status stay in view on a 120-column projector; the highlighted
        # action's full text is shown under the table.
        for key, label, width in (("subject", "Barriere/potentiale", 24), ("how", "Handling", 28),
                                  ("owner", "Ansvarlig", 14), ("deadline", "Deadline", 11),
                                  ("status", "Status", 12), ("remark", "Bemærkning i dag", 18)):
            table.add_column(label, key=key, width=width)
        self.refresh_rows()
        table.focus()
        if not self.action_ids:
            self.notify("Der er ingen åbne handlinger at følge op på.", timeout=4)

    def _status_name(self, key: str) -> str:
        return next((s.name for s in self.app.guide.action_statuses if s.key == key), key)

    def _todays(self, action_id: int):  # noqa: ANN202
        """This meeting's follow-up on an action (same date and round), if any."""
        return next((f for f in reversed(self.app.store.list_follow_ups(action_id))
                     if f.date == self.today and f.round_id == self.round_id), None)

    def refresh_rows(self) -> None:
        """Re-read the actions under review from the store, keeping the cursor."""
        table = self.query_one(ReviewTable)
        row = table.cursor_row
        table.clear()
        for action in self.app.store.actions_by_id(self.action_ids):
            overdue = is_overdue(action, self.today)
            deadline = Text(format_date_short(action.deadline) or visible(action.deadline_text) or "–",
                            style="bold red" if overdue else "")
            today = self._todays(action.id)
            table.add_row(stored(action.subject), stored(action.how), stored(action.owner), deadline,
                          Text(self._status_name(action.status)), stored(today.remark if today else ""),
                          key=str(action.id))
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._show_history()

    def _selected(self) -> int | None:
        table = self.query_one(ReviewTable)
        if table.row_count == 0:
            return None
        return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    @on(DataTable.RowHighlighted)
    def _highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_history()

    def _show_history(self) -> None:
        """Earlier follow-ups of the highlighted action: where the last meeting left off."""
        action_id = self._selected()
        text = Text()
        if action_id is not None:
            [action] = self.app.store.actions_by_id([action_id])
            text.append(visible(action.subject), style="bold")
            text.append(" – ")
            text.append(visible(action.how))
            if action.owner:
                text.append(" · Ansvarlig: ")
                text.append(visible(action.owner))
            if is_overdue(action, self.today):
                days = (self.today - action.deadline).days
                text.append(f" · Overskredet med {days} {'dag' if days == 1 else 'dage'}", style="bold red")
            text.append("\n")
            for f in self.app.store.list_follow_ups(action_id)[-4:]:
                text.append(f"{format_date_short(f.date)} {self._status_name(f.status)}", style="bold")
                if f.remark:
                    text.append(": ")
                    text.append(visible(f.remark))
                text.append("\n")
            if not self.app.store.list_follow_ups(action_id):
                text.append("Ingen tidligere opfølgning.", style="dim")
        self.query_one("#review-history", Static).update(text)

    def _record(self, action_id: int, *, status: str | None = None, remark: str | None = None) -> bool:
        today = self._todays(action_id)
        action = self.app.store.actions_by_id([action_id])[0]
        try:
            self.app.store.record_follow_up(
                action_id, status=status or action.status,
                remark=remark if remark is not None else (today.remark if today else ""),
                date=self.today, round_id=self.round_id)
        except Exception as exc:  # noqa: BLE001 - the remark stays in its field
            report_error(self, exc)
            return False
        self.refresh_rows()
        return True

    def set_status(self, status: str) -> None:
        """Set the highlighted action's status now (a follow-up dated today)."""
        if (action_id := self._selected()) is not None and self._record(action_id, status=status):
            self.notify(f"Status: {self._status_name(status)}", timeout=2)

    def start_remark(self) -> None:
        """Write or change today's remark on the highlighted action."""
        action_id = self._selected()
        if action_id is None:
            return
        today = self._todays(action_id)
        remark = self.query_one("#review-remark", Input)
        remark.value = today.remark if today else ""
        remark.focus()

    @on(Input.Submitted, "#review-remark")
    def _remark(self, event: Input.Submitted) -> None:
        event.stop()
        action_id = self._selected()
        if action_id is None or not self._record(action_id, remark=event.value):
            return
        event.input.value = ""
        table = self.query_one(ReviewTable)
        table.focus()
        table.move_cursor(row=table.cursor_row + 1)  # on to the next action

    def action_close(self) -> None:
        remark = self.query_one("#review-remark", Input)
        if self.app.focused is remark:
            # Esc in the remark field goes back to the table; the typed text is kept until Enter.
            self.query_one(ReviewTable).focus()
            return
        self.dismiss()


class ReviewOffer(ConfirmDialog):
    """The review offered as a workshop opens. J: review first; N: open without; Esc: do not open after
    all (back where the workshop was opened from, answer None). An Enter that comes within a moment of
    the offer appearing is the second Enter of a double press on the list, meant for the list: ignored,
    so the offer is never declined before it has been seen."""

    SETTLE_SECONDS = 0.3
    BINDINGS = [Binding("escape", "cancel_open", "Åbn ikke", id="review_offer.cancel")]

    _shown_at = float("inf")  # until it is on screen, every Enter is too early

    def on_mount(self, event: events.Mount) -> None:
        super().on_mount()
        self._shown_at = event.time  # the clock key events are stamped with when they are sent

    def on_key(self, event: events.Key) -> None:
        # Judged by when the key was pressed, not when it is handled: a busy laptop may handle it later.
        if event.key == "enter" and event.time < self._shown_at + self.SETTLE_SECONDS:
            event.stop()
            event.prevent_default()  # not the focused button's Enter either

    def action_cancel_open(self) -> None:
        self.dismiss(None)


def review_question(screen: Screen, workshop_id: int, today: dt.date) -> str | None:
    """Opening a workshop: the question offering the review first, or None when no open action waits for
    a follow-up today, when the review was offered for this workshop today already (a restart in the
    middle of a meeting does not ask again), or the store cannot tell (opening must not fail on this)."""
    from digiworkshop.paths import review_offered_on

    store = screen.app.store
    try:
        count = len(store.actions_unreviewed(workshop_id, today))
        workshop = store.get_workshop(workshop_id) if count else None
    except Exception as exc:  # noqa: BLE001 - told in Danish; the workshop opens all the same
        report_error(screen, exc)
        return None
    if workshop is None or review_offered_on(workshop.uid) == today:
        return None
    title = workshop.title
    word = "åben handling" if count == 1 else "åbne handlinger"
    # Asked over the list the workshop was opened from: say which workshop.
    return f"«{title}» har {count} {word} fra tidligere møder.\nGennemgå dem nu? (J/N)"


def review_offered(app, workshop_id: int, today: dt.date) -> None:  # noqa: ANN001
    """The offer was answered (J or N) for this workshop today: remember it in the laptop's settings, so it
    is not offered again until the next meeting day. Failing to remember only means asking again."""
    from digiworkshop.paths import remember_review_offered

    try:
        uid = app.store.get_workshop(workshop_id).uid
    except Exception:  # noqa: BLE001 - a busy database: the offer simply comes again next time
        return
    remember_review_offered(uid, today)

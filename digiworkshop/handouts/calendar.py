"""The deadlines of the action plan as an iCalendar file (`ics`): one all-day event per action."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..domain import DATE_MAX, DATE_MIN
from ..guide import Guide
from . import layout as lay
from .kit import safe_text


def build_calendar(document: dict[str, Any], guide: Guide) -> bytes:
    """An iCalendar file with one all-day event per action that has a deadline; the owner's people
    (each participant by name) are in the summary and the description. UIDs are stable, so importing a newer file updates the events."""
    from icalendar import Calendar, Event

    workshop = document["workshop"]
    calendar = Calendar()
    calendar.add("prodid", "-//digiworkshop//Trin for trin guide//DA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", safe_text(f"Handlingsplan – {workshop.get('title', '')}"))
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    kinds = {k.key: k.name for k in guide.note_kinds}
    participants = lay.participant_names(document)
    for action in lay.by_position(document.get("actions", [])):
        day = lay._date(action.get("deadline"))
        if day is None or not DATE_MIN <= day <= DATE_MAX:
            # A date from an older file or another laptop that no calendar takes (year 9999, whose next
            # day does not exist): left out of the calendar; the action list still shows it.
            continue
        typed = " ".join((action.get("owner") or "").split())
        # Every person the owner names, a participant by their full name ("Michael og Lone" →
        # "Michael Holm og Lone Bæk"), so the event says whose deadline it is.
        owner = lay.join_names(lay.owner_people(typed, participants, keep_notes=True))
        subject = action.get("subject") or "Handling"
        event = Event()
        event.add("uid", f"{workshop.get('uid', '')}-action-{action['ref']}@digiworkshop")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", safe_text(f"Deadline: {subject}" + (f" ({owner})" if owner else "")))
        lines = [
            f"{kinds.get(action.get('kind', ''), '')} – {lay.name_of(guide.perspectives, action.get('perspective', ''))}",
            f"Hvordan: {action.get('how', '')}" if action.get("how") else "",
            f"Ansvarlig: {owner or lay.NO_OWNER}",
            f"Status: {lay.name_of(guide.action_statuses, action.get('status', ''))}",
            f"Workshop: {workshop.get('title', '')}",
        ]
        event.add("description", safe_text("\n".join(line for line in lines if line)))
        if typed:
            event.add("x-digiworkshop-owner", safe_text(typed))
        calendar.add_component(event)
    return calendar.to_ical()

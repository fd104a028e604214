"""Pure domain rules: input validation and cleaning, Danish date parsing for typed dates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MAX_TEXT = 20_000
_SURROGATE = re.compile("[\ud800-\udfff]")  # half of a broken character pair: no database stores it  # a 10,000-character paste must fit with room to spare


@dataclass(frozen=True)
class WorkshopSummary:
    """A row of the workshop list."""

    id: int
    uid: str
    title: str
    date: dt.date | None
    organisation: str
    phase: str
    participants: int
    updated_at: dt.datetime


class InputError(ValueError):
    """Bad input from a user: carries a Danish message for the UI and an English one for the CLI."""

    def __init__(self, danish: str, english: str) -> None:
        super().__init__(english)
        self.danish = danish
        self.english = english


def clean_text(value: str | None, *, label: str = "Feltet", required: bool = False) -> str:
    """Validate typed text and return it as it will be stored.

    Text is stored exactly as typed (control characters, emoji, markup-like text included) except
    for NUL, which no database text column accepts, and surrounding whitespace on a value that is
    only whitespace (it becomes empty).
    """
    text = "" if value is None else str(value)
    if "\x00" in text:
        raise InputError(
            f"{label}: teksten indeholder et ugyldigt tegn (NUL). Fjern det og prøv igen.",
            f"{label}: text contains a NUL character",
        )
    if _SURROGATE.search(text):
        raise InputError(
            f"{label}: teksten indeholder et ufuldstændigt tegn. Fjern det og prøv igen.",
            f"{label}: text contains a lone surrogate (half of a character)",
        )
    if len(text) > MAX_TEXT:
        raise InputError(
            f"{label}: teksten er for lang ({len(text):,} tegn; højst {MAX_TEXT:,}).".replace(",", "."),
            f"{label}: text is too long ({len(text)} characters, at most {MAX_TEXT})",
        )
    if not text.strip():
        text = ""
    if required and not text:
        raise InputError(f"{label} må ikke være tom.", f"{label} must not be empty")
    return text


# Dates a workshop can sensibly hold (a meeting, a deadline): outside these a typo ("2/3-20266") or a
# hostile file, and year 9999 broke the calendar export. Typed and imported dates are both held to it.
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2200, 12, 31)


def check_date_range(value: dt.date | None, *, label: str = "Datoen") -> dt.date | None:
    """Return `value` when it lies in DATE_MIN..DATE_MAX (or is None); else raise InputError."""
    if value is not None and not DATE_MIN <= value <= DATE_MAX:
        raise InputError(
            f"{label} ({value.day}/{value.month}-{value.year}) ligger uden for årene "
            f"{DATE_MIN.year}–{DATE_MAX.year}.",
            f"{label}: {value.isoformat()} is outside the years {DATE_MIN.year}-{DATE_MAX.year}",
        )
    return value


_DMY = re.compile(r"^\s*(\d{1,2})\s*[./-]\s*(\d{1,2})(?:\s*[./-]\s*(\d{2}|\d{4}))?\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_date(value: str, *, today: dt.date | None = None) -> dt.date | None:
    """Parse a date as a Danish facilitator types it for the workshop: "24/11-2026", "24.11.2026",
    "24/11" (this year) or ISO "2026-11-24". Empty text means no date.

    Raises InputError with a Danish message for text that is not a real date (e.g. "31/2") or lies
    outside DATE_MIN..DATE_MAX (e.g. "1/1-9999", which no calendar program takes).
    """
    text = (value or "").strip()
    if not text:
        return None
    today = today or dt.date.today()
    if m := _ISO.match(text):
        year, month, day = (int(g) for g in m.groups())
    elif m := _DMY.match(text):
        day, month = int(m.group(1)), int(m.group(2))
        year = int(m.group(3)) if m.group(3) else today.year
        if m.group(3) and len(m.group(3)) == 2:
            year += 2000
    else:
        raise InputError(
            f"Datoen «{text}» kan ikke læses. Skriv fx 24/11-2026 eller 2026-11-24.",
            f"cannot read the date {text!r}; write e.g. 2026-11-24",
        )
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise InputError(
            f"Datoen «{text}» findes ikke i kalenderen.", f"the date {text!r} does not exist"
        ) from None
    return check_date_range(date)


_DA_MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
              "september", "oktober", "november", "december"]
_DA_WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]


def format_date_da(value: dt.date | None, *, weekday: bool = False) -> str:
    """A date the Danish way: "24. november 2026", or "tirsdag den 24. november 2026"."""
    if value is None:
        return ""
    text = f"{value.day}. {_DA_MONTHS[value.month - 1]} {value.year}"
    return f"{_DA_WEEKDAYS[value.weekday()]} den {text}" if weekday else text


def format_date_short(value: dt.date | None) -> str:
    """A compact Danish date for tables: "24/11-2026"."""
    return f"{value.day}/{value.month}-{value.year}" if value else ""


# Keys of the guide's fixed lists as stored in the database (data/guide.toml holds their Danish
# names; a test keeps the two in step).
PHASES = ("ide", "forberedelse", "anskaffelse", "implementering")
PERSPECTIVES = ("fagligt", "personligt", "organisatorisk")
NOTE_KINDS = ("potentiale", "barriere")
WISH_KINDS = ("onske", "krav")
WISH_CATEGORIES = ("faglig", "teknisk", "brugervenlighed")
WISH_TOPICS = ("maalgrupper", "integration", "anvendelse", "indhold", "onboarding", "omkostninger")
ARCHETYPES = ("frontloeber", "gennemsnitsbruger", "analog", "skeptiker")
ACTION_STATUSES = ("ikke_startet", "i_gang", "faerdig", "opgivet")
EVALUATION_QUESTIONS = ("gik_godt", "hvorfor_godt", "gaa_bedre", "anderledes")
TRIAL_PHASES = ("plan", "do", "study", "act")

"""Deadlines typed the way a Danish facilitator says them, turned into a future date.

"fredag", "på fredag", "næste fredag", "i morgen", "næste uge", "uge 12", "1/3", "15/3-2027",
"1. marts", "ultimo marts", "2027-03-01", "om 14 dage", "om 2 uger" … all become a date after (or on)
`today`. Text that names no date ("efter sommerferien") is kept as text with no date. Text that looks
like a date but is none ("31/2", "uge 54"), lies in the past ("1/1-2020") or beyond the years a
calendar takes (domain.DATE_MAX, "1/1-9999") is refused with a Danish message, so a wrong guess is
caught in the room.

Hand-written on purpose: dateparser covers only some of these forms and costs ~0.2 s on first use
(DESIGN.md, Known traps); this module is pure and takes microseconds.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .domain import DATE_MAX, DATE_MIN, InputError

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
          "september", "oktober", "november", "december")
# "mar", "sep", "sept", "okt" … : any prefix of at least three letters names a month.
_NUMBER_WORDS = {"en": 1, "et": 1, "én": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7,
                 "otte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "fjorten": 14}
# A deadline "in week N" or "next week" means the Friday of that week: the last working day.
DEADLINE_WEEKDAY = 4


@dataclass(frozen=True)
class Deadline:
    """A parsed deadline: the date (None when the text names none) and the text as typed."""

    date: dt.date | None
    text: str


def _month(word: str) -> int | None:
    word = word.rstrip(".")
    if len(word) < 3:
        return None
    for i, name in enumerate(MONTHS, start=1):
        if name.startswith(word):
            return i
    return None


def _weekday(word: str) -> int | None:
    for i, name in enumerate(WEEKDAYS):
        if word in (name, name[:3]) or (word.endswith("en") and word[:-2] == name):  # "fredagen"
            return i
    return None


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


def _year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year + 2000 if year < 100 else year


def _bad(text: str, why: str, english: str) -> InputError:
    return InputError(f"Deadline «{text}»: {why}", f"deadline {text!r}: {english}")


def _date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _bad(text, "den dato findes ikke i kalenderen.", "no such date") from None


def _next_yearly(month: int, day: int | None, today: dt.date, text: str) -> dt.date:
    """This year's date if it is still ahead, otherwise next year's (day None = last of the month)."""
    for year in (today.year, today.year + 1):
        last = calendar.monthrange(year, month)[1]
        if day is not None and day > last:
            if month == 2 and day == 29:
                continue  # 29/2 exists only in leap years: look at the next one
            raise _bad(text, "den dato findes ikke i kalenderen.", "no such date")
        candidate = dt.date(year, month, day if day is not None else last)
        if candidate >= today:
            return candidate
    for year in range(today.year + 2, today.year + 9):  # 29/2: the next leap year
        if calendar.isleap(year):
            return dt.date(year, month, day or 29)
    raise _bad(text, "den dato findes ikke i kalenderen.", "no such date")


def _week_day(year: int, week: int, weekday: int) -> dt.date | None:
    try:
        return dt.date.fromisocalendar(year, week, weekday + 1)
    except ValueError:
        return None


def _future(date: dt.date, today: dt.date, text: str) -> dt.date:
    if date < today:
        raise _bad(text, f"datoen ({date.day}/{date.month}-{date.year}) ligger før i dag. Skriv en dato frem i tiden.",
                   "the date is in the past")
    return date


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})\s*[./-]\s*(\d{1,2})(?:\s*[./-]\s*(\d{2}|\d{4}))?$")
_DAY_MONTH = re.compile(r"^(\d{1,2})\.?\s+([a-zæøå]+\.?)(?:\s+(\d{4}))?$")
_WEEK = re.compile(r"^(?:i\s+)?uge\s*(\d{1,2})(?:\s*[-/,]?\s*(\d{4}))?$")
_IN = re.compile(r"^om\s+(\S+)\s+(dag|dage|uge|uger|måned|måneder|mdr\.?)$")
_PART_OF_MONTH = re.compile(r"^(primo|medio|ultimo|start|midt|slut|udgangen|slutningen)\s+(?:af\s+|i\s+)?([a-zæøå]+\.?)"
                            r"(?:\s+(\d{4}))?$")
_WEEKDAY = re.compile(r"^(?:(?:på|til|om)\s+)?(næste\s+)?([a-zæøå]+)$")
_PREFIX = re.compile(r"^(?:inden|senest|før|til|ved|d\.|den)\s+")


def parse_deadline(value: str | None, *, today: dt.date) -> Deadline:
    """Read a typed deadline against `today`; see the module docstring for the forms understood.

    Returns Deadline(date, text); date is None for empty text or text that names no date.
    Raises InputError (Danish message) for text that looks like a date but is impossible or past.
    """
    typed = (value or "").strip()
    if not typed:
        return Deadline(None, "")
    try:
        date = _parse(typed, today)
    except InputError:
        raise
    except (OverflowError, ValueError):  # "om 9999999999 dage": past the last date Python knows
        date = dt.date.max
    if date is not None and not DATE_MIN <= date <= DATE_MAX:
        raise _bad(typed, f"datoen ligger uden for årene {DATE_MIN.year}–{DATE_MAX.year}.",
                   f"the date is outside the years {DATE_MIN.year}-{DATE_MAX.year}")
    return Deadline(date, typed)


def _parse(typed: str, today: dt.date) -> dt.date | None:
    text = " ".join(typed.lower().replace(",", " ").split())
    text = text.rstrip(".") if not _DMY.match(text) else text
    while (m := _PREFIX.match(text)) and len(text) > m.end():
        text = text[m.end():]  # "senest fredag", "inden 1. marts", "den 1/3"

    if text in ("i dag", "idag"):
        return today
    if text in ("i morgen", "imorgen"):
        return today + dt.timedelta(days=1)
    if text in ("i overmorgen", "overmorgen"):
        return today + dt.timedelta(days=2)

    if m := _ISO.match(text):
        return _future(_date(int(m[1]), int(m[2]), int(m[3]), typed), today, typed)

    if m := _DMY.match(text):
        day, month, year = int(m[1]), int(m[2]), _year(m[3])
        if year is None:
            if not 1 <= month <= 12:
                raise _bad(typed, "den dato findes ikke i kalenderen.", "no such date")
            return _next_yearly(month, day, today, typed)
        return _future(_date(year, month, day, typed), today, typed)

    if (m := _DAY_MONTH.match(text)) and (month := _month(m[2])):
        day, year = int(m[1]), _year(m[3])
        if year is None:
            return _next_yearly(month, day, today, typed)
        return _future(_date(year, month, day, typed), today, typed)

    if m := _PART_OF_MONTH.match(text):
        month = _month(m[2])
        if month is not None:
            part = m[1]
            day = 1 if part in ("primo", "start") else 15 if part in ("medio", "midt") else None
            year = _year(m[3])
            if year is None:
                return _next_yearly(month, day, today, typed)
            last = calendar.monthrange(year, month)[1]
            return _future(dt.date(year, month, day or last), today, typed)

    if m := _WEEK.match(text):
        week, year = int(m[1]), _year(m[2])
        if not 1 <= week <= 53:
            raise _bad(typed, "der findes kun uge 1–53.", "weeks run from 1 to 53")
        if year is not None:
            date = _week_day(year, week, DEADLINE_WEEKDAY)
            if date is None:
                raise _bad(typed, f"uge {week} findes ikke i {year}.", f"week {week} does not exist in {year}")
            return _future(date, today, typed)
        for year in (today.isocalendar().year, today.isocalendar().year + 1):
            date = _week_day(year, week, DEADLINE_WEEKDAY)
            if date is not None and date >= today:
                return date
        raise _bad(typed, f"uge {week} findes ikke i {today.year} eller {today.year + 1}.",
                   f"week {week} does not exist this year or next")

    if text in ("næste uge", "i næste uge", "til næste uge", "om en uge"):
        if text == "om en uge":
            return today + dt.timedelta(weeks=1)
        monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=1)
        return monday + dt.timedelta(days=DEADLINE_WEEKDAY)
    if text in ("denne uge", "i denne uge", "i ugen", "i løbet af ugen"):
        friday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=DEADLINE_WEEKDAY)
        return max(friday, today)
    if text in ("næste måned", "i næste måned"):
        year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        return dt.date(year, month, calendar.monthrange(year, month)[1])

    if m := _IN.match(text):
        n = _number(m[1])
        if n is not None:
            unit = m[2]
            if unit.startswith("dag"):
                return today + dt.timedelta(days=n)
            if unit.startswith("uge"):
                return today + dt.timedelta(weeks=n)
            month_index = today.month - 1 + n
            year, month = today.year + month_index // 12, month_index % 12 + 1
            return dt.date(year, month, min(today.day, calendar.monthrange(year, month)[1]))

    if m := _WEEKDAY.match(text):
        weekday = _weekday(m[2])
        if weekday is not None:
            if m[1]:  # "næste fredag": the Friday of next week
                monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=1)
                return monday + dt.timedelta(days=weekday)
            ahead = (weekday - today.weekday()) % 7 or 7  # "fredag" on a Friday: a week from now
            return today + dt.timedelta(days=ahead)
        if (month := _month(m[2])) is not None and not m[1] and len(m[2].rstrip(".")) >= 3 and m[2][0].isalpha():
            if m[2].rstrip(".") in MONTHS:  # "marts" alone: by the end of March
                return _next_yearly(month, None, today, typed)
    return None

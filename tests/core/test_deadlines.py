"""Deadlines typed the Danish way: every form the room uses, against a fixed today."""

from __future__ import annotations

import datetime as dt

import pytest

from digiworkshop.deadlines import parse_deadline
from digiworkshop.domain import InputError, format_date_da

MONDAY = dt.date(2026, 11, 23)  # a Monday in week 48 of 2026
YEAR_END = dt.date(2026, 12, 30)  # a Wednesday in week 53 of 2026 (2026 has 53 ISO weeks)


@pytest.mark.parametrize(("typed", "expected"), [
    ("fredag", dt.date(2026, 11, 27)),
    ("på fredag", dt.date(2026, 11, 27)),
    ("Fredag", dt.date(2026, 11, 27)),
    ("næste fredag", dt.date(2026, 12, 4)),
    ("mandag", dt.date(2026, 11, 30)),  # today is Monday: "mandag" is next week's
    ("i morgen", dt.date(2026, 11, 24)),
    ("i dag", MONDAY),
    ("næste uge", dt.date(2026, 12, 4)),  # the Friday of next week
    ("uge 12", dt.date(2027, 3, 26)),  # week 12 of 2026 is past: next year's, its Friday
    ("uge 50", dt.date(2026, 12, 11)),
    ("1/3", dt.date(2027, 3, 1)),
    ("24/12", dt.date(2026, 12, 24)),
    ("15/3-2027", dt.date(2027, 3, 15)),
    ("15.3.2027", dt.date(2027, 3, 15)),
    ("1. marts", dt.date(2027, 3, 1)),
    ("1 marts 2027", dt.date(2027, 3, 1)),
    ("ultimo marts", dt.date(2027, 3, 31)),
    ("primo december", dt.date(2026, 12, 1)),
    ("medio januar", dt.date(2027, 1, 15)),
    ("2027-03-01", dt.date(2027, 3, 1)),
    ("om 14 dage", dt.date(2026, 12, 7)),
    ("om 2 uger", dt.date(2026, 12, 7)),
    ("om to uger", dt.date(2026, 12, 7)),
    ("om en måned", dt.date(2026, 12, 23)),
    ("senest fredag", dt.date(2026, 11, 27)),
    ("inden 1. marts", dt.date(2027, 3, 1)),
])
def test_forms_a_facilitator_types(typed: str, expected: dt.date) -> None:
    deadline = parse_deadline(typed, today=MONDAY)
    assert deadline.date == expected
    assert deadline.text == typed


@pytest.mark.parametrize(("typed", "expected"), [
    ("1/1", dt.date(2027, 1, 1)),
    ("1. januar", dt.date(2027, 1, 1)),
    ("30/12", YEAR_END),
    ("uge 1", dt.date(2027, 1, 8)),
    ("uge 53", dt.date(2027, 1, 1)),  # week 53 of 2026 ends in 2027
    ("uge 52", dt.date(2027, 12, 31)),  # week 52 of 2026 is over
    ("fredag", dt.date(2027, 1, 1)),
    ("næste fredag", dt.date(2027, 1, 8)),
    ("næste uge", dt.date(2027, 1, 8)),
    ("ultimo december", dt.date(2026, 12, 31)),
    ("om 14 dage", dt.date(2027, 1, 13)),
    ("i morgen", dt.date(2026, 12, 31)),
    ("29/2", dt.date(2028, 2, 29)),  # the next leap day
])
def test_year_end_and_week_53(typed: str, expected: dt.date) -> None:
    assert parse_deadline(typed, today=YEAR_END).date == expected


def test_text_that_names_no_date_is_kept_as_text() -> None:
    deadline = parse_deadline("efter sommerferien", today=MONDAY)
    assert deadline.date is None and deadline.text == "efter sommerferien"
    assert parse_deadline("  ", today=MONDAY).text == ""


@pytest.mark.parametrize(("typed", "today", "danish"), [
    ("31/2", MONDAY, "findes ikke"),
    ("32. marts", MONDAY, "findes ikke"),
    ("uge 54", MONDAY, "uge 1–53"),
    ("uge 53 2027", YEAR_END, "uge 53 findes ikke i 2027"),
    ("1/1-2020", MONDAY, "før i dag"),
    ("2026-01-05", MONDAY, "før i dag"),
])
def test_impossible_or_past_dates_are_refused_in_danish(typed: str, today: dt.date, danish: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_deadline(typed, today=today)
    assert danish in caught.value.danish


def test_the_parsed_date_reads_back_in_danish() -> None:
    assert format_date_da(parse_deadline("fredag", today=MONDAY).date, weekday=True) == "fredag den 27. november 2026"

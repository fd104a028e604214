"""Pure rules: typed workshop dates and Danish date formatting."""

from __future__ import annotations

import datetime as dt

import pytest

from digiworkshop.domain import InputError, clean_text, format_date_da, parse_date

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("24/11-2026", dt.date(2026, 11, 24)),
        ("24.11.2026", dt.date(2026, 11, 24)),
        ("24-11-26", dt.date(2026, 11, 24)),
        ("1/3", dt.date(2026, 3, 1)),
        ("2027-03-01", dt.date(2027, 3, 1)),
        ("29/2-2028", dt.date(2028, 2, 29)),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_date(typed: str, expected: dt.date | None) -> None:
    assert parse_date(typed, today=TODAY) == expected


@pytest.mark.parametrize("typed", ["31/2", "29/2-2027", "13/13-2026", "i går", "2026-02-30", "32/1"])
def test_impossible_dates_are_refused_in_danish(typed: str) -> None:
    with pytest.raises(InputError) as err:
        parse_date(typed, today=TODAY)
    assert typed.strip() in err.value.danish


def test_format_date_da() -> None:
    assert format_date_da(dt.date(2026, 11, 27), weekday=True) == "fredag den 27. november 2026"
    assert format_date_da(dt.date(2026, 3, 1)) == "1. marts 2026"
    assert format_date_da(None) == ""


def test_clean_text() -> None:
    assert clean_text("  \t ") == ""
    assert clean_text(" a ") == " a "
    with pytest.raises(InputError):
        clean_text("", required=True, label="Navn")

"""The time box's logic, driven by a fake clock (no UI, no wall-clock time)."""

from __future__ import annotations

import pytest

from digiworkshop.domain import InputError
from digiworkshop.timebox import IDLE, PAUSED, RUNNING, TimeBox, format_seconds, parse_duration


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_counts_down_pauses_resumes_and_reports_expiry_once() -> None:
    clock = FakeClock()
    box = TimeBox(clock)
    assert box.state == IDLE and box.display() == ""
    box.start(120, label="4a Potentialer og barrierer")
    assert box.display() == "02:00"
    clock.now += 30.4
    assert box.display() == "01:30"
    box.pause()
    assert box.state == PAUSED
    clock.now += 500
    assert box.display() == "01:30"
    box.toggle_pause()
    assert box.state == RUNNING
    clock.now += 89
    assert not box.expired and not box.check_expiry()
    clock.now += 1
    assert box.expired and box.display() == "00:00"
    assert box.check_expiry() is True
    assert box.check_expiry() is False
    clock.now += 65
    assert box.display() == "+01:05"  # keeps counting: capture continues
    box.stop()
    assert box.state == IDLE and not box.expired


def test_restart_resets_the_expiry_report() -> None:
    clock = FakeClock()
    box = TimeBox(clock)
    box.start(1)
    clock.now += 2
    assert box.check_expiry()
    box.start(60)
    assert not box.expired and not box.check_expiry()
    with pytest.raises(ValueError):
        box.start(0)


@pytest.mark.parametrize(("text", "seconds"), [
    ("10", 600), (" 7,5 ", 450), ("7.5", 450), ("7:30", 450), ("0", 0), ("15 min", 900), ("0:45", 45)])
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "ti", "-5", "7:75", "1000"])
def test_parse_duration_rejects_in_danish(text: str) -> None:
    with pytest.raises(InputError) as info:
        parse_duration(text)
    assert "minutter" in info.value.danish


def test_format_seconds_rounds_up_while_counting_down() -> None:
    assert format_seconds(0.2) == "00:01"
    assert format_seconds(0) == "00:00"
    assert format_seconds(-0.5) == "00:00"
    assert format_seconds(3599) == "59:59"
    assert format_seconds(6000) == "100:00"

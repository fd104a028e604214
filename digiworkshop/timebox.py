"""The step time box: a countdown the facilitator starts, pauses and resumes (pure, clock injected)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from .domain import InputError

IDLE, RUNNING, PAUSED = "idle", "running", "paused"
MAX_MINUTES = 600


class TimeBox:
    """A countdown that keeps counting past zero (as overtime), so capture is never interrupted.

    ``clock`` returns seconds from any fixed origin (``time.monotonic`` by default); tests pass a fake.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.state = IDLE
        self.duration = 0.0
        self.label = ""
        self._elapsed_before = 0.0  # seconds counted before the current run (pauses split runs)
        self._started_at = 0.0
        self._expiry_reported = False

    def start(self, seconds: float, label: str = "") -> None:
        """Start (or restart) the countdown at ``seconds``; ``label`` says what it is for (a step)."""
        if seconds <= 0:
            raise ValueError("a time box needs a positive duration")
        self.duration = float(seconds)
        self.label = label
        self._elapsed_before = 0.0
        self._started_at = self._clock()
        self._expiry_reported = False
        self.state = RUNNING

    def stop(self) -> None:
        """Remove the countdown."""
        self.state = IDLE
        self.duration = 0.0
        self.label = ""
        self._elapsed_before = 0.0

    def pause(self) -> None:
        """Freeze the countdown (no-op unless running)."""
        if self.state == RUNNING:
            self._elapsed_before += self._clock() - self._started_at
            self.state = PAUSED

    def resume(self) -> None:
        """Continue a paused countdown (no-op unless paused)."""
        if self.state == PAUSED:
            self._started_at = self._clock()
            self.state = RUNNING

    def toggle_pause(self) -> None:
        """Pause a running countdown or resume a paused one."""
        if self.state == RUNNING:
            self.pause()
        elif self.state == PAUSED:
            self.resume()

    @property
    def elapsed(self) -> float:
        """Seconds counted so far (pauses excluded)."""
        if self.state == RUNNING:
            return self._elapsed_before + self._clock() - self._started_at
        return self._elapsed_before

    @property
    def remaining(self) -> float:
        """Seconds left, negative once the time is up (overtime)."""
        return self.duration - self.elapsed if self.state != IDLE else 0.0

    @property
    def expired(self) -> bool:
        """The countdown has reached zero (and is still shown)."""
        return self.state != IDLE and self.remaining <= 0

    def check_expiry(self) -> bool:
        """True exactly once: the first time this is called after the countdown reached zero."""
        if self.expired and not self._expiry_reported:
            self._expiry_reported = True
            return True
        return False

    def display(self) -> str:
        """The countdown as the room reads it: ``09:58``; overtime as ``+01:05``; empty when idle."""
        if self.state == IDLE:
            return ""
        return format_seconds(self.remaining)


def format_seconds(seconds: float) -> str:
    """``mm:ss`` for a remaining time (rounded up, so 0.2 s left still shows 00:01); ``+mm:ss`` for overtime."""
    if seconds > 0:
        whole = int(-(-seconds // 1))
        sign = ""
    else:
        whole = int(-seconds)
        sign = "+" if whole else ""
    minutes, secs = divmod(whole, 60)
    return f"{sign}{minutes:02d}:{secs:02d}"


def parse_duration(text: str) -> float:
    """Seconds from what a facilitator types: ``10``, ``7,5`` / ``7.5`` (minutes) or ``7:30`` (mm:ss).

    ``0`` means "stop the time box" and returns 0.
    """
    value = text.strip().lower().removesuffix("min").strip()
    if match := re.fullmatch(r"(\d{1,3}):([0-5]\d)", value):
        seconds = int(match[1]) * 60 + int(match[2])
    elif re.fullmatch(r"\d{1,3}([.,]\d+)?", value):
        seconds = round(float(value.replace(",", ".")) * 60)
    else:
        raise InputError(
            f"«{text.strip()}» er ikke et antal minutter. Skriv fx 10, 7,5 eller 7:30.",
            f"{text.strip()!r} is not a number of minutes (e.g. 10, 7.5 or 7:30)",
        )
    if seconds > MAX_MINUTES * 60:
        raise InputError(
            f"En tidsramme kan højst være {MAX_MINUTES} minutter.",
            f"a time box is at most {MAX_MINUTES} minutes",
        )
    return float(seconds)

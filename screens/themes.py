"""The app's themes: a calm light one, a dark one, and a high-contrast one for the projector."""

from __future__ import annotations

from textual.theme import Theme

LIGHT = "digiworkshop-lys"
DARK = "digiworkshop-moerk"
PROJECTOR = "digiworkshop-projektor"

THEMES = (
    Theme(
        name=LIGHT,
        primary="#1d5b8c",
        secondary="#5a6b7b",
        accent="#b35c00",
        foreground="#1b1b1b",
        background="#f6f5f1",
        surface="#ffffff",
        panel="#e4e7ea",
        success="#1f7a3a",
        warning="#9a6700",
        error="#b3261e",
        dark=False,
    ),
    Theme(
        name=DARK,
        primary="#6cb4ee",
        secondary="#9fb3c8",
        accent="#f0a04b",
        foreground="#e8e8e8",
        background="#15181c",
        surface="#1e2227",
        panel="#2a3038",
        success="#5fc27e",
        warning="#e6b450",
        error="#ff6b60",
        dark=True,
    ),
    # Projectors wash out colour and grey: pure black on white, one strong blue, no muted text.
    Theme(
        name=PROJECTOR,
        primary="#0033a0",
        secondary="#000000",
        accent="#a00000",
        foreground="#000000",
        background="#ffffff",
        surface="#ffffff",
        panel="#e8e8e8",
        success="#006400",
        warning="#8a4b00",
        error="#b00000",
        dark=False,
        variables={"text-muted": "#000000", "footer-background": "#000000"},
    ),
)

NAMES = {LIGHT: "Lys", DARK: "Mørk", PROJECTOR: "Projektor (høj kontrast)"}

# The theme key cycles through these; the projector theme is also reached through presentation mode.
CYCLE = (LIGHT, DARK, PROJECTOR)


def next_theme(current: str) -> str:
    """The theme after ``current`` in the cycle (the first one if ``current`` is not ours)."""
    if current not in CYCLE:
        return CYCLE[0]
    return CYCLE[(CYCLE.index(current) + 1) % len(CYCLE)]

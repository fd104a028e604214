"""`visible`: stored text shown in a terminal never carries a control character the terminal obeys."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from digiworkshop.text import has_controls, visible

ATTACKS = [
    "\x1b]0;PWNED\x07",          # set the window title
    "\x1b]52;c;cHduZWQ=\x07",     # overwrite the clipboard (OSC 52)
    "\x1b[2J\x1b[H",              # clear the screen
    "\x9b2J",                     # the same with the one-byte C1 CSI
    "\x9d0;PWNED\x9c",            # OSC and ST as C1 characters
    "line\roverwritten",          # a lone CR moves the cursor back
    "\x7f\x08\x00",
]


def test_escape_sequences_become_visible_symbols() -> None:
    assert visible("\x1b]0;PWNED\x07") == "␛]0;PWNED␇"
    assert visible("\x1b[2J") == "␛[2J"
    assert visible("\x9b2J") == "‹9B›2J"
    assert visible("a\rb") == "a␍b"
    assert visible("\x7f") == "␡"
    for attack in ATTACKS:
        shown = visible(attack)
        assert not any(unicodedata.category(ch) == "Cc" and ch not in "\t\n" for ch in shown), attack


def test_ordinary_text_is_untouched() -> None:
    for text in ["Skærmfri start på samtalen", "æøå ÆØÅ 👩‍👩‍👧 🇩🇰", "[bold]markup[/] <b>", "to\nlinjer\tmed tab", ""]:
        assert visible(text) == text
        assert not has_controls(text)
    assert visible("a\r\nb") == "a\nb"  # a Windows line end is one line end
    assert visible(None) == ""


@given(st.text())
def test_no_control_character_survives(text: str) -> None:
    shown = visible(text)
    assert all(ch in "\t\n" or unicodedata.category(ch) != "Cc" for ch in shown)
    assert has_controls(text) == (shown != text)

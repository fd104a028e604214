"""Stored text made safe to show in a terminal: the one function every screen and CLI line uses.

Text from the store, an imported file or a phone may hold escape sequences (ESC, CSI, OSC, C1
controls) that a terminal would obey: set its title, overwrite the clipboard (OSC 52), clear the
screen. Textual's Content drops a few control characters but passes ESC and C1 through, so text is
made visible here before it reaches any widget or `print`. The stored text itself is never changed.
Standard library only: the first screen imports it.
"""

from __future__ import annotations

# C0 controls become their picture in the U+2400 block (ESC → ␛, BEL → ␇), DEL becomes ␡, and the
# C1 controls (U+0080–U+009F, which have no pictures) become ‹9B›. Tab and line feed are kept: they
# lay text out and drive nothing. A CR of a CR LF pair goes with it; a lone CR would move the
# cursor to the start of the line, so it becomes ␍.
_TABLE: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
_TABLE[0x7F] = "\u2421"
_TABLE.update({code: f"\u2039{code:02X}\u203a" for code in range(0x80, 0xA0)})


def visible(text: str | None) -> str:
    """`text` as it may reach a terminal: every control character except tab and line feed shown as
    a visible symbol (see above). Text without any control character is returned as it is."""
    if not text:
        return ""
    if text.isprintable():  # the common case, and cheap: no control characters (nor tab or newline)
        return text
    return text.replace("\r\n", "\n").translate(_TABLE)


def has_controls(text: str) -> bool:
    """Whether `visible` would change `text` (for the few places that skip work when it would not)."""
    return bool(text) and not text.isprintable() and text.replace("\r\n", "\n").translate(_TABLE) != text


def count_da(count: int, singular: str, plural: str) -> str:
    """A count with its Danish noun in the right number: ``1 tema``, ``2 temaer``, ``0 noter``
    (Danish uses the singular for one only; the plural for zero and every other count)."""
    return f"{count} {singular if count == 1 else plural}"


_KEEP = frozenset("åÅ")  # a Danish letter of its own, not an accented a: "år" is not "ar"


def fold_accents(text: str) -> str:
    """``text`` with accents dropped for matching (é → e, ü → u), character by character, so the
    result is as long as ``text`` and a match's positions hold for the original. æ, ø and å stay: they
    are letters of the Danish alphabet."""
    import unicodedata

    if text.isascii():
        return text
    out = []
    for char in text:
        if char in _KEEP or char.isascii():
            out.append(char)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        out.append(base if len(base) == 1 else char)
    return "".join(out)


def one_line(text: str, width: int) -> str:
    """Free text squeezed onto one line of at most `width` characters, an ellipsis marking a cut (a
    table cell, an undo entry, a message that names a record)."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"

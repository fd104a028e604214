"""Remappable keys: keys.toml (binding id → keys) read, checked and turned into a Textual keymap.

The file lives in the user's config directory (platformdirs), e.g. ``~/.config/digiworkshop/keys.toml``;
``DIGIWORKSHOP_CONFIG`` names another file. Example::

    [keys]
    "presentation.toggle" = "ctrl+o"
    "step.next" = ["pagedown", "ctrl+n"]

A bad entry never stops the app: it is skipped and explained in one Danish notification.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from textual.binding import Binding
from textual.dom import DOMNode

CONFIG_ENV = "DIGIWORKSHOP_CONFIG"

# Keys that reach the app from a Danish keyboard inside tmux without AltGr or a dead key.
_NAMED_KEYS = {
    "up", "down", "left", "right", "home", "end", "pageup", "pagedown", "insert", "delete",
    "escape", "enter", "tab", "space", "backspace", "question_mark", "plus", "minus", "full_stop",
    "comma", "asterisk", "slash",
}
_CHARACTER_NAMES = {"?": "question_mark", "+": "plus", "-": "minus", ".": "full_stop", ",": "comma",
                    "*": "asterisk", "/": "slash", " ": "space"}
_MODIFIERS = {"ctrl", "shift"}


def keys_path() -> Path:
    """Where the key settings are read from (``DIGIWORKSHOP_CONFIG`` or the user's config dir)."""
    if env := os.environ.get(CONFIG_ENV):
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("digiworkshop", appauthor=False)) / "keys.toml"


def check_key(key: str) -> str | None:
    """The key in Textual's spelling, or None if it is not a key this app accepts."""
    key = key.strip().lower()
    if not key:
        return None
    *modifiers, name = key.split("+") if key != "+" else ["+"]
    if any(m not in _MODIFIERS for m in modifiers) or len(set(modifiers)) != len(modifiers):
        return None
    name = _CHARACTER_NAMES.get(name, name)
    if not (re.fullmatch(r"[a-z0-9]", name) or re.fullmatch(r"f([1-9]|1[0-9]|2[0-4])", name)
            or name in _NAMED_KEYS):
        return None
    return "+".join([*modifiers, name])


@dataclass
class KeymapResult:
    """What keys.toml said: the keymap to apply and the Danish problems to tell the user about."""

    keymap: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def read_keymap(path: Path, known_ids: Iterable[str]) -> KeymapResult:
    """Read and check a keys file; a missing file is an empty keymap, never an error."""
    result = KeymapResult()
    if not path.is_file():
        return result
    try:
        with path.open("rb") as fh:
            document = tomllib.load(fh)
    except (OSError, UnicodeDecodeError) as exc:
        result.problems.append(f"Kunne ikke læse {path}: {exc}")
        return result
    except tomllib.TOMLDecodeError as exc:
        result.problems.append(f"{path} er ikke gyldig TOML ({exc}). Standardtasterne bruges.")
        return result
    table = document.get("keys", {})
    if not isinstance(table, dict):
        result.problems.append(f"I {path} skal [keys] være en tabel: «handlings-id» = \"tast\".")
        return result
    for extra in sorted(set(document) - {"keys"}):
        result.problems.append(f"Ukendt afsnit [{extra}] i {path} springes over.")
    known = set(known_ids)
    for binding_id, value in table.items():
        if binding_id not in known:
            result.problems.append(f"Ukendt handlings-id «{binding_id}» springes over (se F1 for gyldige id'er).")
            continue
        raw = value if isinstance(value, list) else [value]
        if not raw or not all(isinstance(k, str) for k in raw):
            result.problems.append(f"«{binding_id}»: skriv tasterne som tekst, fx \"ctrl+o\" eller [\"f12\", \"ctrl+o\"].")
            continue
        parts = [part for k in raw for part in (k.split(",") if k.strip() != "," else [k])]
        checked = [check_key(part) for part in parts]
        bad = [part.strip() for part, ok in zip(parts, checked) if ok is None]
        if bad:
            result.problems.append(
                f"«{binding_id}»: tasten «{', '.join(bad)}» kan ikke bruges (brug bogstaver, tal, F-taster, "
                "piletaster og Ctrl/Shift – ikke Alt/AltGr)."
            )
            continue
        result.keymap[binding_id] = ",".join(checked)
    return result


def _all_subclasses(cls: type) -> Iterable[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def app_bindings() -> dict[str, Binding]:
    """Every binding with an id declared by the app's own classes (screens, step views, widgets)."""
    found: dict[str, Binding] = {}
    for cls in _all_subclasses(DOMNode):
        if not cls.__module__.startswith("digiworkshop.screens"):
            continue
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
            if binding.id:
                found.setdefault(binding.id, binding)
    return found

"""Every action as a command: built from the live bindings, offered in the palette and on the help screen.

The footer, the command palette (Ctrl+P) and the help screen (F1) all read the same source: the
bindings that are active on the current screen (after the user's keymap is applied). A binding takes
part when it has an ``id`` and a Danish description; that is the rule for every action of the app.

How a screen or a step view contributes commands
------------------------------------------------
* Declare ``BINDINGS`` with ``Binding(key, action, "Dansk beskrivelse", id="area.action")``. Bindings of
  the focused widget and its ancestors are found automatically.
* A widget that should offer its commands even when the focus is elsewhere (a step view while the
  cursor is in the step list) implements ``commands() -> list[PaletteCommand]``; ``CommandScreen``
  collects from the nodes returned by its ``command_sources()`` (``WorkshopScreen`` returns the
  active step view). ``node_commands(node)`` turns a node's ``BINDINGS`` into commands and is the
  usual body of such a hook.
* Override ``command_name(binding)`` to give a command a richer name than the footer's short one
  ("Gå til Handlingsplan" for F8).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import partial

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen

from digiworkshop.text import fold_accents

SECTION_APP = "Overalt"
SECTION_FIELD = "Det markerede felt"


@dataclass(frozen=True)
class PaletteCommand:
    """One action: its Danish name, its key(s) as shown to the user, and how to run it."""

    id: str
    name: str
    keys: str
    run: Callable[[], object]
    section: str = ""
    enabled: bool = True


def section_of(node: DOMNode) -> str:
    """The help screen's heading for bindings declared on ``node``."""
    if isinstance(node, App):
        return SECTION_APP
    return getattr(node, "HELP_SECTION", None) or SECTION_FIELD


_KEY_NAMES = {
    "pagedown": "PgDn", "pageup": "PgUp", "escape": "Esc", "enter": "Enter", "delete": "Delete",
    "insert": "Insert", "question_mark": "?", "up": "↑", "down": "↓", "left": "←", "right": "→",
    "space": "Mellemrum", "tab": "Tab", "backspace": "Backspace", "home": "Home", "end": "End",
    "plus": "+", "minus": "-", "full_stop": ".", "comma": ",", "asterisk": "*", "slash": "/",
}


def key_display(key: str, *, short: bool = False) -> str:
    """A key as a Danish keyboard user reads it: ``Ctrl+E``, ``F12``, ``PgDn``, ``?``.

    ``short`` writes Ctrl as ``^`` (the footer, where width is scarce).
    """
    *modifiers, name = key.split("+") if key not in ("+", "plus") else ["plus"]
    shown = _KEY_NAMES.get(name) or (name.upper() if len(name) == 1 or name[:1] == "f" else name.capitalize())
    mods = [m.capitalize() for m in modifiers]
    if short and "Ctrl" in mods:
        mods.remove("Ctrl")
        shown = "^" + shown
    return "+".join([*mods, shown])


def _key_display(app: App, binding: Binding) -> str:
    return binding.key_display or key_display(binding.key)


def node_commands(node: DOMNode, *, name: Callable[[Binding], str] | None = None) -> list[PaletteCommand]:
    """The commands declared in ``node``'s class ``BINDINGS`` (its base classes included), with the
    keys the user's keymap gives them. Used for nodes outside the focus chain."""
    app = node.app
    keymap: dict[str, str] = getattr(app, "user_keymap", {})
    grouped: dict[str, tuple[Binding, str, list[str]]] = {}
    for cls in reversed(type(node).__mro__):
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
            if not binding.id or not binding.description:
                continue
            keys = keymap.get(binding.id, binding.key)
            label = name(binding) if name else (binding.tooltip or binding.description)
            entry = grouped.setdefault(binding.id, (binding, label, []))
            for key in keys.split(","):
                display = _key_display(app, Binding(key.strip(), binding.action, key_display=None))
                if display not in entry[2]:
                    entry[2].append(display)
    return [
        PaletteCommand(
            id=binding_id, name=label, keys=" / ".join(keys),
            run=partial(app.run_action, binding.action, node), section=section_of(node),
        )
        for binding_id, (binding, label, keys) in grouped.items()
    ]


class CommandScreen(Screen):
    """Base of the app's full screens: help, theme and the command palette, all from live bindings."""

    HELP_SECTION = "Skærmen"
    COMMANDS = set()  # filled below with ScreenCommands (defined after this class)

    BINDINGS = [
        Binding("f1", "app.help", "Hjælp", id="app.help", priority=True),
        Binding("question_mark", "app.help", "Hjælp", id="app.help_question", show=False),
        Binding("ctrl+l", "app.cycle_theme", "Skift tema", id="app.theme", show=False, priority=True),
    ]

    _resumed = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual restyles every node of a screen when it is shown, though a new screen's nodes were
        # styled as they mounted a moment ago (~100 widgets with a workshop's step 0; the workshop list
        # before the first frame). Later resumes keep Textual's say.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def command_name(self, binding: Binding) -> str:
        """The palette's and help screen's name for a binding: its tooltip (the long name) if it has one,
        else its description (the footer always shows the short description)."""
        return binding.tooltip or binding.description

    def help_title(self) -> str:
        """The help screen's title for this screen."""
        return self.HELP_SECTION

    def flush(self) -> None:
        """Store what is typed on this screen but not yet stored (called before the app quits)."""

    def shut_down(self) -> None:
        """Stop what the screen runs in the background (called before the app quits, after `flush`)."""

    def command_sources(self) -> Iterable[DOMNode]:
        """Nodes outside the focus chain whose ``commands()`` should be offered too."""
        return ()

    def commands(self) -> list[PaletteCommand]:
        """Every command available on this screen now: live bindings first, then the extra sources.

        Bindings with the same name are one command with several keys (F1 and ?; Ctrl+Q declared on the
        screen for the footer and on the app).
        """
        app = self.app
        grouped: dict[str, PaletteCommand] = {}
        for active in self.active_bindings.values():
            binding = active.binding
            if not binding.id or not binding.description or binding.system:
                continue
            name, section = self.command_name(binding), section_of(active.node)
            display = _key_display(app, binding)
            if (existing := grouped.get(name)) is not None:
                if display not in existing.keys.split(" / "):
                    grouped[name] = replace(existing, keys=f"{existing.keys} / {display}")
                continue
            grouped[name] = PaletteCommand(
                id=binding.id, name=name, keys=display, section=section, enabled=active.enabled,
                run=partial(app.run_action, binding.action, active.node),
            )
        commands = sorted(grouped.values(), key=self._declared_order())
        seen = {c.id for c in commands}
        for source in self.command_sources():
            hook = getattr(source, "commands", None)
            for command in hook() if callable(hook) else node_commands(source):
                if command.id not in seen:
                    seen.add(command.id)
                    commands.append(command)
        # The app-wide actions read best last.
        commands.sort(key=lambda c: c.section == SECTION_APP)
        return commands

    def _declared_order(self) -> Callable[[PaletteCommand], tuple[int, int]]:
        """Sort key: the field's commands, then the screen's, then the app's, each as declared."""
        order: dict[str, int] = {}
        for cls in reversed(type(self).__mro__):
            for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
                if binding.id:
                    order.setdefault(binding.id, len(order))
        rank = {SECTION_APP: 2, self.HELP_SECTION: 1}
        return lambda c: (rank.get(c.section, 0), order.get(c.id, len(order)))


class ScreenCommands(Provider):
    """The command palette's provider: the screen's commands, found by (part of) their Danish name."""

    async def search(self, query: str) -> Hits:
        # Matched without accents on both sides ("eksporter" finds "Eksportér"); æ, ø, å stay letters.
        matcher = self.matcher(fold_accents(query))
        for command in self._commands():
            folded = fold_accents(command.name)
            score, offsets = matcher.fuzzy_search.match(matcher.query, folded)
            if score > 0:
                shown = Content(command.name)  # a name is shown as it is, never read as markup
                for offset in offsets:
                    if not folded[offset].isspace():
                        shown = shown.stylize(matcher.match_style, offset, offset + 1)
                yield Hit(score, shown, command.run, text=command.name, help=command.keys)

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.name, command.run, help=command.keys)

    def _commands(self) -> list[PaletteCommand]:
        screen = self.screen
        if not isinstance(screen, CommandScreen):
            return []
        return [c for c in screen.commands() if c.enabled]


CommandScreen.COMMANDS = {ScreenCommands}

"""Keys that ask the step for an operation: a widget posts `KeyAct`, the step (or window) runs it.

A list of notes or themes has many keys, each one operation of its step (edit this note, merge these,
move to that cell). Rather than a Message class per key, the widget posts the operation's name and
arguments; the step lists the operations it accepts (KEY_OPERATIONS) and runs them. The widget never
looks for its step, so it can be mounted and driven on its own.
"""

from __future__ import annotations

from textual.dom import DOMNode
from textual.message import Message


class KeyAct(Message):
    """A key asks for `operation(*args)` on the widget's step."""

    def __init__(self, operation: str, *args: object) -> None:
        super().__init__()
        self.operation = operation
        self.args = args


class PostsActs:
    """Mixin for a widget whose BINDINGS say `act('operation', args…)`: the action posts a KeyAct."""

    def action_act(self, operation: str, *args: object) -> None:
        self.post_message(KeyAct(operation, *args))  # type: ignore[attr-defined]


def run_act(host: DOMNode, event: KeyAct, operations: frozenset[str]) -> None:
    """Run a KeyAct on `host` when it accepts the operation (others bubble on unchanged)."""
    if event.operation in operations:
        event.stop()
        getattr(host, event.operation)(*event.args)

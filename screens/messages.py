"""How errors from the core reach the user: one Danish message, never a traceback; and the guarded write
every widget that stores something goes through."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from textual.dom import DOMNode

log = logging.getLogger("digiworkshop")

T = TypeVar("T")


def danish_message(exc: BaseException) -> str:
    """The Danish text for an error from the core (input, database, unknown id)."""
    danish = getattr(exc, "danish", None)
    if danish:
        return danish
    log.exception("unexpected error", exc_info=exc)
    return f"Der opstod en uventet fejl ({type(exc).__name__}). Intet er gået tabt af det gemte."


def report_error(node: DOMNode, exc: BaseException) -> None:
    """Show an error as a notification (markup off: messages may quote typed text)."""
    node.notify(danish_message(exc), severity="error", markup=False, timeout=8)


class GuardedWrite:
    """Mixin for a widget that stores through the app's store and has a `Changed` message (a step view,
    the evaluation window): every store call goes through `write`, so none ends in a traceback."""

    def write(self, call: Callable[[], T], then: Callable[[T], object] | None = None, *,
              changed: bool = True, notice: str | None = None) -> bool:
        """Run one store call: on failure show the Danish error (what was typed stays where it is; the store
        wrote nothing, one transaction per call) and return False; on success show `notice` (if any), run
        `then` with the result (re-read and reselect), post `Changed` (unless told not to), return True."""
        try:
            result = call()
        except Exception as exc:  # noqa: BLE001 - shown in Danish, never a traceback
            report_error(self, exc)  # type: ignore[arg-type]
            return False
        if notice:
            self.notify(notice, markup=False, timeout=3)  # type: ignore[attr-defined]
        if then is not None:
            then(result)
        if changed:
            self.post_message(self.Changed())  # type: ignore[attr-defined]
        return True

"""How errors from the core reach the user: one Danish message, never a traceback."""

from __future__ import annotations

import logging

from textual.dom import DOMNode

log = logging.getLogger("digiworkshop")


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

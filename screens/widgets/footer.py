"""The footer of every screen: Textual's, rebuilt only when the keys it shows change.

Its own module: the first screen imports it, and the other shared widgets (text areas, inputs) are
not needed to draw that screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from ..textual_internals import FooterKey, mark_footer_bindings_ready


class QuietFooter(Footer):
    """Textual's footer, rebuilt only when the keys it shows change, and at most once a frame.

    Footer rebuilds all its keys (a dozen widgets, each restyled, ~20 ms) whenever the screen's bindings
    may have changed: after every focus change, even when the same keys stay on show in the same order.
    Opening a workshop moves the focus several times (the step's field, the review offer, back, the
    next step's field). Here the keys on show are compared after the next frame, and the footer is
    rebuilt only if they differ; not at all while `held()` (a step being swapped).
    """

    _shown: tuple | None = None
    _held = False

    def compose(self) -> ComposeResult:
        # A FooterKey starts compact and is then bound to the footer's (not compact): each change of
        # its class restyles it, twice per key per rebuild. Start each bound key as it will be (the
        # palette's key is not bound: it stays compact).
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        mark_footer_bindings_ready(self)
        if self.is_attached and screen is self.screen and screen.app.app_focus and not self._held:
            self.call_after_refresh(self._rebuild)  # several in a frame: the first rebuilds, the rest compare

    def _rebuild(self) -> None:
        if self._held or not self.is_attached:
            return
        shown = self._keys_on_show(self.screen)
        if shown != self._shown:
            self._shown = shown
            self.refresh(recompose=True)  # composed in the footer's own context (its keys bind to it)

    @contextmanager
    def held(self) -> Iterator[None]:
        """Keep the keys on show while the focus leaves and comes back; then compare once."""
        self._held = True
        try:
            yield
        finally:
            self._held = False
            if self.is_attached:
                self.bindings_changed(self.screen)

    def _keys_on_show(self, screen: Screen) -> tuple:
        """Everything `Footer.compose` reads: the keys on show, how they read, whether they are enabled."""
        app = screen.app
        return (self.show_command_palette, app.ENABLE_COMMAND_PALETTE, tuple(
            (binding, app.get_key_display(binding), enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == app.COMMAND_PALETTE_BINDING))

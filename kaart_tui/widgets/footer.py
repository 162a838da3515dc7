"""The footer, recomposed only when the keys it shows actually change.

Textual's Footer rebuilds itself whenever focus moves, even between two widgets with the
same keys; on the card that was about a third of the cost of an arrow key between
columns (measured in benchmarks/run.py's setting, 2,000 entries).
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class QuietFooter(Footer):
    _shown: tuple | None = None

    def _shown_bindings(self, screen: Screen) -> tuple:
        return tuple(
            (key, binding.description, binding.key_display, enabled)
            for key, (_, binding, enabled, _) in screen.active_bindings.items()
            if binding.show
        )

    def bindings_changed(self, screen: Screen) -> None:
        shown = self._shown_bindings(screen)
        if shown == self._shown:
            self._bindings_ready = True
            return
        self._shown = shown
        super().bindings_changed(screen)

"""The footer, recomposed only when the keys it shows actually change.

Textual's Footer rebuilds itself whenever focus moves, even between two widgets with the
same keys; on the card that was about a third of the cost of an arrow key between
columns (measured in benchmarks/run.py's setting, 2,000 entries).
"""

from __future__ import annotations

from textual.app import ComposeResult
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

    def compose(self) -> ComposeResult:
        # Textual's Footer composes empty and fills itself once the screen reports its
        # keys, after the first frame: one more layout and repaint of the whole card (at
        # 2,000 entries 50-70 ms). The screen's keys are known now; when they are the same
        # once it reports them, bindings_changed leaves the footer as it is.
        if not self._bindings_ready and self.is_attached:
            self._shown = self._shown_bindings(self.screen)
            self._bindings_ready = True
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        shown = self._shown_bindings(screen)
        if shown == self._shown:
            self._bindings_ready = True
            return
        self._shown = shown
        super().bindings_changed(screen)

"""One frame where Textual draws the same screen several times.

A full frame draws every visible widget from its current content. Textual keeps the
repaints the widgets asked for before it (a widget marks itself for repaint when it first
gets its size, a screen when it is shown) and draws them all again on the next ticks: a
screen shown for the first time was drawn four times, twice of it the whole screen (the
card of the 2,000-entry session 0.6 s after the first frame). Here a full frame also
settles those repaints; whatever a widget asks for while the frame is drawn is kept. And
the full frames Textual asks for in a row when a screen opens are drawn as one, when they
come before the same update tick (on a heavily loaded machine they can fall in two).
"""

from __future__ import annotations

from textual._compositor import Compositor
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget


class OneFrameCompositor(Compositor):
    def render_update(self, full: bool = False, screen_stack: list[Screen] | None = None,
                      simplify: bool = False):
        # full=True is a screenshot (not shown on the terminal): it settles nothing.
        if not full and self.size.region in self._dirty_regions:
            for widget in self.visible_widgets:
                widget._exchange_repaint_regions()
        return super().render_update(full, screen_stack, simplify)


class DrawsOnce:
    """Mixed into every screen of kaart (before Screen or ModalScreen)."""

    # Textual repaints the whole screen when the focus moves (a full frame for each arrow
    # key between columns); the widget that gets or loses the focus restyles and repaints
    # itself, and so do containers styled on :focus-within (Screen._update_focus_styles).
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._compositor = OneFrameCompositor()
        self._in_update_tick = False

    def _on_timer_update(self) -> None:
        self._in_update_tick = True
        try:
            super()._on_timer_update()
        finally:
            self._in_update_tick = False

    def _compositor_refresh(self) -> None:
        # A screen that is shown lays itself out and draws a full frame at once, and asks
        # for the whole screen again right after (when it resumes, when its widgets are
        # mounted): two full frames for every screen that opens. A full frame wanted
        # outside the update tick waits for that tick (a sixtieth of a second), where the
        # requests made before it are one frame.
        compositor = self._compositor
        if (not self._in_update_tick and self is self.app.screen
                and compositor.size.region in compositor._dirty_regions):
            self._repaint_required = True
            self._update_timer.resume()
            return
        super()._compositor_refresh()

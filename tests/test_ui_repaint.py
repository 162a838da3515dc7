"""What a key repaints on the card: the lines it changed, not the whole screen.

The card always has a screen under it (Textual's default screen, or the picker). Textual
counted that hidden screen as visible, and every repaint of it repainted the whole card:
a full frame per entry instead of the changed lines."""

from __future__ import annotations

from textual._compositor import Compositor

from kaart_tui.screens.card import CardScreen
from tests.ui_helpers import demo_app, run


def test_an_entry_added_on_the_card_repaints_no_full_frame(tmp_path, monkeypatch):
    _, app = demo_app(tmp_path)
    frames = {"full": 0, "partial": 0}
    full, partial = Compositor.render_full_update, Compositor.render_partial_update

    def count_full(self, *args, **kwargs):
        frames["full"] += 1
        return full(self, *args, **kwargs)

    def count_partial(self, *args, **kwargs):
        frames["partial"] += 1
        return partial(self, *args, **kwargs)

    async def scenario():
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, CardScreen)
            await pilot.press("a", *"korte lijnen")
            await pilot.pause()
            monkeypatch.setattr(Compositor, "render_full_update", count_full)
            monkeypatch.setattr(Compositor, "render_partial_update", count_partial)
            await pilot.press("enter")
            await pilot.pause()
            texts = [e.text for e in app.workshop.card.entries.values()]
            assert "Korte lijnen" in texts or "korte lijnen" in texts
            assert app.screen.is_current and app.screen_stack[0].is_current is False

    run(scenario())
    assert frames["partial"] >= 1 and frames["full"] == 0, frames


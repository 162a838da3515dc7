"""What a key repaints on the card: the lines it changed, not the whole screen.

The card always has a screen under it (Textual's default screen, or the picker). Textual
counted that hidden screen as visible, and every repaint of it repainted the whole card:
a full frame per entry instead of the changed lines. Moving the focus repainted the whole
screen too, and at start-up every list was drawn twice (kaart_tui/frames.py,
widgets/step_column.py)."""

from __future__ import annotations

from textual._compositor import Compositor

from kaart_tui.domain.steps import Step
from kaart_tui.screens.card import CardScreen
from kaart_tui.widgets.step_column import ItemList
from tests.ui_helpers import demo_app, run


def counting(monkeypatch, counts: dict, cls, name: str, key) -> None:
    original = getattr(cls, name)

    def counted(self, *args, **kwargs):
        counts[key(self)] = counts.get(key(self), 0) + 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, counted)


def count_frames(monkeypatch, frames: dict) -> None:
    """From now on: how many full and partial frames are drawn."""
    counting(monkeypatch, frames, Compositor, "render_full_update", lambda _: "full")
    counting(monkeypatch, frames, Compositor, "render_partial_update", lambda _: "partial")


def test_an_entry_added_on_the_card_repaints_no_full_frame(tmp_path, monkeypatch):
    _, app = demo_app(tmp_path)
    frames: dict = {}

    async def scenario():
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, CardScreen)
            await pilot.press("a", *"korte lijnen")
            await pilot.pause()
            count_frames(monkeypatch, frames)
            await pilot.press("enter")
            await pilot.pause()
            texts = [e.text for e in app.workshop.card.entries.values()]
            assert "Korte lijnen" in texts or "korte lijnen" in texts
            assert app.screen.is_current and app.screen_stack[0].is_current is False

    run(scenario())
    assert frames.get("partial", 0) >= 1 and frames.get("full", 0) == 0, frames



def test_moving_between_the_columns_repaints_no_full_frame(tmp_path, monkeypatch):
    _, app = demo_app(tmp_path)
    frames: dict = {}

    async def scenario():
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert screen.active is Step.WAARDEN
            count_frames(monkeypatch, frames)
            await pilot.press("left")
            await pilot.pause()
            assert screen.active is Step.RELATIES
            assert app.focused is screen.column(Step.RELATIES).items
            await pilot.press("right")
            await pilot.pause()
            assert app.focused is screen.column(Step.WAARDEN).items

    run(scenario())
    assert frames.get("partial", 0) >= 2 and frames.get("full", 0) == 0, frames


def test_at_start_up_each_line_of_every_list_is_drawn_once(tmp_path, monkeypatch):
    _, app = demo_app(tmp_path)
    drawn: dict = {}
    counting(monkeypatch, drawn, ItemList, "render_line", lambda self: self.id)

    async def scenario():
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.pause(0.2)  # every frame of the start is drawn by now
            lists = list(app.screen.query(ItemList))
            assert len(lists) == 5 and all(items.option_count for items in lists)
            return {items.id: items.size.height for items in lists}

    heights = run(scenario())
    assert drawn == heights


def test_full_frames_asked_for_in_a_row_are_drawn_as_one(tmp_path, monkeypatch):
    """What Textual does when a screen is shown: it lays the screen out and draws a full
    frame at once (outside the update tick), then asks for the whole screen again. Both
    now wait for the next tick and are one frame. Made here by hand, so that the test
    does not depend on how far apart this machine delivers them (in a real dialog that
    opens they usually fall in one tick, but not on a loaded machine)."""
    _, app = demo_app(tmp_path)
    frames: dict = {}

    async def scenario():
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.pause(0.1)
            screen = app.screen
            counting(monkeypatch, frames, Compositor, "render_full_update", lambda _: "full")
            compositor = screen._compositor
            compositor._dirty_regions.add(compositor.size.region)  # a new layout: all
            screen._compositor_refresh()  # as at the end of Screen._refresh_layout
            screen.refresh()  # as Screen._on_screen_resume does right after it
            await pilot.pause()
            await pilot.pause(0.1)

    run(scenario())
    assert frames == {"full": 1}


def test_every_screen_of_kaart_is_drawn_once():
    """A new screen that derives from Textual's Screen directly would bring back the full
    frames above: every screen class in kaart_tui.screens derives from the base."""
    import importlib
    import pkgutil

    from textual.screen import Screen

    import kaart_tui.screens
    from kaart_tui.frames import DrawsOnce

    screens = set()
    for module in pkgutil.iter_modules(kaart_tui.screens.__path__):
        loaded = importlib.import_module(f"kaart_tui.screens.{module.name}")
        screens.update(value for value in vars(loaded).values()
                       if isinstance(value, type) and issubclass(value, Screen)
                       and value.__module__.startswith("kaart_tui."))
    assert len(screens) >= 15
    assert [s.__name__ for s in screens if not issubclass(s, DrawsOnce)] == []

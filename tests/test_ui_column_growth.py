"""A column that outgrows its height while entries come in (speed, issue 15/21).

The card no longer lays out the whole screen when a list grows or the header's counts
change (widgets/step_column.py, widgets/steady_text.py). What a layout did must still
happen: the list gets its scrollbar once it is longer than the column, the newest entry
is in sight, and a text that needs more lines gets them.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import App

from kaart_tui.app import KaartApp
from kaart_tui.domain import operations
from kaart_tui.domain.model import Card, SessionInfo
from kaart_tui.screens.common import broadcast
from kaart_tui.store import DataFolder
from kaart_tui.widgets.steady_text import SteadyText
from kaart_tui.workshop import Workshop
from tests.ui_helpers import plain, run

SIZE = (120, 30)


def thumb_drawn(items) -> bool:
    """The scrollbar shows a thumb (on a wide screen its track is always there, empty and
    in the column's colour while the list fits: kaart.tcss)."""
    bar = items.vertical_scrollbar
    return items.show_vertical_scrollbar and bar.window_size < bar.window_virtual_size


def test_a_growing_column_gets_its_scrollbar_and_keeps_the_newest_in_sight(tmp_path):
    async def inner():
        folder = DataFolder(tmp_path / "data").ensure()
        shop = Workshop(folder.create(Card(SessionInfo.create("Groei", "Team Groei"))))
        shop.ensure_bijeenkomst()
        app = KaartApp(folder, shop)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            card = app.screen
            items = card.column(card.active).items
            assert not thumb_drawn(items)  # an empty column fits
            for number in range(40):  # the phones' or a colleague's entries, without keys
                broadcast(card, shop.apply(operations.add_entry(
                    shop.card, card.active, f"ingebracht {number}", shop.current_id)))
            await pilot.pause()
            await pilot.press("a", *"de laatste", "enter")
            await pilot.pause()
            assert thumb_drawn(items)
            assert items.virtual_size.height > items.scrollable_content_region.height
            newest = items.option_count - 1
            newest_id = items.get_option_at_index(newest).id.removeprefix("e:")
            assert shop.card.entries[newest_id].text == "de laatste"
            assert items.scroll_y > 0  # scrolled down to where the new entry is

    run(inner())


def test_a_steady_text_grows_and_shrinks_with_its_lines():
    """It skips the layout only while the height stays: a text that needs more lines
    still gets them, and the same text again changes nothing."""
    class One(App):
        def compose(self):
            yield SteadyText("", id="t")

    async def inner():
        app = One()
        async with app.run_test(size=(40, 10)) as pilot:
            text = app.query_one(SteadyText)
            text.put(Text("een regel"))
            await pilot.pause()
            assert text.size.height == 1
            text.put(Text("twee\nregels\nen een derde"))
            await pilot.pause()
            assert text.size.height == 3 and "derde" in plain(text.content)
            text.put(Text("drie\nregels\nnu"))
            await pilot.pause()
            assert text.size.height == 3 and "nu" in plain(text.content)

    run(inner())

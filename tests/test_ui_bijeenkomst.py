"""A bijeenkomst's date, place and the next meeting, through the forms (issue 18)."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import Input

from kaart_tui.screens.actions import ActionsScreen
from kaart_tui.screens.card import CardScreen
from kaart_tui.screens.forms import FormDialog
from tests.on_disk import on_disk
from tests.test_ui_actions import palette, session_app
from tests.ui_helpers import run, type_text

SIZE = (120, 40)


def _demo_like():
    from kaart_tui.demo import demo_card

    return demo_card()


async def fill(pilot, app, key: str, text: str) -> None:
    field = app.screen.query_one(f"#field-{key}", Input)
    field.focus()
    field.value = ""
    await pilot.pause()
    await type_text(pilot, text)


def test_the_next_meeting_from_the_card_and_from_the_actions(tmp_path):
    async def inner():
        folder, slug, app = session_app(tmp_path, _demo_like())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, CardScreen)
            current = app.workshop.current
            await palette(pilot, app, "Volgende", "Volgende bijeenkomst vastleggen")
            assert isinstance(app.screen, FormDialog)
            await fill(pilot, app, "day", "12 maart 2027")
            feedback = app.screen.query_one("#feedback-day")
            assert "12 maart 2027" in str(feedback.render())  # as understood, before saving
            await fill(pilot, app, "location", "Buurthuis De Kikker")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, CardScreen)
            assert app.workshop.card.bijeenkomsten[current.id].next_date == date(2027, 3, 12)
            # From the actions screen, v changes it; u undoes it.
            await pilot.press("A")
            await pilot.pause()
            assert isinstance(app.screen, ActionsScreen)
            await pilot.press("v")
            await pilot.pause()
            await fill(pilot, app, "day", "19-3-2027")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.workshop.card.bijeenkomsten[current.id].next_date == date(2027, 3, 19)
            await pilot.press("u")
            await pilot.pause()
            assert app.workshop.card.bijeenkomsten[current.id].next_date == date(2027, 3, 12)
        stored = on_disk(folder, slug).bijeenkomsten[current.id]
        assert (stored.next_date, stored.next_location) == (date(2027, 3, 12),
                                                             "Buurthuis De Kikker")

    run(inner())


def test_a_new_bijeenkomst_asks_date_and_place_and_an_early_evaluation_is_refused(tmp_path):
    async def inner():
        folder, slug, app = session_app(tmp_path, _demo_like())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            card = app.workshop.card
            before = set(card.bijeenkomsten)
            latest = max(b.date for b in card.bijeenkomsten.values())
            await palette(pilot, app, "Evaluatie", "Evaluatiebijeenkomst starten")
            assert isinstance(app.screen, FormDialog)
            early = latest - timedelta(days=7)
            await fill(pilot, app, "day", early.strftime("%d-%m-%Y"))
            await pilot.press("ctrl+s")
            await pilot.pause()
            # Refused in the form: it stays open, says why under the date, nothing made.
            assert isinstance(app.screen, FormDialog)
            assert str(app.screen.query_one("#feedback-day").render()).strip()
            assert set(card.bijeenkomsten) == before
            later = latest + timedelta(days=14)
            await fill(pilot, app, "day", later.strftime("%d-%m-%Y"))
            await fill(pilot, app, "location", "Stadhuis")
            await pilot.press("ctrl+s")
            await pilot.pause()
            new = app.workshop.current
            assert new.id not in before and new.evaluation
            assert (new.date, new.location) == (later, "Stadhuis")
        assert on_disk(folder, slug).bijeenkomsten[new.id].date == later

    run(inner())

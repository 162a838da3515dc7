"""Undo through the keys, for the changes that once slipped past it (issue 14): the quorum
was written beside the records, and an undone evaluation bijeenkomst left its id behind."""

from __future__ import annotations

from pathlib import Path

from kaart_tui.app import KaartApp
from kaart_tui.screens.card import CardScreen
from kaart_tui.store import DataFolder
from tests.test_ui_actions import palette
from tests.ui_helpers import run

SIZE = (120, 36)


def session_bytes(folder: DataFolder) -> bytes:
    (path,) = folder.sessions_dir.glob("*.json")
    return path.read_bytes()


def test_u_after_setting_the_quorum_restores_it_and_touches_nothing_else(tmp_path: Path):
    folder = DataFolder(tmp_path / "data").ensure()

    async def inner():
        app = KaartApp(folder)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            card = app.workshop.card
            before, bijeenkomsten = card.quorum, set(card.bijeenkomsten)
            on_disk = session_bytes(folder)
            await palette(pilot, app, "Quorum", "Quorum instellen")
            await pilot.press(*["backspace"] * 3, "5", "0", "enter")
            await pilot.pause()
            assert card.quorum == 0.5 and session_bytes(folder) != on_disk
            await pilot.press("u")
            await pilot.pause()
            assert isinstance(app.screen, CardScreen)
            assert card.quorum == before
            assert set(card.bijeenkomsten) == bijeenkomsten  # the change before stays
            assert session_bytes(folder) == on_disk

    run(inner())


def test_undo_of_a_new_evaluation_leaves_no_trace_in_the_session_file(tmp_path: Path):
    folder = DataFolder(tmp_path / "data").ensure()

    async def inner():
        app = KaartApp(folder)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            card = app.workshop.card
            on_disk, current = session_bytes(folder), app.workshop.current_id
            await palette(pilot, app, "Evaluatie", "Evaluatiebijeenkomst starten")
            await pilot.press("ctrl+s")  # the form: today, no location
            await pilot.pause()
            await pilot.press("escape")  # the review of open actions
            await pilot.pause()
            assert any(b.evaluation for b in card.bijeenkomsten.values())
            await pilot.press("u")
            await pilot.pause()
            assert not any(b.evaluation for b in card.bijeenkomsten.values())
            assert app.workshop.current_id == current
            assert session_bytes(folder) == on_disk

    run(inner())

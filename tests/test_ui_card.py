"""Pilot tests of the card as a facilitator uses it: real key presses, state read back from
the card, the screen and the session file on disk.

pytest-asyncio is not a dependency: each test runs its coroutine with ``asyncio.run``.
"""

from __future__ import annotations

import re

from textual.widgets import Input, OptionList, Static, TextArea

from kaart_tui.app import KaartApp
from kaart_tui.bundle import card_to_data
from kaart_tui.domain.steps import FILL_ORDER, PAPER_ORDER, Step
from kaart_tui.screens.card import CardScreen
from kaart_tui.screens.dialogs import ChoiceDialog, TextEditor, TextPrompt
from kaart_tui.screens.help import HelpScreen
from kaart_tui.screens.picker import PickerScreen
from kaart_tui.screens.presentation import PresentationScreen
from kaart_tui.store import DataFolder
from kaart_tui.widgets.step_column import SHORT_LENGTH, AddInput
from tests.on_disk import on_disk
from tests.ui_helpers import (
    demo_app,
    messages,
    palette_options,
    plain,
    run,
    send_at_once,
    type_text,
)

SIZE = (120, 40)
DEMO_SLUG = "uitvoeringsteam-vlinderbuurt"


# -- helpers ---------------------------------------------------------------------------

def option_texts(screen: CardScreen, step: Step) -> list[str]:
    items = screen.column(step).items
    return [plain(items.get_option_at_index(i).prompt) for i in range(items.option_count)]


def option_ids(screen: CardScreen, step: Step) -> list[str]:
    items = screen.column(step).items
    return [items.get_option_at_index(i).id for i in range(items.option_count)]



def static_text(widget: Static) -> str:
    return plain(widget.content)


async def add_entries(pilot, *texts: str) -> None:
    """``a``, then each text and Enter, then Enter on the empty field (back to the list)."""
    await pilot.press("a")
    for text in texts:
        await type_text(pilot, text)
        await pilot.press("enter")
    await pilot.press("enter")
    await pilot.pause()


async def goto(pilot, screen: CardScreen, kind: str, record_id: str) -> None:
    """Move the highlight of the active column to an item with the arrow keys."""
    items = screen.column(screen.active).items
    assert screen.app.focused is items
    target = option_ids(screen, screen.active).index(f"{kind}:{record_id}")
    current = items.highlighted or 0
    key = "down" if target > current else "up"
    await pilot.press(*[key] * abs(target - current))
    await pilot.pause()
    assert screen.focused_item() == (kind, record_id)


def entry_by_text(card, text: str):
    found = [e for e in card.entries.values() if e.text == text]
    assert len(found) == 1, text
    return found[0]


# -- 1. start, column order, navigation ------------------------------------------------
def test_start_focus_paper_order_and_navigation(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, CardScreen)
            assert screen.active is Step.WAARDEN
            assert app.focused is screen.column(Step.WAARDEN).items

            def left_to_right() -> list[Step]:
                return sorted(FILL_ORDER, key=lambda s: screen.column(s).region.x)

            assert left_to_right() == [Step.ACTIES, Step.VOORWAARDEN, Step.HANDELEN,
                                       Step.RELATIES, Step.WAARDEN]
            assert left_to_right() == list(PAPER_ORDER)

            await pilot.press("o")
            await pilot.pause()
            assert left_to_right() == list(FILL_ORDER)
            # In 1..5 order "right" goes from step 1 to step 2.
            await pilot.press("right")
            await pilot.pause()
            assert screen.active is Step.RELATIES
            assert app.focused is screen.column(Step.RELATIES).items
            await pilot.press("left")
            await pilot.pause()
            assert screen.active is Step.WAARDEN

            await pilot.press("o")
            await pilot.pause()
            assert left_to_right() == list(PAPER_ORDER)
            # On paper step 2 stands left of step 1.
            await pilot.press("left")
            await pilot.pause()
            assert screen.active is Step.RELATIES
            await pilot.press("left")
            await pilot.pause()
            assert screen.active is Step.HANDELEN
            assert app.focused is screen.column(Step.HANDELEN).items
            await pilot.press("right", "right")
            await pilot.pause()
            assert screen.active is Step.WAARDEN
            assert screen.column(Step.WAARDEN).has_class("active")
            assert not screen.column(Step.HANDELEN).has_class("active")

    run(inner())


# -- 2. typing entries -----------------------------------------------------------------
def test_add_ten_entries_by_keyboard_and_on_disk(tmp_path):
    texts = [f"w{i}" for i in range(1, 11)]  # short: each key press costs ~0.1 s

    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            before = list(app.workshop.card.entries)
            current = app.workshop.current_id
            await pilot.press("a")
            assert isinstance(app.focused, AddInput)
            assert app.focused is screen.column(Step.WAARDEN).add_input
            for text in texts:
                await type_text(pilot, text)
                await pilot.press("enter")
                assert app.focused.value == ""  # ready for the next one
            await pilot.pause()
            new = [e for e_id, e in app.workshop.card.entries.items() if e_id not in before]
            assert [e.text for e in new] == texts
            assert all(e.step is Step.WAARDEN for e in new)
            assert all(e.bijeenkomst == current for e in new)
            assert all(e.participant is None and e.theme is None for e in new)
            # Shown in the column, in the order typed.
            new_ids = [f"e:{e.id}" for e in new]
            assert [i for i in option_ids(screen, Step.WAARDEN) if i in new_ids] == new_ids
            # Enter on an empty field: done, back to the list.
            await pilot.press("enter")
            await pilot.pause()
            assert app.focused is screen.column(Step.WAARDEN).items
            await pilot.press("q")
        card = on_disk(folder)
        assert [e.text for e in card.entries_of(Step.WAARDEN)][-10:] == texts
        assert all(e.bijeenkomst == current for e in card.entries_of(Step.WAARDEN)[-10:])

    run(inner())


def test_fast_typing_keeps_entries_apart(tmp_path):
    """A facilitator types on while the app is still saving the previous entry: the keys
    are queued in the driver without waiting, as a fast typist's are."""

    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            count = len(app.workshop.card.entries)
            await pilot.press("a")
            send_at_once(app, [*"snel een\n", *"snel twee\n", *"drie\n"])
            await pilot.pause()
            await pilot.pause()
            texts = [e.text for e in app.workshop.card.entries.values()][count:]
            assert texts == ["snel een", "snel twee", "drie"]
            await pilot.press("escape", "q")

    run(inner())


def test_typing_right_after_a_goes_into_the_field_not_to_the_commands(tmp_path):
    """'a' and the text behind it arrive together (a fast typist, a slow moment of the
    laptop): the letters are the entry, not d(elete), e(dit) and t(hema) on the card."""

    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            before = dict(app.workshop.card.entries)
            send_at_once(app, [*"ade eend vaart\n"])
            await pilot.pause()
            await pilot.pause()
            assert app.screen is screen  # no edit dialog opened
            entries = app.workshop.card.entries
            assert set(before) <= set(entries)  # nothing deleted
            assert [entries[k].text for k in entries if k not in before] == ["de eend vaart"]

    run(inner())


def test_typing_right_after_t_or_e_goes_into_the_dialog_that_opens(tmp_path):
    """The same for the keys that open a dialog to type in: the theme's name typed right
    behind t, an addition typed right behind e, end up in that dialog's field."""

    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen, card = app.screen, app.workshop.card
            await add_entries(pilot, "eerste")
            await pilot.press("escape")
            entry = entry_by_text(card, "eerste")
            await goto(pilot, screen, "e", entry.id)
            before = dict(card.entries)

            send_at_once(app, [*"e en meer", "ctrl+s"])
            await pilot.pause()
            await pilot.pause()
            assert app.screen is screen
            assert card.entries[entry.id].text == "eerste en meer"

            send_at_once(app, [*"tde eend vaart\n"])
            await pilot.pause()
            await pilot.pause()
            assert app.screen is screen
            assert set(before) <= set(card.entries)  # nothing deleted
            themes = [t for t in card.themes.values() if t.title == "de eend vaart"]
            assert len(themes) == 1
            assert [e.id for e in card.entries_in_theme(themes[0].id)] == [entry.id]

    run(inner())


def test_at_name_attributes_and_unknown_or_ambiguous_is_refused(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            card = app.workshop.card
            count = len(card.entries)
            await pilot.press("a")
            field = app.focused
            await type_text(pilot, "@sanne hoi")
            await pilot.press("enter")
            await pilot.pause()
            entry = entry_by_text(card, "hoi")
            assert entry.participant == "p01"  # Sanne Bakker
            assert entry.step is Step.WAARDEN
            # Part of a name also works.
            await type_text(pilot, "@visse ja")
            await pilot.press("enter")
            await pilot.pause()
            assert entry_by_text(card, "ja").participant == "p10"
            assert len(card.entries) == count + 2

            await type_text(pilot, "@xyz ok")
            await pilot.press("enter")
            await pilot.pause()
            assert len(card.entries) == count + 2
            assert field.value == "@xyz ok"
            assert app.focused is field
            assert any("Geen deelnemer" in m and "@xyz" in m for m in messages(app))

            await pilot.press("ctrl+u")  # clear the field
            assert field.value == ""
            # "an" is in Sanne, Annemiek, Jansen, Amrani, van Dam: ambiguous.
            await type_text(pilot, "@an nee")
            await pilot.press("enter")
            await pilot.pause()
            assert len(card.entries) == count + 2
            assert field.value == "@an nee"
            assert any("past bij" in m and "@an" in m for m in messages(app))
            await pilot.press("escape")
            await pilot.press("q")
        saved = on_disk(folder)
        assert entry_by_text(saved, "hoi").participant == "p01"
        assert not [e for e in saved.entries.values() if e.text == "ok"]

    run(inner())


# -- 3. attribute with p ---------------------------------------------------------------
def test_attribute_entry_with_p_and_back_to_anonymous(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen, card = app.screen, app.workshop.card
            await add_entries(pilot, "Lunch")
            entry = entry_by_text(card, "Lunch")
            assert screen.focused_item() == ("e", entry.id)
            await pilot.press("p")
            await pilot.pause()
            assert isinstance(app.screen, ChoiceDialog)
            await type_text(pilot, "koen")
            await pilot.pause()
            dialog_options = app.screen.query_one(OptionList)
            assert dialog_options.option_count == 1
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is screen
            assert card.entries[entry.id].participant == "p10"  # Koen Visser
            assert any("Koen Visser" in line for line in option_texts(screen, Step.WAARDEN))

            await pilot.press("p")
            await type_text(pilot, "anoniem")
            await pilot.press("enter")
            await pilot.pause()
            assert card.entries[entry.id].participant is None
            await pilot.press("q")
        assert entry_by_text(on_disk(folder), "Lunch").participant is None

    run(inner())


# -- 4. edit, delete, undo, redo -------------------------------------------------------
def test_edit_cancel_delete_undo_redo(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen, card = app.screen, app.workshop.card
            await add_entries(pilot, "een", "twee", "drie")
            second = entry_by_text(card, "twee")
            await goto(pilot, screen, "e", second.id)

            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, TextEditor)
            assert app.screen.query_one(TextArea).text == "twee"
            await pilot.press("f7")  # select all
            await type_text(pilot, "niets")
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen
            assert card.entries[second.id].text == "twee"

            await pilot.press("e")
            await pilot.pause()
            await pilot.press("f7")
            await type_text(pilot, "twee!")
            await pilot.press("enter")
            await type_text(pilot, "r2")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is screen
            assert card.entries[second.id].text == "twee!\nr2"

            order = [e.id for e in card.entries_of(Step.WAARDEN)]
            await pilot.press("d")
            await pilot.pause()
            assert second.id not in card.entries
            await pilot.press("u")
            await pilot.pause()
            assert [e.id for e in card.entries_of(Step.WAARDEN)] == order
            assert card.entries[second.id].text == "twee!\nr2"
            await pilot.press("U")
            await pilot.pause()
            assert second.id not in card.entries
            await pilot.press("u")
            await pilot.pause()
            assert [e.id for e in card.entries_of(Step.WAARDEN)] == order
            # Undo of the edit as well.
            await pilot.press("u")
            await pilot.pause()
            assert card.entries[second.id].text == "twee"
            await pilot.press("q")
        saved = on_disk(folder)
        assert [e.text for e in saved.entries_of(Step.WAARDEN)][-3:] == \
            ["een", "twee", "drie"]

    run(inner())


def test_sixty_changes_can_all_be_undone_on_disk_too(tmp_path):
    """The rule at the Workshop level: sixty changes in five columns, all undone, leave
    the card and the session file as they were."""
    from kaart_tui.demo import create_demo
    from kaart_tui.domain import operations
    from kaart_tui.workshop import Workshop

    folder = DataFolder(tmp_path / "data").ensure()
    workshop = Workshop(create_demo(folder))
    card = workshop.card
    before = card_to_data(card)
    for step in Step:  # twelve entries of each of the five steps
        entries = [e.id for e in card.entries.values() if e.step is step][:12]
        assert len(entries) == 12
        for entry_id in entries:
            workshop.apply(operations.delete_entry(card, entry_id))
    assert card_to_data(card) != before
    for _ in range(60):
        assert workshop.undo() is not None
    assert workshop.undo() is None
    assert card_to_data(card) == before
    workshop.close()
    assert card_to_data(on_disk(folder)) == before


def test_d_and_u_keys_change_and_restore_each_column(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            card = app.workshop.card
            before = card_to_data(card)

            def items_in(step: Step) -> int:
                return len(card.entries_of(step)) + len(card.themes_of(step))

            counts = {step: items_in(step) for step in (Step.WAARDEN, Step.RELATIES)}
            for step in counts:  # each d deletes an entry or ungroups a theme
                assert app.screen.active is step
                await pilot.press("d", "d", "d", "left")
                assert items_in(step) == counts[step] - 3
            await pilot.press(*["u"] * 6)
            await pilot.pause()
            assert card_to_data(card) == before
            await pilot.press("u")
            await pilot.pause()
            assert any("Niets meer om ongedaan te maken" in m for m in messages(app))
            await pilot.press("q")
        assert card_to_data(on_disk(folder)) == before

    run(inner())


# -- 5. themes -------------------------------------------------------------------------
async def _two_selected_into_theme(pilot, screen, first, second, title) -> str:
    await goto(pilot, screen, "e", first)
    await pilot.press("space")
    await goto(pilot, screen, "e", second)
    await pilot.press("space")
    await pilot.pause()
    assert screen.selected == {first, second}
    await pilot.press("t")
    await pilot.pause()
    assert isinstance(screen.app.screen, TextPrompt)
    await type_text(pilot, title)
    await pilot.press("enter")
    await pilot.pause()
    card = screen.workshop.card
    theme = [t for t in card.themes.values() if t.title == title]
    assert len(theme) == 1
    assert screen.selected == set()
    return theme[0].id


def test_group_rename_remove_ungroup_and_merge_themes(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen, card = app.screen, app.workshop.card
            await add_entries(pilot, "a1", "b2", "c3", "d4")
            alfa, beta, gamma, delta = (entry_by_text(card, t).id
                                        for t in ("a1", "b2", "c3", "d4"))
            theme = await _two_selected_into_theme(pilot, screen, alfa, beta, "S")
            assert [e.id for e in card.entries_in_theme(theme)] == [alfa, beta]
            assert card.themes[theme].step is Step.WAARDEN
            assert card.themes[theme].bijeenkomst == app.workshop.current_id
            assert screen.focused_item() == ("t", theme)
            ids = option_ids(screen, Step.WAARDEN)
            assert ids[ids.index(f"t:{theme}") + 1:ids.index(f"t:{theme}") + 3] == \
                [f"e:{alfa}", f"e:{beta}"]

            # Rename with e on the theme.
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, TextPrompt)
            assert app.screen.query_one(Input).value == "S"
            await pilot.press("ctrl+u")
            await type_text(pilot, "S2")
            await pilot.press("enter")
            await pilot.pause()
            assert card.themes[theme].title == "S2"

            # x on an entry takes it out of the theme.
            await goto(pilot, screen, "e", alfa)
            await pilot.press("x")
            await pilot.pause()
            assert card.entries[alfa].theme is None
            assert [e.id for e in card.entries_in_theme(theme)] == [beta]

            # x on the theme ungroups it.
            await goto(pilot, screen, "t", theme)
            await pilot.press("x")
            await pilot.pause()
            assert theme not in card.themes
            assert card.entries[beta].theme is None
            # ... and u brings it back; d on the theme ungroups as well.
            await pilot.press("u")
            await pilot.pause()
            assert card.entries[beta].theme == theme
            await goto(pilot, screen, "t", theme)
            await pilot.press("d")
            await pilot.pause()
            assert theme not in card.themes
            assert beta in card.entries and card.entries[beta].theme is None

            # Merge: two themes, M on the first, choose the second.
            first = await _two_selected_into_theme(pilot, screen, alfa, beta, "Qa")
            second = await _two_selected_into_theme(pilot, screen, gamma, delta, "Qb")
            await goto(pilot, screen, "t", first)
            await pilot.press("M")
            await pilot.pause()
            assert isinstance(app.screen, ChoiceDialog)
            await type_text(pilot, "qb")
            await pilot.press("enter")
            await pilot.pause()
            assert first not in card.themes
            assert {e.id for e in card.entries_in_theme(second)} == {alfa, beta, gamma, delta}
            await pilot.press("q")
        saved = on_disk(folder)
        assert {e.text for e in saved.entries_in_theme(second)} == \
            {"a1", "b2", "c3", "d4"}
        assert saved.themes[second].title == "Qb"

    run(inner())


def test_enter_on_theme_folds_and_unfolds(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen, card = app.screen, app.workshop.card
            theme = "t-w1-vertrouwen"
            members = [f"e:{e.id}" for e in card.entries_in_theme(theme)]
            assert members and all(m in option_ids(screen, Step.WAARDEN) for m in members)
            await goto(pilot, screen, "t", theme)
            await pilot.press("enter")
            await pilot.pause()
            ids = option_ids(screen, Step.WAARDEN)
            assert f"t:{theme}" in ids
            assert not any(m in ids for m in members)
            assert screen.focused_item() == ("t", theme)
            await pilot.press("enter")
            await pilot.pause()
            assert all(m in option_ids(screen, Step.WAARDEN) for m in members)

    run(inner())


# -- 6. move ---------------------------------------------------------------------------
def test_move_themed_entry_to_step_3(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen, card = app.screen, app.workshop.card
            entry = card.entries_in_theme("t-w1-vertrouwen")[0]
            await goto(pilot, screen, "e", entry.id)
            await pilot.press("m")
            await pilot.pause()
            assert isinstance(app.screen, ChoiceDialog)
            await pilot.press("3")
            await pilot.pause()
            assert app.screen is screen
            moved = card.entries[entry.id]
            assert moved.step is Step.HANDELEN
            assert moved.theme is None
            assert f"e:{entry.id}" not in option_ids(screen, Step.WAARDEN)
            assert f"e:{entry.id}" in option_ids(screen, Step.HANDELEN)
            await pilot.press("q")
        saved = on_disk(folder).entries[entry.id]
        assert saved.step is Step.HANDELEN and saved.theme is None

    run(inner())


# -- 7. bijeenkomsten ------------------------------------------------------------------
def test_switch_bijeenkomst_and_new_bijeenkomst(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen, card = app.screen, app.workshop.card
            header = screen.query_one("#card-header", Static)
            assert "Bijeenkomst 2" in static_text(header)
            b2_entries = [e.id for e in card.entries_of(Step.WAARDEN, "b2")]
            assert all(f"e:{e}" in option_ids(screen, Step.WAARDEN) for e in b2_entries)

            await pilot.press("b")
            await pilot.pause()
            assert isinstance(app.screen, ChoiceDialog)
            await pilot.press("up", "enter")  # the dialog starts on the current one (2)
            await pilot.pause()
            assert app.workshop.current_id == "b1"
            assert "Bijeenkomst 1" in static_text(header)
            assert "Bijeenkomst 2" not in static_text(header)
            ids = option_ids(screen, Step.WAARDEN)
            assert not any(f"e:{e}" in ids for e in b2_entries)
            assert not any("t-w2-" in i for i in ids)
            assert not any("[B" in line for line in option_texts(screen, Step.WAARDEN))

            await add_entries(pilot, "in b1")
            assert entry_by_text(card, "in b1").bijeenkomst == "b1"

            await pilot.press("b")
            await pilot.pause()
            dialog = app.screen.query_one(OptionList)
            last = dialog.get_option_at_index(dialog.option_count - 1)
            assert "Nieuwe bijeenkomst" in plain(last.prompt)
            await pilot.press("end", "enter")
            await pilot.pause()
            # Date (today proposed) and place are asked first (issue 18).
            from kaart_tui.screens.forms import FormDialog
            assert isinstance(app.screen, FormDialog)
            assert "→ " in plain(app.screen.query_one("#feedback-day").content)
            await pilot.press("enter", "enter")
            await pilot.pause()
            # A new bijeenkomst opens with the review of open actions (issue 6).
            from kaart_tui.screens.actions import ActionsScreen
            assert isinstance(app.screen, ActionsScreen) and app.screen.review
            await pilot.press("escape")
            await pilot.pause()
            assert len(card.bijeenkomsten) == 3
            third = card.latest_bijeenkomst()
            assert third.number == 3 and app.workshop.current_id == third.id
            assert "Bijeenkomst 3" in static_text(header)
            shown = option_texts(screen, Step.WAARDEN)
            assert any("[B1]" in line for line in shown)
            assert any("[B2]" in line for line in shown)
            line = next(t for t in shown if "we kleine successen ook vieren" in t)
            assert "[B2]" in line
            await add_entries(pilot, "in b3")
            assert entry_by_text(card, "in b3").bijeenkomst == third.id
            new_line = next(t for t in option_texts(screen, Step.WAARDEN)
                            if "in b3" in t)
            assert "[B" not in new_line
            await pilot.press("q")
        saved = on_disk(folder)
        assert sorted(b.number for b in saved.bijeenkomsten.values()) == [1, 2, 3]
        assert entry_by_text(saved, "in b1").bijeenkomst == "b1"

    run(inner())


# -- 8. long entries -------------------------------------------------------------------
def test_long_entry_stored_whole_shown_cut_unless_highlighted(tmp_path):
    long_text = ("Een heel lang verhaal over de wijk. " * 200)[:4999] + "!"
    assert len(long_text) == 5000

    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen, card = app.screen, app.workshop.card
            await pilot.press("a")
            app.focused.value = long_text
            await pilot.press("enter")
            await pilot.pause()
            entry = entry_by_text(card, long_text.strip())
            assert len(entry.text) == 5000

            def line() -> str:
                ids = option_ids(screen, Step.WAARDEN)
                return option_texts(screen, Step.WAARDEN)[ids.index(f"e:{entry.id}")]

            await pilot.press("enter")  # done adding: back to the list, on the new entry
            await pilot.pause()
            assert screen.focused_item() == ("e", entry.id)
            assert long_text.strip() in "".join(line().split("\n"))
            await pilot.press("up")
            await pilot.pause()
            shown = line()
            assert "…" in shown
            assert long_text.strip() not in shown
            assert long_text[:SHORT_LENGTH].rstrip() in shown
            await pilot.press("down")
            await pilot.pause()
            assert "…" not in line()
            assert long_text.strip() in line()
            await pilot.press("q")
        assert entry_by_text(on_disk(folder), long_text.strip()).text == long_text.strip()

    run(inner())


# -- 9. restart ------------------------------------------------------------------------
def test_restart_shows_everything_as_before(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen, card = app.screen, app.workshop.card
            await add_entries(pilot, "w1", "w2", "w3", "w4")
            one, two, three, four = (entry_by_text(card, t).id
                                     for t in ("w1", "w2", "w3", "w4"))
            theme = await _two_selected_into_theme(pilot, screen, one, two, "H")
            await goto(pilot, screen, "e", three)
            await pilot.press("m", "5")
            await pilot.pause()
            assert card.entries[three].step is Step.ACTIES
            await goto(pilot, screen, "e", four)
            await pilot.press("d", "u")
            await pilot.pause()
            assert four in card.entries
            before = card_to_data(card)
            await pilot.press("q")
        assert card_to_data(on_disk(folder)) == before

        again = KaartApp(DataFolder(folder.root))
        async with again.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(again.screen, PickerScreen)  # a session exists now
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(again.screen, CardScreen)
            assert card_to_data(again.workshop.card) == before
            ids = option_ids(again.screen, Step.WAARDEN)
            assert f"t:{theme}" in ids and f"e:{four}" in ids
            assert f"e:{three}" in option_ids(again.screen, Step.ACTIES)
            await pilot.press("q")
        on_disk(folder)  # the second app released the lock too

    run(inner())


# -- 10. help, presentation, command palette -------------------------------------------
def test_help_lists_every_binding(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            rendered = "\n".join(static_text(s) for s in app.screen.query(Static))
            for binding in CardScreen.BINDINGS:
                assert binding.description, binding
                assert binding.description in rendered, binding.description
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, CardScreen)

    run(inner())


def test_presentation_mode(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            card_screen = app.screen
            await pilot.press("f5")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, PresentationScreen)
            assert screen.step is Step.WAARDEN
            single = screen.query_one("#presentation-single")
            whole = screen.query_one("#presentation-whole")
            assert single.display and not whole.display
            text = static_text(screen.query_one("#presentation-step", Static))
            assert "WAARDEN" in text
            await pilot.press("k")
            await pilot.pause()
            assert whole.display and not single.display
            assert "ACTIES" in static_text(screen.query_one("#presentation-acties", Static))
            await pilot.press("k")
            await pilot.pause()
            assert single.display and not whole.display
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is card_screen

    run(inner())


async def _palette_offers(pilot, app, query: str, wanted: str) -> None:
    texts = await palette_options(pilot, app, query, lambda t: any(wanted in x for x in t))
    assert any(wanted in t for t in texts), texts


def test_command_palette_offers_bijeenkomst_and_presenteren(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await _palette_offers(pilot, app, "bijeen", "Bijeenkomst wisselen")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ChoiceDialog)  # the command ran
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, CardScreen)
            await _palette_offers(pilot, app, "presen", "Presenteren (beamer)")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, PresentationScreen)

    run(inner())


# -- 11. timer -------------------------------------------------------------------------
def test_timer_start_pause_reset_and_signal(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            timer_widget = screen.column(Step.WAARDEN).query_one(".step-timer", Static)
            assert static_text(timer_widget).strip() == ""
            await pilot.press("s")
            await pilot.pause()
            assert re.search(r"⏱ (10:00|09:5\d)", static_text(timer_widget))
            assert "pauze" not in static_text(timer_widget)
            assert screen.timers[Step.WAARDEN].running
            await pilot.press("s")
            await pilot.pause()
            assert "pauze" in static_text(timer_widget)
            assert not screen.timers[Step.WAARDEN].running
            await pilot.press("S")
            await pilot.pause()
            assert static_text(timer_widget).strip() == ""
            assert not screen.timers[Step.WAARDEN].started()
            # Other steps keep their own timer.
            assert static_text(screen.column(Step.RELATIES)
                               .query_one(".step-timer", Static)).strip() == ""

            screen.timers[Step.WAARDEN].set_minutes(0.001)
            await pilot.press("s")
            for _ in range(30):  # the screen checks the timers once a second
                await pilot.pause(0.1)
                if any("is om" in m for m in messages(app)):
                    break
            assert any("tijd" in m and "stap 1" in m and "is om" in m
                       for m in messages(app)), messages(app)
            assert "tijd is om" in static_text(timer_widget)

    run(inner())


# -- 12. a second window ---------------------------------------------------------------
def test_second_window_on_the_same_session_is_refused(tmp_path):
    async def inner():
        folder, first = demo_app(tmp_path)
        async with first.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(first.screen, CardScreen)
            second = KaartApp(DataFolder(folder.root))
            async with second.run_test(size=SIZE) as pilot2:
                await pilot2.pause()
                assert isinstance(second.screen, PickerScreen)
                await pilot2.press("enter")
                await pilot2.pause()
                assert isinstance(second.screen, PickerScreen)
                assert second.workshop is None
                assert any("al geopend" in m for m in messages(second)), messages(second)
                await pilot2.press("q")
            # The first window still works and writes.
            await add_entries(pilot, "na")
            assert entry_by_text(first.workshop.card, "na")
            await pilot.press("q")
        assert entry_by_text(on_disk(folder), "na")

    run(inner())

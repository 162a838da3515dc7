"""Pilot tests of issue 18 by keyboard: "zoals vorige keer" in the attendance grid, a
participant who leaves the team, the review that keeps a row set to gedaan in sight,
moving a theme to another step, and the score round in the order of the grid.

State is read back from the screen, the card and (after ``q``) the session on disk.
"""

from __future__ import annotations

from kaart_tui.domain import attendance
from kaart_tui.domain.model import ActionStatus, AttendanceStatus
from kaart_tui.domain.steps import Step
from kaart_tui.screens.actions import ActionsScreen
from kaart_tui.screens.attendance import AttendanceScreen
from kaart_tui.screens.card import CardScreen
from kaart_tui.screens.dialogs import ChoiceDialog
from kaart_tui.screens.forms import FormDialog
from kaart_tui.screens.scores import ScoreScreen
from tests.on_disk import on_disk
from tests.test_ui_actions import cursor_to, palette, review_card, session_app
from tests.test_ui_actions import row_keys as action_rows
from tests.test_ui_attendance import (
    add_bijeenkomst,
    cell,
    fill_person,
    goto,
    open_grid,
    row_keys,
    static_text,
)
from tests.test_ui_card import goto as goto_item
from tests.test_ui_card import option_ids
from tests.ui_helpers import demo_app, messages, plain, run

SIZE = (120, 40)
AANWEZIG, AFWEZIG, ONBEKEND = (AttendanceStatus.AANWEZIG, AttendanceStatus.AFWEZIG,
                               AttendanceStatus.ONBEKEND)
OPEN, GEDAAN = ActionStatus.OPEN, ActionStatus.GEDAAN


# -- 3. zoals vorige keer --------------------------------------------------------------------
def test_z_copies_last_time_then_one_change_is_typed_and_u_undoes_the_copy_at_once(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_grid(pilot, app)
            card = app.workshop.card
            last_time = {pid: card.status(pid, "b2") for pid in card.participants}
            assert list(last_time.values()).count(AFWEZIG) == 3
            new = await add_bijeenkomst(pilot, app, "1-12-2026")
            assert screen.cursor_bijeenkomst() == new
            assert cell(screen, "total", new) == ""

            await pilot.press("z")
            await pilot.pause()
            assert {pid: card.status(pid, new) for pid in card.participants} == last_time
            assert cell(screen, "total", new) == "9 personen (3 afwezig)"
            assert any("zoals vorige keer (12 deelnemers)" in m for m in messages(app))

            # One key undoes the whole copy, not one person of it.
            await pilot.press("u")
            await pilot.pause()
            assert {card.status(pid, new) for pid in card.participants} == {ONBEKEND}
            assert cell(screen, "total", new) == ""

            # Again, and only what is different this time is typed: Ingrid Koster came.
            await pilot.press("z")
            await pilot.pause()
            assert card.status("p03", new) is AFWEZIG
            await goto(pilot, screen, "p:p03", new)
            await pilot.press("a")
            await pilot.pause()
            assert card.status("p03", new) is AANWEZIG
            assert cell(screen, "total", new) == "10 personen (2 afwezig)"
            assert cell(screen, "total", "b2") == "9 personen (3 afwezig)"  # untouched
            assert static_text(screen, "#attendance-status").startswith(
                "Bijeenkomst 3: 10 van 12 aanwezig (83%)")
            # u now undoes the one change typed, and the copy stays.
            await pilot.press("u")
            await pilot.pause()
            assert {pid: card.status(pid, new) for pid in card.participants} == last_time
            await goto(pilot, screen, "p:p03", new)  # a moved the cursor down
            await pilot.press("a")
            await pilot.pause()
            assert card.status("p03", new) is AANWEZIG
            await pilot.press("q")
        stored = on_disk(folder)
        assert {pid: stored.status(pid, new) for pid in stored.participants} == \
            {**last_time, "p03": AANWEZIG}
        assert {pid: stored.status(pid, "b2") for pid in stored.participants} == last_time

    run(inner())


def test_z_at_the_first_bijeenkomst_says_there_is_no_last_time(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_grid(pilot, app)
            card = app.workshop.card
            before = dict(card.attendance)
            await pilot.press("left")
            await pilot.pause()
            assert screen.cursor_bijeenkomst() == "b1"
            await pilot.press("z")
            await pilot.pause()
            assert "Dit is de eerste bijeenkomst: er is geen vorige keer." in \
                messages(app, "warning")
            assert dict(card.attendance) == before

    run(inner())


# -- 4. no longer in the team ----------------------------------------------------------------
def test_w_takes_a_participant_out_of_the_quorum_from_this_bijeenkomst_on(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_grid(pilot, app)
            card = app.workshop.card
            b1_cells = {key: cell(screen, key, "b1") for key in row_keys(screen)}
            # Sanne Bakker sends apologies: 8 of 12, under the quorum of 70%.
            await goto(pilot, screen, "p:p01", "b2")
            await pilot.press("x")
            await pilot.pause()
            assert static_text(screen, "#attendance-status").startswith(
                "Bijeenkomst 2: 8 van 12 aanwezig (67%); quorum 70%: NIET gehaald")
            # The wijkagent is no longer part of the team from bijeenkomst 2 on.
            await goto(pilot, screen, "p:p06", "b2")
            await pilot.press("w")
            await pilot.pause()
            assert card.participants["p06"].left_from == "b2"
            assert any("niet meer bij het team" in m for m in messages(app))
            assert attendance.expected_count(card, "b2") == 11
            assert static_text(screen, "#attendance-status") == \
                "Bijeenkomst 2: 8 van 11 aanwezig (73%); quorum 70%: gehaald"
            assert cell(screen, "p:p06", "b2") == "– niet meer in het team"
            # Bijeenkomst 1 as it was: the wijkagent was there and was expected.
            assert {key: cell(screen, key, "b1") for key in row_keys(screen)} == b1_cells
            assert "aanwezig" in cell(screen, "p:p06", "b1")
            assert attendance.expected_count(card, "b1") == 12
            await goto(pilot, screen, "p:p06", "b1")
            assert static_text(screen, "#attendance-status").startswith(
                "Bijeenkomst 1: 11 van 12 aanwezig")
            await pilot.press("escape")
            await pilot.pause()
            assert "8/11 aanwezig" in static_text(app.screen, "#card-header")
            await pilot.press("q")
        stored = on_disk(folder)
        assert stored.participants["p06"].left_from == "b2"
        assert attendance.expected_count(stored, "b2") == 11
        assert attendance.expected_count(stored, "b1") == 12

    run(inner())


def test_w_again_brings_the_participant_back_into_the_team(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_grid(pilot, app)
            card = app.workshop.card
            await goto(pilot, screen, "p:p06", "b2")
            await pilot.press("w")
            await pilot.pause()
            assert attendance.expected_count(card, "b2") == 11
            await pilot.press("w")
            await pilot.pause()
            assert card.participants["p06"].left_from is None
            assert attendance.expected_count(card, "b2") == 12
            assert cell(screen, "p:p06", "b2") != "– niet meer in het team"

    run(inner())


# -- 5. the review keeps a row set to gedaan ---------------------------------------------------
def test_a_row_set_to_gedaan_in_the_review_stays_until_left_and_can_be_set_back(tmp_path):
    card, ids = review_card()

    async def inner():
        folder, slug, app = session_app(tmp_path, card)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            card_screen = app.screen
            assert isinstance(card_screen, CardScreen)
            await pilot.press("b")
            await pilot.pause()
            assert isinstance(app.screen, ChoiceDialog)
            await pilot.press("end", "enter")
            await pilot.pause()
            assert isinstance(app.screen, FormDialog)
            await pilot.press("ctrl+s")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ActionsScreen) and screen.review
            shown = [ids["p1-a"], ids["p1-b"], ids["team"], ids["extern"], ids["p3"]]
            assert action_rows(screen) == shown
            actions = app.workshop.card.actions

            # A wrong key: the team action set to gedaan stays in sight ...
            await cursor_to(pilot, screen, ids["team"])
            await pilot.press("3")
            await pilot.pause()
            assert actions[ids["team"]].status is GEDAAN
            assert action_rows(screen) == shown
            assert plain(screen.query_one("DataTable").get_cell(ids["team"], "status")) == \
                "gedaan"
            assert screen.focused_action().id == ids["team"]
            # ... and 1 puts it right.
            await pilot.press("1")
            await pilot.pause()
            assert actions[ids["team"]].status is OPEN
            assert action_rows(screen) == shown
            assert plain(screen.query_one("DataTable").get_cell(ids["team"], "status")) == \
                "open"

            # Really done: still shown while the review is open, gone once left.
            await cursor_to(pilot, screen, ids["p3"])
            await pilot.press("3")
            await pilot.pause()
            assert action_rows(screen) == shown
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is card_screen
            await palette(pilot, app, "Terugblik", "Terugblik acties")
            again = app.screen
            assert isinstance(again, ActionsScreen) and again.review
            assert action_rows(again) == [ids["p1-a"], ids["p1-b"], ids["team"],
                                          ids["extern"]]
            await pilot.press("escape", "q")
            await pilot.pause()
        stored = on_disk(folder, slug)
        assert stored.actions[ids["team"]].status is OPEN
        assert stored.actions[ids["p3"]].status is GEDAAN

    run(inner())


# -- 6. moving a theme -----------------------------------------------------------------------
def test_m_moves_a_theme_with_its_entries_to_another_step_and_u_undoes_it(tmp_path):
    theme = "t-w1-vertrouwen"

    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen, card = app.screen, app.workshop.card
            assert isinstance(screen, CardScreen)
            members = [e.id for e in card.entries_in_theme(theme)]
            votes = {v.id for v in card.votes.values() if v.theme == theme}
            assert members and votes
            await goto_item(pilot, screen, "t", theme)
            await pilot.press("m")
            await pilot.pause()
            assert isinstance(app.screen, ChoiceDialog)
            assert "Kies eerst een bijdrage" not in " ".join(messages(app))
            await pilot.press("3")
            await pilot.pause()
            assert app.screen is screen
            assert card.themes[theme].step is Step.HANDELEN
            assert [e.id for e in card.entries_in_theme(theme)] == members
            assert all(card.entries[e].step is Step.HANDELEN for e in members)
            assert f"t:{theme}" not in option_ids(screen, Step.WAARDEN)
            assert f"t:{theme}" in option_ids(screen, Step.HANDELEN)
            assert not any(f"e:{e}" in option_ids(screen, Step.WAARDEN) for e in members)

            await pilot.press("u")
            await pilot.pause()
            assert card.themes[theme].step is Step.WAARDEN
            assert all(card.entries[e].step is Step.WAARDEN
                       and card.entries[e].theme == theme for e in members)
            assert {v.id for v in card.votes.values() if v.theme == theme} == votes
            assert f"t:{theme}" in option_ids(screen, Step.WAARDEN)
            assert f"t:{theme}" not in option_ids(screen, Step.HANDELEN)
            await pilot.press("q")
        stored = on_disk(folder)
        assert stored.themes[theme].step is Step.WAARDEN
        assert all(stored.entries[e].step is Step.WAARDEN for e in members)

    run(inner())


# -- 7. the score round in the order of the grid ---------------------------------------------
def test_the_score_round_lists_people_in_the_order_of_the_attendance_grid(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_grid(pilot, app)
            card = app.workshop.card
            # A newcomer of the first organisation: added last, listed under it in the grid.
            await pilot.press("n")
            await pilot.pause()
            await fill_person(pilot, app, "Gerrit Boer", "Sociaal wijkteam")
            assert isinstance(app.screen, AttendanceScreen)
            [gerrit] = [p.id for p in card.participants.values() if p.name == "Gerrit Boer"]
            assert list(card.participants)[-1] == gerrit
            await goto(pilot, screen, f"p:{gerrit}", "b2")
            await pilot.press("a")
            await pilot.pause()
            grid_people = [k[2:] for k in row_keys(screen) if k.startswith("p:")]
            assert grid_people.index(gerrit) < grid_people.index("p04")
            present = [p for p in grid_people if card.status(p, "b2") is AANWEZIG]
            assert gerrit in present

            await pilot.press("r")
            await pilot.pause()
            scores = app.screen
            assert isinstance(scores, ScoreScreen) and scores.bijeenkomst_id == "b2"
            table = scores.query_one("#score-table")
            assert [str(k.value) for k in table.rows] == present
            # The digits go down the same list, to Gerrit Boer under his organisation.
            at = present.index(gerrit)
            await pilot.press(*["7"] * (at + 1))
            await pilot.pause()
            assert card.scores[(gerrit, "b2")].score == 7
            assert all(card.scores[(p, "b2")].score == 7 for p in present[:at + 1])

    run(inner())

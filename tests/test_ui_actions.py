"""Pilot tests of actions, the review of open actions and the Evaluatiekaart (issue 6):
real key presses, state read back from the screen, the card and the session file on disk.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Input, OptionList, Static

from kaart_tui.app import KaartApp
from kaart_tui.domain.actions import open_before
from kaart_tui.domain.model import (
    Action,
    ActionScope,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    Bijeenkomst,
    Card,
    Participant,
    SessionInfo,
)
from kaart_tui.domain.people import grid_order
from kaart_tui.domain.ranking import candidate_title, step_top
from kaart_tui.domain.steps import FILL_ORDER, Step
from kaart_tui.screens.actions import ActionsScreen
from kaart_tui.screens.card import CardScreen
from kaart_tui.screens.dialogs import ChoiceDialog, TextPrompt
from kaart_tui.screens.forms import FormDialog
from kaart_tui.store import DataFolder
from kaart_tui.template_files import load_template
from kaart_tui.workshop import Workshop
from tests.on_disk import on_disk
from tests.ui_helpers import messages, palette_options, plain, run, type_text

SIZE = (120, 40)
DEMO_SLUG = "uitvoeringsteam-vlinderbuurt"
NOBODY_LABEL = "(niemand in het bijzonder)"
IND, COL, EXT = ActionScope.INDIVIDUEEL, ActionScope.COLLECTIEF, ActionScope.EXTERN
OPEN, BEZIG, GEDAAN = ActionStatus.OPEN, ActionStatus.BEZIG, ActionStatus.GEDAAN


# -- helpers ---------------------------------------------------------------------------------

def static_text(screen, selector: str) -> str:
    return plain(screen.query_one(selector, Static).content)



def session_app(tmp_path: Path, card: Card) -> tuple[DataFolder, str, KaartApp]:
    """A session of our own on disk, opened in the app as `kaart <sessie>` does."""
    folder = DataFolder(tmp_path / "data").ensure()
    store = folder.create(card)
    slug = store.path.stem
    workshop = Workshop(store, templates_dir=folder.templates_dir)
    return folder, slug, KaartApp(folder, workshop)


def team(people: int, absent: tuple[int, ...] = ()) -> Card:
    """``people`` participants in bijeenkomst 1; the numbers in ``absent`` are afgemeld."""
    card = Card(SessionInfo.create("Team Rupsstraat", "Team Rupsstraat"))
    card.put(Bijeenkomst("b1", 1, date(2026, 10, 6)))
    organisations = ["Welzijn", "Politie", "Woningcorporatie", "Gemeente"]
    for n in range(1, people + 1):
        card.put(Participant(f"p{n:02}", f"Naam{n:02}", organisations[n % 4]))
        status = AttendanceStatus.AFWEZIG if n in absent else AttendanceStatus.AANWEZIG
        card.put(Attendance(f"p{n:02}", "b1", status))
    return card


def row_keys(screen: ActionsScreen) -> list[str]:
    return [str(row.key.value) for row in screen.query_one(DataTable).ordered_rows]


def cell(screen: ActionsScreen, action_id: str, column: str) -> str:
    return plain(screen.query_one(DataTable).get_cell(action_id, column))


def choice_texts(dialog: ChoiceDialog) -> list[str]:
    options = dialog.query_one(OptionList)
    return [plain(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def open_actions(pilot, app: KaartApp) -> ActionsScreen:
    await pilot.pause()
    assert isinstance(app.screen, CardScreen)
    await pilot.press("A")
    await pilot.pause()
    assert isinstance(app.screen, ActionsScreen) and not app.screen.review
    return app.screen


async def palette(pilot, app: KaartApp, query: str, wanted: str) -> None:
    """Ctrl+P, type ``query``, wait until ``wanted`` is offered first, Enter."""
    texts = await palette_options(pilot, app, query, lambda t: bool(t) and wanted in t[0])
    assert texts and wanted in texts[0], texts
    await pilot.press("enter")
    await pilot.pause()


async def cursor_to(pilot, screen: ActionsScreen, action_id: str) -> None:
    keys = row_keys(screen)
    here = screen.query_one(DataTable).cursor_row
    target = keys.index(action_id)
    await pilot.press(*(["down" if target > here else "up"] * abs(target - here)))
    await pilot.pause()
    assert screen.focused_action().id == action_id


# -- 1. an individual action for each of 9 present participants -----------------------------------
def form_value(app: KaartApp, key: str) -> str:
    return app.screen.query_one(f"#field-{key}", Input).value


def form_feedback(app: KaartApp, key: str) -> str:
    return plain(app.screen.query_one(f"#feedback-{key}").content)


def test_individual_actions_for_nine_present_participants(tmp_path):
    card = team(10, absent=(4,))
    grid = [p.id for p in grid_order(card)]
    present = [p for p in grid if p != "p04"]

    async def inner():
        folder, slug, app = session_app(tmp_path, card)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_actions(pilot, app)
            status = static_text(screen, "#actions-status")
            assert status.startswith("Nog zonder individuele actie (9): ")
            named = status.split(": ", 1)[1].split(", ")
            # In the order of the attendance grid, as every list of people.
            assert named == [card.participants[p].name for p in present]
            assert "Naam04" not in status  # afgemeld: no action expected

            for done, owner in enumerate(present, start=1):
                await pilot.press("n")
                await pilot.pause()
                assert isinstance(app.screen, FormDialog)
                # 1 picks "individueel" and moves on to the text by itself.
                await pilot.press("1")
                await type_text(pilot, f"a{done}")
                await pilot.press("enter")
                # The first present participant without an action is proposed.
                name = card.participants[owner].name
                assert name in app.screen.query_one("#field-owner", Input).placeholder
                await type_text(pilot, name)
                await pilot.press("enter", "enter")  # the due date may stay empty
                await pilot.pause()
                assert app.screen is screen
                made = [a for a in app.workshop.card.actions.values() if a.text == f"a{done}"]
                assert len(made) == 1
                action = made[0]
                assert (action.scope, action.owner, action.due, action.status,
                        action.bijeenkomst) == (IND, owner, None, OPEN, "b1")
                status = static_text(screen, "#actions-status")
                if done < 9:
                    assert status.startswith(f"Nog zonder individuele actie ({9 - done}): ")
                    assert card.participants[owner].name not in status
            assert static_text(screen, "#actions-status").startswith(
                "Iedereen die aanwezig is heeft een individuele actie")
            assert len(row_keys(screen)) == 9
            assert messages(app, "error") == []
        stored = on_disk(folder, slug)
        assert sorted(a.owner for a in stored.actions.values()) == sorted(present)
        assert all(a.scope is IND for a in stored.actions.values())

    run(inner())


# -- 2. the form refuses, keeps what was typed, and says what it expected -------------------------
async def type_action_with_a_misspelt_date(pilot) -> None:
    """A new individual action typed through its form, the date misspelt."""
    await pilot.press("n", "1")
    await type_text(pilot, "Ik bel de wijkagent")
    await pilot.press("enter")
    await type_text(pilot, "naam02")
    await pilot.press("enter")
    await type_text(pilot, "1 februarie 2027")
    await pilot.press("enter")


def test_an_unreadable_date_keeps_text_and_owner_and_says_what_it_expected(tmp_path):
    """Issue 16: '1 februari 2027' closed the dialog with an error; text and owner gone."""
    async def inner():
        folder, slug, app = session_app(tmp_path, team(3))
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_actions(pilot, app)
            await type_action_with_a_misspelt_date(pilot)
            await pilot.pause()
            assert isinstance(app.screen, FormDialog)
            assert form_value(app, "text") == "Ik bel de wijkagent"
            assert form_value(app, "owner") == "naam02"
            assert "datum" in form_feedback(app, "due").lower()
            assert app.focused is app.screen.query_one("#field-due", Input)
            assert app.workshop.card.actions == {}
            # Put right, the date is shown as understood, and the action is saved.
            await pilot.press(*["backspace"] * 6, *" 2027", "enter")
            await pilot.pause()
            assert app.screen is screen
            (action,) = app.workshop.card.actions.values()
            assert (action.text, action.owner, action.due) == (
                "Ik bel de wijkagent", "p02", date(2027, 2, 1))

    run(inner())


def test_collective_and_external_actions_take_a_free_text_owner(tmp_path):
    async def inner():
        folder, slug, app = session_app(tmp_path, team(3))
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_actions(pilot, app)
            await pilot.press("n", "3")
            await type_text(pilot, "Budget voor de buurtkamer")
            await pilot.press("enter")
            await type_text(pilot, "de wijkmanager")
            await pilot.pause()
            assert "de wijkmanager (geen deelnemer)" in form_feedback(app, "owner")
            await pilot.press("enter")
            await type_text(pilot, "1-2-2020")
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is screen
            (ours,) = app.workshop.card.actions.values()
            assert (ours.scope, ours.owner, ours.owner_text, ours.due) == (
                EXT, None, "de wijkmanager", date(2020, 2, 1))
            assert any("01-02-2020 ligt in het verleden" in m
                       for m in messages(app, "warning")), messages(app)
            assert cell(screen, ours.id, "owner") == "de wijkmanager"
            # An individual action is a participant's: free text is refused, kept, told.
            await pilot.press("n", "1")
            await type_text(pilot, "ik")
            await pilot.press("enter")
            await type_text(pilot, "de buurman")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, FormDialog)
            assert "Geen deelnemer gevonden" in form_feedback(app, "owner")
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen and len(app.workshop.card.actions) == 1
        stored = on_disk(folder, slug)
        assert stored.actions[ours.id].owner_text == "de wijkmanager"

    run(inner())


def test_a_long_action_wraps_in_the_width_of_the_screen(tmp_path):
    card = team(3)
    long_text = ("Ik ga met de dienst mee op pad en kijk hoe de uitvoering van de afspraken "
                 "over de hangplek bij het winkelcentrum in de praktijk gaat")
    card.put(Action("a1", IND, long_text, "b1", "p01"))

    async def inner():
        folder, slug, app = session_app(tmp_path, card)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_actions(pilot, app)
            table = screen.query_one(DataTable)
            assert cell(screen, "a1", "text") == long_text  # whole, not "diens…"
            assert table.rows["a1"].height > 1

    run(inner())


# -- 3. the review of open actions in bijeenkomst 2 ------------------------------------------------
def review_card() -> tuple[Card, dict[str, str]]:
    card = team(3)
    ids = {}

    def put(name: str, scope: ActionScope, owner: str | None, status=OPEN) -> None:
        ids[name] = f"a-{name}"
        card.put(Action(ids[name], scope, f"Actie {name}", "b1", owner, None, status))

    put("p1-a", IND, "p01")
    put("klaar", IND, "p02", GEDAAN)
    put("team", COL, None)
    put("extern", EXT, None, BEZIG)
    put("p3", IND, "p03")
    put("p1-b", IND, "p01")
    return card, ids


def test_review_of_open_actions_when_bijeenkomst_2_starts(tmp_path):
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
            assert choice_texts(app.screen)[-1].startswith("+ Nieuwe bijeenkomst")
            await pilot.press("end", "enter")
            await pilot.pause()
            assert isinstance(app.screen, FormDialog)  # date and location first
            await pilot.press("ctrl+s")
            await pilot.pause()
            # The review opens by itself.
            screen = app.screen
            assert isinstance(screen, ActionsScreen) and screen.review
            current = app.workshop.current
            assert current.number == 2
            header = static_text(screen, "#actions-header")
            assert "Terugblik" in header and "5 acties" in header
            # Per owner, the done one left out.
            assert row_keys(screen) == [ids["p1-a"], ids["p1-b"], ids["team"],
                                        ids["extern"], ids["p3"]]
            assert [cell(screen, k, "owner") for k in row_keys(screen)] == \
                ["Naam01", "Naam01", "Het team", "Extern", "Naam03"]
            assert [cell(screen, k, "status") for k in row_keys(screen)] == \
                ["open", "open", "open", "bezig", "open"]
            assert screen.focused_action().id == ids["p1-a"]

            await pilot.press("2")  # bezig
            await pilot.press("k")
            await pilot.pause()
            assert isinstance(app.screen, TextPrompt)
            await type_text(pilot, "twee keer gebeld")
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is screen
            assert cell(screen, ids["p1-a"], "note") == "twee keer gebeld"
            assert cell(screen, ids["p1-a"], "status") == "bezig"

            await cursor_to(pilot, screen, ids["p1-b"])
            await pilot.press("space")  # open -> bezig
            await pilot.pause()
            assert cell(screen, ids["p1-b"], "status") == "bezig"
            await cursor_to(pilot, screen, ids["team"])
            await pilot.press("3")  # gedaan
            await pilot.pause()
            await cursor_to(pilot, screen, ids["extern"])
            await pilot.press("space")  # bezig -> gedaan
            await pilot.pause()
            await cursor_to(pilot, screen, ids["p3"])
            await pilot.press("k")
            await pilot.pause()
            await type_text(pilot, "loopt")
            await pilot.press("enter")
            await pilot.pause()

            actions = app.workshop.card.actions
            assert {k: (actions[v].status, actions[v].note) for k, v in ids.items()} == {
                "p1-a": (BEZIG, "twee keer gebeld"), "klaar": (GEDAAN, None),
                "team": (GEDAAN, None), "extern": (GEDAAN, None), "p3": (OPEN, "loopt"),
                "p1-b": (BEZIG, None)}

            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is card_screen
            await palette(pilot, app, "Terugblik", "Terugblik acties")
            again = app.screen
            assert isinstance(again, ActionsScreen) and again.review
            assert row_keys(again) == [ids["p1-a"], ids["p1-b"], ids["p3"]]
            assert "3 acties" in static_text(again, "#actions-header")
            assert cell(again, ids["p3"], "note") == "loopt"
            assert [a.id for g in open_before(app.workshop.card, current.id)
                    for a in g.actions] == row_keys(again)
        stored = on_disk(folder, slug)
        assert {k: (stored.actions[v].status, stored.actions[v].note) for k, v in ids.items()} \
            == {k: (actions[v].status, actions[v].note) for k, v in ids.items()}
        assert len(stored.bijeenkomsten) == 2

    run(inner())


def test_switching_to_an_existing_later_bijeenkomst_only_mentions_the_review(tmp_path):
    card, ids = review_card()
    card.put(Bijeenkomst("b2", 2, date(2026, 11, 3)))

    async def inner():
        folder, slug, app = session_app(tmp_path, card)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.workshop.current_id == "b2"
            await pilot.press("b")
            await pilot.pause()
            await pilot.press("home", "enter")  # bijeenkomst 1: nothing earlier
            await pilot.pause()
            assert isinstance(app.screen, CardScreen)
            assert app.workshop.current_id == "b1"
            await pilot.press("b")
            await pilot.pause()
            await pilot.press("home", "down", "enter")  # back to bijeenkomst 2
            await pilot.pause()
            assert isinstance(app.screen, CardScreen)  # no screen pushed unasked
            assert app.workshop.current_id == "b2"
            assert any("5 actie(s) uit eerdere bijeenkomsten" in m for m in messages(app))

    run(inner())


# -- 4. an evaluation bijeenkomst on the demo session ----------------------------------------------
def test_evaluation_bijeenkomst_on_the_demo_shows_the_earlier_top_per_step(tmp_path):
    async def inner():
        folder = DataFolder(tmp_path / "data").ensure()
        app = KaartApp(folder)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            card_screen = app.screen
            assert isinstance(card_screen, CardScreen)
            workshop = app.workshop
            previous = workshop.current_id
            assert previous == "b2"
            await palette(pilot, app, "Evaluatie", "Evaluatiebijeenkomst starten")
            await pilot.press("ctrl+s")  # the form: today, no location
            await pilot.pause()
            current = workshop.current
            assert current.number == 3 and workshop.card.is_evaluation(current.id)
            # The demo has open actions: the review comes first.
            assert isinstance(app.screen, ActionsScreen) and app.screen.review
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is card_screen
            assert "Evaluatiekaart" in static_text(card_screen, "#card-header")

            evaluation = load_template("evaluatiekaart")
            session_template = load_template("partnerschapskaart")
            card = workshop.card
            for step in FILL_ORDER:
                column = card_screen.column(step)
                then = column.query_one(".step-then", Static)
                assert then.display
                lines = plain(then.content).strip().splitlines()
                expected = [f"{r.place_label}. {candidate_title(r.item)}" for r in
                            step_top(card, step, previous,
                                     session_template.step(step).top_n)]
                assert expected, step  # the demo has a top for every step
                assert lines == ["Toen gekozen:", *expected], step
                assert plain(column.query_one(".step-question", Static).content) == \
                    evaluation.step(step).question
                guiding = plain(column.query_one(".step-guiding", Static).content)
                assert guiding.splitlines() == [f"• {q}" for q in
                                                evaluation.step(step).guiding]
                # Nothing of the earlier bijeenkomsten among the entries.
                assert column.items.option_count == 0, step

            await pilot.press("a")
            await pilot.pause()
            await type_text(pilot, "nu beter")
            await pilot.press("enter", "enter")
            await pilot.pause()
            (entry,) = [e for e in card.entries.values() if e.bijeenkomst == current.id]
            assert entry.step is Step.WAARDEN and entry.text == "nu beter"
            items = card_screen.column(Step.WAARDEN).items
            assert [items.get_option_at_index(i).id for i in range(items.option_count)] \
                == [f"e:{entry.id}"]

            # Back in bijeenkomst 2: the ordinary card, all its entries, no "toen".
            await pilot.press("b")
            await pilot.pause()
            await pilot.press("home", "down", "enter")
            await pilot.pause()
            assert workshop.current_id == previous
            column = card_screen.column(Step.RELATIES)
            assert not column.query_one(".step-then", Static).display
            assert plain(column.query_one(".step-question", Static).content) == \
                session_template.step(Step.RELATIES).question
            assert "Evaluatiekaart" not in static_text(card_screen, "#card-header")
            assert card_screen.column(Step.WAARDEN).items.option_count > 1
        stored = on_disk(folder, DEMO_SLUG)
        assert [b.id for b in stored.bijeenkomsten.values() if b.evaluation] == [current.id]

    run(inner())


def test_a_broken_own_evaluation_template_is_told_when_the_evaluation_starts(tmp_path):
    """The README tells facilitators to reword the Evaluatiekaart; a typo in that file must
    not leave them wondering why their questions do not show."""
    folder = DataFolder(tmp_path / "data").ensure()
    folder.templates_dir.mkdir()
    own = folder.templates_dir / "evaluatiekaart.toml"
    own.write_text('id = "evaluatiekaart"\nname = "Eigen"\n[steps.waarden\n', "utf-8")

    async def inner():
        app = KaartApp(folder)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await palette(pilot, app, "Evaluatie", "Evaluatiebijeenkomst starten")
            await pilot.press("ctrl+s")  # the form: today, no location
            await pilot.pause()
            await pilot.press("escape")  # the review
            await pilot.pause()
            # The facilitator is told, naming the file and the line.
            assert any(str(own) in m and "regel 3" in m for m in messages(app, "error")), \
                messages(app)

    run(inner())


def test_a_refused_date_is_in_sight_on_a_small_terminal(tmp_path):
    """At 80x24 the form is taller than the screen: the refusal under the date field must
    still be visible, else the facilitator does not see why the form stays open."""
    async def inner():
        folder, slug, app = session_app(tmp_path, team(3))
        async with app.run_test(size=(80, 24)) as pilot:
            await open_actions(pilot, app)
            await type_action_with_a_misspelt_date(pilot)
            await pilot.pause()
            assert isinstance(app.screen, FormDialog)
            feedback = app.screen.query_one("#feedback-due")
            assert "datum" in plain(feedback.render()).lower()
            region = feedback.region
            assert region.height > 0 and 0 <= region.y and region.bottom <= 24, region

    run(inner())

"""Actions in step 5, their follow-up and the Evaluatiekaart (issue 6): domain rules, the
facilitator's own evaluation template, and what the session file keeps.
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from kaart_tui.bundle import card_from_data, card_to_data
from kaart_tui.domain import actions, operations
from kaart_tui.domain.changes import apply_to_card, invert
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
from kaart_tui.domain.steps import FILL_ORDER, Step
from kaart_tui.domain.templates import parse_template
from kaart_tui.errors import DomainError
from kaart_tui.template_files import OVERRIDE_FOLDER, load_template, load_with_override
from kaart_tui.workshop import Workshop

TODAY = date(2026, 11, 3)
IND, COL, EXT = ActionScope.INDIVIDUEEL, ActionScope.COLLECTIEF, ActionScope.EXTERN
OPEN, BEZIG, GEDAAN = ActionStatus.OPEN, ActionStatus.BEZIG, ActionStatus.GEDAAN
SHIPPED_EVALUATION = (resources.files("kaart_tui") / "templates"
                      / "evaluatiekaart.toml").read_text("utf-8")


# -- helpers ---------------------------------------------------------------------------------
def make_card(people: int = 4, meetings: int = 2, absent: tuple[str, ...] = ()) -> Card:
    """``people`` participants p1.., ``meetings`` bijeenkomsten b1..; everyone present in
    every bijeenkomst except the ids in ``absent`` (absent everywhere)."""
    card = Card(SessionInfo.create("Team Test", "Team Test"))
    for n in range(1, people + 1):
        card.put(Participant(f"p{n}", f"Persoon {n}", "Welzijn"))
    for n in range(1, meetings + 1):
        card.put(Bijeenkomst(f"b{n}", n, date(2026, n, 1)))
        for pid in card.participants:
            status = AttendanceStatus.AFWEZIG if pid in absent else AttendanceStatus.AANWEZIG
            card.put(Attendance(pid, f"b{n}", status))
    return card


def add(card: Card, scope: ActionScope, text: str, bijeenkomst: str = "b1",
        owner: str | None = None, due: date | None = None) -> Action:
    change = actions.add_action(card, scope, text, bijeenkomst, owner, due, today=TODAY)
    apply_to_card(card, change)
    return card.actions[change.focus]


def status(card: Card, action: Action, value: ActionStatus) -> None:
    apply_to_card(card, actions.set_status(card, action.id, value))


def regel(message: str) -> int:
    found = re.findall(r"regel (\d+)", message)
    assert len(found) == 1, message
    return int(found[0])


def line_number(text: str, line: str, after: str | None = None) -> int:
    """1-based number of the first line equal to ``line`` (after the line ``after``)."""
    lines = text.splitlines()
    start = lines.index(after) if after is not None else 0
    return next(i for i in range(start, len(lines)) if lines[i] == line) + 1


def replace_line_in(text: str, section: str, key: str, new: str | None) -> str:
    """Replace (or with None drop) the ``key = ...`` line inside ``[section]``."""
    lines = text.splitlines()
    start = lines.index(f"[{section}]")
    index = next(i for i in range(start, len(lines)) if lines[i].startswith(f"{key} ="))
    if new is None:
        del lines[index]
    else:
        lines[index] = new
    return "\n".join(lines) + "\n"


OWN_QUESTIONS = {step: f"Onze eigen vraag bij {step.value}: hoe staat het ervoor?"
                 for step in FILL_ORDER}


def own_evaluation_text() -> str:
    text = SHIPPED_EVALUATION
    for step, question in OWN_QUESTIONS.items():
        text = replace_line_in(text, f"steps.{step.value}", "question",
                               f'question = "{question}"')
    return text


# -- validation (the list) -------------------------------------------------------------
def test_an_individual_action_without_owner_is_refused_with_a_dutch_message():
    card = make_card()
    with pytest.raises(DomainError) as raised:
        actions.add_action(card, IND, "Ik bel de wijkagent", "b1", None, today=TODAY)
    assert "individuele actie is van een deelnemer" in raised.value.message
    assert card.actions == {}


def test_external_and_collective_actions_may_have_a_free_text_owner():
    """Issue 18: 'de wijkmanager', 'het hele team' are owners who are not participants."""
    card = make_card()
    change = actions.add_action(card, EXT, "Budget voor de buurtkamer", "b1", None,
                                today=TODAY, owner_text="  de wijkmanager ")
    action = change.put[0]
    assert (action.owner, action.owner_text) == (None, "de wijkmanager")
    apply_to_card(card, change)
    assert actions.owner_label(card, action) == "de wijkmanager"
    # A participant as owner wins over text; an individual action needs a participant.
    moved = actions.set_owner(card, action.id, "p1", "wordt niet bewaard").put[0]
    assert (moved.owner, moved.owner_text) == ("p1", None)
    with pytest.raises(DomainError, match="'de buurman' staat niet in de deelnemerslijst"):
        actions.add_action(card, IND, "Ik bel", "b1", None, today=TODAY,
                           owner_text="de buurman")


def test_a_due_date_in_the_past_is_accepted_with_a_warning():
    card = make_card()
    change = actions.add_action(card, IND, "Ik bel de wijkagent", "b1", "p1",
                                date(2026, 10, 1), today=TODAY)
    assert change.warnings == ("Let op: de datum 01-10-2026 ligt in het verleden.",)
    apply_to_card(card, change)
    stored = card.actions[change.focus]
    assert stored.due == date(2026, 10, 1) and stored.owner == "p1" and stored.status is OPEN


def test_a_due_date_today_or_later_gives_no_warning():
    card = make_card()
    for due in (TODAY, date(2027, 1, 1), None):
        assert actions.add_action(card, IND, "x", "b1", "p1", due, today=TODAY).warnings == ()


def test_set_due_in_the_past_warns_too():
    card = make_card()
    action = add(card, COL, "We maken een jaarplan")
    change = actions.set_due(card, action.id, date(2025, 1, 1), today=TODAY)
    assert change.warnings and "01-01-2025" in change.warnings[0]
    apply_to_card(card, change)
    assert card.actions[action.id].due == date(2025, 1, 1)


@pytest.mark.parametrize("scope", [IND, COL, EXT])
def test_an_unknown_owner_is_refused(scope):
    card = make_card()
    with pytest.raises(DomainError) as raised:
        actions.add_action(card, scope, "Iets doen", "b1", "p-bestaat-niet", today=TODAY)
    assert "eigenaar" in raised.value.message


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_action_text_is_refused(text):
    card = make_card()
    with pytest.raises(DomainError) as raised:
        actions.add_action(card, COL, text, "b1", today=TODAY)
    assert "leeg" in raised.value.message
    action = add(card, COL, "Echt iets")
    with pytest.raises(DomainError):
        actions.edit_action(card, action.id, text)


def test_an_action_in_an_unknown_bijeenkomst_is_refused():
    with pytest.raises(DomainError):
        actions.add_action(make_card(), COL, "Iets", "b-weg", today=TODAY)


@pytest.mark.parametrize("scope", [COL, EXT])
def test_collective_and_external_actions_need_no_owner(scope):
    card = make_card()
    action = add(card, scope, "Gemeente om budget vragen")
    assert action.owner is None and action.scope is scope and action.bijeenkomst == "b1"


def test_set_owner_none_on_an_individual_action_is_refused_but_allowed_on_collective():
    card = make_card()
    mine = add(card, IND, "Ik doe iets", owner="p1")
    with pytest.raises(DomainError):
        actions.set_owner(card, mine.id, None)
    with pytest.raises(DomainError):
        actions.set_owner(card, mine.id, "p-onbekend")
    apply_to_card(card, actions.set_owner(card, mine.id, "p2"))
    assert card.actions[mine.id].owner == "p2"
    ours = add(card, COL, "Wij doen iets", owner="p1")
    apply_to_card(card, actions.set_owner(card, ours.id, None))
    assert card.actions[ours.id].owner is None


def test_status_cycle_and_set_status():
    assert actions.next_status(OPEN) is BEZIG
    assert actions.next_status(BEZIG) is GEDAAN
    assert actions.next_status(GEDAAN) is OPEN
    card = make_card()
    action = add(card, COL, "Wij doen iets")
    status(card, action, GEDAAN)
    assert card.actions[action.id].status is GEDAAN
    assert card.actions[action.id].text == "Wij doen iets"  # nothing else changed


def test_set_note_and_an_empty_note_clears_it():
    card = make_card()
    action = add(card, IND, "Ik doe iets", owner="p1")
    apply_to_card(card, actions.set_note(card, action.id, "  Twee keer gebeld  "))
    assert card.actions[action.id].note == "Twee keer gebeld"
    apply_to_card(card, actions.set_note(card, action.id, "   "))
    assert card.actions[action.id].note is None
    apply_to_card(card, actions.set_note(card, action.id, "weer"))
    apply_to_card(card, actions.set_note(card, action.id, None))
    assert card.actions[action.id].note is None


def test_delete_and_its_inverse_bring_the_action_back_in_its_place():
    card = make_card()
    made = [add(card, IND, f"Actie {n}", owner="p1") for n in range(3)]
    apply_to_card(card, actions.set_note(card, made[1].id, "notitie"))
    before = dict(card.actions)
    change = actions.delete_action(card, made[1].id)
    inverse = invert(change, card)
    apply_to_card(card, change)
    assert made[1].id not in card.actions
    apply_to_card(card, inverse)
    assert list(card.actions) == list(before)
    assert card.actions == before
    with pytest.raises(DomainError):
        actions.delete_action(card, "a-bestaat-niet")


# -- who has no individual action yet ------------------------------------------------------------
def test_without_individual_action_counts_only_present_and_only_this_bijeenkomst():
    card = make_card(people=5, absent=("p5",))
    card.put(Attendance("p4", "b2", AttendanceStatus.AFWEZIG))
    ids = lambda b: [p.id for p in actions.without_individual_action(card, b)]  # noqa: E731
    assert ids("b2") == ["p1", "p2", "p3"]
    # An individual action of an earlier bijeenkomst does not count for this one.
    add(card, IND, "Vorige keer", "b1", owner="p1")
    # Collective and external actions with an owner do not count either.
    add(card, COL, "Samen", "b2", owner="p2")
    add(card, EXT, "Anderen", "b2", owner="p2")
    assert ids("b2") == ["p1", "p2", "p3"]
    assert ids("b1") == ["p2", "p3", "p4"]
    add(card, IND, "Nu", "b2", owner="p2")
    assert ids("b2") == ["p1", "p3"]
    # An absent person's action is fine but changes nothing in the check.
    add(card, IND, "Afwezig maar toch", "b2", owner="p5")
    assert ids("b2") == ["p1", "p3"]


def test_without_individual_action_goes_to_zero_when_each_present_person_has_one():
    card = make_card(people=10, meetings=1, absent=("p10",))
    assert len(actions.without_individual_action(card, "b1")) == 9
    for n in range(1, 10):
        add(card, IND, f"Actie {n}", owner=f"p{n}")
        assert len(actions.without_individual_action(card, "b1")) == 9 - n
    assert actions.without_individual_action(card, "b1") == []


def test_nobody_present_means_nobody_listed():
    card = make_card(people=3, meetings=1, absent=("p1", "p2", "p3"))
    assert actions.without_individual_action(card, "b1") == []


# -- the review of open actions --------------------------------------------------------------------
def test_open_before_lists_only_earlier_not_done_actions_grouped_per_owner():
    card = make_card(people=3, meetings=3)
    a1 = add(card, IND, "p1 eerst", "b1", owner="p1")
    done = add(card, IND, "p2 klaar", "b1", owner="p2")
    status(card, done, GEDAAN)
    team = add(card, COL, "Wij samen", "b1")
    ext = add(card, EXT, "Gemeente vragen", "b2")
    status(card, ext, BEZIG)
    team_owned = add(card, COL, "Wij, door p3", "b2", owner="p3")
    a1b = add(card, IND, "p1 later", "b2", owner="p1")
    now = add(card, IND, "deze keer", "b3", owner="p2")
    later = add(card, COL, "Nog later", "b3")

    groups = actions.open_before(card, "b3")
    as_ids = [(g.label, [a.id for a in g.actions]) for g in groups]
    assert as_ids == [("Persoon 1", [a1.id, a1b.id]), ("Het team", [team.id]),
                      ("Extern", [ext.id]), ("Persoon 3", [team_owned.id])]
    listed = {a.id for g in groups for a in g.actions}
    assert done.id not in listed and now.id not in listed and later.id not in listed
    # In bijeenkomst 2 only bijeenkomst 1 is earlier.
    assert [(g.label, [a.id for a in g.actions]) for g in actions.open_before(card, "b2")] \
        == [("Persoon 1", [a1.id]), ("Het team", [team.id])]
    assert actions.open_before(card, "b1") == []
    # Done in the review: gone from it.
    status(card, a1, GEDAAN)
    status(card, a1b, GEDAAN)
    assert "Persoon 1" not in [g.label for g in actions.open_before(card, "b3")]


# -- evaluation bijeenkomsten ----------------------------------------------------------------------
def test_is_evaluation_and_looked_back_on_skips_earlier_evaluations():
    card = make_card(meetings=4)
    for key in ("b3", "b4"):
        card.put(dataclasses.replace(card.bijeenkomsten[key], evaluation=True))
    assert not card.is_evaluation("b1")
    assert card.is_evaluation("b3") and card.is_evaluation("b4")
    assert not card.is_evaluation(None)
    assert actions.looked_back_on(card, "b4") == "b2"
    assert actions.looked_back_on(card, "b3") == "b2"
    assert actions.looked_back_on(card, "b2") == "b1"
    assert actions.looked_back_on(card, "b1") is None


# -- the facilitator's own evaluation template -----------------------------------------------------
def write_own(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "evaluatiekaart.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_custom_evaluation_template_file_loads_with_its_questions(tmp_path):
    write_own(tmp_path, own_evaluation_text())
    template, problem = load_with_override("evaluatiekaart", tmp_path)
    assert problem is None
    for step in FILL_ORDER:
        assert template.step(step).question == OWN_QUESTIONS[step]
    # Only the evaluation template is overridden by that file.
    other, problem = load_with_override("partnerschapskaart", tmp_path)
    assert problem is None and other == load_template("partnerschapskaart")


def test_without_an_own_file_the_shipped_template_is_used(tmp_path):
    assert load_with_override("evaluatiekaart", tmp_path) == (load_template("evaluatiekaart"),
                                                             None)
    assert load_with_override("evaluatiekaart", None) == (load_template("evaluatiekaart"), None)


def _broken_cases() -> list:
    shipped = SHIPPED_EVALUATION
    relaties_header = line_number(shipped, "[steps.relaties]")
    cases = []
    # TOML syntax: an unterminated string in the question of step 2.
    question = 'question = "Hoe delen we nu kennis en zeggenschap?"'
    syntax = shipped.replace(question, 'question = "Hoe delen we nu kennis')
    cases.append(pytest.param(syntax, line_number(shipped, question), id="syntax"))
    # A top 9: more than the card allows.
    top9 = replace_line_in(shipped, "steps.relaties", "top_n", "top_n = 9")
    cases.append(pytest.param(top9, line_number(top9, "top_n = 9"), id="top_n-9"))
    # The question of step 2 left out: the message points at the [steps.relaties] table.
    missing = replace_line_in(shipped, "steps.relaties", "question", None)
    cases.append(pytest.param(missing, relaties_header, id="missing-question"))
    # A typo in a key.
    typo = shipped.replace("[steps.handelen]\nname =", "[steps.handelen]\nnaam =")
    cases.append(pytest.param(typo, line_number(typo, "[steps.handelen]") + 1, id="typo-key"))
    return cases


@pytest.mark.parametrize("text,line", _broken_cases())
def test_a_broken_own_template_is_refused_naming_file_and_line(tmp_path, text, line):
    assert text != SHIPPED_EVALUATION
    path = write_own(tmp_path, text)
    template, problem = load_with_override("evaluatiekaart", tmp_path)
    assert template == load_template("evaluatiekaart")  # the shipped wording, not a half one
    assert problem is not None
    assert str(path) in problem
    assert regel(problem) == line, problem
    assert "ingebouwde sjabloon" in problem


def test_a_header_with_a_comment_still_gives_the_line(tmp_path):
    text = replace_line_in(SHIPPED_EVALUATION, "steps.relaties", "top_n", "top_n = 9")
    text = text.replace("[steps.relaties]\n", "[steps.relaties]  # stap 2\n")
    parse_template(text.replace("top_n = 9", "top_n = 3"), "ok.toml")  # valid TOML
    write_own(tmp_path, text)
    _, problem = load_with_override("evaluatiekaart", tmp_path)
    assert problem is not None
    assert regel(problem) == line_number(text, "top_n = 9")


def test_an_unreadable_own_file_is_refused_with_a_message(tmp_path):
    path = tmp_path / "evaluatiekaart.toml"
    path.write_bytes(b"\xff\xfe\x00kapot")
    template, problem = load_with_override("evaluatiekaart", tmp_path)
    assert template == load_template("evaluatiekaart")
    assert problem is not None and str(path) in problem


# -- the session file and the bundle ---------------------------------------------------------------
def test_an_action_note_is_kept_in_the_session_file_and_in_the_bundle(data_folder,
                                                                       demo_card):
    store = data_folder.create(demo_card)
    slug = store.name
    workshop = Workshop(store)
    workshop.apply(actions.set_note(workshop.card, "a-03", "Deskundige gevonden via GGD"))
    workshop.apply(actions.set_status(workshop.card, "a-03", BEZIG))
    workshop.close()

    reopened = data_folder.open(slug)
    card = reopened.load()
    reopened.close()
    assert card.actions["a-03"].note == "Deskundige gevonden via GGD"
    assert card.actions["a-03"].status is BEZIG
    assert "Deskundige gevonden via GGD" in data_folder.session_path(slug).read_text("utf-8")

    data = card_to_data(card)
    noted = next(a for a in data["actions"] if a["id"] == "a-03")
    assert noted["note"] == "Deskundige gevonden via GGD" and noted["status"] == "bezig"
    again = card_from_data(json.loads(json.dumps(data)))
    assert card_to_data(again) == data
    assert again.actions["a-03"].note == "Deskundige gevonden via GGD"


def start_evaluation(workshop: Workshop, day: date, location: str | None = None):
    applied = workshop.apply(operations.add_bijeenkomst(workshop.card, day, location,
                                                        evaluation=True))
    return workshop.switch_to(applied.focus)


def evaluations(card) -> list[str]:
    return [b.id for b in card.bijeenkomsten_in_order() if b.evaluation]


def test_evaluations_survive_reopening(data_folder, demo_card):
    store = data_folder.create(demo_card)
    slug = store.name
    workshop = Workshop(store)
    first = start_evaluation(workshop, date(2027, 5, 18), "Wijkcentrum")
    workshop.close()
    reopened = data_folder.open(slug)
    workshop = Workshop(reopened)
    try:
        assert evaluations(workshop.card) == [first.id]
        assert workshop.current_id == first.id  # the latest bijeenkomst
        assert workshop.current_template.id == "evaluatiekaart"
        second = start_evaluation(workshop, date(2027, 11, 1))
        assert evaluations(workshop.card) == [first.id, second.id]
    finally:
        workshop.close()
    store = data_folder.open(slug, read_only=True)
    assert evaluations(store.load()) == [first.id, second.id]
    store.close()


def test_undo_of_a_new_evaluation_leaves_no_trace_in_the_session_file(data_folder,
                                                                       demo_card):
    """Issue 14: the evaluation's id stayed behind in the settings, on disk too."""
    workshop = Workshop(data_folder.create(demo_card))
    try:
        before = data_folder.session_path(workshop.name).read_bytes()
        new = start_evaluation(workshop, date(2027, 5, 18))
        assert new.id.encode() in data_folder.session_path(workshop.name).read_bytes()
        workshop.undo()
        assert data_folder.session_path(workshop.name).read_bytes() == before
        assert workshop.current_id == "b2"
    finally:
        workshop.close()


def test_an_evaluation_cannot_come_before_what_it_looks_back_on(demo_card):
    with pytest.raises(DomainError, match="op of na"):
        operations.add_bijeenkomst(demo_card, date(2020, 1, 1), evaluation=True)
    empty = make_card(meetings=0)
    with pytest.raises(DomainError, match="nog geen bijeenkomst"):
        operations.add_bijeenkomst(empty, date(2027, 1, 1), evaluation=True)


# -- the Workshop ----------------------------------------------------------------------------------
def test_start_evaluation_marks_the_new_bijeenkomst_and_uses_the_evaluation_texts(
        data_folder, demo_card):
    workshop = Workshop(data_folder.create(demo_card),
                        templates_dir=data_folder.templates_dir)
    try:
        before = set(workshop.card.bijeenkomsten)
        new = start_evaluation(workshop, date(2027, 5, 18))
        assert new.id not in before and new.number == 3
        assert workshop.current_id == new.id
        assert workshop.card.is_evaluation(new.id)
        assert not workshop.card.is_evaluation("b2")
        assert workshop.template_for(new.id) == load_template("evaluatiekaart")
        assert workshop.template_for("b2") == load_template("partnerschapskaart")
        assert workshop.current_template.id == "evaluatiekaart"
        assert actions.looked_back_on(workshop.card, new.id) == "b2"
        assert workshop.template_problems == []
    finally:
        workshop.close()


def test_an_own_evaluation_template_in_the_data_folder_is_used(data_folder, demo_card):
    assert data_folder.templates_dir == data_folder.root / OVERRIDE_FOLDER
    write_own(data_folder.templates_dir, own_evaluation_text())
    workshop = Workshop(data_folder.create(demo_card),
                        templates_dir=data_folder.templates_dir)
    try:
        new = start_evaluation(workshop, date(2027, 5, 18))
        template = workshop.template_for(new.id)
        assert [template.step(s).question for s in FILL_ORDER] == \
            [OWN_QUESTIONS[s] for s in FILL_ORDER]
        # The ordinary bijeenkomsten keep the Partnerschapskaart.
        assert workshop.template_for("b1").step(Step.RELATIES).question == \
            load_template("partnerschapskaart").step(Step.RELATIES).question
        assert workshop.template_problems == []
    finally:
        workshop.close()


def test_a_broken_own_evaluation_template_ends_up_in_template_problems(data_folder,
                                                                        demo_card):
    text = replace_line_in(SHIPPED_EVALUATION, "steps.relaties", "top_n", "top_n = 9")
    path = write_own(data_folder.templates_dir, text)
    workshop = Workshop(data_folder.create(demo_card),
                        templates_dir=data_folder.templates_dir)
    try:
        new = start_evaluation(workshop, date(2027, 5, 18))
        assert workshop.template_for(new.id) == load_template("evaluatiekaart")
        assert len(workshop.template_problems) == 1
        problem = workshop.template_problems[0]
        assert str(path) in problem
        assert regel(problem) == line_number(text, "top_n = 9")
        workshop.template_for(new.id)
        assert len(workshop.template_problems) == 1  # reported once, not per redraw
    finally:
        workshop.close()

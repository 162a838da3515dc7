"""Records, text cleaning, steps, the Card, and whole-card integrity."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from kaart_tui.domain.integrity import check_card
from kaart_tui.domain.model import (
    MAX_TEXT_LENGTH,
    Action,
    ActionScope,
    Attendance,
    AttendanceStatus,
    Bijeenkomst,
    Card,
    Entry,
    Participant,
    Score,
    SessionInfo,
    Theme,
    Vote,
    clean_text,
)
from kaart_tui.domain.steps import FILL_ORDER, PAPER_ORDER, Step
from kaart_tui.errors import DomainError, KaartError


# -- clean_text -------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["", "   ", "\n\n", " \t \r\n ", "\x00\x07"])
def test_clean_text_refuses_empty_text_in_dutch(text: str) -> None:
    with pytest.raises(DomainError) as raised:
        clean_text(text, "De titel")
    assert "De titel" in raised.value.message
    assert "leeg" in raised.value.message


def test_clean_text_error_is_a_kaart_error() -> None:
    with pytest.raises(KaartError):
        clean_text("")


def test_clean_text_accepts_a_pasted_paragraph_of_5000_characters_unchanged() -> None:
    sentence = "Samen optrekken in de wijk, ook als het schuurt; één doel.\n"
    paragraph = (sentence * 100)[:4999] + "."
    assert len(paragraph) == 5000
    assert clean_text(paragraph) == paragraph


def test_clean_text_accepts_exactly_the_maximum() -> None:
    text = "a" * MAX_TEXT_LENGTH
    assert MAX_TEXT_LENGTH == 10_000
    assert clean_text(text) == text


def test_clean_text_refuses_more_than_10000_characters() -> None:
    with pytest.raises(DomainError) as raised:
        clean_text("a" * 10_001, "De bijdrage")
    message = raised.value.message
    assert "De bijdrage" in message
    assert "10.001" in message and "10.000" in message


def test_clean_text_counts_length_after_cleaning() -> None:
    # Surrounding whitespace and control characters do not count towards the limit.
    text = "  " + "a" * MAX_TEXT_LENGTH + "\x00\x00  "
    assert clean_text(text) == "a" * MAX_TEXT_LENGTH


def test_clean_text_drops_control_characters_but_keeps_newlines() -> None:
    assert clean_text("een\x00 twee\x07\ndrie\x1b[0m\x7f") == "een twee\ndrie[0m"


def test_clean_text_turns_tabs_into_spaces() -> None:
    assert clean_text("a\tb") == "a b"


def test_clean_text_keeps_emoji_and_accents() -> None:
    text = "Bewoners 👍 betrekken: één café, naïef 👩‍👩‍👧 en 🇳🇱"
    assert clean_text(text) == text


@pytest.mark.parametrize(("raw", "cleaned"), [
    ("regel 1\r\nregel 2", "regel 1\nregel 2"),
    ("regel 1\rregel 2", "regel 1\nregel 2"),
    ("a\r\n\r\nb", "a\n\nb"),
])
def test_clean_text_normalises_line_endings(raw: str, cleaned: str) -> None:
    assert clean_text(raw) == cleaned


def test_clean_text_single_line_turns_newlines_into_spaces() -> None:
    assert clean_text("Gemeente\r\nZwolle", multiline=False) == "Gemeente Zwolle"


def test_clean_text_strips_surrounding_whitespace() -> None:
    assert clean_text("  \n tekst \n ") == "tekst"


def test_clean_text_refuses_non_text() -> None:
    with pytest.raises(DomainError) as raised:
        clean_text(12, "De titel")  # type: ignore[arg-type]
    assert "De titel" in raised.value.message


def test_clean_text_too_long_message_keeps_the_item_name_intact() -> None:
    with pytest.raises(DomainError) as raised:
        clean_text("a" * 10_001, "Bijdrage 'e,1'")
    assert "'e,1'" in raised.value.message


# -- SessionInfo ------------------------------------------------------------------------------
def test_session_info_create_cleans_its_texts() -> None:
    info = SessionInfo.create("  Verslag\nKamperpoort ", "Kamperpoort", wijk="  ",
                              facilitators=["Anna ", " Bert"], opdrachtgever="",
                              template="evaluatiekaart")
    assert info.title == "Verslag Kamperpoort"
    assert info.wijk is None
    assert info.opdrachtgever is None
    assert info.facilitators == ("Anna", "Bert")
    assert info.template == "evaluatiekaart"


def test_session_info_refuses_an_unknown_template() -> None:
    with pytest.raises(DomainError) as raised:
        SessionInfo.create("Titel", "Team", template="kwartetkaart")
    message = raised.value.message
    assert "kwartetkaart" in message
    assert "partnerschapskaart" in message and "evaluatiekaart" in message


def test_session_info_refuses_an_empty_team_name() -> None:
    with pytest.raises(DomainError) as raised:
        SessionInfo.create("Titel", "  ")
    assert "teamnaam" in raised.value.message


def test_session_info_refuses_a_title_over_200_characters() -> None:
    with pytest.raises(DomainError) as raised:
        SessionInfo.create("x" * 201, "Team")
    assert "titel" in raised.value.message


def test_session_info_refuses_an_empty_facilitator_name() -> None:
    with pytest.raises(DomainError) as raised:
        SessionInfo.create("Titel", "Team", facilitators=["Anna", " "])
    assert "procesbegeleider" in raised.value.message


# -- Step -------------------------------------------------------------------------------------
def test_step_numbers_follow_the_fill_order() -> None:
    assert [(s.value, s.number) for s in FILL_ORDER] == [
        ("waarden", 1), ("relaties", 2), ("handelen", 3), ("voorwaarden", 4), ("acties", 5),
    ]
    for step in Step:
        assert Step.from_number(step.number) is step


def test_paper_order_reads_acties_to_waarden() -> None:
    assert PAPER_ORDER == (Step.ACTIES, Step.VOORWAARDEN, Step.HANDELEN, Step.RELATIES,
                           Step.WAARDEN)
    assert [s.number for s in PAPER_ORDER] == [5, 4, 3, 2, 1]


# -- Card -------------------------------------------------------------------------------------
def empty_card() -> Card:
    return Card(SessionInfo.create("Titel", "Team"))


def test_card_put_keeps_insertion_order_and_replacing_keeps_the_place() -> None:
    card = empty_card()
    for pid in ("p1", "p2", "p3"):
        card.put(Participant(pid, pid, "Travers"))
    card.put(Participant("p2", "Nieuwe naam", "Gemeente"))
    assert list(card.participants) == ["p1", "p2", "p3"]
    assert card.participants["p2"].name == "Nieuwe naam"
    assert card.organisations() == ["Travers", "Gemeente"]


def test_card_remove_and_put_again_goes_to_the_end() -> None:
    card = empty_card()
    for tid in ("t1", "t2", "t3"):
        card.put(Theme(tid, Step.WAARDEN, tid, "b1"))
    removed = card.themes["t2"]
    card.remove(removed)
    assert list(card.themes) == ["t1", "t3"]
    card.put(removed)
    assert list(card.themes) == ["t1", "t3", "t2"]


def test_card_remove_of_a_missing_record_does_nothing() -> None:
    card = empty_card()
    card.put(Participant("p1", "A", "Travers"))
    card.remove(Participant("p9", "B", "Travers"))
    assert list(card.participants) == ["p1"]


def test_card_attendance_and_scores_are_keyed_by_participant_and_bijeenkomst() -> None:
    card = empty_card()
    card.put(Attendance("p1", "b1", AttendanceStatus.AANWEZIG))
    card.put(Attendance("p1", "b2", AttendanceStatus.AFWEZIG))
    card.put(Attendance("p1", "b1", AttendanceStatus.AFWEZIG))
    assert list(card.attendance) == [("p1", "b1"), ("p1", "b2")]
    assert card.status("p1", "b1") is AttendanceStatus.AFWEZIG
    assert card.status("p2", "b1") is AttendanceStatus.ONBEKEND
    card.put(Score("p1", "b1", 6))
    card.put(Score("p1", "b1", 7))
    assert list(card.scores.values()) == [Score("p1", "b1", 7)]
    card.remove(Attendance("p1", "b1", AttendanceStatus.AANWEZIG))  # status does not matter
    assert list(card.attendance) == [("p1", "b2")]


def test_card_records_go_to_their_own_collection() -> None:
    card = empty_card()
    records = [
        Participant("x", "A", "Travers"),
        Bijeenkomst("x", 1, date(2026, 1, 1)),
        Theme("x", Step.WAARDEN, "T", "x"),
        Entry("x", Step.WAARDEN, "E", "x"),
        Vote("x", "x", 1, theme="x"),
        Action("x", ActionScope.COLLECTIEF, "A", "x"),
    ]
    for record in records:
        card.put(record)
    assert list(card.records()) == records
    assert card.entries["x"] is records[3]
    assert card.themes["x"] is records[2]


def test_card_bijeenkomsten_in_order_and_up_to() -> None:
    card = empty_card()
    card.put(Bijeenkomst("b3", 3, date(2027, 1, 1)))
    card.put(Bijeenkomst("b1", 1, date(2026, 1, 1)))
    card.put(Bijeenkomst("b2", 2, date(2026, 6, 1)))
    assert [b.id for b in card.bijeenkomsten_in_order()] == ["b1", "b2", "b3"]
    assert card.latest_bijeenkomst().id == "b3"
    assert [b.id for b in card.bijeenkomsten_up_to("b2")] == ["b1", "b2"]
    assert card.bijeenkomsten["b2"].label == "Bijeenkomst 2"
    assert empty_card().latest_bijeenkomst() is None


def test_card_average_score() -> None:
    card = empty_card()
    card.put(Score("p1", "b1", 6))
    card.put(Score("p2", "b1", 7))
    card.put(Score("p1", "b2", 9))
    assert card.average_score("b1") == 6.5
    assert card.average_score("b3") is None


# -- check_card -------------------------------------------------------------------------------
def valid_card() -> Card:
    card = empty_card()
    card.put(Participant("p1", "Anna", "Travers"))
    card.put(Bijeenkomst("b1", 1, date(2026, 10, 6)))
    card.put(Attendance("p1", "b1", AttendanceStatus.AANWEZIG))
    card.put(Theme("t1", Step.HANDELEN, "Samen leren", "b1"))
    card.put(Entry("e1", Step.HANDELEN, "Evalueren", "b1", "p1", "t1"))
    card.put(Entry("e2", Step.HANDELEN, "Los punt", "b1", None, None))
    card.put(Vote("v1", "b1", 2, "p1", theme="t1"))
    card.put(Vote("v2", "b1", 1, None, entry="e2"))
    card.put(Action("a1", ActionScope.INDIVIDUEEL, "Ik bel", "b1", "p1", date(2026, 11, 1)))
    card.put(Score("p1", "b1", 6))
    return card


def test_check_card_accepts_a_consistent_card(demo_card: Card) -> None:
    check_card(valid_card())
    check_card(demo_card)


def _with(card: Card, record) -> Card:
    card.put(record)
    return card


BROKEN = [
    # (what is broken, how, words the message must contain)
    ("attendance -> deelnemer",
     lambda c: _with(c, Attendance("p-weg", "b1", AttendanceStatus.AANWEZIG)), ["p-weg"]),
    ("attendance -> bijeenkomst",
     lambda c: _with(c, Attendance("p1", "b-weg", AttendanceStatus.AFWEZIG)), ["b-weg"]),
    ("theme -> bijeenkomst",
     lambda c: _with(c, Theme("t9", Step.WAARDEN, "T", "b-weg")), ["t9", "b-weg"]),
    ("entry -> bijeenkomst",
     lambda c: _with(c, Entry("e9", Step.WAARDEN, "E", "b-weg")), ["e9", "b-weg"]),
    ("entry -> participant",
     lambda c: _with(c, Entry("e9", Step.WAARDEN, "E", "b1", "p-weg")), ["e9", "p-weg"]),
    ("entry -> theme",
     lambda c: _with(c, Entry("e9", Step.HANDELEN, "E", "b1", None, "t-weg")), ["e9", "t-weg"]),
    ("entry in a theme of another step",
     lambda c: _with(c, Entry("e9", Step.WAARDEN, "E", "b1", None, "t1")),
     ["e9", "t1", "waarden", "handelen"]),
    ("vote -> theme",
     lambda c: _with(c, Vote("v9", "b1", 1, theme="t-weg")), ["t-weg"]),
    ("vote -> entry",
     lambda c: _with(c, Vote("v9", "b1", 1, entry="e-weg")), ["e-weg"]),
    ("vote -> bijeenkomst",
     lambda c: _with(c, Vote("v9", "b-weg", 1, theme="t1")), ["t1", "b-weg"]),
    ("vote -> participant",
     lambda c: _with(c, Vote("v9", "b1", 1, "p-weg", theme="t1")), ["t1", "p-weg"]),
    ("vote on both",
     lambda c: _with(c, Vote("v9", "b1", 1, theme="t1", entry="e2")), ["t1", "precies"]),
    ("vote count 0",
     lambda c: _with(c, Vote("v9", "b1", 0, theme="t1")), ["t1", "aantal 0"]),
    ("action -> owner",
     lambda c: _with(c, Action("a9", ActionScope.INDIVIDUEEL, "A", "b1", "p-weg")),
     ["a9", "p-weg"]),
    ("action -> bijeenkomst",
     lambda c: _with(c, Action("a9", ActionScope.EXTERN, "A", "b-weg")), ["a9", "b-weg"]),
    ("score -> participant",
     lambda c: _with(c, Score("p-weg", "b1", 5)), ["p-weg"]),
    ("score -> bijeenkomst",
     lambda c: _with(c, Score("p1", "b-weg", 5)), ["b-weg"]),
    ("score 0", lambda c: _with(c, Score("p1", "b1", 0)), ["p1", "b1", "0"]),
    ("score 11", lambda c: _with(c, Score("p1", "b1", 11)), ["p1", "b1", "11"]),
    ("bijeenkomst number 0",
     lambda c: _with(c, Bijeenkomst("b0", 0, date(2026, 1, 1))), ["b0"]),
    ("two bijeenkomsten with one number",
     lambda c: _with(c, Bijeenkomst("b-dubbel", 1, date(2026, 1, 1))), ["b1", "b-dubbel"]),
]


@pytest.mark.parametrize(("case", "break_it", "words"), BROKEN, ids=[b[0] for b in BROKEN])
def test_check_card_refuses_each_broken_item_naming_it(case, break_it, words) -> None:
    card = break_it(valid_card())
    with pytest.raises(DomainError) as raised:
        check_card(card)
    for word in words:
        assert word in raised.value.message, (case, raised.value.message)


def test_check_card_refuses_a_vote_on_neither_theme_nor_entry() -> None:
    card = _with(valid_card(), Vote("v9", "b1", 1))
    with pytest.raises(DomainError) as raised:
        check_card(card)
    assert "precies" in raised.value.message


def test_check_card_message_for_a_vote_without_target_shows_no_python_none() -> None:
    card = _with(valid_card(), Vote("v9", "b1", 1))
    with pytest.raises(DomainError) as raised:
        check_card(card)
    assert "None" not in raised.value.message


def test_check_card_still_accepts_a_changed_but_valid_record() -> None:
    card = valid_card()
    card.put(replace(card.entries["e1"], theme=None))
    card.put(Vote("v3", "b1", 3, None, entry="e1"))
    check_card(card)

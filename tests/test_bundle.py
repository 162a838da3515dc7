"""The kaart-bundle (JSON exchange format, version 3): round trip and every refusal."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Callable

import pytest
from conftest import DEMO_BUNDLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaart_tui.bundle import BundleError, bundle_text, card_from_data, card_to_data, read_bundle
from kaart_tui.codec import CODECS
from kaart_tui.domain.model import (
    TEMPLATES,
    Action,
    ActionScope,
    ActionStatus,
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
from kaart_tui.domain.steps import Step
from kaart_tui.errors import KaartError

ORIGINAL = json.loads(DEMO_BUNDLE.read_text(encoding="utf-8"))
TOP_LEVEL_KEYS = ("format", "version", "session", *CODECS, "labels")


def demo() -> dict[str, Any]:
    return copy.deepcopy(ORIGINAL)


def refused(data: Any) -> str:
    with pytest.raises(BundleError) as raised:
        card_from_data(data)
    return raised.value.message


def first(data: dict, collection: str, **match: Any) -> dict:
    return next(item for item in data[collection]
                if all(item.get(k) == v for k, v in match.items()))


# -- round trip -------------------------------------------------------------------------------
def test_demo_bundle_round_trips_exactly() -> None:
    card = read_bundle(DEMO_BUNDLE)
    assert card_to_data(card) == ORIGINAL


def test_demo_bundle_text_reads_back_to_the_same_data(demo_card: Card) -> None:
    text = bundle_text(demo_card)
    assert text.endswith("\n")
    assert "één" in text  # written as UTF-8, not as \\u escapes
    assert json.loads(text) == ORIGINAL
    assert card_to_data(card_from_data(json.loads(text))) == ORIGINAL


def test_demo_bundle_keys_are_in_the_documented_order(demo_card: Card) -> None:
    data = card_to_data(demo_card)
    assert tuple(data) == TOP_LEVEL_KEYS
    assert list(data["entries"][0]) == ["id", "step", "text", "bijeenkomst", "participant",
                                        "theme"]
    assert list(data["votes"][0]) == ["id", "theme", "entry", "bijeenkomst", "participant",
                                      "count"]


def test_card_from_data_does_not_change_its_input() -> None:
    data = demo()
    card_from_data(data)
    assert data == ORIGINAL


# -- round trip of generated cards ------------------------------------------------------------
def _stable(text: str, multiline: bool) -> bool:
    try:
        return clean_text(text, multiline=multiline) == text
    except KaartError:
        return False


CHARS = st.characters(blacklist_categories=("Cc", "Cs"))
LINE = st.text(CHARS, min_size=1, max_size=30).filter(lambda t: _stable(t, False))
TEXT = st.text(st.one_of(CHARS, st.just("\n")), min_size=1, max_size=60).filter(
    lambda t: _stable(t, True))
# Ids are printable: a control character or lone surrogate in an id is refused.
IDS = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=8).filter(
    lambda t: t.strip() != "" and t.isprintable())


@st.composite
def valid_cards(draw) -> Card:
    maybe = lambda strategy: draw(st.one_of(st.none(), strategy))  # noqa: E731
    card = Card(SessionInfo.create(
        draw(LINE), draw(LINE), wijk=maybe(LINE), facilitators=draw(st.lists(LINE, max_size=3)),
        opdrachtgever=maybe(LINE), template=draw(st.sampled_from(TEMPLATES)),
    ))
    for pid in draw(st.lists(IDS, max_size=4, unique=True)):
        card.put(Participant(pid, draw(LINE), draw(LINE)))
    numbers = draw(st.lists(st.integers(1, 50), min_size=1, max_size=3, unique=True))
    for bid, number in zip(draw(st.lists(IDS, min_size=len(numbers), max_size=len(numbers),
                                         unique=True)), numbers):
        card.put(Bijeenkomst(bid, number, draw(st.dates()), maybe(LINE)))
    people, meetings = list(card.participants), list(card.bijeenkomsten)
    for pid in people:
        for bid in meetings:
            status = maybe(st.sampled_from([AttendanceStatus.AANWEZIG, AttendanceStatus.AFWEZIG]))
            if status is not None:
                card.put(Attendance(pid, bid, status))
            score = maybe(st.integers(1, 10))
            if score is not None:
                card.put(Score(pid, bid, score))
    owner = st.one_of(st.none(), st.sampled_from(people)) if people else st.none()
    for tid in draw(st.lists(IDS, max_size=4, unique=True)):
        card.put(Theme(tid, draw(st.sampled_from(list(Step))), draw(LINE),
                       draw(st.sampled_from(meetings))))
    for eid in draw(st.lists(IDS, max_size=5, unique=True)):
        step = draw(st.sampled_from(list(Step)))
        in_step = [t.id for t in card.themes_of(step)]
        card.put(Entry(eid, step, draw(TEXT), draw(st.sampled_from(meetings)), draw(owner),
                       draw(st.sampled_from([None, *in_step]))))
    targets = [("theme", t) for t in card.themes] + [("entry", e) for e in card.entries]
    if targets:
        for i in range(draw(st.integers(0, 6))):
            kind, target = draw(st.sampled_from(targets))
            card.put(Vote(f"v{i}", draw(st.sampled_from(meetings)), draw(st.integers(1, 20)),
                          draw(owner), **{kind: target}))
    for aid in draw(st.lists(IDS, max_size=3, unique=True)):
        card.put(Action(aid, draw(st.sampled_from(list(ActionScope))), draw(TEXT),
                        draw(st.sampled_from(meetings)), draw(owner), maybe(st.dates()),
                        draw(st.sampled_from(list(ActionStatus)))))
    return card


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_cards())
def test_generated_card_survives_a_round_trip(card: Card) -> None:
    data = card_to_data(card)
    again = card_from_data(json.loads(json.dumps(data, ensure_ascii=False)))
    assert card_to_data(again) == data
    for name in ("participants", "bijeenkomsten", "attendance", "themes", "entries",
                 "actions", "scores"):
        assert list(getattr(again, name).values()) == list(getattr(card, name).values())
    assert again.session == card.session
    # Votes have no id in the format; everything else about them survives.
    strip = lambda v: (v.bijeenkomst, v.count, v.participant, v.theme, v.entry)  # noqa: E731
    assert [strip(v) for v in again.votes.values()] == [strip(v) for v in card.votes.values()]


# -- refusals: the whole bundle ---------------------------------------------------------------
@pytest.mark.parametrize("data", [[], "kaart", 1, None])
def test_refuses_a_bundle_that_is_not_an_object(data: Any) -> None:
    assert "JSON-object" in refused(data)


def test_refuses_a_wrong_format() -> None:
    data = demo()
    data["format"] = "trello-export"
    assert "'format'" in refused(data)
    del data["format"]
    assert "'format'" in refused(data)


@pytest.mark.parametrize("version", [4, 0, "1", None, 1.5])
def test_refuses_a_wrong_version(version: Any) -> None:
    data = demo()
    data["version"] = version
    message = refused(data)
    assert "versie" in message.lower()
    assert repr(version) in message


def test_refuses_version_true() -> None:
    data = demo()
    data["version"] = True
    refused(data)


def test_refuses_an_extra_top_level_key() -> None:
    data = demo()
    data["opmerkingen"] = []
    assert "'opmerkingen'" in refused(data)


@pytest.mark.parametrize("key", [k for k in TOP_LEVEL_KEYS if k not in ("format", "version")])
def test_refuses_a_missing_top_level_key(key: str) -> None:
    data = demo()
    del data[key]
    assert f"'{key}'" in refused(data)


@pytest.mark.parametrize("collection", ["participants", "themes", "votes", "scores"])
def test_refuses_a_collection_that_is_not_a_list(collection: str) -> None:
    data = demo()
    data[collection] = {item.get("id", str(i)): item for i, item in enumerate(data[collection])}
    assert f"'{collection}'" in refused(data)


# -- refusals: the session --------------------------------------------------------------------
def test_refuses_an_unknown_template() -> None:
    data = demo()
    data["session"]["template"] = "kwartetkaart"
    message = refused(data)
    assert "session" in message and "'template'" in message


def test_refuses_facilitators_that_are_not_a_list_of_texts() -> None:
    data = demo()
    data["session"]["facilitators"] = "Hanneke Dijkstra"
    assert "'facilitators'" in refused(data)
    data["session"]["facilitators"] = ["Hanneke", 3]
    assert "'facilitators'" in refused(data)


def test_refuses_an_empty_session_title() -> None:
    data = demo()
    data["session"]["title"] = "   "
    message = refused(data)
    assert "'title'" in message and "leeg" in message


def test_refuses_an_extra_key_in_the_session() -> None:
    data = demo()
    data["session"]["datum"] = "2026-10-06"
    assert "'datum'" in refused(data)


# -- refusals: items --------------------------------------------------------------------------
Mutation = Callable[[dict], None]


def setter(collection: str, match: dict, key: str, value: Any) -> Mutation:
    def mutate(data: dict) -> None:
        first(data, collection, **match)[key] = value
    return mutate


def deleter(collection: str, match: dict, key: str) -> Mutation:
    def mutate(data: dict) -> None:
        del first(data, collection, **match)[key]
    return mutate


def index_of(collection: str, **match: Any) -> int:
    return ORIGINAL[collection].index(first(ORIGINAL, collection, **match))


def _theme_vote() -> int:
    return next(i for i, v in enumerate(ORIGINAL["votes"]) if v["theme"] is not None)


def _entry_vote() -> int:
    return next(i for i, v in enumerate(ORIGINAL["votes"]) if v["entry"] is not None)


TV, EV = _theme_vote(), _entry_vote()
ENTRY_IN_HANDELEN_THEME = first(ORIGINAL, "entries", step="handelen")
assert ENTRY_IN_HANDELEN_THEME["theme"] is not None


def vote_setter(index: int, key: str, value: Any) -> Mutation:
    def mutate(data: dict) -> None:
        data["votes"][index][key] = value
    return mutate


def vote_deleter(index: int, key: str) -> Mutation:
    def mutate(data: dict) -> None:
        del data["votes"][index][key]
    return mutate


def replace_item(collection: str, index: int, value: Any) -> Mutation:
    def mutate(data: dict) -> None:
        data[collection][index] = value
    return mutate


def duplicate(collection: str, index: int, to: int) -> Mutation:
    def mutate(data: dict) -> None:
        data[collection][to] = copy.deepcopy(data[collection][index])
    return mutate


REFUSALS: list[tuple[str, Mutation, list[str]]] = [
    # -- shape of an item
    ("item not an object", replace_item("participants", 0, "p01"), ["participants[0]"]),
    ("extra key in a participant",
     setter("participants", {"id": "p01"}, "leeftijd", 44), ["p01", "'leeftijd'"]),
    ("missing vote id", vote_deleter(TV, "id"), [f"votes[{TV}]", "'id'"]),
    ("missing key in an entry",
     deleter("entries", {"id": "e-w1-01"}, "theme"), ["e-w1-01", "'theme'"]),
    ("missing key in a bijeenkomst",
     deleter("bijeenkomsten", {"id": "b2"}, "location"), ["b2", "'location'"]),
    ("missing key in an attendance item",
     deleter("attendance", {"participant": "p03", "bijeenkomst": "b1"}, "status"),
     [f"attendance[{index_of('attendance', participant='p03', bijeenkomst='b1')}]",
      "'status'"]),
    # -- types
    ("string for a number", setter("bijeenkomsten", {"id": "b1"}, "number", "1"),
     ["b1", "'number'"]),
    ("float for a number", setter("bijeenkomsten", {"id": "b1"}, "number", 1.0),
     ["b1", "'number'"]),
    ("bool for a count", vote_setter(TV, "count", True), [f"votes[{TV}]", "'count'"]),
    ("bool for a score", setter("scores", {"participant": "p01", "bijeenkomst": "b1"},
                                "score", True), ["scores[0]", "'score'"]),
    ("number for a name", setter("participants", {"id": "p02"}, "name", 5),
     ["p02", "'name'"]),
    ("number for a text", setter("entries", {"id": "e-w1-02"}, "text", 12),
     ["e-w1-02", "'text'"]),
    ("null for a required text", setter("themes", {"id": "t-w1-doelen"}, "title", None),
     ["t-w1-doelen", "'title'"]),
    ("empty text", setter("actions", {"id": "a-01"}, "text", " \n "), ["a-01", "'text'"]),
    ("number for an id reference", setter("entries", {"id": "e-w1-01"}, "participant", 1),
     ["e-w1-01", "'participant'"]),
    ("empty id", setter("participants", {"id": "p03"}, "id", ""), ["participants[2]", "'id'"]),
    ("bad attendance status", setter("attendance", {"participant": "p01", "bijeenkomst": "b1"},
                                     "status", "onbekend"), ["attendance[0]", "'status'"]),
    ("bad action scope", setter("actions", {"id": "a-02"}, "scope", "persoonlijk"),
     ["a-02", "'scope'"]),
    ("bad action status", setter("actions", {"id": "a-02"}, "status", "klaar"),
     ["a-02", "'status'"]),
    # -- values
    ("unknown step", setter("themes", {"id": "t-w1-vertrouwen"}, "step", "stap 1"),
     ["t-w1-vertrouwen", "'step'"]),
    ("step as a number", setter("entries", {"id": "e-w1-01"}, "step", 1),
     ["e-w1-01", "'step'"]),
    ("count 0", vote_setter(TV, "count", 0), [f"votes[{TV}]", "'count'"]),
    ("negative count", vote_setter(EV, "count", -2), [f"votes[{EV}]", "'count'"]),
    ("score 11", setter("scores", {"participant": "p02", "bijeenkomst": "b1"}, "score", 11),
     ["scores[1]", "'score'"]),
    ("score 0", setter("scores", {"participant": "p02", "bijeenkomst": "b1"}, "score", 0),
     ["scores[1]", "'score'"]),
    ("bijeenkomst number 0", setter("bijeenkomsten", {"id": "b2"}, "number", 0),
     ["b2", "'number'"]),
    ("impossible date", setter("bijeenkomsten", {"id": "b1"}, "date", "2026-13-01"),
     ["b1", "'date'"]),
    ("Dutch date order", setter("bijeenkomsten", {"id": "b1"}, "date", "06-10-2026"),
     ["b1", "'date'"]),
    ("date without leading zeros", setter("bijeenkomsten", {"id": "b1"}, "date", "2026-1-6"),
     ["b1", "'date'"]),
    ("date with a time", setter("bijeenkomsten", {"id": "b1"}, "date", "2026-10-06T19:00"),
     ["b1", "'date'"]),
    ("date as a number", setter("bijeenkomsten", {"id": "b1"}, "date", 20261006),
     ["b1", "'date'"]),
    ("bad due date", setter("actions", {"id": "a-01"}, "due", "morgen"), ["a-01", "'due'"]),
    # -- votes: exactly one target
    ("vote with both theme and entry",
     vote_setter(TV, "entry", ORIGINAL["votes"][EV]["entry"]), [f"votes[{TV}]", "'theme'",
                                                                 "'entry'"]),
    ("vote with neither theme nor entry", vote_setter(TV, "theme", None),
     [f"votes[{TV}]", "'theme'", "'entry'"]),
    ("vote theme null", vote_setter(TV, "theme", None), [f"votes[{TV}]", "'theme'"]),
    # -- duplicates
    ("duplicate participant id", setter("participants", {"id": "p02"}, "id", "p01"),
     ["participants[1]", "p01", "dubbel"]),
    ("duplicate entry id", setter("entries", {"id": "e-w1-02"}, "id", "e-w1-01"),
     ["entries[1]", "e-w1-01", "dubbel"]),
    ("duplicate theme id", setter("themes", {"id": "t-w1-doelen"}, "id", "t-w1-vertrouwen"),
     ["themes[1]", "t-w1-vertrouwen", "dubbel"]),
    ("duplicate attendance pair", duplicate("attendance", 0, 1),
     ["attendance[1]", "p01", "b1", "dubbel"]),
    ("duplicate score pair", duplicate("scores", 0, 1), ["scores[1]", "p01", "b1", "dubbel"]),
    ("two bijeenkomsten with one number", setter("bijeenkomsten", {"id": "b2"}, "number", 1),
     ["b1", "b2"]),
    # -- references
    ("entry -> theme", setter("entries", {"id": "e-w1-01"}, "theme", "t-weg"),
     ["e-w1-01", "t-weg"]),
    ("entry -> participant", setter("entries", {"id": "e-w1-01"}, "participant", "p99"),
     ["e-w1-01", "p99"]),
    ("entry -> bijeenkomst", setter("entries", {"id": "e-w1-01"}, "bijeenkomst", "b9"),
     ["e-w1-01", "b9"]),
    ("theme -> bijeenkomst", setter("themes", {"id": "t-w1-doelen"}, "bijeenkomst", "b9"),
     ["t-w1-doelen", "b9"]),
    ("vote -> theme", vote_setter(TV, "theme", "t-weg"), ["t-weg"]),
    ("vote -> entry", vote_setter(EV, "entry", "e-weg"), ["e-weg"]),
    ("vote -> participant", vote_setter(TV, "participant", "p99"), ["p99"]),
    ("vote -> bijeenkomst", vote_setter(TV, "bijeenkomst", "b9"), ["b9"]),
    ("action -> owner", setter("actions", {"id": "a-02"}, "owner", "p99"), ["a-02", "p99"]),
    ("action -> bijeenkomst", setter("actions", {"id": "a-02"}, "bijeenkomst", "b9"),
     ["a-02", "b9"]),
    ("attendance -> bijeenkomst",
     setter("attendance", {"participant": "p05", "bijeenkomst": "b1"}, "bijeenkomst", "b9"),
     ["p05", "b9"]),
    ("attendance -> participant",
     setter("attendance", {"participant": "p05", "bijeenkomst": "b1"}, "participant", "p99"),
     ["p99"]),
    ("score -> participant",
     setter("scores", {"participant": "p01", "bijeenkomst": "b1"}, "participant", "p99"),
     ["p99"]),
    ("entry whose theme is in another step",
     setter("entries", {"id": ENTRY_IN_HANDELEN_THEME["id"]}, "step", "relaties"),
     [ENTRY_IN_HANDELEN_THEME["id"], ENTRY_IN_HANDELEN_THEME["theme"]]),
]


@pytest.mark.parametrize(("case", "mutate", "words"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refuses_a_broken_item_naming_it(case: str, mutate: Mutation, words: list[str]) -> None:
    data = demo()
    mutate(data)
    message = refused(data)
    for word in words:
        assert word in message, (case, message)


def test_refuses_an_iso_week_date() -> None:
    data = demo()
    first(data, "bijeenkomsten", id="b1")["date"] = "2026-W02-3"
    assert "'date'" in refused(data)


def test_type_error_message_shows_the_bad_value() -> None:
    data = demo()
    first(data, "bijeenkomsten", id="b1")["number"] = "een"
    assert '"een"' in refused(data)


def test_nullable_fields_accept_null_and_empty_location() -> None:
    data = demo()
    first(data, "bijeenkomsten", id="b1")["location"] = ""
    first(data, "actions", id="a-01")["due"] = None
    first(data, "actions", id="a-01")["owner"] = None
    first(data, "entries", id="e-w1-01")["participant"] = None
    data["session"]["wijk"] = None
    card = card_from_data(data)
    assert card.bijeenkomsten["b1"].location is None
    assert card.actions["a-01"].due is None and card.actions["a-01"].owner is None
    assert card.session.wijk is None


def test_control_characters_in_texts_are_dropped_on_reading() -> None:
    data = demo()
    first(data, "entries", id="e-w1-01")["text"] = "regel een\r\nregel\x00 twee"
    card = card_from_data(data)
    assert card.entries["e-w1-01"].text == "regel een\nregel twee"


# -- files ------------------------------------------------------------------------------------
def test_read_bundle_reads_a_written_file(tmp_path: Path, demo_card: Card) -> None:
    path = tmp_path / "kaart.json"
    path.write_text(bundle_text(demo_card), encoding="utf-8")
    assert card_to_data(read_bundle(path)) == ORIGINAL


def test_read_bundle_refuses_invalid_json_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "kapot.json"
    text = json.dumps(ORIGINAL, ensure_ascii=False, indent=2).splitlines()
    text[6] = text[6] + ",,"
    path.write_text("\n".join(text), encoding="utf-8")
    with pytest.raises(BundleError) as raised:
        read_bundle(path)
    message = raised.value.message
    assert str(path) in message
    assert "regel 7" in message


def test_read_bundle_refuses_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "leeg.json"
    path.write_text("", encoding="utf-8")
    with pytest.raises(BundleError) as raised:
        read_bundle(path)
    assert "regel 1" in raised.value.message


def test_read_bundle_refuses_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "bestaat-niet.json"
    with pytest.raises(BundleError) as raised:
        read_bundle(path)
    assert str(path) in raised.value.message
    assert "bestaat niet" in raised.value.message


def test_read_bundle_refuses_a_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(json.dumps(ORIGINAL, ensure_ascii=False).encode("cp1252",
                                                                      errors="replace"))
    with pytest.raises(BundleError) as raised:
        read_bundle(path)
    assert str(path) in raised.value.message
    assert "UTF-8" in raised.value.message


def test_read_bundle_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(BundleError) as raised:
        read_bundle(tmp_path)
    assert str(tmp_path) in raised.value.message


def test_read_bundle_on_a_refused_bundle_raises_a_kaart_error(tmp_path: Path) -> None:
    data = demo()
    first(data, "actions", id="a-02")["owner"] = "p99"
    path = tmp_path / "kaart.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(KaartError) as raised:
        read_bundle(path)
    assert isinstance(raised.value, BundleError)
    assert "a-02" in raised.value.message and "p99" in raised.value.message


def test_a_refused_value_with_a_lone_surrogate_is_quoted_printably() -> None:
    """A session file's broken value is quoted in the message the picker and the CLI
    print: a lone surrogate must come out escaped, or printing the message crashes."""
    from kaart_tui.codec import shown_value

    message = shown_value("\ud800 sjabloon")
    message.encode("utf-8")  # printable in any UTF-8 terminal
    assert "\\ud800" in message


# -- version 3: the phones' entries still waiting -------------------------------------------
WAITING = {"id": "e-wacht1", "step": "relaties", "text": "Wie belt wie bij een melding?",
           "bijeenkomst": "b2", "participant": "p11"}


def test_a_waiting_entry_goes_through_the_bundle_and_stays_off_the_columns() -> None:
    data = demo()
    data["waiting"] = [dict(WAITING)]
    card = card_from_data(data)
    assert card.waiting["e-wacht1"].text == "Wie belt wie bij een melding?"
    assert "e-wacht1" not in card.entries
    assert card_to_data(card)["waiting"] == [WAITING]


def test_a_waiting_entry_that_points_nowhere_is_refused_with_its_name() -> None:
    data = demo()
    data["waiting"] = [{**WAITING, "bijeenkomst": "b9"}]
    assert "e-wacht1" in refused(data) and "'b9'" in refused(data)
    data["waiting"] = [{**WAITING, "participant": "p99"}]
    assert "'p99'" in refused(data)


def test_a_version_2_bundle_is_read_without_a_queue_and_cannot_carry_one() -> None:
    data = demo()
    data["version"] = 2
    del data["waiting"]
    card = card_from_data(data)
    assert card.waiting == {} and len(card.entries) == len(ORIGINAL["entries"])
    data["waiting"] = [dict(WAITING)]
    assert "'waiting'" in refused(data)  # version 2 never had it: not silently read

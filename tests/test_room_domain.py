"""The room's rules without a server: joining, the queue, ballots, what a phone may see."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaart_tui.domain import people, voting
from kaart_tui.domain.changes import Change, apply_to_card, invert
from kaart_tui.domain.model import AttendanceStatus, Card, VotingMode
from kaart_tui.domain.ranking import candidate_key
from kaart_tui.domain.steps import Step
from kaart_tui.errors import DomainError
from kaart_tui.room import changes as rc
from kaart_tui.room.room import MAX_DEVICES, Offer, Phase, RateLimiter, Room
from kaart_tui.template_files import load_template
from kaart_tui.workshop import Workshop

TEMPLATE = load_template("partnerschapskaart")


def latest(card: Card) -> str:
    return card.latest_bijeenkomst().id


def present_ids(card: Card) -> list[str]:
    return [p.id for p in card.present(latest(card))]


def with_round(card: Card, mode=VotingMode.GEHEIM, budget=3, maximum=None) -> Card:
    apply_to_card(card, voting.start_round(card, Step.RELATIES, latest(card), mode, budget,
                                           maximum, replace_existing=True))
    return card


def keys(card: Card) -> list[str]:
    voting_round = card.rounds[(Step.RELATIES.value, latest(card))]
    return [candidate_key(c) for c in voting.ballots(card, voting_round).candidates]


# -- joining ---------------------------------------------------------------------------
def test_the_secret_lets_in_the_code_only_while_joining_is_open():
    room = Room(secret="geheim-1234567890", code="123456")
    room.may_join(secret="geheim-1234567890")
    room.may_join(code="123 456")
    with pytest.raises(DomainError, match="code klopt niet"):
        room.may_join(code="654321")
    room.open_joining(False)
    with pytest.raises(DomainError, match="Aanmelden met de code is gesloten"):
        room.may_join(code="123456")
    room.may_join(secret="geheim-1234567890")
    with pytest.raises(DomainError, match="niet \\(meer\\) geldig"):
        room.may_join(secret="geraden")
    room.close()
    with pytest.raises(DomainError, match="De bijeenkomst is gesloten"):
        room.may_join(secret="geheim-1234567890")


def test_each_opening_has_its_own_secret_and_code():
    first, second = Room(), Room()
    assert first.secret != second.secret and len(first.secret) >= 20
    assert len(first.code) == 6 and first.code.isdigit()


def test_a_person_holds_one_device(demo_card):
    room = Room()
    person = present_ids(demo_card)[0]
    old = room.join(person)
    new = room.join(person)
    assert list(room.devices) == [new.id]
    with pytest.raises(DomainError, match="niet \\(meer\\) aangemeld"):
        room.device_by_token(old.token)
    assert room.device_by_token(new.token) is new


def test_the_number_of_devices_is_limited():
    room = Room()
    for number in range(MAX_DEVICES):
        room.join(f"p-{number}")
    with pytest.raises(DomainError, match=f"al {MAX_DEVICES} telefoons"):
        room.join("p-extra")


def test_joining_marks_present_once(demo_card):
    bijeenkomst = latest(demo_card)
    absent = demo_card.people()[0]
    apply_to_card(demo_card, people.set_attendance(demo_card, absent.id, bijeenkomst,
                                                   AttendanceStatus.ONBEKEND))
    assert absent in rc.choosable(demo_card, bijeenkomst)
    change = rc.join_change(demo_card, bijeenkomst, absent.id)
    apply_to_card(demo_card, change)
    assert demo_card.status(absent.id, bijeenkomst) is AttendanceStatus.AANWEZIG
    assert rc.join_change(demo_card, bijeenkomst, absent.id) is None


def test_who_apologised_or_left_cannot_be_picked(demo_card):
    bijeenkomst = latest(demo_card)
    person = present_ids(demo_card)[0]
    apply_to_card(demo_card, people.set_attendance(demo_card, person, bijeenkomst,
                                                      AttendanceStatus.AFWEZIG))
    assert person not in [p.id for p in rc.choosable(demo_card, bijeenkomst)]
    with pytest.raises(DomainError, match="staat niet \\(meer\\) op de lijst"):
        rc.chosen_person(demo_card, bijeenkomst, person)
    with pytest.raises(DomainError, match="Kies uw naam"):
        rc.chosen_person(demo_card, bijeenkomst, 12)


def test_a_newcomer_waits_until_the_facilitator_confirms(demo_card):
    bijeenkomst = latest(demo_card)
    room = Room()
    name, organisation = rc.newcomer_fields("  Fatima  El Idrissi ", "Buurtteam")
    device = room.join_as_newcomer(name, organisation)
    assert rc.phone_view(demo_card, TEMPLATE, bijeenkomst, room, device)["phase"] == \
        "bevestigen"
    room.set_offer(Offer(Phase.CONTRIBUTE, Step.WAARDEN))
    with pytest.raises(DomainError, match="nog niet bevestigd"):
        room.entry_from(device, "Samen", bijeenkomst)
    newcomer = next(iter(room.newcomers.values()))
    change = rc.confirm_change(demo_card, bijeenkomst, newcomer)
    apply_to_card(demo_card, change)
    person = change.put[0]
    room.confirm_newcomer(newcomer.id, person.id)
    assert demo_card.status(person.id, bijeenkomst) is AttendanceStatus.AANWEZIG
    assert rc.phone_view(demo_card, TEMPLATE, bijeenkomst, room, device)["name"] == \
        "Fatima El Idrissi"


def test_a_newcomer_already_on_the_list_is_recognised(demo_card):
    person = demo_card.people()[0]
    found = rc.known_newcomer(demo_card, person.name.upper(), f" {person.organisation} ")
    assert found is person
    assert rc.known_newcomer(demo_card, person.name, "Elders") is None
    with pytest.raises(DomainError, match="organisatie"):
        rc.newcomer_fields("Anna", None)
    with pytest.raises(DomainError, match="Uw naam is leeg"):
        rc.newcomer_fields("  ", "Buurtteam")


# -- entries ---------------------------------------------------------------------------
def send(card: Card, room: Room, device, text: str) -> str:
    """A phone's entry into the queue, as the server writes it (one Change)."""
    entry = room.entry_from(device, rc.phone_text(text), latest(card))
    apply_to_card(card, rc.queue_change(card, entry))
    device.sent.append(entry.id)
    return entry.id


def test_entries_wait_on_the_card_off_its_columns_and_are_accepted_as_one_change(demo_card):
    bijeenkomst = latest(demo_card)
    room = Room()
    anna, ben = present_ids(demo_card)[:2]
    phone_a, phone_b = room.join(anna), room.join(ben)
    with pytest.raises(DomainError, match="Er kan nu niets worden ingestuurd"):
        room.entry_from(phone_a, "Te vroeg", bijeenkomst)
    room.set_offer(Offer(Phase.CONTRIBUTE, Step.HANDELEN))
    before = len(demo_card.entries)
    first = send(demo_card, room, phone_a, "We bellen elkaar eerst")
    room.set_offer(Offer(Phase.CONTRIBUTE, Step.HANDELEN, anonymous=True))
    send(demo_card, room, phone_b, "Niemand weet wie er regie heeft")
    assert [e.participant for e in rc.waiting(demo_card)] == [anna, None]
    assert len(demo_card.entries) == before  # waiting is not on a column
    view = rc.phone_view(demo_card, TEMPLATE, bijeenkomst, room, phone_a)
    assert (view["sent"], view["waiting"], view["anonymous"]) == (1, 1, True)

    change = rc.accept_change(demo_card, rc.waiting(demo_card))
    undo = invert(change, demo_card)
    apply_to_card(demo_card, change)
    added = list(demo_card.entries.values())[before:]
    assert [(e.step, e.participant, e.text) for e in added] == [
        (Step.HANDELEN, anna, "We bellen elkaar eerst"),
        (Step.HANDELEN, None, "Niemand weet wie er regie heeft")]
    assert added[0].id == first and demo_card.waiting == {} and "2 bijdragen" in change.label
    view = rc.phone_view(demo_card, TEMPLATE, bijeenkomst, room, phone_a)
    assert (view["sent"], view["waiting"]) == (1, 0)
    apply_to_card(demo_card, undo)  # undo: off the card, back in the queue, in order
    assert len(demo_card.entries) == before
    assert [e.id for e in rc.waiting(demo_card)][0] == first
    with pytest.raises(DomainError, match="Er wachten geen bijdragen"):
        rc.accept_change(demo_card, [])


def test_an_entry_left_off_is_an_undoable_change_and_a_gone_one_is_refused(demo_card):
    room = Room()
    phone = room.join(present_ids(demo_card)[0])
    room.set_offer(Offer(Phase.CONTRIBUTE, Step.WAARDEN))
    first, second = send(demo_card, room, phone, "Een"), send(demo_card, room, phone, "Twee")
    change = rc.drop_change(rc.waiting(demo_card, [first]))
    undo = invert(change, demo_card)
    apply_to_card(demo_card, change)
    assert list(demo_card.waiting) == [second]
    apply_to_card(demo_card, undo)
    assert list(demo_card.waiting) == [first, second]  # back where it stood
    with pytest.raises(DomainError, match="niet \\(meer\\) in de wachtrij"):
        rc.waiting(demo_card, ["weg"])


def test_the_queue_is_limited_and_a_forgotten_sender_is_refused(demo_card, monkeypatch):
    room = Room()
    anna = present_ids(demo_card)[0]
    phone = room.join(anna)
    room.set_offer(Offer(Phase.CONTRIBUTE, Step.WAARDEN))
    monkeypatch.setattr(rc, "MAX_QUEUE", 2)
    send(demo_card, room, phone, "Een")
    send(demo_card, room, phone, "Twee")
    with pytest.raises(DomainError, match="Er wachten al veel bijdragen"):
        send(demo_card, room, phone, "Drie")
    accept = rc.accept_change(demo_card, rc.waiting(demo_card)[:1])
    apply_to_card(demo_card, accept)  # room for one more
    apply_to_card(demo_card, people.remove_participant(demo_card, anna))
    with pytest.raises(DomainError, match="niet \\(meer\\) op de lijst"):
        send(demo_card, room, phone, "Na het vergeten")
    # One that waited from before is taken on without the forgotten person's name.
    assert rc.accept_change(demo_card, rc.waiting(demo_card)[:1]).put[0].participant is None
    assert accept.put[0].participant == anna


def test_phone_text_up_to_five_thousand_characters():
    assert len(rc.phone_text("a" * 5000)) == 5000
    with pytest.raises(DomainError, match="5.001 tekens lang; het maximum is 5.000"):
        rc.phone_text("a" * 5001)
    with pytest.raises(DomainError, match="Uw bijdrage is leeg"):
        rc.phone_text(" \u200b ")
    with pytest.raises(DomainError, match="Typ eerst"):
        rc.phone_text(None)


# -- ballots ---------------------------------------------------------------------------
def test_a_ballot_replaces_the_persons_dots_within_budget_and_maximum(demo_card):
    card = with_round(demo_card, VotingMode.STIPPEN, budget=3, maximum=2)
    bijeenkomst, person = latest(card), present_ids(card)[0]
    first, second, third = keys(card)[:3]
    apply_to_card(card, rc.ballot_change(card, bijeenkomst, Step.RELATIES, person,
                                         {first: 2, second: 1}))
    apply_to_card(card, rc.ballot_change(card, bijeenkomst, Step.RELATIES, person,
                                         {second: 1, third: 1, first: 0}))
    voting_round = card.rounds[(Step.RELATIES.value, bijeenkomst)]
    index = voting.ballots(card, voting_round)
    assert index.used(person) == 2
    assert {candidate_key(c): index.on(person, c) for c in index.candidates
            if index.on(person, c)} == {second: 1, third: 1}
    with pytest.raises(DomainError, match="U heeft 3 stippen; dit zijn er 4"):
        rc.ballot_change(card, bijeenkomst, Step.RELATIES, person, {first: 2, second: 2})
    with pytest.raises(DomainError, match="Maximaal 2 stippen per thema"):
        rc.ballot_change(card, bijeenkomst, Step.RELATIES, person, {first: 3})


@pytest.mark.parametrize("dots, message", [
    ({"theme:verzonnen": 1}, "niet \\(meer\\) gestemd"),
    ({"KEY": -1}, "heel getal"),
    ({"KEY": True}, "heel getal"),
    ({"KEY": 1.5}, "heel getal"),
    (["KEY"], "niet te lezen"),
])
def test_a_ballot_that_cannot_be_counted_is_refused(demo_card, dots, message):
    card = with_round(demo_card)
    key = keys(card)[0]
    dots = {k.replace("KEY", key): v for k, v in dots.items()} if isinstance(dots, dict) \
        else dots
    with pytest.raises(DomainError, match=message):
        rc.ballot_change(card, latest(card), Step.RELATIES, present_ids(card)[0], dots)


def test_no_ballot_from_phones_in_a_tally_after_the_reveal_or_when_absent(demo_card):
    card = with_round(demo_card, VotingMode.TELLING)
    bijeenkomst, person = latest(card), present_ids(card)[0]
    with pytest.raises(DomainError, match="telling"):
        rc.ballot_change(card, bijeenkomst, Step.RELATIES, person, {})
    apply_to_card(card, voting.start_round(card, Step.RELATIES, bijeenkomst,
                                           VotingMode.GEHEIM, replace_existing=True))
    absent = next(p.id for p in card.people() if p.id not in present_ids(card))
    with pytest.raises(DomainError, match="niet als aanwezig"):
        rc.ballot_change(card, bijeenkomst, Step.RELATIES, absent, {})
    apply_to_card(card, voting.reveal(card, Step.RELATIES, bijeenkomst))
    with pytest.raises(DomainError, match="uitslag is getoond"):
        rc.ballot_change(card, bijeenkomst, Step.RELATIES, person, {})
    with pytest.raises(DomainError, match="geen stemronde"):
        rc.open_round(card, bijeenkomst, Step.WAARDEN)


def test_a_phone_ballot_is_one_write_and_not_on_the_facilitators_undo(data_folder,
                                                                       demo_card):
    card = with_round(demo_card, VotingMode.STIPPEN)
    shop = Workshop(data_folder.create(card))
    bijeenkomst, person = latest(shop.card), present_ids(shop.card)[0]
    writes = []
    save = shop.store.save
    shop.store.save = lambda c, collections: (writes.append(collections), save(c, collections))
    first, second = keys(shop.card)[:2]
    shop.apply(rc.ballot_change(shop.card, bijeenkomst, Step.RELATIES, person,
                                {first: 1, second: 2}), undoable=False)
    assert writes == [frozenset({"votes"})]
    assert shop.undo() is None


def test_a_ballot_drops_the_pinned_order_of_ties(demo_card):
    card = with_round(demo_card, VotingMode.STIPPEN)
    bijeenkomst = latest(card)
    voting_round = card.rounds[(Step.RELATIES.value, bijeenkomst)]
    apply_to_card(card, Change("pin", put=(replace(voting_round, fixed_order=("theme:x",)),)))
    change = rc.ballot_change(card, bijeenkomst, Step.RELATIES, present_ids(card)[0],
                              {keys(card)[0]: 1})
    apply_to_card(card, change)
    assert card.rounds[(Step.RELATIES.value, bijeenkomst)].fixed_order == ()


def test_score_from_a_phone(demo_card):
    bijeenkomst, person = latest(demo_card), present_ids(demo_card)[0]
    apply_to_card(demo_card, rc.score_change(demo_card, bijeenkomst, person, 10))
    assert demo_card.scores[(person, bijeenkomst)].score == 10
    for wrong, message in ((11, "tussen 1 en 10"), ("7", "cijfer van 1"), (True, "cijfer")):
        with pytest.raises(DomainError, match=message):
            rc.score_change(demo_card, bijeenkomst, person, wrong)


# -- what phones and the beamer see ----------------------------------------------------
ballot_lists = st.lists(st.lists(st.integers(0, 2), min_size=3, max_size=3), min_size=1,
                        max_size=6)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ballot_lists)
def test_in_a_secret_round_a_phone_sees_only_its_own_dots(demo_card, ballots_given):
    card = with_round(demo_card.copy(), VotingMode.GEHEIM, budget=6)
    bijeenkomst = latest(card)
    room = Room()
    room.set_offer(Offer(Phase.VOTE, Step.RELATIES))
    voters = present_ids(card)[:len(ballots_given)]
    devices = [room.join(person) for person in voters]
    candidates = keys(card)[:3]
    for person, counts in zip(voters, ballots_given):
        apply_to_card(card, rc.ballot_change(card, bijeenkomst, Step.RELATIES, person,
                                             dict(zip(candidates, counts))))
    shared = rc.open_ballots(card, bijeenkomst, room)  # one index for all phones' pushes
    for device, counts in zip(devices, ballots_given):
        view = rc.phone_view(card, TEMPLATE, bijeenkomst, room, device)
        assert view["mine"] == {k: n for k, n in zip(candidates, counts) if n}
        assert rc.phone_view(card, TEMPLATE, bijeenkomst, room, device, shared) == view
        assert set(view) <= {"version", "session", "closed", "name", "phase", "step",
                             "secret", "budget", "max", "candidates", "mine"}
        assert all(set(c) == {"key", "title"} for c in view["candidates"])
    screen = rc.screen_view(card, TEMPLATE, bijeenkomst, room, "http://x", "<svg/>")
    assert "result" not in screen and "voted" not in screen
    assert not any(isinstance(v, int) and v for k, v in screen.items()
                   if k not in ("version", "joined"))
    apply_to_card(card, voting.reveal(card, Step.RELATIES, bijeenkomst))
    screen = rc.screen_view(card, TEMPLATE, bijeenkomst, room, "http://x", "<svg/>")
    assert sum(r["count"] for r in screen["result"]) == sum(map(sum, ballots_given))


def test_the_beamer_shows_how_to_join_only_while_joining_is_open(demo_card):
    room = Room()
    screen = rc.screen_view(demo_card, TEMPLATE, latest(demo_card), room, "http://u", "<svg/>")
    assert screen["code"] == room.code and screen["join_url"] == "http://u"
    room.open_joining(False)
    screen = rc.screen_view(demo_card, TEMPLATE, latest(demo_card), room, "http://u", "<svg/>")
    assert "code" not in screen and "http://u" not in json.dumps(screen)


def test_a_closed_room_tells_the_phone(demo_card):
    room = Room()
    device = room.join(present_ids(demo_card)[0])
    room.close()
    assert rc.phone_view(demo_card, TEMPLATE, latest(demo_card), room, device)["phase"] == \
        "gesloten"
    with pytest.raises(DomainError, match="gesloten"):
        room.device_by_token(device.token)


# -- rate limit ------------------------------------------------------------------------
def test_the_rate_limit_allows_a_burst_then_refills():
    limiter = RateLimiter(burst=3, per_second=1.0)
    assert [limiter.allow("a", 0.0) for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b", 0.0)  # another device has its own bucket
    assert not limiter.allow("a", 0.5)
    assert limiter.allow("a", 1.6)


def test_the_rate_limiter_forgets_the_oldest_keys():
    limiter = RateLimiter(burst=1, per_second=0.0, max_keys=2)
    limiter.allow("a", 0.0)
    limiter.allow("b", 0.0)
    limiter.allow("c", 0.0)
    assert limiter.allow("a", 0.0)  # forgotten, so it starts full again

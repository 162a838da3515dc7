"""Phones' changes that arrive together are written together (issue 21: forty phones
voting at once are a few writes, not forty fsyncs in a row), with each phone's refusal its
own and a failed write acknowledged to none of them."""

from __future__ import annotations

import pytest

from kaart_tui.domain.changes import Applied, Change, merged
from kaart_tui.domain.model import Entry
from kaart_tui.domain.steps import Step
from kaart_tui.errors import DomainError
from kaart_tui.store.base import StoreWriteError
from kaart_tui.store.memory_store import MemorySessionStore
from kaart_tui.workshop import Workshop


def entry(number: int, step: Step = Step.WAARDEN) -> Entry:
    return Entry(f"e-samen-{number}", step, f"bijdrage {number}", "b2", None)


def workshop(demo_card) -> tuple[Workshop, MemorySessionStore]:
    store = MemorySessionStore(demo_card)
    return Workshop(store), store


def test_many_changes_are_one_write_and_each_gets_its_own_answer(demo_card):
    shop, store = workshop(demo_card)
    saves, undo = store.saves, len(shop._undo)

    def refused() -> Change:
        raise DomainError("Maximaal 2 stippen per thema.")

    results = shop.apply_together([
        lambda: Change("een", put=(entry(1),)),
        refused,
        lambda: None,  # nothing to write (the same dots again)
        lambda: Change("twee", put=(entry(2, Step.RELATIES),)),
    ])
    assert store.saves == saves + 1
    first, refusal, nothing, second = results
    assert isinstance(first, Applied) and first.steps == {Step.WAARDEN}
    assert isinstance(refusal, DomainError) and nothing is None
    assert isinstance(second, Applied) and second.steps == {Step.RELATIES}
    on_disk = store.load()
    assert {"e-samen-1", "e-samen-2"} <= set(on_disk.entries)
    assert len(shop._undo) == undo  # not the facilitator's: nothing on their undo


def test_each_change_is_made_on_the_card_the_ones_before_it_left(demo_card):
    """Two ballots of one phone in a row: the second sees the first."""
    shop, _ = workshop(demo_card)
    seen = []

    def second() -> Change:
        seen.append("e-samen-1" in shop.card.entries)
        return Change("twee", put=(entry(2),))

    shop.apply_together([lambda: Change("een", put=(entry(1),)), second])
    assert seen == [True]


def test_a_failed_write_leaves_the_card_as_it_was_and_acknowledges_none(demo_card):
    shop, store = workshop(demo_card)
    before = set(shop.card.entries)

    def full_disk(card, collections=()):
        raise StoreWriteError("De schijf is vol.")

    store.save = full_disk
    with pytest.raises(StoreWriteError):
        shop.apply_together([lambda: Change("een", put=(entry(1),)),
                             lambda: Change("twee", put=(entry(2),))])
    assert set(shop.card.entries) == before


def test_merged_changes_tell_every_record_and_column_once(demo_card):
    shop, _ = workshop(demo_card)
    applied = [a for a in shop.apply_together([
        lambda: Change("een", put=(entry(1),)),
        lambda: Change("twee", put=(entry(2, Step.HANDELEN),))])]
    together = merged(applied)
    assert together.steps == {Step.WAARDEN, Step.HANDELEN}
    assert [e.id for e in together.change.put] == ["e-samen-1", "e-samen-2"]
    assert together.focus is None  # the facilitator's cursor stays where it is
    assert merged(applied[:1]) is applied[0]


def test_an_interrupted_batch_leaves_the_card_as_the_disk_has_it(demo_card):
    """Not a refusal but the program stopping (Ctrl+C) between two makers: the change
    already on the card goes back, since it was never written."""
    shop, store = workshop(demo_card)
    before, saves = set(shop.card.entries), store.saves

    def interrupted() -> Change:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        shop.apply_together([lambda: Change("een", put=(entry(1),)), interrupted])
    assert set(shop.card.entries) == before and store.saves == saves


def test_undo_of_what_a_phone_built_on_is_refused_and_changes_nothing(demo_card):
    """The facilitator adds a bijeenkomst and a theme; phones join the one and vote on the
    other. Undoing either would leave records that point nowhere, and a file that no longer
    opens: refused with a message, card and disk as they were, the undo still there."""
    from datetime import date

    from kaart_tui.domain import operations
    from kaart_tui.domain.model import Vote
    from kaart_tui.room import changes as rc

    shop, store = workshop(demo_card)
    new = shop.apply(operations.add_bijeenkomst(shop.card, date(2026, 12, 2))).change.put[0]
    person = shop.card.people()[0]
    shop.apply_together([lambda: rc.join_change(shop.card, new.id, person.id)])
    saves, card_before = store.saves, shop.card.copy()
    with pytest.raises(DomainError, match="vanaf een telefoon in de zaal"):
        shop.undo()
    assert store.saves == saves
    assert list(shop.card.records()) == list(card_before.records())
    assert store.load().bijeenkomsten.keys() == shop.card.bijeenkomsten.keys()
    assert len(shop._undo) == 1

    theme = shop.apply(operations.add_theme(shop.card, Step.WAARDEN, "Vertrouwen",
                                            new.id)).change.put[0]
    shop.apply_together([lambda: Change("stip", put=(Vote("v-tel", new.id, 1, person.id,
                                                           theme=theme.id),))])
    with pytest.raises(DomainError, match="vanaf een telefoon in de zaal"):
        shop.undo()
    assert theme.id in shop.card.themes and "v-tel" in store.load().votes
    # What no phone built on still undoes as always.
    shop.apply(operations.add_entry(shop.card, Step.RELATIES, "Los", new.id))
    assert shop.undo().label == "Bijdrage toegevoegd"

"""A Change: records to put and records to remove, applied as one unit.

Every edit on the card is a Change; its inverse is derived from the card as it was, so
undo and redo work the same way for every kind of edit and go through the store like any
other change (an undone change is on disk as soon as undo returns).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kaart_tui.domain.model import Card, Entry, Record, Theme, Vote, VotingRound, record_key
from kaart_tui.domain.steps import FILL_ORDER, Step


@dataclass(frozen=True)
class Change:
    label: str
    put: tuple[Record, ...] = ()
    remove: tuple[Record, ...] = ()
    # For records put back after removal: the key of the record they stood before.
    before: dict[tuple[type, object], object] = field(default_factory=dict)
    # What the screen should focus afterwards (a record key), if anything.
    focus: object = None
    # Accepted, but worth telling (a due date in the past).
    warnings: tuple[str, ...] = ()


def invert(change: Change, card: Card) -> Change:
    """The Change that undoes ``change`` on ``card`` (the card before ``change``)."""
    put: list[Record] = []
    remove: list[Record] = []
    before: dict[tuple[type, object], object] = {}
    for record in change.put:
        existing = card.collection(type(record)).get(record_key(record))
        if existing is None:
            remove.append(record)
        else:
            put.append(existing)
    for record in change.remove:
        collection = card.collection(type(record))
        key = record_key(record)
        if key not in collection:
            continue
        keys = list(collection)
        index = keys.index(key)
        # The next record that this change does not remove as well.
        removed = {record_key(r) for r in change.remove if type(r) is type(record)}
        successor = next((k for k in keys[index + 1:] if k not in removed), None)
        put.append(collection[key])
        before[(type(record), key)] = successor
    return Change(change.label, tuple(put), tuple(remove), before, change.focus)


def apply_to_card(card: Card, change: Change) -> None:
    for record in change.put:
        card.put(record, before=change.before.get((type(record), record_key(record))))
    for record in change.remove:
        card.remove(record)


def affected_steps(change: Change, card: Card) -> set[Step]:
    """The steps whose column shows something ``change`` alters (``card`` as before it).

    A change to anything else (a bijeenkomst, a participant) may show on every column.
    """
    steps: set[Step] = set()
    for record in (*change.put, *change.remove):
        if isinstance(record, (Entry, Theme)):
            steps.add(record.step)
            old = card.collection(type(record)).get(record.id)
            if old is not None:
                steps.add(old.step)
        elif isinstance(record, VotingRound):
            steps.add(record.step)
        elif isinstance(record, Vote):
            kind, target = record.target
            found = (card.themes if kind == "theme" else card.entries).get(target)
            if found is not None:
                steps.add(found.step)
        else:
            return set(FILL_ORDER)
    return steps

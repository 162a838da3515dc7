"""A Change: records to put and records to remove, applied as one unit.

Every edit on the card is a Change; its inverse is derived from the card as it was, so
undo and redo work the same way for every kind of edit and go through the store like any
other change (an undone change is on disk as soon as undo returns).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kaart_tui.domain.model import (
    COLLECTIONS,
    Card,
    Entry,
    Labeling,
    Record,
    StepNote,
    Theme,
    Vote,
    VotingRound,
    record_key,
)
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
    # Texts that must leave every copy kept of the session once this change is written:
    # the name of a person who asked to be forgotten.
    forget: tuple[str, ...] = ()

    @property
    def collections(self) -> frozenset[str]:
        """The collections this change writes to."""
        return frozenset(COLLECTIONS[type(r)] for r in (*self.put, *self.remove))


@dataclass(frozen=True)
class Applied:
    """What applying, undoing or redoing a change did, as the screens learn of it."""

    change: Change  # what was written (for an undo: the inverse)
    label: str  # what the facilitator did, in their words ("Bijdrage toegevoegd")
    steps: frozenset[Step]  # the columns that show something it altered
    how: str = "gedaan"  # "gedaan", "ongedaan" or "opnieuw"
    notes: tuple[str, ...] = ()  # what else it did that the facilitator should hear of

    @property
    def collections(self) -> frozenset[str]:
        return self.change.collections

    @property
    def focus(self) -> object:
        return self.change.focus

    def touches(self, *collections: str) -> bool:
        return bool(self.collections.intersection(collections))


def merged(batch: list[Applied]) -> Applied:
    """What several changes did together, as one: for the screens, which redraw once
    for a burst of phone votes. The records are all of them (a screen reads their current
    state from the card); the focus stays where the facilitator has it."""
    if len(batch) == 1 and batch[0].focus is None:
        return batch[0]
    change = Change(batch[0].label if len(batch) == 1 else f"{len(batch)} wijzigingen",
                    tuple(r for a in batch for r in a.change.put),
                    tuple(r for a in batch for r in a.change.remove))
    return Applied(change, change.label, frozenset().union(*(a.steps for a in batch)),
                   batch[-1].how, tuple(n for a in batch for n in a.notes))


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


# Records that never show in a column: a change of only these redraws none.
_OFF_CARD = frozenset({"attendance", "scores", "actions", "settings", "waiting"})


def affected_steps(change: Change, card: Card) -> set[Step]:
    """The steps whose column shows something ``change`` alters (``card`` as before it).

    A change to a bijeenkomst or a participant may show on every column.
    """
    steps: set[Step] = set()
    for record in (*change.put, *change.remove):
        if COLLECTIONS[type(record)] in _OFF_CARD:
            continue
        if isinstance(record, StepNote):
            steps.add(record.step)
        elif isinstance(record, (Entry, Theme)):
            steps.add(record.step)
            old = card.collection(type(record)).get(record.id)
            if old is not None:
                steps.add(old.step)
        elif isinstance(record, VotingRound):
            steps.add(record.step)
        elif isinstance(record, (Vote, Labeling)):
            kind, target = record.target if isinstance(record, Vote) else \
                record.target.split(":", 1)
            found = (card.themes if kind == "theme" else card.entries).get(target)
            if found is not None:
                steps.add(found.step)
        else:
            return set(FILL_ORDER)
    return steps

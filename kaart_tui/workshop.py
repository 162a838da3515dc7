"""The Workshop: one open session, as the screens use it.

It holds the Card, applies each Change through the store first and to the Card only once
the store has it on disk, and keeps undo and redo. Screens call it and never the store
directly; a refused or failed change raises KaartError and leaves Card and disk as they were.
"""

from __future__ import annotations

from datetime import date

from dataclasses import replace

from kaart_tui.domain import operations, people
from kaart_tui.domain.changes import Change, affected_steps, apply_to_card, invert
from kaart_tui.domain.model import Bijeenkomst, Card
from kaart_tui.domain.templates import CardTemplate, load_template
from kaart_tui.errors import DomainError
from kaart_tui.store.base import SessionStore

UNDO_DEPTH = 200


class Workshop:
    def __init__(self, store: SessionStore, template: CardTemplate | None = None) -> None:
        self.store = store
        self.card: Card = store.load()
        self.template = template or load_template(self.card.session.template)
        latest = self.card.latest_bijeenkomst()
        self.current_id: str | None = latest.id if latest else None
        # The steps the last applied change touched: the screen redraws only those.
        self.last_affected: set = set()
        self._undo: list[tuple[Change, Change]] = []
        self._redo: list[tuple[Change, Change]] = []

    @property
    def name(self) -> str:
        return self.store.path.stem

    @property
    def current(self) -> Bijeenkomst | None:
        return self.card.bijeenkomsten.get(self.current_id) if self.current_id else None

    # -- applying ------------------------------------------------------------------------
    def _write(self, change: Change) -> None:
        affected = affected_steps(change, self.card)
        self.store.apply(put=change.put, remove=change.remove)
        apply_to_card(self.card, change)
        self.last_affected = affected

    def apply(self, change: Change) -> Change:
        inverse = invert(change, self.card)
        self._write(change)
        self._undo.append((change, inverse))
        del self._undo[:-UNDO_DEPTH]
        self._redo.clear()
        return change

    def undo(self) -> Change | None:
        """Undo the last change; returns it (for its label), or None if there is none."""
        if not self._undo:
            return None
        change, inverse = self._undo[-1]
        self._write(inverse)
        self._undo.pop()
        self._redo.append((change, inverse))
        return inverse

    def redo(self) -> Change | None:
        if not self._redo:
            return None
        change, inverse = self._redo[-1]
        self._write(change)
        self._redo.pop()
        self._undo.append((change, inverse))
        return change

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    # -- bijeenkomsten -------------------------------------------------------------------
    def ensure_bijeenkomst(self, today: date | None = None) -> Bijeenkomst | None:
        """A session needs a bijeenkomst to record in; a new one starts with number 1.

        Returns the bijeenkomst it created, or None when there already was one.
        """
        if self.card.bijeenkomsten:
            return None
        return self.add_bijeenkomst(today or date.today())

    def add_bijeenkomst(self, day: date, location: str | None = None) -> Bijeenkomst:
        change = self.apply(operations.add_bijeenkomst(self.card, day, location))
        self.current_id = change.focus
        return self.card.bijeenkomsten[change.focus]

    def switch_to(self, bijeenkomst_id: str) -> Bijeenkomst:
        self.current_id = bijeenkomst_id
        return self.card.bijeenkomsten[bijeenkomst_id]

    # -- people ----------------------------------------------------------------------------
    def remove_participant(self, participant_id: str) -> Change:
        """Forget a person: the name leaves the session file and its backup."""
        change = self.apply(people.remove_participant(self.card, participant_id))
        self.store.forget_previous_version()
        return change

    def set_quorum(self, quorum: float) -> None:
        if not 0 < quorum <= 1:
            raise DomainError("Het quorum ligt tussen 1 en 100 procent.")
        settings = replace(self.card.settings, quorum=quorum)
        self.store.apply(settings=settings)
        self.card.settings = settings

    def close(self) -> None:
        self.store.close()

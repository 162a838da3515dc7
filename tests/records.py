"""Writing records straight into a store, as a test sets a session up (the app itself
changes a session only through a Workshop)."""

from __future__ import annotations

from typing import Iterable

from kaart_tui.domain.changes import Change, apply_to_card
from kaart_tui.domain.model import Record
from kaart_tui.store.base import SessionStore


def write(store: SessionStore, put: Iterable[Record] = (), remove: Iterable[Record] = ()
          ) -> None:
    """Put and remove records in the session on disk, in one save."""
    card = store.load()
    change = Change("test", tuple(put), tuple(remove))
    apply_to_card(card, change)
    store.save(card, change.collections)

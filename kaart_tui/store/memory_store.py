"""A session kept in memory: for rules tested without a disk, and anything short-lived.

It encodes every save with the same codec as the session file and decodes it on load,
so what passes here would pass on disk too.
"""

from __future__ import annotations

from typing import Any, Iterable

from kaart_tui.codec import encode_session
from kaart_tui.domain.model import Card
from kaart_tui.store.base import ALL_COLLECTIONS, SessionStore, StoreError
from kaart_tui.store.tables import SESSION_TABLE, card_from_tables, table_of, tables_from_card


class MemorySessionStore(SessionStore):
    def __init__(self, card: Card, name: str = "geheugen") -> None:
        self.name = name
        self._tables: dict[str, Any] | None = tables_from_card(card)
        self.saves = 0

    def load(self) -> Card:
        if self._tables is None:
            raise StoreError("Deze sessie is gesloten.")
        return card_from_tables(self._tables)

    def save(self, card: Card, collections: Iterable[str] = ALL_COLLECTIONS) -> None:
        if self._tables is None:
            raise StoreError("Deze sessie is gesloten.")
        tables = dict(self._tables)
        tables[SESSION_TABLE] = {"1": encode_session(card.session)}
        for collection in collections:
            tables[collection] = table_of(card, collection)
        self._tables = tables
        self.saves += 1

    def forget(self, texts: Iterable[str], keep: Iterable[str] = ()) -> list[str]:
        """There is no other copy in memory."""
        return []

    def close(self) -> None:
        self._tables = None

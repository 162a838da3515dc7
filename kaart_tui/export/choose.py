"""Which bijeenkomst an export is of: shared by the verslag and the poster."""

from __future__ import annotations

from kaart_tui.domain.model import Card
from kaart_tui.errors import KaartError


def choose_bijeenkomst(card: Card, number: int | None, error: type[KaartError],
                       nothing: str) -> str:
    """The bijeenkomst with this number, or the latest one; ``error(nothing)`` when the
    session has none yet."""
    if not card.bijeenkomsten:
        raise error(nothing)
    if number is None:
        return card.latest_bijeenkomst().id
    for bijeenkomst in card.bijeenkomsten.values():
        if bijeenkomst.number == number:
            return bijeenkomst.id
    known = ", ".join(str(b.number) for b in card.bijeenkomsten_in_order())
    raise error(f"Bijeenkomst {number} bestaat niet in deze sessie (wel: {known}).")

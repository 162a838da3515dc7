"""Whole-card consistency: every reference resolves and every value is in range.

Used wherever a card comes from outside the running app (a bundle, a session file), so a
broken file is refused with a message naming the item instead of failing later on screen.
"""

from __future__ import annotations

from kaart_tui.domain.model import Card
from kaart_tui.errors import DomainError

MIN_SCORE, MAX_SCORE = 1, 10


def check_card(card: Card) -> None:
    """Raise DomainError naming the first inconsistent item."""

    def need(collection: dict, key: str | None, what: str, kind: str, ref: str) -> None:
        if key is not None and key not in collection:
            raise DomainError(f"{what} verwijst naar {kind} '{key}' ({ref}), die niet bestaat.")

    numbers: dict[int, str] = {}
    for b in card.bijeenkomsten.values():
        if b.number < 1:
            raise DomainError(f"Bijeenkomst '{b.id}' heeft nummer {b.number}; dat moet 1 of "
                              "hoger zijn.")
        if b.number in numbers:
            raise DomainError(
                f"Bijeenkomsten '{numbers[b.number]}' en '{b.id}' hebben allebei nummer {b.number}."
            )
        numbers[b.number] = b.id
    for a in card.attendance.values():
        what = f"Aanwezigheid van '{a.participant}' in '{a.bijeenkomst}'"
        need(card.participants, a.participant, what, "deelnemer", "participant")
        need(card.bijeenkomsten, a.bijeenkomst, what, "bijeenkomst", "bijeenkomst")
    for t in card.themes.values():
        need(card.bijeenkomsten, t.bijeenkomst, f"Thema '{t.id}'", "bijeenkomst", "bijeenkomst")
    for e in card.entries.values():
        what = f"Bijdrage '{e.id}'"
        need(card.bijeenkomsten, e.bijeenkomst, what, "bijeenkomst", "bijeenkomst")
        need(card.participants, e.participant, what, "deelnemer", "participant")
        need(card.themes, e.theme, what, "thema", "theme")
        if e.theme is not None and card.themes[e.theme].step is not e.step:
            raise DomainError(
                f"Bijdrage '{e.id}' staat in stap {e.step.value} maar haar thema "
                f"'{e.theme}' in stap {card.themes[e.theme].step.value}."
            )
    for v in card.votes.values():
        if (v.theme is None) == (v.entry is None):
            both = f" (nu op '{v.theme}' en '{v.entry}')" if v.theme is not None else ""
            raise DomainError(f"Een stem in bijeenkomst '{v.bijeenkomst}' moet op precies één "
                              f"thema of één bijdrage gaan{both}.")
        what = f"Stem op '{v.theme or v.entry}' in bijeenkomst '{v.bijeenkomst}'"
        need(card.themes, v.theme, what, "thema", "theme")
        need(card.entries, v.entry, what, "bijdrage", "entry")
        need(card.bijeenkomsten, v.bijeenkomst, what, "bijeenkomst", "bijeenkomst")
        need(card.participants, v.participant, what, "deelnemer", "participant")
        if v.count < 1:
            raise DomainError(f"{what} heeft aantal {v.count}; dat moet 1 of meer zijn.")
    for w in card.waiting.values():
        what = f"Wachtende bijdrage '{w.id}'"
        need(card.bijeenkomsten, w.bijeenkomst, what, "bijeenkomst", "bijeenkomst")
        need(card.participants, w.participant, what, "deelnemer", "participant")
    for a in card.actions.values():
        what = f"Actie '{a.id}'"
        need(card.participants, a.owner, what, "deelnemer", "owner")
        need(card.bijeenkomsten, a.bijeenkomst, what, "bijeenkomst", "bijeenkomst")
    for r in card.rounds.values():
        need(card.bijeenkomsten, r.bijeenkomst, f"Stemronde van stap {r.step.value}",
             "bijeenkomst", "bijeenkomst")
    for labeling in card.labelings.values():
        kind, _, record_id = labeling.target.partition(":")
        collection = card.themes if kind == "theme" else card.entries
        if record_id not in collection:
            raise DomainError(f"Labels op '{labeling.target}', dat niet bestaat.")
    for s in card.scores.values():
        what = f"Score van '{s.participant}' in '{s.bijeenkomst}'"
        need(card.participants, s.participant, what, "deelnemer", "participant")
        need(card.bijeenkomsten, s.bijeenkomst, what, "bijeenkomst", "bijeenkomst")
        if not MIN_SCORE <= s.score <= MAX_SCORE:
            raise DomainError(f"{what} is {s.score}; een score ligt tussen 1 en 10.")

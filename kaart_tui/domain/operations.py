"""The edits a facilitator makes on the card, as pure functions: Card -> Change.

Each function checks its rule and raises DomainError with a Dutch message, or returns the
Change to apply. Nothing is changed here; the Workshop applies the Change through the store.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Iterable

from kaart_tui.domain.changes import Change
from kaart_tui.domain.model import (
    MAX_SHORT_TEXT_LENGTH,
    Bijeenkomst,
    Card,
    Entry,
    Labeling,
    StepNote,
    Theme,
    Vote,
    clean_optional,
    clean_text,
    new_id,
)
from kaart_tui.domain.steps import Step
from kaart_tui.errors import DomainError


def _entry(card: Card, entry_id: str) -> Entry:
    try:
        return card.entries[entry_id]
    except KeyError:
        raise DomainError("Deze bijdrage bestaat niet (meer).") from None


def _theme(card: Card, theme_id: str) -> Theme:
    try:
        return card.themes[theme_id]
    except KeyError:
        raise DomainError("Dit thema bestaat niet (meer).") from None


def _labels_on(card: Card, kind: str, target_id: str) -> tuple[Labeling, ...]:
    """The labels of a theme or entry that is going away: they must go with it, or they
    would point at nothing and the session would no longer open."""
    labeling = card.labelings.get(f"{kind}:{target_id}")
    return (labeling,) if labeling is not None else ()


def _votes_on(card: Card, kind: str, target_id: str) -> tuple[Vote, ...]:
    return tuple(v for v in card.votes.values() if v.target == (kind, target_id))


def _theme_title(title: str) -> str:
    return clean_text(title, "De naam van het thema", multiline=False,
                      max_length=MAX_SHORT_TEXT_LENGTH)


def _participant_id(card: Card, participant_id: str | None) -> str | None:
    person = card.participants.get(participant_id) if participant_id is not None else None
    if participant_id is not None and (person is None or person.removed):
        raise DomainError("Deze deelnemer bestaat niet (meer).")
    return participant_id


# -- entries ---------------------------------------------------------------------------
def add_entry(card: Card, step: Step, text: str, bijeenkomst_id: str,
              participant_id: str | None = None, theme_id: str | None = None) -> Change:
    if bijeenkomst_id not in card.bijeenkomsten:
        raise DomainError("Kies eerst een bijeenkomst.")
    if theme_id is not None and _theme(card, theme_id).step is not step:
        raise DomainError("Dat thema hoort bij een andere stap.")
    entry = Entry(new_id("e"), step, clean_text(text, "De bijdrage"), bijeenkomst_id,
                  _participant_id(card, participant_id), theme_id)
    return Change("Bijdrage toegevoegd", put=(entry,), focus=entry.id)


def edit_entry(card: Card, entry_id: str, text: str) -> Change:
    entry = _entry(card, entry_id)
    return Change("Bijdrage gewijzigd",
                  put=(replace(entry, text=clean_text(text, "De bijdrage")),), focus=entry_id)


def delete_entry(card: Card, entry_id: str) -> Change:
    entry = _entry(card, entry_id)
    # Votes on a deleted entry would point nowhere; undo brings them back with it.
    return Change("Bijdrage verwijderd", remove=(entry, *_votes_on(card, "entry", entry_id),
                                                 *_labels_on(card, "entry", entry_id)))


def move_entry(card: Card, entry_id: str, step: Step) -> Change:
    entry = _entry(card, entry_id)
    if entry.step is step:
        raise DomainError(f"De bijdrage staat al in stap {step.number}.")
    # A theme belongs to one step, and votes were cast on it as a candidate of the old step.
    return Change(f"Bijdrage verplaatst naar stap {step.number}",
                  put=(replace(entry, step=step, theme=None),),
                  remove=_votes_on(card, "entry", entry_id), focus=entry_id)


def attribute_entry(card: Card, entry_id: str, participant_id: str | None) -> Change:
    entry = _entry(card, entry_id)
    label = "Bijdrage anoniem gemaakt" if participant_id is None else "Bijdrage toegekend"
    return Change(label, put=(replace(entry, participant=_participant_id(card, participant_id)),),
                  focus=entry_id)


# -- themes ----------------------------------------------------------------------------
def _same_step(card: Card, entry_ids: Iterable[str]) -> tuple[Step, list[Entry]]:
    entries = [_entry(card, entry_id) for entry_id in entry_ids]
    if not entries:
        raise DomainError("Selecteer eerst een of meer bijdragen (spatie).")
    steps = {e.step for e in entries}
    if len(steps) > 1:
        raise DomainError("Een thema bundelt bijdragen uit één stap; de selectie bevat er "
                          f"{len(steps)}.")
    return entries[0].step, entries


def group_entries(card: Card, entry_ids: Iterable[str], title: str,
                  bijeenkomst_id: str) -> Change:
    if bijeenkomst_id not in card.bijeenkomsten:
        raise DomainError("Kies eerst een bijeenkomst.")
    step, entries = _same_step(card, entry_ids)
    theme = Theme(new_id("t"), step, _theme_title(title), bijeenkomst_id)
    return Change(f"Thema '{theme.title}' gemaakt",
                  put=(theme, *(replace(e, theme=theme.id) for e in entries)), focus=theme.id)


def add_theme(card: Card, step: Step, title: str, bijeenkomst_id: str) -> Change:
    """A theme without entries yet: named first, filled later (with ``t`` on it)."""
    if bijeenkomst_id not in card.bijeenkomsten:
        raise DomainError("Kies eerst een bijeenkomst.")
    theme = Theme(new_id("t"), step, _theme_title(title), bijeenkomst_id)
    return Change(f"Thema '{theme.title}' gemaakt", put=(theme,), focus=theme.id)


def move_theme(card: Card, theme_id: str, step: Step) -> Change:
    """A theme to another step, with its entries and labels; the votes cast on it were
    for the old step's top and go (undo brings them back)."""
    theme = _theme(card, theme_id)
    if theme.step is step:
        raise DomainError(f"Het thema staat al in stap {step.number}.")
    members = tuple(replace(e, step=step) for e in card.entries_in_theme(theme_id))
    entry_votes = tuple(v for e in members for v in _votes_on(card, "entry", e.id))
    return Change(f"Thema '{theme.title}' verplaatst naar stap {step.number}",
                  put=(replace(theme, step=step), *members),
                  remove=(*_votes_on(card, "theme", theme_id), *entry_votes), focus=theme_id)


def add_to_theme(card: Card, entry_ids: Iterable[str], theme_id: str) -> Change:
    theme = _theme(card, theme_id)
    step, entries = _same_step(card, entry_ids)
    if step is not theme.step:
        raise DomainError("Dat thema hoort bij een andere stap.")
    return Change(f"Toegevoegd aan thema '{theme.title}'",
                  put=tuple(replace(e, theme=theme_id) for e in entries), focus=theme_id)


def rename_theme(card: Card, theme_id: str, title: str) -> Change:
    theme = _theme(card, theme_id)
    return Change("Thema hernoemd", put=(replace(theme, title=_theme_title(title)),),
                  focus=theme_id)


def ungroup_theme(card: Card, theme_id: str) -> Change:
    theme = _theme(card, theme_id)
    loose = tuple(replace(e, theme=None) for e in card.entries_in_theme(theme_id))
    return Change(f"Thema '{theme.title}' opgeheven", put=loose,
                  remove=(theme, *_votes_on(card, "theme", theme_id),
                          *_labels_on(card, "theme", theme_id)),
                  focus=loose[0].id if loose else None)


def remove_from_theme(card: Card, entry_id: str) -> Change:
    entry = _entry(card, entry_id)
    if entry.theme is None:
        raise DomainError("Deze bijdrage hoort bij geen thema.")
    return Change("Uit thema gehaald", put=(replace(entry, theme=None),), focus=entry_id)


def merge_themes(card: Card, source_id: str, target_id: str) -> Change:
    source, target = _theme(card, source_id), _theme(card, target_id)
    if source_id == target_id:
        raise DomainError("Kies een ander thema om mee samen te voegen.")
    if source.step is not target.step:
        raise DomainError("Alleen thema's uit dezelfde stap kunnen samengaan.")
    moved = tuple(replace(e, theme=target_id) for e in card.entries_in_theme(source_id))
    # Votes follow the theme they were cast on: the merged theme keeps their weight.
    votes = tuple(replace(v, theme=target_id) for v in _votes_on(card, "theme", source_id))
    # So do labels: the merged theme carries the labels of both.
    old_labels = _labels_on(card, "theme", source_id)
    labels: tuple[Labeling, ...] = ()
    if old_labels:
        kept = card.labelings.get(f"theme:{target_id}")
        joined = tuple(dict.fromkeys((*(kept.labels if kept else ()), *old_labels[0].labels)))
        labels = (Labeling(f"theme:{target_id}", joined),)
    return Change(f"Thema '{source.title}' samengevoegd met '{target.title}'",
                  put=moved + votes + labels, remove=(source, *old_labels), focus=target_id)


# -- notes -----------------------------------------------------------------------------
def set_step_note(card: Card, step: Step, bijeenkomst_id: str, text: str | None) -> Change:
    """What the group said about a step in this bijeenkomst; empty text removes it."""
    if bijeenkomst_id not in card.bijeenkomsten:
        raise DomainError("Kies eerst een bijeenkomst.")
    existing = card.notes.get((step.value, bijeenkomst_id))
    if text is None or not text.strip():
        return Change(f"Aantekening bij stap {step.number} weggehaald",
                      remove=(existing,) if existing else ())
    note = StepNote(step, bijeenkomst_id, clean_text(text, "De aantekening"))
    return Change(f"Aantekening bij stap {step.number}", put=(note,))


# -- bijeenkomsten ---------------------------------------------------------------------
def add_bijeenkomst(card: Card, day: date, location: str | None = None,
                    evaluation: bool = False) -> Change:
    """The next bijeenkomst; an evaluation looks back, so it cannot come before the
    bijeenkomsten it looks back on."""
    number = max((b.number for b in card.bijeenkomsten.values()), default=0) + 1
    earlier = [b for b in card.bijeenkomsten.values() if not b.evaluation]
    if evaluation:
        if not earlier:
            raise DomainError("Een evaluatie kijkt terug op een eerdere bijeenkomst; er is "
                              "nog geen bijeenkomst met de Partnerschapskaart.")
        last = max(earlier, key=lambda b: b.number)
        if day < last.date:
            raise DomainError(f"Een evaluatie kijkt terug op {last.label.lower()} "
                              f"({last.date.strftime('%d-%m-%Y')}); kies een datum op of na "
                              "die dag.")
    bijeenkomst = Bijeenkomst(new_id("b"), number, day, clean_optional(location, "De locatie"),
                              evaluation)
    kind = "Evaluatiebijeenkomst" if evaluation else "Bijeenkomst"
    return Change(f"{kind} {number} toegevoegd", put=(bijeenkomst,), focus=bijeenkomst.id)

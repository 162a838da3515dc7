"""Step 5 made into commitments: individual, collective and external actions.

The reports: "iedereen schreef een concrete actie op", and teams meant to look back and
then did not (seed 001, 5.2.2). So every present participant should have an individual
action, and a later bijeenkomst starts by going through what is still open.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kaart_tui.domain.changes import Change
from kaart_tui.domain.model import (
    Action,
    ActionScope,
    ActionStatus,
    Card,
    Participant,
    clean_optional,
    clean_text,
    new_id,
)
from kaart_tui.errors import DomainError

SCOPE_LABELS = {
    ActionScope.INDIVIDUEEL: "Individueel (wat ga ik doen?)",
    ActionScope.COLLECTIEF: "Collectief (wat gaan we als team doen?)",
    ActionScope.EXTERN: "Extern (wat vragen we anderen?)",
}
STATUS_ORDER = (ActionStatus.OPEN, ActionStatus.BEZIG, ActionStatus.GEDAAN)


def _owner(card: Card, scope: ActionScope, owner_id: str | None,
           owner_text: str | None = None) -> tuple[str | None, str | None]:
    """The owner as (participant id, free text): one of the two, or neither.

    Only a collective or external action may have an owner who is not a participant
    ("de wijkmanager", "het hele team"); an individual action is someone's own.
    """
    owner = card.participants.get(owner_id) if owner_id is not None else None
    if owner_id is not None and (owner is None or owner.removed):
        raise DomainError("Die eigenaar staat niet (meer) in de sessie.")
    text = clean_optional(owner_text, "De eigenaar")
    if scope is ActionScope.INDIVIDUEEL:
        if owner_id is None:
            detail = f" '{text}' staat niet in de deelnemerslijst." if text else ""
            raise DomainError("Een individuele actie is van een deelnemer: wie gaat het "
                              f"doen?{detail}")
        text = None
    if owner_id is not None:
        text = None
    return owner_id, text


def _due_warnings(due: date | None, today: date) -> tuple[str, ...]:
    if due is not None and due < today:
        return (f"Let op: de datum {due.strftime('%d-%m-%Y')} ligt in het verleden.",)
    return ()


def add_action(card: Card, scope: ActionScope, text: str, bijeenkomst_id: str,
               owner_id: str | None = None, due: date | None = None,
               today: date | None = None, owner_text: str | None = None) -> Change:
    if bijeenkomst_id not in card.bijeenkomsten:
        raise DomainError("Kies eerst een bijeenkomst.")
    owner, free = _owner(card, scope, owner_id, owner_text)
    action = Action(new_id("a"), scope, clean_text(text, "De actie"), bijeenkomst_id,
                    owner, due, owner_text=free)
    return Change("Actie toegevoegd", put=(action,), focus=action.id,
                  warnings=_due_warnings(due, today or date.today()))


def _action(card: Card, action_id: str) -> Action:
    try:
        return card.actions[action_id]
    except KeyError:
        raise DomainError("Deze actie bestaat niet (meer).") from None


def edit_action(card: Card, action_id: str, text: str) -> Change:
    action = _action(card, action_id)
    return Change("Actie gewijzigd", put=(replace(action, text=clean_text(text, "De actie")),),
                  focus=action_id)


def update_action(card: Card, action_id: str, text: str, scope: ActionScope,
                  owner_id: str | None, owner_text: str | None, due: date | None,
                  today: date | None = None) -> Change:
    """Everything of an action at once, as the form shows it: one change, one undo."""
    action = _action(card, action_id)
    owner, free = _owner(card, scope, owner_id, owner_text)
    changed = replace(action, text=clean_text(text, "De actie"), scope=scope, owner=owner,
                      owner_text=free, due=due)
    warnings = _due_warnings(due, today or date.today()) if due != action.due else ()
    return Change("Actie gewijzigd", put=(changed,), focus=action_id, warnings=warnings)


def set_owner(card: Card, action_id: str, owner_id: str | None,
              owner_text: str | None = None) -> Change:
    action = _action(card, action_id)
    owner, free = _owner(card, action.scope, owner_id, owner_text)
    return Change("Eigenaar gewijzigd", put=(replace(action, owner=owner, owner_text=free),),
                  focus=action_id)


def set_due(card: Card, action_id: str, due: date | None, today: date | None = None
            ) -> Change:
    action = _action(card, action_id)
    return Change("Datum gewijzigd", put=(replace(action, due=due),), focus=action_id,
                  warnings=_due_warnings(due, today or date.today()))


def set_status(card: Card, action_id: str, status: ActionStatus) -> Change:
    action = _action(card, action_id)
    return Change(f"Actie: {status.value}", put=(replace(action, status=status),),
                  focus=action_id)


def next_status(status: ActionStatus) -> ActionStatus:
    return STATUS_ORDER[(STATUS_ORDER.index(status) + 1) % len(STATUS_ORDER)]


def set_note(card: Card, action_id: str, note: str | None) -> Change:
    action = _action(card, action_id)
    return Change("Notitie bij de actie", put=(replace(action, note=clean_optional(note,
                                                                                   "De notitie")),),
                  focus=action_id)


def delete_action(card: Card, action_id: str) -> Change:
    return Change("Actie verwijderd", remove=(_action(card, action_id),))


def without_individual_action(card: Card, bijeenkomst_id: str) -> list[Participant]:
    """Present participants who have no individual action of this bijeenkomst yet, in the
    order of the attendance grid."""
    from kaart_tui.domain.people import grid_order

    owners = {a.owner for a in card.actions.values()
              if a.scope is ActionScope.INDIVIDUEEL and a.bijeenkomst == bijeenkomst_id}
    present = {p.id for p in card.present(bijeenkomst_id)}
    return [p for p in grid_order(card) if p.id in present and p.id not in owners]


@dataclass(frozen=True, slots=True)
class OwnerGroup:
    label: str
    actions: tuple[Action, ...]


def open_before(card: Card, bijeenkomst_id: str) -> list[OwnerGroup]:
    """Actions of earlier bijeenkomsten that are not done, grouped per owner: the review
    that opens a later bijeenkomst ("wat heb je sinds de vorige keer gedaan?")."""
    earlier = {b.id for b in card.bijeenkomsten_up_to(bijeenkomst_id)} - {bijeenkomst_id}
    pending = [a for a in card.actions.values()
               if a.bijeenkomst in earlier and a.status is not ActionStatus.GEDAAN]
    groups: dict[str, list[Action]] = {}
    for action in pending:
        groups.setdefault(owner_label(card, action), []).append(action)
    return [OwnerGroup(label, tuple(actions)) for label, actions in groups.items()]


def owner_label(card: Card, action: Action) -> str:
    if action.owner is not None and action.owner in card.participants:
        owner = card.participants[action.owner]
        return owner.name if not owner.removed else "(naam verwijderd)"
    if action.owner_text:
        return action.owner_text
    if action.scope is ActionScope.COLLECTIEF:
        return "Het team"
    if action.scope is ActionScope.EXTERN:
        return "Extern"
    return "(zonder naam)"


# -- the Evaluatiekaart -------------------------------------------------------------------
def looked_back_on(card: Card, bijeenkomst_id: str) -> str | None:
    """The bijeenkomst whose card an evaluation looks back on: the latest earlier one that
    was not itself an evaluation."""
    earlier = [b for b in card.bijeenkomsten_up_to(bijeenkomst_id)
               if b.id != bijeenkomst_id and not card.is_evaluation(b.id)]
    return earlier[-1].id if earlier else None

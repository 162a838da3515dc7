"""The Workshop: one open session, as the screens use it.

It holds the Card, applies each Change through the store first and to the Card only once
the store has it on disk, and keeps undo and redo. Screens call it and never the store
directly; a refused or failed change raises KaartError and leaves Card and disk as they were.
"""

from __future__ import annotations

from datetime import date

from dataclasses import replace
from pathlib import Path

from kaart_tui.domain import operations, people
from kaart_tui.domain.changes import Change, affected_steps, apply_to_card, invert
from kaart_tui.domain.model import Bijeenkomst, Card
from kaart_tui.domain.actions import is_evaluation
from kaart_tui.domain.templates import CardTemplate, load_with_override
from kaart_tui.errors import DomainError
from kaart_tui.store.base import SessionStore

UNDO_DEPTH = 200


class Workshop:
    def __init__(self, store: SessionStore, template: CardTemplate | None = None,
                 templates_dir: Path | None = None) -> None:
        """``templates_dir``: where a facilitator's own templates may override the shipped
        ones (the data folder's ``templates/``)."""
        self.store = store
        self.card: Card = store.load()
        # Messages about own template files that were refused (shown by the app).
        self.template_problems: list[str] = []
        self.template = template or self._load(self.card.session.template, templates_dir)
        self._templates_dir = templates_dir
        self._evaluation_template: CardTemplate | None = None
        latest = self.card.latest_bijeenkomst()
        self.current_id: str | None = latest.id if latest else None
        # The steps the last applied change touched: the screen redraws only those.
        self.last_affected: set = set()
        self._undo: list[tuple[Change, Change]] = []
        self._redo: list[tuple[Change, Change]] = []

    def take_template_problems(self) -> list[str]:
        """Messages about refused own template files not told yet (each is told once)."""
        problems, self.template_problems = self.template_problems, []
        return problems

    def _load(self, template_id: str, templates_dir: Path | None) -> CardTemplate:
        template, problem = load_with_override(template_id, templates_dir)
        if problem:
            self.template_problems.append(problem)
        return template

    @property
    def evaluation_template(self) -> CardTemplate:
        if self._evaluation_template is None:
            self._evaluation_template = self._load("evaluatiekaart", self._templates_dir)
        return self._evaluation_template

    def template_for(self, bijeenkomst_id: str | None) -> CardTemplate:
        """The Evaluatiekaart's texts in an evaluation bijeenkomst, else the session's."""
        if is_evaluation(self.card, bijeenkomst_id):
            return self.evaluation_template
        return self.template

    @property
    def current_template(self) -> CardTemplate:
        return self.template_for(self.current_id)

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

    def start_evaluation(self, day: date, location: str | None = None) -> Bijeenkomst:
        """A new bijeenkomst held with the Evaluatiekaart, looking back on the card."""
        bijeenkomst = self.add_bijeenkomst(day, location)
        settings = replace(self.card.settings,
                           evaluations=(*self.card.settings.evaluations, bijeenkomst.id))
        self.store.apply(settings=settings)
        self.card.settings = settings
        return bijeenkomst

    def set_quorum(self, quorum: float) -> None:
        if not 0 < quorum <= 1:
            raise DomainError("Het quorum ligt tussen 1 en 100 procent.")
        settings = replace(self.card.settings, quorum=quorum)
        self.store.apply(settings=settings)
        self.card.settings = settings

    def close(self) -> None:
        self.store.close()

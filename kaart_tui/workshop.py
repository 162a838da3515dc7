"""The Workshop: one open session, as the screens use it.

It holds the Card and applies every change, of any kind, the same way: the change goes
to the Card and then through the store to disk in one write; if the write fails, the
Card is put back as it was and the error is raised. Each applied change is one entry on
the undo stack. Screens call it and never the store; a refused or failed change raises
KaartError and leaves Card and disk as they were.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable

from kaart_tui.domain import operations
from kaart_tui.domain.changes import Applied, Change, affected_steps, apply_to_card, invert
from kaart_tui.domain.integrity import check_card
from kaart_tui.domain.model import Bijeenkomst, Card
from kaart_tui.domain.templates import CardTemplate
from kaart_tui.errors import DomainError
from kaart_tui.store.base import SessionStore
from kaart_tui.template_files import load_with_override

UNDO_DEPTH = 200
# Phones write between the facilitator's own changes, off the undo stack; undoing what
# they built on (the new bijeenkomst they joined, the theme they voted on) would leave
# records that point nowhere, and a session file that no longer opens.
BUILT_ON = ("Dit kan niet meer ongedaan worden gemaakt: vanaf een telefoon in de zaal is "
            "er intussen iets aan gekoppeld (een aanmelding, een stem of een bijdrage in de "
            "wachtrij). Er is niets veranderd.")


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
        if self.card.is_evaluation(bijeenkomst_id):
            return self.evaluation_template
        return self.template

    @property
    def current_template(self) -> CardTemplate:
        return self.template_for(self.current_id)

    @property
    def name(self) -> str:
        return self.store.name

    @property
    def current(self) -> Bijeenkomst | None:
        return self.card.bijeenkomsten.get(self.current_id) if self.current_id else None

    # -- applying ------------------------------------------------------------------------
    def _put_on_card(self, change: Change) -> tuple[Change, set]:
        """Put ``change`` on the card (not yet on disk); its inverse and the steps it
        touched as the card was before it."""
        steps = affected_steps(change, self.card)
        inverse = invert(change, self.card)
        apply_to_card(self.card, change)
        return inverse, steps

    def _write(self, change: Change, label: str, how: str) -> Applied:
        inverse, steps = self._put_on_card(change)
        if how != "gedaan":  # a new change is checked by its own rule; a stored one not
            try:
                check_card(self.card)
            except DomainError:
                apply_to_card(self.card, inverse)
                raise DomainError(BUILT_ON) from None
        try:
            self.store.save(self.card, change.collections)
        except BaseException:
            apply_to_card(self.card, inverse)  # the card is as the disk still has it
            raise
        notes = ()
        if change.forget:
            staying = [p.name for p in self.card.participants.values() if p.name]
            notes = tuple(self.store.forget(change.forget, staying))
        if self.current_id not in self.card.bijeenkomsten:
            latest = self.card.latest_bijeenkomst()  # the current one was undone
            self.current_id = latest.id if latest else None
        return Applied(change, label, frozenset(steps | affected_steps(change, self.card)),
                       how, notes)

    def apply(self, change: Change, undoable: bool = True) -> Applied:
        """Apply ``change``; ``undoable=False`` for what did not come from the facilitator
        (a phone in the room), which must not land in the middle of their own undo."""
        inverse = invert(change, self.card)
        applied = self._write(change, change.label, "gedaan")
        if undoable:
            self._undo.append((change, inverse))
            del self._undo[:-UNDO_DEPTH]
            self._redo.clear()
        return applied

    def apply_together(self, makers: list[Callable[[], Change | None]]
                       ) -> list[Applied | Exception | None]:
        """Make and apply several changes that did not come from the facilitator (phones
        voting at once) in one write: one fsync for all, not one each.

        Each change is made against the card as the ones before it left it, so two
        ballots of one phone in a row stay right. A maker that refuses (raises) gets its
        exception back in its place and the others go on; a maker that returns nothing to
        write gets None. If the write fails, the card is as before and the error is raised
        for all of them: nothing was acknowledged.
        """
        results: list[Applied | Exception | None] = []
        done: list[tuple[int, Change, Change, set]] = []  # place in results, change, ...
        try:
            for make in makers:
                try:
                    change = make()
                except Exception as refused:  # a refusal belongs to its own phone only
                    results.append(refused)
                    continue
                results.append(None)  # nothing to write, unless it is a change
                if change is not None and (change.put or change.remove):
                    done.append((len(results) - 1, change, *self._put_on_card(change)))
            if done:
                self.store.save(self.card, frozenset().union(*(change.collections
                                                               for _, change, _, _ in done)))
        except BaseException:
            for _, _, inverse, _ in reversed(done):
                apply_to_card(self.card, inverse)  # the card is as the disk still has it
            raise
        for place, change, _, steps in done:
            results[place] = Applied(change, change.label,
                                     frozenset(steps | affected_steps(change, self.card)))
        return results

    def undo(self) -> Applied | None:
        """Undo the last change, or None if there is none."""
        if not self._undo:
            return None
        change, inverse = self._undo[-1]
        applied = self._write(inverse, change.label, "ongedaan")
        self._undo.pop()
        self._redo.append((change, inverse))
        return applied

    def redo(self) -> Applied | None:
        if not self._redo:
            return None
        change, inverse = self._redo[-1]
        applied = self._write(change, change.label, "opnieuw")
        self._redo.pop()
        self._undo.append((change, inverse))
        return applied

    # -- bijeenkomsten -------------------------------------------------------------------
    def ensure_bijeenkomst(self, today: date | None = None) -> Bijeenkomst | None:
        """A session needs a bijeenkomst to record in; a new one starts with number 1.

        Returns the bijeenkomst it created, or None when there already was one.
        """
        if self.card.bijeenkomsten:
            return None
        # Not undoable: undo would leave the session without a bijeenkomst to record in.
        applied = self.apply(operations.add_bijeenkomst(self.card, today or date.today()),
                             undoable=False)
        return self.switch_to(applied.focus)

    def switch_to(self, bijeenkomst_id: str) -> Bijeenkomst:
        self.current_id = bijeenkomst_id
        return self.card.bijeenkomsten[bijeenkomst_id]

    def close(self) -> None:
        self.store.close()


"""The card's keys for entries: add, edit, delete, select, attribute, move.

A mixin of CardScreen (see card.py), which provides the workshop, the columns and the
focused item.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kaart_tui.domain import operations
from kaart_tui.domain.people import find_person
from kaart_tui.domain.steps import FILL_ORDER, Step
from kaart_tui.messages import EntrySubmitted
from kaart_tui.screens.common import apply_change
from kaart_tui.screens.dialogs import ChoiceDialog, TextEditor

if TYPE_CHECKING:
    from kaart_tui.screens.card import CardScreen

ANONYMOUS = "-"


class CardEntryKeys:
    def action_add(self: "CardScreen") -> None:
        self.set_focus(self.column(self.active).add_input)  # not focus(): see check_action

    def on_entry_submitted(self: "CardScreen", event: EntrySubmitted) -> None:
        column = self.column(event.step)
        text = event.text.strip()
        if not text:  # Enter on an empty field: done adding
            column.items.focus()
            return
        participant_id = None
        added = None
        text_to_add: str | None = text
        if text.startswith("@"):
            token, _, rest = text[1:].partition(" ")
            person, problem = find_person(self.workshop.card, f"@{token}")
            if problem:
                self.notify(problem, severity="error", markup=False, timeout=30)
            participant_id = person.id if person is not None else None
            text_to_add = rest if person is not None else None
        if text_to_add is not None:
            current = self.workshop.current_id or ""
            added = apply_change(self, self.workshop, lambda: operations.add_entry(
                self.workshop.card, event.step, text_to_add, current, participant_id))
        if added is None:
            # Refused: the message is shown; give the typed text back so nothing is lost.
            field = column.add_input
            field.value = event.text + field.value
            field.cursor_position = len(event.text)

    def action_edit(self: "CardScreen") -> None:
        card = self.workshop.card
        kind, record_id = self.focused_item()
        if kind == "e":
            entry = card.entries[record_id]

            def save(text: str | None) -> None:
                if text is not None:
                    self.run_change(lambda: operations.edit_entry(card, record_id, text))

            self.app.push_screen(TextEditor("Bijdrage bewerken", entry.text), save)
        elif kind == "t":
            self.rename_theme(record_id)
        else:
            self.notify("Kies eerst een bijdrage of thema.", severity="warning")

    def run_change(self: "CardScreen", make, quiet: bool = False):
        """Apply a change made by a domain rule; say what was done unless ``quiet``."""
        applied = apply_change(self, self.workshop, make)
        if applied is not None and not quiet:
            self.notify(applied.label, markup=False, timeout=3)
        return applied

    def action_delete(self: "CardScreen") -> None:
        kind, record_id = self.focused_item()
        card = self.workshop.card
        if kind == "e":
            self.selected.discard(record_id)
            self.run_change(lambda: operations.delete_entry(card, record_id))
        elif kind == "t":
            self.run_change(lambda: operations.ungroup_theme(card, record_id))
        else:
            self.notify("Kies eerst een bijdrage of thema.", severity="warning")

    def action_select(self: "CardScreen") -> None:
        entry_id = self.need(self.focused_entry_id(), "Alleen bijdragen kun je selecteren.")
        if entry_id is None:
            return
        self.selected.symmetric_difference_update({entry_id})
        self.redraw({self.active})
        items = self.column(self.active).items
        if items.highlighted is not None and items.highlighted < items.option_count - 1:
            items.action_cursor_down()  # on to the next, without wrapping to the top

    def action_clear_selection(self: "CardScreen") -> None:
        if self.selected:
            steps = {self.workshop.card.entries[e].step for e in self.selected
                     if e in self.workshop.card.entries}
            self.selected.clear()
            self.redraw(steps)

    def action_attribute(self: "CardScreen") -> None:
        entry_id = self.need(self.focused_entry_id(), "Kies eerst een bijdrage.")
        if entry_id is None:
            return
        card = self.workshop.card
        if not card.people():
            self.notify("Er zijn nog geen deelnemers in deze sessie.", severity="warning")
            return
        choices = [(ANONYMOUS, "(anoniem)")] + [
            (p.id, f"{p.name} — {p.organisation}") for p in card.people()]

        def chosen(participant_id: str | None) -> None:
            if participant_id is not None:
                who = None if participant_id == ANONYMOUS else participant_id
                self.run_change(lambda: operations.attribute_entry(card, entry_id, who))

        self.app.push_screen(ChoiceDialog("Van wie is deze bijdrage?", choices,
                                          filterable=True,
                                          current=card.entries[entry_id].participant),
                             chosen)

    def action_move(self: "CardScreen") -> None:
        kind, record_id = self.focused_item()
        if kind not in ("e", "t") or record_id is None:
            self.notify("Kies eerst een bijdrage of thema.", severity="warning")
            return
        template = self.workshop.current_template
        choices = [(s.value, f"{s.number}  {template.step(s).name}") for s in FILL_ORDER]
        move = operations.move_entry if kind == "e" else operations.move_theme

        def chosen(step_key: str | None) -> None:
            if step_key is not None:
                self.run_change(lambda: move(self.workshop.card, record_id, Step(step_key)))

        what = "Deze bijdrage" if kind == "e" else "Dit thema (met zijn bijdragen)"
        self.app.push_screen(ChoiceDialog(
            f"{what} naar welke stap?", choices, hint="1-5 of ↑↓ Enter · Esc: annuleren",
            shortcuts={str(s.number): s.value for s in FILL_ORDER}), chosen)

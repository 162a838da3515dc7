"""The card's keys for themes: make one, add to one, rename, ungroup, merge, fold, labels.

A mixin of CardScreen (see card.py). ``t`` opens a field in every state, so a theme name
typed right after it always lands in a field: with a selection it names the new theme of
the selection (or, on a theme, adds the selection to it); on an entry it proposes the
entry's own words; anywhere else it makes a theme that entries can be added to later.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import OptionList

from kaart_tui.domain import operations
from kaart_tui.domain.labels import labels_on, set_labels, suggest
from kaart_tui.domain.text import clean_short
from kaart_tui.errors import KaartError
from kaart_tui.screens.dialogs import ChoiceDialog, TextPrompt

if TYPE_CHECKING:
    from kaart_tui.screens.card import CardScreen


def theme_title(text: str) -> str:
    return clean_short(text, "De naam van het thema")


def proposed_title(text: str) -> str:
    """An entry's words as a first name for its theme: its first line, not too long."""
    first = " ".join(text.strip().splitlines()[0].split()) if text.strip() else ""
    return first if len(first) <= 80 else first[:79].rstrip() + "…"


class CardThemeKeys:
    def _selection(self: "CardScreen") -> list[str]:
        card = self.workshop.card
        return [e for e in card.entries if e in self.selected]

    def action_theme(self: "CardScreen") -> None:
        card = self.workshop.card
        current = self.workshop.current_id or ""
        step = self.active
        selection = self._selection()
        theme_id = self.focused_theme_id()
        entry_id = self.focused_entry_id()
        if selection and theme_id is not None:
            if self.run_change(lambda: operations.add_to_theme(card, selection, theme_id)):
                self.selected.clear()
                self.draw_header()
            return
        if selection or entry_id is not None:
            entries = selection or [entry_id]
            proposal = "" if selection else proposed_title(card.entries[entry_id].text)

            def named(title: str | None) -> None:
                if title is not None and self.run_change(
                        lambda: operations.group_entries(card, entries, title, current)):
                    self.selected.clear()
                    self.draw_header()

            count = len(entries)
            self.app.push_screen(TextPrompt(
                f"Nieuw thema voor {count} bijdrage{'' if count == 1 else 'n'}", proposal,
                placeholder="naam van het thema", parse=theme_title), named)
            return

        def created(title: str | None) -> None:
            if title is not None:
                self.run_change(lambda: operations.add_theme(card, step, title, current))

        self.app.push_screen(TextPrompt(
            "Nieuw thema (nog zonder bijdragen)", placeholder="naam van het thema",
            hint="Enter: maken · Esc: annuleren · daarna bijdragen selecteren (spatie) en "
                 "met t aan het thema toevoegen", parse=theme_title), created)

    def rename_theme(self: "CardScreen", theme_id: str) -> None:
        card = self.workshop.card

        def named(title: str | None) -> None:
            if title is not None:
                self.run_change(lambda: operations.rename_theme(card, theme_id, title))

        self.app.push_screen(TextPrompt("Thema hernoemen", card.themes[theme_id].title,
                                        parse=theme_title), named)

    def action_ungroup(self: "CardScreen") -> None:
        card = self.workshop.card
        kind, record_id = self.focused_item()
        if kind == "t":
            self.run_change(lambda: operations.ungroup_theme(card, record_id))
        elif kind == "e":
            self.run_change(lambda: operations.remove_from_theme(card, record_id))

    def action_merge(self: "CardScreen") -> None:
        source = self.need(self.focused_theme_id(), "Ga op het thema staan dat moet opgaan "
                                                    "in een ander.")
        if source is None:
            return
        card = self.workshop.card
        others = [(t.id, t.title) for t in card.themes_of(self.active) if t.id != source]
        if not others:
            self.notify("Er is geen ander thema in deze stap.", severity="warning")
            return

        def chosen(target: str | None) -> None:
            if target is not None:
                self.run_change(lambda: operations.merge_themes(card, source, target))

        self.app.push_screen(ChoiceDialog(f"'{card.themes[source].title}' samenvoegen met:",
                                          others, filterable=True), chosen)

    def on_option_list_option_selected(self: "CardScreen",
                                       event: OptionList.OptionSelected) -> None:
        # The column's list takes Enter itself (as "select"), before the screen's binding.
        event.stop()
        self.action_fold()

    def action_fold(self: "CardScreen") -> None:
        theme_id = self.focused_theme_id()
        if theme_id is None:
            self.action_edit()
            return
        self.folded.symmetric_difference_update({theme_id})
        self.redraw({self.active}, theme_id)

    # -- labels --------------------------------------------------------------------------
    def action_labels(self: "CardScreen") -> None:
        kind_key, record_id = self.focused_item()
        if kind_key not in ("t", "e") or record_id is None:
            self.notify("Ga op een thema of bijdrage staan.", severity="warning")
            return
        kind = "theme" if kind_key == "t" else "entry"
        vocabulary = self.app.load_vocabulary()
        if vocabulary is None:
            return
        card = self.workshop.card
        wording = card.themes[record_id].title if kind == "theme" else \
            card.entries[record_id].text
        current = [label.id for label in labels_on(card, vocabulary, kind, record_id)]
        # Suggestions only for what has no label yet; they are offered, never applied.
        suggestions = [] if current else suggest(vocabulary, wording)

        def chosen(result) -> None:
            if result is None:
                return
            label_ids, new_names = result
            if new_names:
                try:
                    label_ids = (*label_ids, *self.app.add_labels(new_names))
                except KaartError as error:
                    self.notify(error.message, severity="error", markup=False, timeout=30)
                    return
            self.run_change(lambda: set_labels(self.workshop.card, kind, record_id,
                                               tuple(label_ids)))

        from kaart_tui.screens.labels import LabelDialog

        what = "thema" if kind == "theme" else "punt"
        self.app.push_screen(LabelDialog(f"Labels voor dit {what}", wording, vocabulary,
                                         current, suggestions), chosen)


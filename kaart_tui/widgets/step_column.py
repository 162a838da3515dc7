"""One column of the card: a step's heading, its themes and entries, and the add field.

The items are one OptionList, not a widget per entry: a column of several hundred
entries then costs one widget, and scrolling and highlighting stay instant.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from kaart_tui.domain.model import Card, Entry
from kaart_tui.domain.steps import Step
from kaart_tui.domain.templates import StepText
from kaart_tui.messages import ColumnFocused, EntrySubmitted

# Longer entries are cut on the card and shown whole while highlighted.
SHORT_LENGTH = 160


@dataclass
class ColumnView:
    """What a column needs to draw itself, besides the card."""

    bijeenkomst_id: str | None
    selected: set[str]
    folded: set[str]
    # On a narrow screen the columns without focus show only their themes.
    compact: bool = False


def item_id(kind: str, record_id: str) -> str:
    return f"{kind}:{record_id}"


def split_item_id(option_id: str | None) -> tuple[str | None, str | None]:
    if not option_id or ":" not in option_id:
        return None, None
    kind, record_id = option_id.split(":", 1)
    return kind, record_id


def hanging(marker: Text, text: Text) -> Table:
    """``marker`` in a gutter, ``text`` wrapping under itself rather than under the marker."""
    grid = Table.grid(expand=True)
    grid.add_column(width=marker.cell_len, no_wrap=True)
    grid.add_column(ratio=1, no_wrap=text.no_wrap or False, overflow=text.overflow or "fold")
    grid.add_row(marker, text)
    return grid


class ItemList(OptionList):
    """The themes and entries of one step."""

    def on_focus(self) -> None:
        self.post_message(ColumnFocused(self.parent_column.step))

    @property
    def parent_column(self) -> "StepColumn":
        return self.query_ancestor(StepColumn)


class AddInput(Input):
    """The field where new entries are typed, at the foot of each column."""

    def on_focus(self) -> None:
        self.post_message(ColumnFocused(self.query_ancestor(StepColumn).step))

    async def _on_key(self, event: events.Key) -> None:
        # Enter is taken here, not as a binding: a binding runs only after the key has
        # bubbled up to the app, and by then a fast typist's next keys are already in the
        # field and would be glued onto this entry.
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            value, self.value = self.value, ""
            self.post_message(EntrySubmitted(self.query_ancestor(StepColumn).step, value))
        elif event.key == "escape":
            event.stop()
            event.prevent_default()
            self.query_ancestor(StepColumn).items.focus()
        else:
            await super()._on_key(event)


class StepColumn(Vertical):
    def __init__(self, step_text: StepText) -> None:
        super().__init__(id=f"column-{step_text.step.value}", classes="step-column")
        self.step: Step = step_text.step
        self.step_text = step_text
        self._card: Card | None = None
        self._view: ColumnView | None = None
        self._full_shown: str | None = None

    def compose(self) -> ComposeResult:
        text = self.step_text
        yield Static(Text(f"{text.step.number} {text.name}", style="bold", no_wrap=True,
                          overflow="ellipsis"), classes="step-title")
        yield Static(Text(text.question), classes="step-question")
        yield Static(Text("\n".join(f"• {q}" for q in text.guiding)), classes="step-guiding")
        yield Static("", classes="step-timer")
        yield ItemList(id=f"items-{self.step.value}", markup=False)
        yield AddInput(placeholder="Nieuwe bijdrage, Enter", id=f"add-{self.step.value}",
                       compact=True)

    @property
    def items(self) -> ItemList:
        return self.query_one(ItemList)

    @property
    def add_input(self) -> AddInput:
        return self.query_one(AddInput)

    # -- drawing -------------------------------------------------------------------------
    def show(self, card: Card, view: ColumnView, focus: str | None = None) -> None:
        """Redraw the items; keep the highlight on the same item, or move it to ``focus``."""
        self._card, self._view = card, view
        items = self.items
        keep = focus or (items.highlighted_option.id if items.highlighted_option else None)
        old_index = items.highlighted
        options = list(self._options(card, view))
        items.set_options(options)
        self._full_shown = None
        if not options:
            return
        ids = [o.id for o in options]
        if keep in ids:
            items.highlighted = ids.index(keep)
        else:
            items.highlighted = min(old_index or 0, len(options) - 1)
        self._show_full(items.highlighted_option)

    def _options(self, card: Card, view: ColumnView):
        numbers = {b.id: b.number for b in card.bijeenkomsten.values()}
        current = numbers.get(view.bijeenkomst_id or "", 0)

        def visible(bijeenkomst_id: str) -> bool:
            return numbers.get(bijeenkomst_id, 0) <= current

        themed: dict[str, list[Entry]] = {}
        loose: list[Entry] = []
        for entry in card.entries_of(self.step):
            if not visible(entry.bijeenkomst):
                continue
            if entry.theme is not None:
                themed.setdefault(entry.theme, []).append(entry)
            else:
                loose.append(entry)
        for theme in card.themes_of(self.step):
            members = themed.get(theme.id, [])
            if not visible(theme.bijeenkomst) and not members:
                continue
            folded = view.compact or theme.id in view.folded
            label = Text(theme.title, style="bold", overflow="fold")
            if view.compact:  # one line per theme in a narrow column
                label = Text(theme.title, style="bold", no_wrap=True, overflow="ellipsis")
            if not view.compact:
                label.append(f"  ({len(members)})", style="dim")
                self._mark_earlier(label, theme.bijeenkomst, numbers, current)
            yield Option(hanging(Text("▸ " if folded else "▾ ", style="bold"), label),
                         id=item_id("t", theme.id))
            if not folded:
                for entry in members:
                    yield Option(self._entry_prompt(card, entry, view, numbers, current,
                                                    indent=True),
                                 id=item_id("e", entry.id))
        if view.compact and loose:
            count = len(loose)
            yield Option(Text(f"+{count} los", style="dim", no_wrap=True, overflow="ellipsis"),
                         id="loose")
            return
        for entry in loose:
            yield Option(self._entry_prompt(card, entry, view, numbers, current),
                         id=item_id("e", entry.id))

    @staticmethod
    def _mark_earlier(label: Text, bijeenkomst_id: str, numbers: dict, current: int) -> None:
        number = numbers.get(bijeenkomst_id, 0)
        if number < current:
            label.append(f"  [B{number}]", style="dim italic")

    def _entry_prompt(self, card: Card, entry: Entry, view: ColumnView, numbers: dict,
                      current: int, indent: bool = False, full: bool = False) -> Table:
        selected = entry.id in view.selected
        marker = Text(("  " if indent else "") + ("✓ " if selected else "· "),
                      style="bold green" if selected else "dim")
        body = entry.text if full or len(entry.text) <= SHORT_LENGTH else \
            entry.text[:SHORT_LENGTH].rstrip() + "…"
        text = Text(body, overflow="fold")
        if entry.participant and entry.participant in card.participants:
            text.append(f"  — {card.participants[entry.participant].name}", style="dim")
        self._mark_earlier(text, entry.bijeenkomst, numbers, current)
        return hanging(marker, text)

    # -- full text of the highlighted entry ----------------------------------------------
    def _show_full(self, option: Option | None) -> None:
        if self._card is None or self._view is None:
            return
        numbers = {b.id: b.number for b in self._card.bijeenkomsten.values()}
        current = numbers.get(self._view.bijeenkomst_id or "", 0)
        items = self.items
        for option_id, full in ((self._full_shown, False),
                                (option.id if option else None, True)):
            kind, entry_id = split_item_id(option_id)
            if kind != "e" or entry_id not in self._card.entries:
                continue
            entry = self._card.entries[entry_id]
            if len(entry.text) <= SHORT_LENGTH:
                continue
            prompt = self._entry_prompt(self._card, entry, self._view, numbers, current,
                                        indent=entry.theme is not None, full=full)
            items.replace_option_prompt(option_id, prompt)
        self._full_shown = option.id if option else None

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self._full_shown != event.option.id:
            self._show_full(event.option)

    def set_timer_text(self, text: str) -> None:
        self.query_one(".step-timer", Static).update(Text(text))

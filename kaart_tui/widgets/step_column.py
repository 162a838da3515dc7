"""One column of the card: a step's heading, its themes and entries, and the add field.

The items are one OptionList, not a widget per entry: a column of several hundred
entries then costs one widget. Options whose content did not change are reused between
redraws (with their measured layout), so adding an entry measures one item, not all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kaart_tui.domain.model import Card, Entry
from kaart_tui.domain.steps import Step
from kaart_tui.domain.templates import StepText
from kaart_tui.messages import ColumnFocused, EntrySubmitted
from kaart_tui.widgets.hanging import HangingPrompt
from kaart_tui.widgets.text_field import TextField

# Longer entries are cut on the card and shown whole while highlighted.
SHORT_LENGTH = 160
LOOSE_ID = "loose"


@dataclass
class ColumnView:
    """What a column needs to draw itself, besides the card."""

    bijeenkomst_id: str | None
    selected: set[str]
    folded: set[str]
    # On a narrow screen the columns without focus show only their themes.
    compact: bool = False
    # An evaluation bijeenkomst: only its own entries, below what was chosen then.
    only_current: bool = False
    then: tuple[str, ...] = ()
    # Label names per "theme:<id>" / "entry:<id>", shown as #label after the text.
    labels: dict[str, tuple[str, ...]] | None = None
    # The outcome of the vote per "theme:<id>" / "entry:<id>": "① (9)" for a place in the
    # top, "(2)" for votes outside it.
    votes: dict[str, str] | None = None
    # The facilitator's note on the step in this bijeenkomst (shown under the heading).
    note: str = ""


def item_id(kind: str, record_id: str) -> str:
    return f"{kind}:{record_id}"


def split_item_id(option_id: str | None) -> tuple[str | None, str | None]:
    if not option_id or ":" not in option_id:
        return None, None
    kind, record_id = option_id.split(":", 1)
    return kind, record_id


class ItemList(OptionList):
    """The themes and entries of one step."""

    # A new entry changes the list's virtual size, and Textual lays out the whole screen
    # for that (about 60 ms on the card: every column, header and footer drawn again). The
    # list has a fixed height (1fr) and sets its own scrollbar when its length crosses it
    # (OptionList._update_lines), which lays out only when the scrollbar comes or goes
    # (on a narrow screen: on a wide one the scrollbar is always there, kaart.tcss).
    virtual_size = Reactive(Size(0, 0), layout=False)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        # Measure the options as soon as the list has its size, before the frame that
        # shows it. OptionList measures them while that frame is drawn, so the new height
        # asks for a repaint; and it forgets them at the Resize that follows the frame, at
        # the same width: each list was measured and drawn two or three times at start-up.
        # Lines depend on the width only (OptionList keys its cache without it): measured
        # again when the width changes, which a scrollbar can do without any Resize.
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        if self._line_cache.lines and width != self.virtual_size.width:
            self._clear_caches()
        self._update_lines()
        return resized

    def _on_resize(self, event: events.Resize) -> None:
        event.prevent_default()  # measured in _size_updated; OptionList's would forget it

    def on_focus(self) -> None:
        self.post_message(ColumnFocused(self.query_ancestor(StepColumn).step))


class AddInput(TextField):
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


# An item to show: its option id, everything its look depends on, and how to draw it.
Item = tuple[str, tuple, Callable[[], HangingPrompt | Text]]


class StepColumn(Vertical):
    def __init__(self, step_text: StepText, active: bool = False) -> None:
        super().__init__(id=f"column-{step_text.step.value}",
                         classes="step-column active" if active else "step-column")
        self.step: Step = step_text.step
        self.step_text = step_text
        self._shown: list[tuple[str, tuple]] = []
        self._options: dict[str, tuple[tuple, Option]] = {}
        self._card: Card | None = None
        self._view: ColumnView | None = None
        self._full: str | None = None  # the long entry currently shown whole

    def compose(self) -> ComposeResult:
        text = self.step_text
        yield Static(Text(f"{text.step.number} {text.name}", style="bold"), classes="step-title")
        yield Static(Text(text.question), classes="step-question")
        yield Static(Text("\n".join(f"• {q}" for q in text.guiding)), classes="step-guiding")
        yield Static("", classes="step-timer")
        yield Static("", classes="step-note")
        yield Static("", classes="step-then")
        yield ItemList(id=f"items-{self.step.value}", markup=False)
        yield AddInput(placeholder="Nieuwe bijdrage, Enter", id=f"add-{self.step.value}",
                       compact=True)

    def set_step_text(self, step_text: StepText) -> None:
        """Show another template's texts (the Evaluatiekaart in an evaluation bijeenkomst)."""
        if step_text == self.step_text:
            return
        self.step_text = step_text
        self.query_one(".step-title", Static).update(
            Text(f"{step_text.step.number} {step_text.name}", style="bold"))
        self.query_one(".step-question", Static).update(Text(step_text.question))
        self.query_one(".step-guiding", Static).update(
            Text("\n".join(f"• {q}" for q in step_text.guiding)))

    def _show_note(self, view: ColumnView) -> None:
        note = self.query_one(".step-note", Static)
        note.display = bool(view.note)
        if view.note:
            note.update(Text(view.note, style="italic"))

    def _show_then(self, view: ColumnView) -> None:
        then = self.query_one(".step-then", Static)
        then.display = view.only_current
        if view.only_current:
            text = Text("Toen gekozen:", style="bold")
            for line in view.then or ("(geen uitslag)",):
                text.append(f"\n{line}")
            then.update(text)

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
        self._show_then(view)
        self._show_note(view)
        items = self.items
        current = items.highlighted_option
        keep = focus or (current.id if current else None)
        old_index = items.highlighted
        self._full = keep
        wanted = list(self._items(card, view))
        signatures = [(option_id, signature) for option_id, signature, _ in wanted]
        if signatures != self._shown:
            shown = len(self._shown)
            if signatures[:shown] == self._shown:
                # Only new items at the end (the usual case: an entry was added).
                items.add_options([self._option(*item) for item in wanted[shown:]])
            else:
                items.set_options([self._option(*item) for item in wanted])
            self._shown = signatures
            present = {option_id for option_id, _ in signatures}
            for stale in [k for k in self._options if k not in present]:
                del self._options[stale]
        if not wanted:
            return
        ids = [option_id for option_id, _ in signatures]
        if keep in ids:
            index = ids.index(keep)
        else:
            index = min(old_index or 0, len(ids) - 1)
        if items.highlighted != index:
            items.highlighted = index

    def _option(self, option_id: str, signature: tuple, draw: Callable) -> Option:
        cached = self._options.get(option_id)
        if cached is not None and cached[0] == signature:
            return cached[1]
        option = Option(draw(), id=option_id)
        self._options[option_id] = (signature, option)
        return option

    def _items(self, card: Card, view: ColumnView) -> Iterator[Item]:
        numbers = {b.id: b.number for b in card.bijeenkomsten.values()}
        current = numbers.get(view.bijeenkomst_id or "", 0)
        console = self.app.console

        def earlier(bijeenkomst_id: str) -> int | None:
            number = numbers.get(bijeenkomst_id, 0)
            return number if number < current else None

        def hidden(bijeenkomst_id: str) -> bool:
            number = numbers.get(bijeenkomst_id, 0)
            return number > current or (view.only_current and number != current)

        themed: dict[str, list[Entry]] = {}
        loose: list[Entry] = []
        for entry in card.entries_of(self.step):
            if hidden(entry.bijeenkomst):
                continue
            if entry.theme is not None:
                themed.setdefault(entry.theme, []).append(entry)
            else:
                loose.append(entry)
        for theme in card.themes_of(self.step):
            members = themed.get(theme.id, [])
            if hidden(theme.bijeenkomst) and not members:
                continue
            folded = view.compact or theme.id in view.folded
            tags = (view.labels or {}).get(f"theme:{theme.id}", ())
            signature = ("t", theme.title, len(members), folded, view.compact,
                         earlier(theme.bijeenkomst), tags,
                         (view.votes or {}).get(f"theme:{theme.id}", ""))
            yield (item_id("t", theme.id), signature,
                   lambda s=signature: self._theme_prompt(*s[1:], console))
            if not folded:
                for entry in members:
                    yield self._entry_item(card, entry, view, earlier(entry.bijeenkomst),
                                           True, console)
        if view.compact:
            if loose:
                count = len(loose)
                yield (LOOSE_ID, ("loose", count),
                       lambda: Text(f"+{count} los", style="dim", no_wrap=True,
                                    overflow="ellipsis"))
            return
        for entry in loose:
            yield self._entry_item(card, entry, view, earlier(entry.bijeenkomst), False,
                                   console)

    def _entry_item(self, card: Card, entry: Entry, view: ColumnView, earlier: int | None,
                    indent: bool, console) -> Item:
        option_id = item_id("e", entry.id)
        person = card.participants.get(entry.participant) if entry.participant else None
        full = option_id == self._full or len(entry.text) <= SHORT_LENGTH
        tags = (view.labels or {}).get(f"entry:{entry.id}", ())
        votes = (view.votes or {}).get(f"entry:{entry.id}", "") if not indent else ""
        signature = ("e", entry.text, person.name if person and person.name else None,
                     entry.id in view.selected, indent, earlier, full, tags, votes)
        return option_id, signature, lambda: self._entry_prompt(*signature[1:], console)

    @staticmethod
    def _theme_prompt(title: str, count: int, folded: bool, compact: bool,
                      earlier: int | None, tags: tuple[str, ...], votes: str,
                      console) -> HangingPrompt:
        marker = Text("▸ " if folded else "▾ ", style="bold")
        if compact:  # one line per theme in a narrow column
            label = Text(no_wrap=True, overflow="ellipsis")
            # Eight characters wide: the place before the title, its count left out
            # ("① (10)" would leave no room for a word of the title).
            place = votes.split(" (")[0] if votes and not votes.startswith("(") else ""
            label.append(place, style="bold yellow")
            label.append(title, style="bold")
            return HangingPrompt(marker, label, console)
        label = Text()
        label.append(f"{votes} " if votes else "", style="bold yellow")
        label.append(title, style="bold")
        label.append(f"  ({count})", style="dim")
        if earlier is not None:
            label.append(f"  [B{earlier}]", style="dim italic")
        for tag in tags:
            label.append(f"  #{tag}", style="cyan")
        return HangingPrompt(marker, label, console)

    @staticmethod
    def _entry_prompt(text: str, person: str | None, selected: bool, indent: bool,
                      earlier: int | None, full: bool, tags: tuple[str, ...], votes: str,
                      console) -> HangingPrompt:
        marker = Text(("  " if indent else "") + ("✓ " if selected else "· "),
                      style="bold green" if selected else "dim")
        body = Text()
        body.append(f"{votes} " if votes else "", style="bold yellow")
        body.append(text if full else text[:SHORT_LENGTH].rstrip() + "…")
        if person:
            body.append(f"  — {person}", style="dim")
        if earlier is not None:
            body.append(f"  [B{earlier}]", style="dim italic")
        for tag in tags:
            body.append(f"  #{tag}", style="cyan")
        return HangingPrompt(marker, body, console)

    # -- full text of the highlighted entry ----------------------------------------------
    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self._card is None or self._view is None or event.option.id == self._full:
            return
        previous, self._full = self._full, event.option.id
        for option_id in (previous, event.option.id):
            kind, entry_id = split_item_id(option_id)
            if kind == "e" and entry_id in self._card.entries and \
                    len(self._card.entries[entry_id].text) > SHORT_LENGTH:
                self._redraw_one(option_id)

    def _redraw_one(self, option_id: str) -> None:
        """Swap one option's prompt (a long entry shown cut or whole)."""
        assert self._card is not None and self._view is not None
        for index, (shown_id, _) in enumerate(self._shown):
            if shown_id == option_id:
                item = next(i for i in self._items(self._card, self._view) if i[0] == option_id)
                option = self._option(*item)
                self.items.replace_option_prompt_at_index(index, option.prompt)
                self._shown[index] = (option_id, item[1])
                self._options[option_id] = (item[1], self.items.get_option_at_index(index))
                return

    def set_timer_text(self, text: str) -> None:
        self.query_one(".step-timer", Static).update(Text(text))

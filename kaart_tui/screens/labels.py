"""Labels on a theme or entry, and the shared label vocabulary.

Suggestions come from similar wording and are never applied silently: the facilitator
accepts one with `j` or passes it with `n`.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from kaart_tui.domain.labels import Label, Vocabulary, add_label, merge_labels, rename_label
from kaart_tui.domain.people import fold
from kaart_tui.errors import KaartError
from kaart_tui.screens.base import KaartModal, KaartScreen
from kaart_tui.screens.dialogs import ChoiceDialog, TextPrompt
from kaart_tui.store import DataFolder
from kaart_tui.widgets.footer import QuietFooter

NEW = "nieuw:"


class LabelFilter(Input):
    """The filter field; while a suggestion waits and nothing is typed, j and n answer it.

    Taken here: the field gets printable keys before the dialog does.
    """

    async def _on_key(self, event) -> None:
        dialog = self.screen
        if (not self.value and event.character in ("j", "n")
                and isinstance(dialog, LabelDialog) and dialog.suggestions):
            event.stop()
            event.prevent_default()
            dialog.answer_suggestion(accept=event.character == "j")
            return
        await super()._on_key(event)


class LabelDialog(KaartModal):
    """Choose the labels of one theme or entry. Dismisses with (label ids, new names)."""

    BINDINGS = [Binding("escape", "done", "Klaar")]

    def __init__(self, title: str, wording: str, vocabulary: Vocabulary, chosen: list[str],
                 suggestions: list[Label]) -> None:
        super().__init__()
        self.dialog_title = title
        self.wording = wording
        self.vocabulary = vocabulary
        self.chosen = list(chosen)
        self.new_names: list[str] = []
        self.suggestions = [s for s in suggestions if s.id not in chosen]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.dialog_title, style="bold"), classes="dialog-title")
            yield Static(Text(self.wording[:200], style="italic"), classes="dialog-hint")
            yield Static(id="suggestion")
            yield LabelFilter(placeholder="zoek of typ een nieuw label…", id="label-filter")
            yield OptionList(id="label-options", markup=False)
            yield Static(Text("Enter: label aan/uit · Esc: klaar", style="dim"))

    def on_mount(self) -> None:
        self._draw("")
        self._draw_suggestion()
        self.query_one(Input).focus()

    def _draw_suggestion(self) -> None:
        widget = self.query_one("#suggestion", Static)
        if not self.suggestions:
            widget.display = False
            return
        widget.display = True
        widget.update(Text.assemble(("Voorstel: ", "bold"),
                                    (self.suggestions[0].name, "bold yellow"),
                                    ("   j: overnemen · n: overslaan", "dim")))

    def _draw(self, query: str) -> None:
        wanted = fold(query.strip())
        options = []
        for label in self.vocabulary.labels:
            if wanted and wanted not in fold(label.name):
                continue
            mark = "✓ " if label.id in self.chosen else "  "
            options.append(Option(Text(mark + label.name), id=label.id))
        for name in self.new_names:
            options.append(Option(Text(f"✓ {name} (nieuw)"), id=NEW + name))
        exists = any(fold(label.name) == wanted for label in self.vocabulary.labels)
        if wanted and not exists and query.strip() not in self.new_names:
            options.append(Option(Text(f"+ Nieuw label: {query.strip()}"), id=NEW + query.strip()))
        option_list = self.query_one(OptionList)
        option_list.set_options(options)
        if options:
            option_list.highlighted = 0

    @on(Input.Changed, "#label-filter")
    def _filtered(self, event: Input.Changed) -> None:
        self._draw(event.value)

    def on_key(self, event) -> None:
        option_list = self.query_one(OptionList)
        if event.key in ("up", "down"):
            event.stop()
            if event.key == "up":
                option_list.action_cursor_up()
            else:
                option_list.action_cursor_down()

    def answer_suggestion(self, accept: bool) -> None:
        """One key on the waiting suggestion: take it (j) or pass it (n)."""
        suggestion = self.suggestions.pop(0)
        if accept and suggestion.id not in self.chosen:
            self.chosen.append(suggestion.id)
        self._draw("")
        self._draw_suggestion()

    @on(Input.Submitted, "#label-filter")
    def _toggle(self) -> None:
        option = self.query_one(OptionList).highlighted_option
        if option is None or option.id is None:
            return
        if option.id.startswith(NEW):
            name = option.id[len(NEW):]
            if name in self.new_names:
                self.new_names.remove(name)
            else:
                self.new_names.append(name)
        elif option.id in self.chosen:
            self.chosen.remove(option.id)
        else:
            self.chosen.append(option.id)
        field = self.query_one(Input)
        field.value = ""
        self._draw("")

    @on(OptionList.OptionSelected)
    def _picked(self) -> None:
        self._toggle()

    def action_done(self) -> None:
        self.dismiss((tuple(self.chosen), tuple(self.new_names)))



class LabelsScreen(KaartScreen):
    """The vocabulary of this data folder: add, rename, merge."""

    BINDINGS = [
        Binding("n", "add", "Nieuw label"),
        Binding("r", "rename", "Hernoemen"),
        Binding("m", "merge", "Samenvoegen"),
        Binding("escape", "app.pop_screen", "Terug"),
    ]

    def __init__(self, folder: DataFolder) -> None:
        super().__init__(id="labels")
        self.folder = folder

    def compose(self) -> ComposeResult:
        yield Static(Text("Labels (gedeeld door alle sessies in deze datamap)", style="bold"),
                     id="labels-header")
        yield OptionList(id="label-list", markup=False)
        yield QuietFooter()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        try:
            vocabulary = self.folder.labels.load()
        except KaartError as error:
            self.notify(error.message, severity="error", markup=False, timeout=10)
            return
        self.vocabulary = vocabulary
        option_list = self.query_one(OptionList)
        option_list.set_options([Option(Text(lab.name), id=lab.id) for lab in vocabulary.labels]
                                or [Option(Text("Nog geen labels. n: nieuw label."),
                                           disabled=True)])
        option_list.highlighted = 0 if vocabulary.labels else None
        option_list.focus()
        app = self.app
        if getattr(app, "vocabulary", None) is not None:
            app.vocabulary = vocabulary

    def _focused(self) -> Label | None:
        option = self.query_one(OptionList).highlighted_option
        return self.vocabulary.get(option.id) if option and option.id else None

    def _update(self, change) -> None:
        try:
            self.folder.labels.update(change)
        except KaartError as error:
            self.notify(error.message, severity="error", markup=False, timeout=10)
            return
        self.reload()

    def action_add(self) -> None:
        def named(name: str | None) -> None:
            if name:
                self._update(lambda v: add_label(v, name)[0])

        self.app.push_screen(TextPrompt("Nieuw label", placeholder="bv. veiligheid en vertrouwen"),
                             named)

    def action_rename(self) -> None:
        label = self._focused()
        if label is None:
            return

        def named(name: str | None) -> None:
            if name:
                self._update(lambda v: rename_label(v, label.id, name))

        self.app.push_screen(TextPrompt("Label hernoemen (overal)", label.name), named)

    def action_merge(self) -> None:
        label = self._focused()
        if label is None:
            return
        others = [(lab.id, lab.name) for lab in self.vocabulary.labels if lab.id != label.id]
        if not others:
            self.notify("Er is geen ander label.", severity="warning")
            return

        def chosen(target: str | None) -> None:
            if target:
                self._update(lambda v: merge_labels(v, label.id, target))

        self.app.push_screen(ChoiceDialog(f"'{label.name}' samenvoegen met:", others,
                                          filterable=True), chosen)

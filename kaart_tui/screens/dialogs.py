"""Small modal dialogs: a line of text, a longer text, a choice from a list, a yes/no.

Each dismisses with its result, or None when the facilitator presses Escape.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from kaart_tui.domain.people import fold
from kaart_tui.errors import KaartError
from kaart_tui.screens.base import KaartModal
from kaart_tui.widgets.text_field import TextField


class _Dialog(KaartModal):
    BINDINGS = [Binding("escape", "cancel", "Annuleren")]

    def __init__(self, title: str, hint: str = "") -> None:
        super().__init__()
        self.dialog_title = title
        self.hint = hint

    def compose_header(self) -> ComposeResult:
        yield Static(Text(self.dialog_title, style="bold"), classes="dialog-title")
        if self.hint:
            yield Static(Text(self.hint), classes="dialog-hint")

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextPrompt(_Dialog):
    """One line of text; Enter confirms.

    With ``parse`` the text is read before the dialog closes: what ``parse`` refuses (a
    DomainError) is said under the field and the dialog stays open with the text in it,
    so nothing typed is lost. ``preview`` shows how the text is understood while typing
    ("zondag 1 februari 2027"). The dialog dismisses with what ``parse`` returned.
    """

    def __init__(self, title: str, value: str = "", placeholder: str = "",
                 hint: str = "Enter: bevestigen · Esc: annuleren",
                 parse: Callable[[str], Any] | None = None,
                 preview: Callable[[Any], str] | None = None) -> None:
        super().__init__(title, hint)
        self.value = value
        self.placeholder = placeholder
        self.parse = parse
        self.preview = preview

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield from self.compose_header()
            yield TextField(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static("", id="prompt-feedback", classes="dialog-feedback")

    def on_mount(self) -> None:
        self._show_preview(self.value)

    def _feedback(self, text: str, error: bool = False) -> None:
        feedback = self.query_one("#prompt-feedback", Static)
        feedback.set_class(error, "dialog-error")
        feedback.update(Text(text))

    def _show_preview(self, value: str) -> None:
        if self.parse is None or self.preview is None:
            return
        try:
            shown = self.preview(self.parse(value))
        except KaartError:
            shown = ""
        self._feedback(shown)

    @on(Input.Changed, "#prompt-input")
    def _changed(self, event: Input.Changed) -> None:
        self._show_preview(event.value)

    @on(Input.Submitted, "#prompt-input")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        if self.parse is None:
            self.dismiss(event.value)
            return
        try:
            result = self.parse(event.value)
        except KaartError as error:
            # Refused: the dialog stays, with the text, and says what it expected.
            self._feedback(error.message, error=True)
            field = self.query_one(Input)
            field.focus()
            field.cursor_position = len(field.value)
            return
        self.dismiss(result)


class TextEditor(_Dialog):
    """Longer text over several lines; Ctrl+S saves, Enter starts a new line."""

    BINDINGS = [Binding("ctrl+s", "save", "Opslaan"), Binding("escape", "cancel", "Annuleren")]

    def __init__(self, title: str, value: str) -> None:
        super().__init__(title, "Ctrl+S: opslaan · Esc: annuleren · Enter: nieuwe regel")
        self.value = value

    def compose(self) -> ComposeResult:
        # Imported here: the text area is a large module that the start of the app
        # does not need.
        from textual.widgets import TextArea

        with Vertical(classes="dialog dialog-wide"):
            yield from self.compose_header()
            yield TextArea(self.value, id="editor", soft_wrap=True, show_line_numbers=False)

    def on_mount(self) -> None:
        editor = self.query_one("#editor")
        editor.focus()
        editor.move_cursor(editor.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one("#editor").text)


class ChoiceDialog(_Dialog):
    """Pick one item from a list; with ``filterable`` a typed part of a name narrows it."""

    NEW_PREFIX = "nieuw:"

    def __init__(self, title: str, choices: Sequence[tuple[str, str]], *,
                 filterable: bool = False, hint: str = "", current: str | None = None,
                 shortcuts: dict[str, str] | None = None, allow_new: str | None = None
                 ) -> None:
        """``allow_new``: a label such as "Nieuwe organisatie"; typed text that matches no
        choice can then be picked as a new value (returned as "nieuw:<text>")."""
        default_hint = ("Typ een deel van de naam · ↑↓ · Enter: kiezen · Esc: annuleren"
                        if filterable else "↑↓ · Enter: kiezen · Esc: annuleren")
        super().__init__(title, hint or default_hint)
        self.choices = list(choices)
        self.filterable = filterable
        self.current = current
        self.shortcuts = shortcuts or {}
        self.allow_new = allow_new
        # A shortcut chooses at once (keyboard.py holds other printable keys a moment), and
        # what is typed right behind it belongs to the screen the choice leads to.
        self.IMMEDIATE_KEYS = frozenset(self.shortcuts)
        self.IMMEDIATE_KEYS_OPEN_FIELDS = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield from self.compose_header()
            if self.filterable:
                yield TextField(placeholder="zoek…", id="choice-filter")
            yield OptionList(*self._options(""), id="choices", markup=False)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [choice_id for choice_id, _ in self.choices]
        if self.current in ids:
            options.highlighted = ids.index(self.current)
        (self.query_one(Input) if self.filterable else options).focus()

    def _options(self, query: str) -> list[Option]:
        wanted = fold(query.strip())
        options = [Option(Text(label), id=choice_id) for choice_id, label in self.choices
                   if not wanted or wanted in fold(label)]
        exact = any(fold(label) == wanted for _, label in self.choices)
        if self.allow_new and wanted and not exact:
            # Last, so that Enter after typing part of an existing name picks that one.
            options.append(Option(Text(f"+ {self.allow_new}: {query.strip()}"),
                                  id=self.NEW_PREFIX + query.strip()))
        return options

    @on(Input.Changed, "#choice-filter")
    def _filter(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.set_options(self._options(event.value))
        if options.option_count:
            options.highlighted = 0

    @on(Input.Submitted, "#choice-filter")
    def _pick_highlighted(self) -> None:
        option = self.query_one(OptionList).highlighted_option
        if option is not None:
            self.dismiss(option.id)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def on_key(self, event) -> None:
        options = self.query_one(OptionList)
        if self.filterable and event.key in ("up", "down"):
            # The filter field keeps focus; the arrows move through the list.
            event.stop()
            options.action_cursor_up() if event.key == "up" else options.action_cursor_down()
        elif not self.filterable and event.character in self.shortcuts:
            event.stop()
            self.dismiss(self.shortcuts[event.character])


class ConfirmDialog(_Dialog):
    BINDINGS = [Binding("j,y,enter", "yes", "Ja"), Binding("n,escape", "cancel", "Nee")]

    def __init__(self, title: str, message: str) -> None:
        super().__init__(title, "j / Enter: ja · n / Esc: nee")
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield from self.compose_header()
            yield Static(Text(self.message), classes="dialog-message")

    def action_yes(self) -> None:
        self.dismiss(True)

"""A dialog of several fields that refuses nothing silently and loses nothing typed.

Each field reads its own text (``parse``: a DomainError says what it expected) and may
show how it is understood while typing (``preview``: "zondag 1 februari 2027"). Enter
goes to the next field; on the last one (or Ctrl+S anywhere) every field is read and the
whole is checked (``check``); a refusal is said under the field it is about, the cursor
goes there, and every field keeps what was typed. Esc cancels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from kaart_tui.errors import KaartError
from kaart_tui.screens.dialogs import _Dialog
from kaart_tui.widgets.text_field import TextField


class FieldError(KaartError):
    """A refusal about one field of a form (``key``)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass
class Field:
    key: str
    label: str
    value: str = ""
    placeholder: str = ""
    # text, and the raw texts of the fields before it -> the value; DomainError if refused
    parse: Callable[[str, dict[str, str]], Any] | None = None
    # the parsed value -> how it is understood, shown under the field while typing
    preview: Callable[[Any], str] | None = None
    # move on by itself once the text reads (a one-key choice such as "1")
    auto_advance: bool = False
    # the value is text the facilitator typed (handed over), not a copy kept elsewhere:
    # focus never selects it, so the next key cannot replace it
    typed: bool = False


class FormDialog(_Dialog):
    BINDINGS = [Binding("ctrl+s", "submit", "Opslaan"), Binding("escape", "cancel", "Annuleren")]

    def __init__(self, title: str, fields: list[Field],
                 check: Callable[[dict[str, Any]], object] | None = None,
                 hint: str = "Enter: volgende veld · Ctrl+S: opslaan · Esc: annuleren",
                 focus: str | None = None) -> None:
        super().__init__(title, hint)
        self.fields = fields
        self.check = check
        self.start_focus = focus
        self._moved_on: set[str] = set()  # fields that moved on by themselves

    def compose(self) -> ComposeResult:
        # Scrolls when the form is taller than a small terminal: a refusal under the last
        # field must never be out of sight.
        with VerticalScroll(classes="dialog dialog-form"):
            yield from self.compose_header()
            for field in self.fields:
                yield Static(Text(field.label, style="bold"), classes="form-label")
                yield TextField(field.value, typed=field.typed, placeholder=field.placeholder,
                                id=f"field-{field.key}")
                yield Static("", id=f"feedback-{field.key}", classes="dialog-feedback")

    def on_mount(self) -> None:
        keys = [f.key for f in self.fields]
        for index, field in enumerate(self.fields):
            self._preview(field)
            if field.auto_advance and index + 1 < len(keys):
                self.query_one(f"#field-{field.key}", TextField).passes_on = \
                    self._next_if_read(field, keys[index + 1])
        first = self.start_focus or self.fields[0].key
        self.query_one(f"#field-{first}", Input).focus()

    def _next_if_read(self, field: Field, next_key: str) -> Callable[[], TextField | None]:
        """For a field that moves on by itself: the next field while this one reads but
        has not moved on yet (once it has, a key typed here is this field's again)."""
        def target() -> TextField | None:
            if field.key in self._moved_on:
                return None
            raw = self._raw()
            try:
                self._read(field, raw)
            except KaartError:
                return None
            if not raw[field.key].strip():
                return None
            return self.query_one(f"#field-{next_key}", TextField)
        return target

    def typed_text(self, text: str) -> None:
        """Keys that came in while this form was still opening, handed over by the typing
        guard (keyboard.py): the rest of the sentence that opened it, typed on after a
        pause on a busy laptop. They belong behind the text it was opened with, not in
        the field that has the focus (the kind of action comes first)."""
        typed = next((f for f in self.fields if f.typed), None)
        key = typed.key if typed is not None else (self.start_focus or self.fields[0].key)
        self.query_one(f"#field-{key}", TextField).hand_over(text)

    # -- reading ---------------------------------------------------------------------------
    def _raw(self) -> dict[str, str]:
        return {f.key: self.query_one(f"#field-{f.key}", Input).value for f in self.fields}

    def _read(self, field: Field, raw: dict[str, str]) -> Any:
        text = raw[field.key]
        return field.parse(text, raw) if field.parse is not None else text

    def _say(self, key: str, text: str, error: bool = False) -> None:
        feedback = self.query_one(f"#feedback-{key}", Static)
        feedback.set_class(error, "dialog-error")
        feedback.update(Text(text))

    def _preview(self, field: Field) -> bool:
        """Show how the field reads now; True if it reads."""
        if field.parse is None:
            return True
        try:
            value = self._read(field, self._raw())
        except KaartError:
            self._say(field.key, "")
            return False
        self._say(field.key, field.preview(value) if field.preview is not None else "")
        return True

    def _field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        key = (event.input.id or "").removeprefix("field-")
        field = self._field(key)
        if self._preview(field) and field.auto_advance and event.value.strip():
            self._moved_on.add(key)
            self._focus_after(key)
        # A later field may read differently now (an owner depends on the kind of action).
        for later in self.fields[self.fields.index(field) + 1:]:
            self._preview(later)

    def _focus_after(self, key: str) -> None:
        keys = [f.key for f in self.fields]
        index = keys.index(key)
        if index + 1 < len(keys):
            self.query_one(f"#field-{keys[index + 1]}", Input).focus()

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        key = (event.input.id or "").removeprefix("field-")
        field = self._field(key)
        try:
            self._read(field, self._raw())
        except KaartError as error:
            self._refuse(key, error.message)
            return
        if field is self.fields[-1]:
            self.action_submit()
        else:
            self._focus_after(key)

    def _refuse(self, key: str, message: str) -> None:
        self._say(key, message, error=True)
        field_input = self.query_one(f"#field-{key}", Input)
        field_input.focus()
        field_input.cursor_position = len(field_input.value)
        feedback = self.query_one(f"#feedback-{key}", Static)
        self.call_after_refresh(feedback.scroll_visible, animate=False)

    def action_submit(self) -> None:
        raw = self._raw()
        values: dict[str, Any] = {}
        for field in self.fields:
            try:
                values[field.key] = self._read(field, raw)
            except KaartError as error:
                self._refuse(field.key, error.message)
                return
        if self.check is not None:
            try:
                self.check(values)
            except FieldError as error:
                self._refuse(error.key, error.message)
                return
            except KaartError as error:
                self._refuse(self.fields[0].key, error.message)
                return
        self.dismiss(values)

"""An input field whose typed text no focus change can wipe out.

Textual's Input selects all its text when it gets focus, so the next key replaces it. That
is handy for a value kaart offered (the quorum "3", an entry's text being edited: Esc
brings it back), and it loses work for text that exists only in the field: a sentence the
typing guard handed over, a field the facilitator typed in, left and came back to, a field
a refusal points at. So a TextField selects on focus only while it still holds the value it
was given, and never when that value was itself typed (``typed=True``).
"""

from __future__ import annotations

from typing import Callable

from textual import events
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class TextField(Input):
    # Textual's Input sets its virtual size to the width of its text on every key, and a
    # change of virtual size lays out the whole screen: on the card (five lists) that was
    # 40 ms per letter. A field of fixed size needs no layout for it; it scrolls its text
    # itself (the letter just typed stays in sight: tests/test_ui_text_field.py).
    virtual_size = Reactive(Size(0, 0), layout=False)

    # Set by a form for a one-key choice that moves on by itself: where a key goes that
    # comes in before the move (None: every key is this field's).
    passes_on: Callable[[], "TextField | None"] | None = None

    def __init__(self, value: str | None = None, *, typed: bool = False, **kwargs) -> None:
        super().__init__(value, **kwargs)
        self._offered = None if typed else (value or "")

    async def _on_key(self, event: events.Key) -> None:
        target = self.passes_on() if self.passes_on is not None else None
        if target is not None and event.is_printable and event.character:
            # On a busy laptop "1dingen doen" came in at once, and all of it landed in
            # the kind field before the form had moved on after the "1".
            event.stop()
            event.prevent_default()
            target.focus()
            target.insert_text_at_cursor(event.character)

    def hand_over(self, text: str) -> None:
        """Append text typed elsewhere; it is the facilitator's now, never selected."""
        self._offered = None
        self.value = self.value + text
        self.cursor_position = len(self.value)

    def _on_focus(self, event: events.Focus) -> None:
        # Runs before Input's own _on_focus (Textual calls each class's handler, subclass
        # first), which reads select_on_focus.
        self.select_on_focus = bool(self.value) and self.value == self._offered

"""Custom messages between widgets and screens."""

from __future__ import annotations

from textual.message import Message

from kaart_tui.domain.changes import Applied
from kaart_tui.domain.steps import Step


class ColumnFocused(Message):
    """A step column received focus (by keyboard or mouse)."""

    def __init__(self, step: Step) -> None:
        super().__init__()
        self.step = step


class EntrySubmitted(Message):
    """The facilitator typed a new entry in a column and pressed Enter."""

    def __init__(self, step: Step, text: str) -> None:
        super().__init__()
        self.step = step
        self.text = text


class CardChanged(Message):
    """A change was applied, undone or redone: every screen on the stack hears of it and
    redraws what it altered (at once if visible, else when it comes back)."""

    def __init__(self, applied: Applied) -> None:
        super().__init__()
        self.applied = applied

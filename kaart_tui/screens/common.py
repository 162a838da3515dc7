"""What every editing screen does the same way: apply a change, undo, redo, and hear of
changes made elsewhere.

A refusal or a failed write becomes a Dutch notification; nothing else changes. Every
applied change reaches every screen on the stack as one CardChanged message; a screen
redraws what it altered at once when it is visible, or when it comes back.
"""

from __future__ import annotations

from datetime import date
from typing import Callable

from textual.screen import Screen

from kaart_tui.domain import operations
from kaart_tui.domain.changes import Applied, Change
from kaart_tui.domain.model import Bijeenkomst
from kaart_tui.errors import KaartError
from kaart_tui.messages import CardChanged
from kaart_tui.workshop import Workshop

ERROR_SECONDS = 30  # an error stays until it is read; the next key dismisses it (app.py)


def tell_error(screen: Screen, message: str) -> None:
    screen.notify(message, severity="error", markup=False, timeout=ERROR_SECONDS)


def broadcast(screen: Screen, applied: Applied) -> None:
    """The screen that made the change redraws at once (the next key must find the card as
    it is now); every other screen on the stack hears of it by message."""
    for listener in screen.app.screen_stack:
        if listener is screen and isinstance(listener, ChangeAware):
            listener.show_change(applied)
        else:
            listener.post_message(CardChanged(applied))
    if (room := getattr(screen.app, "room_server", None)) is not None:
        room.notify()  # the phones and the beamer see the facilitator's own changes too


def apply_change(screen: Screen, workshop: Workshop, make: Callable[[], Change],
                 undoable: bool = True) -> Applied | None:
    """Build a change with a domain rule and apply it; None if it was refused."""
    try:
        applied = workshop.apply(make(), undoable=undoable)
    except KaartError as error:
        tell_error(screen, error.message)
        return None
    for warning in applied.change.warnings:
        screen.notify(warning, severity="warning", markup=False, timeout=8)
    broadcast(screen, applied)
    return applied


def step_back(screen: Screen, workshop: Workshop, undo: bool = True) -> Applied | None:
    """Undo (or redo) the last change and say so; None if there was nothing to do."""
    try:
        applied = workshop.undo() if undo else workshop.redo()
    except KaartError as error:
        tell_error(screen, error.message)
        return None
    if applied is None:
        screen.notify("Niets meer om ongedaan te maken." if undo else
                      "Niets om opnieuw te doen.", severity="warning")
        return None
    screen.notify(("Ongedaan: " if undo else "Opnieuw: ") + applied.label, markup=False,
                  timeout=3)
    broadcast(screen, applied)
    return applied


def add_bijeenkomst(screen: Screen, workshop: Workshop, day: date,
                    location: str | None = None, evaluation: bool = False
                    ) -> Bijeenkomst | None:
    """A new bijeenkomst, made the current one; None if it was refused."""
    applied = apply_change(screen, workshop, lambda: operations.add_bijeenkomst(
        workshop.card, day, location, evaluation))
    return None if applied is None else workshop.switch_to(applied.focus)


class ChangeAware:
    """Mixin for a screen that shows the card: redraw what a change altered, at once when
    visible, else when the screen comes back (then only what changed meanwhile)."""

    _pending: list[Applied] | None = None
    # Each screen defines show_change(applied): redraw what ``applied`` altered.

    def on_card_changed(self, message: CardChanged) -> None:
        if self.is_current:  # type: ignore[attr-defined]
            self.show_change(message.applied)
        else:
            if self._pending is None:
                self._pending = []
            self._pending.append(message.applied)

    def take_pending(self) -> list[Applied]:
        pending, self._pending = self._pending or [], None
        return pending

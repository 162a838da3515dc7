"""What every editing screen does the same way: apply a change, undo, redo.

A refusal or a failed write becomes a Dutch notification; nothing else changes. The
screen redraws itself afterwards, as only it knows how.
"""

from __future__ import annotations

from typing import Callable

from textual.screen import Screen

from kaart_tui.domain.changes import Change
from kaart_tui.errors import KaartError
from kaart_tui.workshop import Workshop


def apply_change(screen: Screen, workshop: Workshop, make: Callable[[], Change]
                 ) -> Change | None:
    """Build a change with a domain rule and apply it; None if it was refused."""
    try:
        change = workshop.apply(make())
    except KaartError as error:
        screen.notify(error.message, severity="error", markup=False, timeout=8)
        return None
    for warning in change.warnings:
        screen.notify(warning, severity="warning", markup=False, timeout=8)
    return change


def step_back(screen: Screen, workshop: Workshop, undo: bool = True) -> Change | None:
    """Undo (or redo) the last change and say so; None if there was nothing to do."""
    try:
        change = workshop.undo() if undo else workshop.redo()
    except KaartError as error:
        screen.notify(error.message, severity="error", markup=False, timeout=8)
        return None
    if change is None:
        screen.notify("Niets meer om ongedaan te maken." if undo else
                      "Niets om opnieuw te doen.", severity="warning")
        return None
    screen.notify(("Ongedaan: " if undo else "Opnieuw: ") + change.label, markup=False,
                  timeout=3)
    return change

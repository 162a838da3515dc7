"""The README's key tables say what the screens' bindings do, and nothing they don't.

This replaces a snapshot of the help screen: that screen is built from the same BINDINGS
it would be compared with, so it could only fail when rendering broke. The README is
written by hand, and a facilitator reads it before the first bijeenkomst.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.binding import Binding

from kaart_tui.screens.actions import ActionsScreen
from kaart_tui.screens.attendance import AttendanceScreen
from kaart_tui.screens.card import CardScreen
from kaart_tui.screens.result import ResultScreen
from kaart_tui.screens.room import RoomScreen
from kaart_tui.screens.voting import VotingScreen

README = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")

# How the README writes a key, to the key name Textual binds.
WRITTEN = {"←": "left", "→": "right", "↑": "up", "↓": "down", "spatie": "space",
           "enter": "enter", "esc": "escape", "delete": "delete", "?": "question_mark",
           "+": "plus", "-": "minus", "backspace": "backspace"}
# Keys every screen has and the README explains once (Textual's own, help, going back).
COMMON = {"tab", "shift+tab", "ctrl+c", "question_mark", "escape", "home", "end"}


def key_name(written: str) -> str:
    written = written.strip()
    lowered = written.lower()
    if lowered in WRITTEN:
        return WRITTEN[lowered]
    if lowered.startswith(("ctrl+", "f")) and len(written) > 1 and written[1:].isdigit() \
            or lowered.startswith("ctrl+"):
        return lowered
    return written


def written_keys(text: str) -> set[str]:
    """Keys in backticks, and the words Enter/Esc/Delete as the README writes them."""
    keys = set()
    for token in re.findall(r"`([^`]+)`", text):
        keys |= {key_name(part) for part in re.split(r"\s*/\s*|\s+", token) if part}
    keys |= {key_name(word) for word in re.findall(r"\b(Enter|Esc|Delete)\b", text)}
    return keys


def bound_keys(screen: type) -> dict[str, str]:
    """First key of each binding with a description -> its description."""
    keys = {}
    for klass in reversed(screen.__mro__):
        for binding in klass.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.description \
                    and not binding.action.startswith("digit("):
                keys[binding.key.split(",")[0]] = binding.description
    return {k: d for k, d in keys.items() if k not in COMMON}


def section(start: str) -> str:
    """The README text from a paragraph's bold start to the next blank line."""
    begin = README.index(start)
    end = README.find("\n\n", begin)
    return README[begin:end]


def card_table() -> str:
    usage = README[README.index("## Gebruik"):]
    return "\n".join(line for line in usage.splitlines()[:60] if line.startswith("| `"))


SCREENS = {
    "kaart": (CardScreen, card_table),
    "aanwezigheid": (AttendanceScreen, lambda: section("**Aanwezigheid (`g`).**")),
    "stemmen": (VotingScreen, lambda: section("**Stemmen (`V`).**")),
    "uitslag": (ResultScreen, lambda: section("**Stemmen (`V`).**")),
    "acties": (ActionsScreen, lambda: section("**Acties (`A`).**")),
    "zaal": (RoomScreen, lambda: section("**De zaal beheren**")),
}


@pytest.mark.parametrize("name", SCREENS)
def test_every_key_of_the_screen_is_in_the_readme(name: str) -> None:
    screen, text = SCREENS[name]
    missing = {k: d for k, d in bound_keys(screen).items() if k not in written_keys(text())}
    assert not missing, f"README ({name}) says nothing of: {missing}"


def test_every_key_in_the_card_table_is_a_key_of_the_card() -> None:
    from kaart_tui.app import KaartApp

    bound = {"up", "down"}  # the columns' own lists move with the arrows
    for klass in (*CardScreen.__mro__, KaartApp):
        for binding in klass.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding):
                bound |= set(binding.key.split(","))
    typed_in_the_field = {"@naam", "tekst"}
    first_column = "\n".join(line.split("|")[1] for line in card_table().splitlines())
    unknown = {k for k in written_keys(first_column) if k not in bound | typed_in_the_field}
    assert not unknown, f"the README's card table names keys the card does not have: {unknown}"

"""What the help screen shows: every binding of the main screens, plus the typing tips.

Built from the screens' own BINDINGS, so a new key can never be missing from help.
"""

from __future__ import annotations

from textual.binding import Binding

KEY_NAMES = {
    "left": "←", "right": "→", "up": "↑", "down": "↓", "space": "spatie", "enter": "Enter",
    "escape": "Esc", "delete": "Delete", "question_mark": "?", "f2": "F2", "f5": "F5",
    "ctrl+z": "Ctrl+Z", "ctrl+y": "Ctrl+Y", "ctrl+p": "Ctrl+P", "ctrl+q": "Ctrl+Q",
    "ctrl+s": "Ctrl+S",
}

TYPING_TIPS = [
    ("Enter", "in het invoerveld: bijdrage toevoegen en meteen door met de volgende"),
    ("Enter op leeg veld", "klaar met toevoegen, terug naar de lijst"),
    ("@naam tekst", "bijdrage meteen toekennen, bv. '@anna Meer tijd voor elkaar'"),
    ("↑ ↓", "door de bijdragen en thema's van een kolom"),
    ("Ctrl+P", "opdrachtenpalet: alles wat geen eigen toets heeft"),
]


def key_label(keys: str) -> str:
    return " / ".join(KEY_NAMES.get(k, k) for k in keys.split(","))


def binding_rows(bindings: list[Binding]) -> list[tuple[str, str]]:
    rows = []
    for binding in bindings:
        if isinstance(binding, Binding) and binding.description:
            rows.append((binding.key_display or key_label(binding.key), binding.description))
    return rows

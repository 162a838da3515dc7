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
    ("t zonder selectie", "maakt een thema van de bijdrage waarop je staat (de tekst als "
                          "voorgestelde naam)"),
    ("een zin zonder invoerveld", "wordt nooit als opdrachten uitgevoerd: op de kaart gaat "
                                  "hij in het invoerveld, bij de acties in een nieuwe actie"),
    ("een toets die niet kan", "zegt waarom; de toetsen die direct volgen worden tekst"),
]

# The room screen's keys (screens/room.py uses this list), here so that the help screen
# shows them without loading the room's web server.
ROOM_BINDINGS = [
    Binding("enter", "take", "Overnemen / bevestigen"),
    Binding("A", "accept_all", "Alle bijdragen overnemen"),
    Binding("d,delete", "drop", "Weghalen"),
    Binding("1", "contribute(1)", "Stap openen voor bijdragen", key_display="1-5"),
    *(Binding(str(n), f"contribute({n})", "", show=False)  # "1-5" stands for them
      for n in range(2, 6)),
    Binding("n", "anonymous", "Met/zonder naam"),
    Binding("r", "scores", "Scoreronde", show=False),
    Binding("0", "wait", "Niets (wachten)", show=False),
    Binding("c", "joining", "Aanmelden met code dicht/open", show=False),
    Binding("k", "fold", "QR op de kaart tonen/verbergen", show=False),
    Binding("S", "stop", "Zaal sluiten"),
    Binding("escape", "app.pop_screen", "Terug"),
]


def key_label(keys: str) -> str:
    return " / ".join(KEY_NAMES.get(k, k) for k in keys.split(","))


def binding_rows(bindings: list[Binding]) -> list[tuple[str, str]]:
    rows = []
    for binding in bindings:
        if isinstance(binding, Binding) and binding.description:
            rows.append((binding.key_display or key_label(binding.key), binding.description))
    return rows

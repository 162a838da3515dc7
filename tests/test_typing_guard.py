"""The typing guard decides "sentence or commands" by when the keys came from the
terminal, not by when the app got round to them (keyboard.py)."""

from __future__ import annotations

from textual import events

from kaart_tui.keyboard import GAP, TypingGuard


class _Timer:
    def stop(self) -> None:
        pass


class _Screen:
    IMMEDIATE_KEYS = frozenset()

    def __init__(self) -> None:
        self.texts: list[str] = []

    def typed_text(self, text: str) -> None:
        self.texts.append(text)


class _App:
    """Just what the guard asks of an app: the focus, the screen, a timer, a queue."""

    focused = None

    def __init__(self) -> None:
        self.screen = _Screen()
        self.posted: list[str] = []

    def set_timer(self, delay, callback) -> _Timer:
        return _Timer()

    def post_message(self, event: events.Key) -> None:
        self.posted.append(event.key)


def keys(text: str, apart: float) -> list[events.Key]:
    made = []
    for n, character in enumerate(text):
        event = events.Key(character, character)
        event.time = 1000.0 + n * apart  # the moment the terminal delivered it
        made.append(event)
    return made


def test_keys_typed_close_together_are_text_however_late_they_are_handled():
    app = _App()
    guard = TypingGuard(app, GAP)
    # Handled now, all at once, long after they came in: the times they came in decide.
    assert all(guard.intercepts(event) for event in keys("dus", GAP / 4))
    guard._flush()
    assert app.screen.texts == ["dus"]
    assert app.posted == []  # none ran as a command


def test_keys_typed_at_command_pace_run_as_commands_even_when_handled_at_once():
    app = _App()
    guard = TypingGuard(app, GAP)
    # Handled one right after the other (a stalled app catching up), typed seconds apart.
    for event in keys("du", GAP * 3):
        guard.intercepts(event)
    guard._flush()
    assert app.screen.texts == []
    assert app.posted == ["d", "u"]  # each ran, in order


def test_a_pause_in_the_middle_of_a_sentence_keeps_every_letter_in_its_place():
    """The first part of the sentence opens the add field (typed_text focuses it); the
    letter after the pause goes into that field before the ones behind it. It used to be
    held as a command and then sent to the back of the queue: 'teambuil' + pause +
    'ding' became 'teambuiling...d' (seen in CI on a busy machine)."""
    from textual.widgets import Input

    app = _App()
    field = Input()

    def typed_text(text: str) -> None:
        app.screen.texts.append(text)
        app.focused = field  # the card puts the text in its add field and focuses it

    app.screen.typed_text = typed_text
    guard = TypingGuard(app, GAP)
    first, rest = keys("teambuil", GAP / 4), keys("ding", GAP / 4)
    for event in rest:
        event.time += 8 * GAP / 4 + 2 * GAP  # a pause longer than the gap before 'd'
    assert all(guard.intercepts(event) for event in first)
    # 'd' after the pause: the sentence so far goes into the field, and then 'd' itself
    # and every key behind it are the field's, in order, not held or replayed.
    assert [guard.intercepts(event) for event in rest] == [False] * 4
    assert app.screen.texts == ["teambuil"] and app.posted == []

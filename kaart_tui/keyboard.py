"""Text typed where no field is open never runs as a string of commands.

A facilitator types while the group talks and hardly looks at the screen. When they
think the add field is open and it is not, a sentence such as "de gemeente belt" would run
on the card as d (delete), e (edit), ... So on every screen, a printable key that does not
open a field waits a moment (``GAP``) before it runs. If the next printable key comes
within that moment, the keys are a sentence, not commands: they are collected and handed
to the screen as text (``screen.typed_text``): the card puts them in its add field, the
actions list in a new action, a counting screen only gives a hint. A single key, or keys
typed at command pace, run as usual, a little later.

Keys that open a field themselves (``a`` on the card, the digits of a tally) are listed by
the screen in ``IMMEDIATE_KEYS`` and run at once, so that what follows them is text in
their field. If such a key could not open its field (``e`` with nothing to edit), the keys
right behind it are collected as text too. A counting screen's keys open nothing: it sets
``IMMEDIATE_KEYS_OPEN_FIELDS = False`` so that "9↓6↓" typed fast counts 9 and 6.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.widgets import Input, TextArea

if TYPE_CHECKING:
    from textual.app import App

# Keys within this many seconds of each other are typing, not commands. Deliberate
# command keys come further apart; most typists' letters within a word come closer.
GAP = 0.2


def _printable(event: events.Key) -> bool:
    return event.key == "space" or (event.character is not None and len(event.character) == 1
                                    and event.character.isprintable())


class TypingGuard:
    def __init__(self, app: "App", gap: float = GAP) -> None:
        self.app = app
        self.gap = gap
        self._held: list[events.Key] = []  # keys waiting to run as commands
        self._text: list[str] = []  # the characters of the keys collected so far
        self._last = 0.0
        self._timer = None
        self._replaying: set[int] = set()

    @property
    def active(self) -> bool:
        return self.gap > 0

    def _typing_target(self) -> bool:
        return isinstance(self.app.focused, (Input, TextArea))

    def intercepts(self, event: events.Key) -> bool:
        """Whether ``event`` is taken here (held or collected) instead of handled now."""
        if event.is_forwarded:
            return False  # on its way back up from the widgets: decided already
        if not self.active or id(event) in self._replaying:
            self._replaying.discard(id(event))
            return False
        if self._typing_target():
            self._flush()
            return False
        # When the key came from the terminal, not when it is handled here: on a busy
        # laptop the keys of one sentence can be handled further apart than they were
        # typed, and the rest of the sentence then ran as commands.
        now = event.time
        if not _printable(event):
            if self._held or self._text:
                # What waited runs (or is handed over) before this key. Keys that run are
                # replayed behind the ones already on their way, so this one goes behind
                # them too; text handed to a field went in now, and so does this key.
                if self._flush():
                    self._replay(event)
                    return True
            return False
        in_burst = bool(self._text) and now - self._last < self.gap
        self._last = now
        if in_burst:
            self._text.append(event.character or " ")
            self._restart_timer()
            return True
        if self._held or self._text:
            self._flush()
            if self._typing_target():
                # The keys before a pause opened a field (typed_text focuses it): this
                # key and the ones behind it are typed there, in order. Held, it would
                # be replayed behind them ('teambuil' + pause + 'ding' -> 'teambuilingd').
                return False
        immediate = getattr(self.app.screen, "IMMEDIATE_KEYS", frozenset())
        if event.key in immediate or (event.character or "") in immediate:
            if not getattr(self.app.screen, "IMMEDIATE_KEYS_OPEN_FIELDS", True):
                return False  # a count: it did all it does, the next key is the next count
            self._watch_immediate(event)
            return False
        self._held = [event]
        self._text = [event.character or " "]
        self._restart_timer()
        return True

    def _watch_immediate(self, event: events.Key) -> None:
        """After a key that should open a field has run: if no field or dialog opened, the
        keys right behind it are collected as text (with this one)."""
        screen = self.app.screen
        refusals = getattr(self.app, "refusals", 0)

        def check() -> None:
            # Only a key that said it could not do its thing (a warning or an error) makes
            # what follows text: a key whose screen or dialog is still on its way (V opens
            # the round set-up a moment later) must not eat the keys meant for it.
            refused = getattr(self.app, "refusals", 0) > refusals
            if refused and self.app.screen is screen and not self._typing_target():
                # Keys that came in before this check (held as commands, or already being
                # collected) are text too, after this one: none is lost.
                self._text = [event.character or " ", *self._text]
                self._held = []  # it ran already; the held keys are in the text now
                self._restart_timer()

        self.app.call_after_refresh(check)

    def _restart_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.app.set_timer(self.gap, self._flush)

    def _flush(self) -> bool:
        """Hand what waited over as text, or replay the held keys; whether keys were
        replayed (they then come behind every key already on its way)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        held, text = self._held, "".join(self._text)
        self._held, self._text = [], []
        if len(text) > 1:
            handler = getattr(self.app.screen, "typed_text", None)
            if handler is not None:
                handler(text)
            else:
                self.app.notify(f"Getypt zonder invoerveld: '{text[:60]}'. Er is niets "
                                "mee gedaan.", severity="warning", markup=False, timeout=8)
            return False
        for key in held:
            self._replay(key)
        return bool(held)

    def _replay(self, event: events.Key) -> None:
        again = events.Key(event.key, event.character)
        self._replaying.add(id(again))
        self.app.post_message(again)

"""A countdown per step: the reports give each step a fixed time slot."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MINUTES = 10


@dataclass
class StepTimer:
    duration: float = DEFAULT_MINUTES * 60
    _elapsed: float = 0.0
    _started_at: float | None = None
    signalled: bool = False

    @property
    def running(self) -> bool:
        return self._started_at is not None

    def elapsed(self, now: float) -> float:
        running = now - self._started_at if self._started_at is not None else 0.0
        return self._elapsed + running

    def remaining(self, now: float) -> float:
        return max(0.0, self.duration - self.elapsed(now))

    def started(self) -> bool:
        return self.running or self._elapsed > 0

    def toggle(self, now: float) -> None:
        """Start, or pause a running timer."""
        if self._started_at is None:
            self._started_at = now
        else:
            self._elapsed += now - self._started_at
            self._started_at = None

    def reset(self) -> None:
        self._elapsed, self._started_at, self.signalled = 0.0, None, False

    def set_minutes(self, minutes: float) -> None:
        self.duration = minutes * 60
        self.signalled = False

    def due_signal(self, now: float) -> bool:
        """True once, when a running timer reaches zero."""
        if self.running and not self.signalled and self.remaining(now) <= 0:
            self.signalled = True
            return True
        return False

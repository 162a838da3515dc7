"""Keep keystrokes quick on a large session: full garbage collections when idle.

A full collection walks every live object; with a 2,000-entry session it took 60-230 ms
and made a keystroke now and then visibly slow (measured with benchmarks/run.py). So:
where the program starts (``tune_collector``, once), what the imports made is frozen (it
lives as long as the program), automatic full collections are made rare, and a full
collection runs when the facilitator has not touched a key for a moment. Young
generations are still collected as usual. Nothing is frozen later: a frozen session
would stay in memory after the next one is opened.
"""

from __future__ import annotations

import gc
import time

IDLE_SECONDS = 2.0
MIN_SECONDS_BETWEEN_FULL = 15.0
# gen0 and gen1 as CPython's defaults; gen2 automatically only after very many gen1 runs.
THRESHOLDS = (700, 10, 1000)


_tuned = False


def tune_collector() -> None:
    """Once, where the program starts: freeze what exists, make full collections rare."""
    global _tuned
    if _tuned:
        return
    _tuned = True
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)


class IdleCollector:
    def __init__(self) -> None:
        self.last_input = time.monotonic()
        self.last_full = time.monotonic()

    def touched(self) -> None:
        self.last_input = time.monotonic()

    def tick(self) -> bool:
        """Run a full collection if the keyboard has been quiet; True if it ran."""
        now = time.monotonic()
        if now - self.last_input < IDLE_SECONDS or now - self.last_full < MIN_SECONDS_BETWEEN_FULL:
            return False
        gc.collect()
        self.last_full = time.monotonic()
        return True

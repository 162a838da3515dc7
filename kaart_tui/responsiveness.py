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

import ctypes
import gc
import sys
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


def release_memory() -> None:
    """Before the next session is loaded: let the previous one go now, and give the heap
    it freed back to the system.

    A collection now frees the old card's cycles before the new card is built, so the new
    one reuses that memory instead of new arenas beside it (ten sessions opened one after
    another grew the app 1.1-1.35 x with no live object left behind). glibc keeps freed
    heap for the process; malloc_trim returns it. Elsewhere (macOS, Windows, musl) there
    is no malloc_trim and only the collection runs.
    """
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


_trim_function: list = []


def _malloc_trim():
    if not _trim_function:
        function = None
        if sys.platform.startswith("linux"):
            try:
                function = ctypes.CDLL(None).malloc_trim
                function.argtypes, function.restype = [ctypes.c_size_t], ctypes.c_int
            except (OSError, AttributeError):  # no glibc (musl has no malloc_trim)
                function = None
        _trim_function.append(function)
    return _trim_function[0]

"""When the app under a pilot test has done its work: Textual's `wait_for_idle`, made
independent of how fast the machine is and how busy.

The pilot waits after every key until the process seems idle: it sleeps a slice and
calls the slice idle when the process used almost no CPU in it. Textual's own measure
(less than 1/20 of the slice) fails two ways on the laptops and VMs the suite runs on:

- A slice in which the app does nothing still costs the process the wake-up itself: on
  this 2-core VM 26-47 µs of a 1 ms slice (one in a hundred 100 µs). When that nears
  1/20 (50 µs), slices stop looking idle and keys wait up to the full second: the same
  test took 7 s, an hour later 14 s, and 97 s with a tracing plugin that adds a few µs
  per slice; with the measure below 2.8 s. In a bare loop, 2 of 20 waits took the full
  second.
- On a busy machine the process waits for a core in the middle of its work. That slice
  shows little CPU too, and the pilot went on before the app had finished.

So a slice here is idle when the process ran for less than a quarter of the time it
*could* have run: the slice's length less the time it waited for a core, which Linux
reports per thread in /proc (elsewhere that wait counts as zero, as in Textual's).
"""

from __future__ import annotations

import os
import threading
from asyncio import sleep
from time import monotonic, process_time

SLICE = 1 / 1000
BUSY_SHARE = 0.25

_schedstat: dict[int, int | None] = {}


def _waited_for_a_core() -> float:
    """Seconds this thread has been runnable without running, since it started."""
    tid = threading.get_native_id()
    if tid not in _schedstat:
        try:
            _schedstat[tid] = os.open(f"/proc/self/task/{tid}/schedstat", os.O_RDONLY)
        except OSError:  # not Linux
            _schedstat[tid] = None
    fd = _schedstat[tid]
    if fd is None:
        return 0.0
    return int(os.pread(fd, 128, 0).split()[1]) / 1e9


def slice_was_idle(wall: float, cpu: float, waited: float) -> bool:
    return cpu < BUSY_SHARE * max(wall - waited, 0.0)


async def wait_for_idle(min_sleep: float = SLICE, max_sleep: float = 1) -> None:
    """As textual._wait.wait_for_idle, with the measure above."""
    start = monotonic()
    while True:
        wall, cpu, waited = monotonic(), process_time(), _waited_for_a_core()
        await sleep(SLICE)
        now = monotonic()
        idle = slice_was_idle(now - wall, process_time() - cpu,
                              _waited_for_a_core() - waited)
        elapsed = now - start
        if elapsed >= max_sleep or (elapsed > min_sleep and idle):
            return


def install() -> None:
    """Where Textual's pilot and app call it (they import the function by name)."""
    import textual.app
    import textual.pilot

    textual.app.wait_for_idle = wait_for_idle
    textual.pilot.wait_for_idle = wait_for_idle

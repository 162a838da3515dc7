"""Which worker runs which test (pytest-xdist, `-n auto`): the long tests spread over the
workers instead of one after the other on one of them.

The long tests (the 200 kills, the fresh install, the real terminal) take about 200 s of
wall time together, most of it waiting on a child process. xdist's default scheduler
hands each worker a run of consecutive tests, so sorted first they all went to one worker:
that worker's 200 s were the suite's length, whatever the other workers did.
pytest-xdist's work-stealing scheduler gives each worker one contiguous range of the
collection and lets a worker that runs dry take the far end of another's range. So the
long tests go to the head of the ranges, in turn, and the short ones after them keep
their order (a module's fixtures stay on one worker).
"""

from __future__ import annotations

from typing import Callable, Sequence, TypeVar

T = TypeVar("T")


def range_sizes(count: int, workers: int) -> list[int]:
    """The ranges xdist's WorkStealingScheduling hands out at the start (3.8: each worker
    in turn gets the pending tests divided by the workers still to serve)."""
    sizes, left = [], count
    for served in range(workers):
        size = left // (workers - served)
        sizes.append(size)
        left -= size
    return sizes


def spread_long(items: Sequence[T], is_long: Callable[[T], bool], workers: int) -> list[T]:
    """``items`` reordered so that each worker's range starts with its share of the long
    ones, dealt in turn; every other item keeps its order."""
    long = [item for item in items if is_long(item)]
    short = [item for item in items if not is_long(item)]
    if workers <= 1:
        return long + short
    ordered: list[T] = []
    dealt = [long[worker::workers] for worker in range(workers)]
    for worker, size in enumerate(range_sizes(len(items), workers)):
        ordered += dealt[worker]
        take = max(size - len(dealt[worker]), 0)
        ordered += short[:take]
        short = short[take:]
    return ordered + short

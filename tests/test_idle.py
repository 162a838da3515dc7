"""The pilot's measure of an idle app (tests/idle.py): every UI test waits on it after
each key, so a wrong answer either runs the test on before the app is done or makes
every key wait a full second."""

import asyncio
import time

from tests import idle


def test_a_slice_spent_asleep_is_idle_even_when_waking_costs_a_tenth():
    # On this VM a 1 ms slice of doing nothing costs 26-100 µs of CPU.
    assert idle.slice_was_idle(wall=0.0011, cpu=0.0001, waited=0.0)


def test_a_slice_spent_working_is_busy():
    assert not idle.slice_was_idle(wall=0.0011, cpu=0.0010, waited=0.0)


def test_a_slice_spent_waiting_for_a_core_is_busy_not_idle():
    # Descheduled in the middle of its work: little CPU, but not by choice.
    assert not idle.slice_was_idle(wall=0.004, cpu=0.0004, waited=0.0035)
    assert not idle.slice_was_idle(wall=0.004, cpu=0.0, waited=0.004)


def test_a_late_wake_up_still_counts_as_idle():
    # Woken after the slice, then a while in the run queue before running.
    assert idle.slice_was_idle(wall=0.003, cpu=0.00005, waited=0.002)


def test_the_wait_for_a_core_is_read_and_only_grows():
    first = idle._waited_for_a_core()
    sum(range(200_000))
    assert idle._waited_for_a_core() >= first >= 0


def test_waiting_ends_after_a_few_slices_when_nothing_runs_and_not_before_work_ends(
        monkeypatch):
    slices = []

    async def counted(delay):
        slices.append(delay)
        await asyncio.sleep(delay)

    monkeypatch.setattr(idle, "sleep", counted)

    async def scenario():
        loop = asyncio.get_running_loop()
        await idle.wait_for_idle(0)
        quiet = len(slices)

        def spin(until):  # the app working in slices, as a key's handling does
            if time.monotonic() < until:
                end = time.monotonic() + 0.003
                while time.monotonic() < end:
                    pass
                loop.call_soon(spin, until)

        busy_until = time.monotonic() + 0.1
        loop.call_soon(spin, busy_until)
        await idle.wait_for_idle(0)
        return quiet, time.monotonic() - busy_until

    quiet, after_busy = asyncio.run(scenario())
    assert quiet < 50  # Textual's measure here could take all 1,000 slices of its second
    assert after_busy >= 0

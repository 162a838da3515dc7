"""Pull the plug during `kaart herstel`: the real command restores the backup of a damaged
session and is killed with SIGKILL at moments spread over (and past) one full run, measured
on this machine in the same test. Every time, the session file is either the damaged file
as it was, byte for byte, or the restored one (it loads and holds the backup's card),
never a half-written third thing; the backup itself is never touched.

Reproduce a failure with KAART_FAULT_SEED=<seed from the message>.
"""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

import pytest

from kaart_tui.bundle import card_to_data
from kaart_tui.domain.model import Entry
from kaart_tui.domain.steps import Step
from kaart_tui.errors import KaartError
from kaart_tui.store import DataFolder
from kaart_tui.store.tables import read_session_file
from tests.records import write
from tests.test_faults_app import SEED, kaart_argv, kaart_env, run_killed_after, spread, timed_run

pytestmark = pytest.mark.crash

KILLS = 50  # at least this many kills during herstel
ROUND = 40  # trials per round, spread over one run; rounds until KILLS, at most MAX_ROUNDS
MAX_ROUNDS = 4
# Enough records that writing the restored file takes a moment a kill can land in.
EXTRA_ENTRIES = 3000


def damaged_session_with_backup(root: Path, demo_card) -> tuple[str, bytes, bytes]:
    """A big session saved twice (so a backup exists), then cut off mid-file; returns the
    slug, the damaged bytes and the backup's bytes."""
    card = demo_card
    for i in range(EXTRA_ENTRIES):
        card.put(Entry(f"e-groot-{i}", list(Step)[i % 5], f"een bijdrage van de kaart {i} " * 3,
                       "b2", None))
    folder = DataFolder(root).ensure()
    store = folder.create(card)
    write(store, put=[Entry("e-laatste", Step.WAARDEN, "de laatste bijdrage", "b2")])
    store.close()
    path = folder.session_path(store.name)
    damaged = path.read_bytes()[: path.stat().st_size * 2 // 3]
    path.write_bytes(damaged)
    return store.name, damaged, folder.backup_path(store.name).read_bytes()


def temps(folder: DataFolder) -> set[Path]:
    """Temp files of a write in flight: the restored session's, or the set-aside copy's."""
    return {*folder.sessions_dir.glob(".*.tmp"), *folder.backups_dir.glob(".*.tmp")}


def where(trial: int, delay: float) -> str:
    return f"(KAART_FAULT_SEED={SEED}, herstel trial {trial}, kill after {delay * 1000:.0f} ms)"


def test_killed_kaart_herstel_leaves_the_old_session_or_the_restored_one(tmp_path, demo_card):
    rng = random.Random(f"{SEED}-herstel")
    root = tmp_path / "data"
    slug, damaged, backup_bytes = damaged_session_with_backup(root, demo_card)
    folder = DataFolder(root)
    path, backup = folder.session_path(slug), folder.backup_path(slug)
    expected = card_to_data(read_session_file(backup, None)[0])

    def is_restored(context: str) -> bool:
        """True for the restored session, False for the damaged one; anything else fails."""
        data = path.read_bytes()
        if data == damaged:
            return False
        try:
            card, _ = read_session_file(path, None)
        except KaartError as error:
            pytest.fail(f"the session is neither old nor restored {context}: {error.message}")
        assert card_to_data(card) == expected, f"the restored session differs {context}"
        return True

    durations = []
    for run in range(4):  # the first run also compiles and caches: not counted
        path.write_bytes(damaged)
        duration, code, out = timed_run(kaart_argv("herstel", slug), kaart_env(root))
        assert code == 0 and "teruggezet" in out, out
        assert is_restored(f"(measured run {run})")
        durations.append(duration)
    duration = min(durations[1:])  # noise on a shared machine only adds time
    stats = {"finished": 1, "killed_before": 0, "killed_after": 0, "killed_mid_write": 0}
    killed, trial = 0, 0
    for _ in range(MAX_ROUNDS):
        if killed >= KILLS:
            break
        for fraction in spread(rng, ROUND, 0.1, 1.3):
            path.write_bytes(damaged)  # damaged again: herstel proceeds
            before = temps(folder)
            delay = fraction * duration
            context = where(trial, delay)
            trial += 1
            start = time.monotonic()
            code, out, err = run_killed_after(kaart_argv("herstel", slug), kaart_env(root), delay)
            elapsed = time.monotonic() - start
            restored = is_restored(context)
            assert backup.read_bytes() == backup_bytes, f"the backup changed {context}"
            for kept in folder.backups_dir.glob(f"{slug}.beschadigd-*.json"):
                # The replaced file set aside, whole: a kill leaves it complete or not at all.
                assert kept.read_bytes() == damaged, \
                    f"{kept.name} is not the damaged file {context}"
            if code == 0:
                assert restored and "teruggezet" in out, f"{out} {context}"
                stats["finished"] += 1
                # The machine was faster than measured (others' load comes and goes): the
                # next kill moments scale by the fastest full run seen.
                duration = min(duration, elapsed)
                continue
            assert code == -signal.SIGKILL, f"herstel failed by itself {context}: {err}"
            killed += 1
            stats["killed_after" if restored else "killed_before"] += 1
            stats["killed_mid_write"] += bool(temps(folder) - before)
    summary = (f"seed {SEED}, {trial} trials of kaart herstel (one took {duration:.2f} s), "
               f"{killed} killed: {stats}")
    print(summary)
    assert killed >= KILLS, summary
    # Kills landed before the restore was written, and some trials got past it (killed
    # after the write, or finished): both outcomes were checked above, every time.
    assert stats["killed_before"] >= 1, summary
    assert stats["killed_after"] + stats["finished"] >= 2, summary

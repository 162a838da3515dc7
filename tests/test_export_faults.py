"""Making the verslag when things are not tidy: the command line with real subprocesses and
exit codes, a missing folder, a full disk, no write rights, a session open in another
window, and the app going on while the verslag is made in a worker.

Whatever happens: a clear Dutch message or a valid document, never a traceback, never a
changed session, never a half-written file.
"""

from __future__ import annotations

import asyncio
import errno
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from docx import Document

from kaart_tui.demo import demo_card
from kaart_tui.domain.model import Card, Participant, SessionInfo
from kaart_tui.export.run import export_verslag
from kaart_tui.export.verslag import ExportError
from kaart_tui.store import DataFolder
from kaart_tui.store.base import SessionLockedError
from tests.conftest import FIXTURES
from tests.docx_reading import raw_xml_text
from tests.records import write

SLUG = "uitvoeringsteam-vlinderbuurt"
B2_NAME = f"{SLUG}-bijeenkomst-2-2026-11-03.docx"
B1_NAME = f"{SLUG}-bijeenkomst-1-2026-10-06.docx"


def kaart(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kaart_tui", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, timeout=60,
    )


def assert_user_error(result: subprocess.CompletedProcess, *words: str) -> str:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kaart: "), result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def written_path(result: subprocess.CompletedProcess) -> Path:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.strip().splitlines()
    # With --anoniem the lines after the path say what was replaced and what to check.
    assert lines[0].startswith("Verslag geschreven: "), result.stdout
    assert all(line.startswith(("Anoniem: ", "Kijk deze woorden na")) for line in lines[1:])
    return Path(lines[0].removeprefix("Verslag geschreven: "))


def demo_folder(tmp_path: Path) -> DataFolder:
    folder = DataFolder(tmp_path / "data").ensure()
    folder.create(demo_card()).close()
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (hidden ones too) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def subtitle(path: Path) -> str:
    return Document(str(path)).paragraphs[1].text


# -- the command line ------------------------------------------------------------------------
def test_default_path_and_a_second_export_never_overwrites(tmp_path) -> None:
    folder = demo_folder(tmp_path)
    first = written_path(kaart(folder.root, "export", SLUG))
    assert first == folder.exports_dir / B2_NAME
    assert subtitle(first) == "Verslag van bijeenkomst 2"
    before = first.read_bytes()

    second = written_path(kaart(folder.root, "export", SLUG))
    assert second == folder.exports_dir / B2_NAME.replace(".docx", "-2.docx")
    assert first.read_bytes() == before, "the first verslag was overwritten"
    assert subtitle(second) == "Verslag van bijeenkomst 2"

    # By title, and an earlier bijeenkomst by number.
    earlier = written_path(kaart(folder.root, "export", "Uitvoeringsteam Vlinderbuurt",
                                 "--bijeenkomst", "1"))
    assert earlier == folder.exports_dir / B1_NAME
    assert subtitle(earlier) == "Verslag van bijeenkomst 1"
    assert sorted(p.name for p in folder.exports_dir.iterdir()) == sorted(
        [B2_NAME, B2_NAME.replace(".docx", "-2.docx"), B1_NAME])


def test_output_to_a_folder_and_to_a_file(tmp_path) -> None:
    folder = demo_folder(tmp_path)
    target_dir = tmp_path / "verslagen"
    target_dir.mkdir()
    into_dir = written_path(kaart(folder.root, "export", SLUG, "-o", str(target_dir)))
    assert into_dir == target_dir / B2_NAME

    target = tmp_path / "verslag Vlinderbuurt.docx"
    as_file = written_path(kaart(folder.root, "export", SLUG, "--uitvoer", str(target)))
    assert as_file == target
    again = written_path(kaart(folder.root, "export", SLUG, "-o", str(target)))
    assert again == tmp_path / "verslag Vlinderbuurt-2.docx"

    bare = written_path(kaart(folder.root, "export", SLUG, "-o", str(tmp_path / "kort")))
    assert bare == tmp_path / "kort.docx"
    for path in (into_dir, as_file, again, bare):
        assert Document(str(path)).paragraphs[0].text == "Uitvoeringsteam Vlinderbuurt"
    assert list(folder.exports_dir.iterdir()) == []


def test_unknown_bijeenkomst_is_one_dutch_line(tmp_path) -> None:
    folder = demo_folder(tmp_path)
    line = assert_user_error(kaart(folder.root, "export", SLUG, "--bijeenkomst", "7"),
                             "Bijeenkomst 7 bestaat niet")
    assert "1, 2" in line, "the message names the bijeenkomsten there are"
    assert list(folder.exports_dir.iterdir()) == []
    assert_user_error(kaart(folder.root, "export", SLUG, "--bijeenkomst", "twee"),
                      "--bijeenkomst")
    assert_user_error(kaart(folder.root, "export", "bestaat-niet"), "niet gevonden")


def test_a_session_without_bijeenkomst_has_nothing_to_report(tmp_path) -> None:
    folder = DataFolder(tmp_path / "data").ensure()
    folder.create(Card(SessionInfo.create("Lege sessie", "Team Leeg"))).close()
    assert_user_error(kaart(folder.root, "export", "lege-sessie"), "nog geen bijeenkomst")
    assert list(folder.exports_dir.iterdir()) == []


def test_output_into_a_missing_folder_is_refused(tmp_path) -> None:
    folder = demo_folder(tmp_path)
    missing = tmp_path / "bestaat-niet"
    assert_user_error(kaart(folder.root, "export", SLUG, "-o",
                            str(missing / "verslag.docx")), "bestaat niet")
    assert not missing.exists()
    assert list(folder.exports_dir.iterdir()) == []


def test_output_into_a_missing_folder_named_with_a_slash_is_refused(tmp_path) -> None:
    folder = demo_folder(tmp_path)
    result = kaart(folder.root, "export", SLUG, "-o", str(tmp_path / "nieuwe-map") + os.sep)
    assert not (tmp_path / "nieuwe-map.docx").exists()
    assert_user_error(result, "nieuwe-map")


def test_export_reads_a_session_locked_by_another_window(tmp_path) -> None:
    folder = demo_folder(tmp_path)
    window = folder.open(SLUG)  # the app, writable, holding the lock
    try:
        with pytest.raises(SessionLockedError):
            DataFolder(folder.root).open(SLUG)  # the lock is real
        before = snapshot(folder.sessions_dir)
        path = written_path(kaart(folder.root, "export", SLUG))
        assert path == folder.exports_dir / B2_NAME
        assert subtitle(path) == "Verslag van bijeenkomst 2"
        assert snapshot(folder.sessions_dir) == before
        # The window can still save: the export took nothing from it.
        write(window, put=[Participant("p-nieuw", "Nieuwe Deelnemer", "Buurtteam")])
    finally:
        window.close()
    with DataFolder(folder.root).open(SLUG, read_only=True) as store:
        assert "p-nieuw" in store.load().participants


def test_export_never_changes_the_session(tmp_path) -> None:
    folder = demo_folder(tmp_path)
    shutil.copy(FIXTURES / "session_v0.json", folder.sessions_dir / "oud.json")
    before = snapshot(folder.sessions_dir)

    plain = written_path(kaart(folder.root, "export", SLUG))
    anonymous = written_path(kaart(folder.root, "export", SLUG, "--anoniem"))
    # An old-schema session is exported without being migrated on disk.
    old = written_path(kaart(folder.root, "export", "oud"))
    assert snapshot(folder.sessions_dir) == before

    with folder.open(SLUG, read_only=True) as store:
        card = store.load()
    in_process = export_verslag(card, SLUG, folder.exports_dir, folder.templates_dir, 1,
                                anonymous=True)
    assert snapshot(folder.sessions_dir) == before

    assert anonymous.name == B2_NAME.replace(".docx", "-anoniem.docx")
    assert in_process.name == B1_NAME.replace(".docx", "-anoniem.docx")
    for path in (anonymous, in_process):
        text = raw_xml_text(path)
        assert not [p.name for p in card.participants.values() if p.name in text]
    assert "Sanne Bakker" in raw_xml_text(plain)
    assert old.name.startswith("oud-bijeenkomst-")
    assert Document(str(old)).paragraphs[0].text == "Wijkteam Assendorp (oud)"


# -- writing fails -----------------------------------------------------------------------------
@pytest.mark.parametrize("code, reason", [(errno.ENOSPC, "schijf is vol"),
                                          (errno.EACCES, "schrijfrechten")])
def test_a_failed_write_is_a_message_and_leaves_no_file(tmp_path, monkeypatch, code,
                                                        reason) -> None:
    import kaart_tui.export.verslag as verslag

    def refuse(path, data, backup=None):
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(verslag, "write_new", refuse)
    folder = demo_folder(tmp_path)
    before = snapshot(folder.sessions_dir)
    with folder.open(SLUG, read_only=True) as store:
        card = store.load()
    with pytest.raises(ExportError) as caught:
        export_verslag(card, SLUG, folder.exports_dir, folder.templates_dir)
    message = caught.value.message
    assert reason in message and "De sessie is niet veranderd" in message
    assert "Errno" not in message and "Traceback" not in message
    assert list(folder.exports_dir.iterdir()) == []
    assert snapshot(folder.sessions_dir) == before


def test_a_disk_that_fills_up_mid_write_leaves_no_temporary_file(tmp_path,
                                                                 monkeypatch) -> None:
    """The real atomic write, failing at the point a full disk shows itself (fsync)."""
    folder = demo_folder(tmp_path)
    with folder.open(SLUG, read_only=True) as store:
        card = store.load()
    target_dir = tmp_path / "stick"
    target_dir.mkdir()

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExportError, match="schijf is vol"):
        export_verslag(card, SLUG, folder.exports_dir, folder.templates_dir, output=target_dir)
    monkeypatch.undo()
    assert [p.name for p in target_dir.iterdir()] == [], "temporary file left behind"
    # Space again: the same export now works, under the name that was meant.
    path = export_verslag(card, SLUG, folder.exports_dir, folder.templates_dir, output=target_dir)
    assert [p.name for p in target_dir.iterdir()] == [B2_NAME] and path.name == B2_NAME


# -- in the app ------------------------------------------------------------------------------
def notifications(app) -> list[tuple[str, str]]:
    return [(text, kind) for kind, text in app.told]


def test_app_makes_the_verslag_in_a_worker_while_typing_goes_on(tmp_path,
                                                                monkeypatch) -> None:
    import kaart_tui.export.run as run_module
    from kaart_tui.app import KaartApp
    from kaart_tui.domain.steps import Step

    # Hold the worker at the moment it writes, so keys are surely pressed meanwhile.
    reached, release = threading.Event(), threading.Event()
    real_write = run_module.write_verslag

    def held_write(document, target):
        reached.set()
        assert release.wait(30), "the test never released the worker"
        return real_write(document, target)

    monkeypatch.setattr(run_module, "write_verslag", held_write)
    folder = DataFolder(tmp_path / "data").ensure()

    async def inner() -> None:
        app = KaartApp(folder)
        try:
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.pause()
                screen = app.screen
                before = set(app.workshop.card.entries)
                await pilot.press("E")
                for _ in range(200):
                    if reached.is_set():
                        break
                    await asyncio.sleep(0.02)
                assert reached.is_set(), "the export did not start"
                assert screen.query_one("#export-progress").display

                await pilot.press("a", *"tijdens", "enter", "enter")
                await pilot.pause()
                new = [e for e_id, e in app.workshop.card.entries.items()
                       if e_id not in before]
                assert [(e.text, e.step) for e in new] == [("tijdens", Step.WAARDEN)]
                assert not [m for m, _ in notifications(app) if m.startswith("Verslag")]

                release.set()
                await app.workers.wait_for_complete()
                await pilot.pause()
                done = [m for m, _ in notifications(app) if m.startswith("Verslag klaar: ")]
                assert len(done) == 1, notifications(app)
                path = Path(done[0].removeprefix("Verslag klaar: "))
                assert path == folder.exports_dir / B2_NAME
                assert path.is_file()
                assert Document(str(path)).paragraphs[0].text == "Uitvoeringsteam Vlinderbuurt"
                assert not screen.query_one("#export-progress").display
                assert screen.query_one("#export-bar").progress == 1.0
        finally:
            release.set()

    asyncio.run(inner())
    with DataFolder(folder.root).open(SLUG, read_only=True) as store:
        assert "tijdens" in [e.text for e in store.load().entries.values()]


def test_app_tells_a_failed_export_and_carries_on(tmp_path, monkeypatch) -> None:
    import kaart_tui.export.verslag as verslag
    from kaart_tui.app import KaartApp

    def full(path, data, backup=None):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(verslag, "write_new", full)
    folder = DataFolder(tmp_path / "data").ensure()

    async def inner() -> None:
        app = KaartApp(folder)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            await pilot.press("E")
            await app.workers.wait_for_complete()
            await pilot.pause()
            errors = [m for m, severity in notifications(app) if severity == "error"]
            assert len(errors) == 1 and "schijf is vol" in errors[0], notifications(app)
            assert not [m for m, _ in notifications(app) if m.startswith("Verslag klaar")]
            assert not screen.query_one("#export-progress").display
            assert app.screen is screen and app.is_running
        assert list(folder.exports_dir.iterdir()) == []

    asyncio.run(inner())

"""The kaart command line as a facilitator uses it: real subprocesses, real exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEMO_BUNDLE, ROOT
from tests.records import write


def kaart(data_dir: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kaart_tui", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, **(env or {})},
    )


def assert_user_error(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kaart: "), result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])


def test_new_list_and_bundle_a_session(tmp_path: Path) -> None:
    created = kaart(tmp_path, "nieuw", "Team Kamperpoort", "--team", "Uitvoeringsteam",
                    "--wijk", "Kamperpoort", "--begeleider", "Anna", "--begeleider", "Bas")
    assert created.returncode == 0, created.stderr
    assert (tmp_path / "sessions" / "team-kamperpoort.json").is_file()
    assert (tmp_path / "exports").is_dir()

    listed = kaart(tmp_path, "lijst")
    assert "team-kamperpoort" in listed.stdout and "Team Kamperpoort" in listed.stdout

    target = tmp_path / "uit.json"
    bundled = kaart(tmp_path, "bundel", "team kamperpoort", "-o", str(target))
    assert bundled.returncode == 0, bundled.stderr
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["session"] == {"title": "Team Kamperpoort", "team": "Uitvoeringsteam",
                               "wijk": "Kamperpoort", "facilitators": ["Anna", "Bas"],
                               "opdrachtgever": None, "template": "partnerschapskaart"}


def test_import_then_bundle_round_trips_and_never_overwrites(tmp_path: Path) -> None:
    imported = kaart(tmp_path, "import", str(DEMO_BUNDLE))
    assert imported.returncode == 0, imported.stderr
    first = kaart(tmp_path, "bundel", "uitvoeringsteam-vlinderbuurt")
    second = kaart(tmp_path, "bundel", "uitvoeringsteam-vlinderbuurt")
    assert first.returncode == second.returncode == 0
    exports = tmp_path / "exports"
    written = exports / "uitvoeringsteam-vlinderbuurt.json"
    again = exports / "uitvoeringsteam-vlinderbuurt-2.json"
    assert "bestond al" in second.stdout
    original = json.loads(DEMO_BUNDLE.read_text(encoding="utf-8"))
    assert json.loads(written.read_text(encoding="utf-8")) == original
    assert json.loads(again.read_text(encoding="utf-8")) == original


def test_refused_bundle_creates_no_session(tmp_path: Path) -> None:
    bad = json.loads(DEMO_BUNDLE.read_text(encoding="utf-8"))
    bad["entries"][3]["theme"] = "t-bestaat-niet"
    path = tmp_path / "kapot.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    result = kaart(tmp_path / "data", "import", str(path))
    assert_user_error(result, bad["entries"][3]["id"], "t-bestaat-niet")
    assert list((tmp_path / "data" / "sessions").glob("*.json")) == []


def test_demo_is_created_once(tmp_path: Path) -> None:
    assert kaart(tmp_path, "demo").returncode == 0
    again = kaart(tmp_path, "demo")
    assert again.returncode == 0 and "bestaat al" in again.stdout
    assert len(list((tmp_path / "sessions").glob("*.json"))) == 1
    assert kaart(tmp_path, "demo", "--opnieuw").returncode == 0
    assert len(list((tmp_path / "sessions").glob("*.json"))) == 2


def test_data_dir_from_environment(tmp_path: Path) -> None:
    # Run from another folder: the data must land in KAART_DATA_DIR, not in the cwd.
    result = subprocess.run([sys.executable, "-m", "kaart_tui", "demo"], capture_output=True,
                            text=True, cwd=tmp_path / "..",
                            env={**os.environ, "KAART_DATA_DIR": str(tmp_path / "env"),
                                 "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "env" / "sessions").glob("*.json"))) == 1


@pytest.mark.parametrize("args, words", [
    (("nieuw", "Titel"), ["--team"]),
    (("nieuw", "   ", "--team", "T"), ["titel", "leeg"]),
    (("nieuw", "T", "--team", "T", "--sjabloon", "onzin"), ["onzin"]),
    (("bundel", "bestaat-niet"), ["bestaat-niet", "niet gevonden"]),
    (("import", "/bestaat/niet.json"), ["bestaat niet"]),
    (("herstel", "bestaat-niet"), ["niet gevonden"]),
    (("onbekend",), ["onbekend"]),
])
def test_user_errors_are_one_dutch_line(tmp_path: Path, args: tuple, words: list) -> None:
    assert_user_error(kaart(tmp_path, *args), *words)


def test_damaged_session_is_reported_and_restored(tmp_path: Path) -> None:
    assert kaart(tmp_path, "import", str(DEMO_BUNDLE)).returncode == 0
    session = tmp_path / "sessions" / "uitvoeringsteam-vlinderbuurt.json"
    # A second write makes a backup of the first version.
    assert kaart(tmp_path, "nieuw", "Ander", "--team", "X").returncode == 0
    from kaart_tui.store import DataFolder
    with DataFolder(tmp_path).open("uitvoeringsteam-vlinderbuurt") as store:
        card = store.load()
        write(store, put=[next(iter(card.participants.values()))])
    damaged = session.read_bytes()[:500]
    session.write_bytes(damaged)

    bundled = kaart(tmp_path, "bundel", "uitvoeringsteam-vlinderbuurt")
    assert_user_error(bundled, "beschadigd", "kaart herstel")
    assert session.read_bytes() == damaged

    restored = kaart(tmp_path, "herstel", "uitvoeringsteam-vlinderbuurt")
    assert restored.returncode == 0, restored.stderr
    assert kaart(tmp_path, "bundel", "uitvoeringsteam-vlinderbuurt").returncode == 0
    kept = list((tmp_path / "sessions" / ".backup").glob("*beschadigd*"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged


def test_locked_session_refuses_a_second_writer_but_allows_a_bundle(tmp_path: Path) -> None:
    assert kaart(tmp_path, "import", str(DEMO_BUNDLE)).returncode == 0
    from kaart_tui.store import DataFolder
    with DataFolder(tmp_path).open("uitvoeringsteam-vlinderbuurt"):
        assert kaart(tmp_path, "bundel", "uitvoeringsteam-vlinderbuurt").returncode == 0
        restore = kaart(tmp_path, "herstel", "uitvoeringsteam-vlinderbuurt")
        assert_user_error(restore, "al geopend", "uitvoeringsteam-vlinderbuurt.json")

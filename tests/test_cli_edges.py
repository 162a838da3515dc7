"""The edges of the kaart command line (issue 20): a closed pipe, a surrogate in a message,
a huge import, a refused import in an empty folder, ``bundel -o MAP`` and long team names
in the analysis. In-process (``cli.main``) where that suffices, a subprocess where the
interpreter's own exit matters."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaart_tui.bundle import MAX_BUNDLE_BYTES
from kaart_tui.cli import main
from kaart_tui.domain.model import Card, SessionInfo
from kaart_tui.store import DataFolder
from tests.conftest import DEMO_BUNDLE


def make_session(root: Path, title: str, team: str = "Team") -> str:
    with DataFolder(root).create(Card(SessionInfo.create(title, team))) as store:
        return store.name


def run(root: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_dutch_line(code: int, err: str, *words: str) -> None:
    assert code == 1
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kaart: "), err
    for word in words:
        assert word in lines[0], (word, lines[0])


# -- a closed pipe --------------------------------------------------------------------------
def test_list_into_a_pipe_closed_early_shows_no_traceback(tmp_path: Path) -> None:
    for number in range(30):
        make_session(tmp_path, f"Sessie {number}")
    # `kaart lijst | head -1`: the reader is gone before kaart writes a byte.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "kaart_tui", "--data-dir", str(tmp_path), "lijst"],
            stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write_end)
    assert "Traceback" not in result.stderr
    assert "BrokenPipe" not in result.stderr
    assert result.returncode == 0, result.stderr


class _ClosedPipe(io.TextIOBase):
    """A stdout whose reader has gone: every write raises, as a closed pipe does."""

    def __init__(self, spare: Path) -> None:
        self._spare = open(spare, "wb")  # a descriptor main() may safely point elsewhere

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def fileno(self) -> int:
        return self._spare.fileno()

    def close(self) -> None:
        self._spare.close()


def test_list_in_process_with_a_broken_stdout_ends_quietly(tmp_path: Path, monkeypatch,
                                                           capsys) -> None:
    make_session(tmp_path, "Een sessie")
    stdout = _ClosedPipe(tmp_path / "spare")
    monkeypatch.setattr(sys, "stdout", stdout)
    try:
        code = main(["--data-dir", str(tmp_path), "lijst"])
    finally:
        monkeypatch.undo()
        stdout.close()
    assert code == 0
    assert "Traceback" not in capsys.readouterr().err


# -- a surrogate in a message ---------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
def test_a_surrogate_in_a_message_is_shown_without_traceback(tmp_path: Path,
                                                             encoding: str) -> None:
    make_session(tmp_path, "Bestaat")
    # A name that is not UTF-8 reaches Python as a lone surrogate (surrogateescape).
    result = subprocess.run(
        [sys.executable.encode(), b"-m", b"kaart_tui", b"--data-dir", bytes(tmp_path),
         b"export", b"caf\xe9"],
        capture_output=True, timeout=60,
        env={**os.environ, "PYTHONIOENCODING": encoding})
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 1, stderr
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kaart: Sessie 'caf"), stderr


def test_a_surrogate_in_an_output_line_is_shown_without_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable.encode(), b"-m", b"kaart_tui", b"--data-dir", bytes(tmp_path),
         b"nieuw", b"caf\xe9", b"--team", b"T\xe9am"],
        capture_output=True, timeout=60, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr
    if result.returncode == 0:
        assert b"caf" in result.stdout
    else:
        assert stderr.strip().startswith("kaart: ") and len(stderr.strip().splitlines()) == 1


# -- a huge import --------------------------------------------------------------------------
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_import_of_dev_zero_stops_at_the_size_limit(tmp_path: Path, capsys) -> None:
    code, out, err = run(tmp_path, capsys, "import", "/dev/zero")
    assert_one_dutch_line(code, err, "groter dan", "MB")
    assert not (tmp_path / "sessions").exists()


def test_import_of_a_file_over_the_limit_is_refused_by_its_size(tmp_path: Path,
                                                                capsys) -> None:
    huge = tmp_path / "groot.json"
    with huge.open("wb") as handle:  # sparse: costs no disk
        handle.truncate(MAX_BUNDLE_BYTES + 1)
    code, out, err = run(tmp_path / "data", capsys, "import", str(huge))
    assert_one_dutch_line(code, err, "groter dan", "MB")


# -- a refused import leaves no trace -------------------------------------------------------
@pytest.mark.parametrize("content", [None, b"", b"{", b'{"format": "kaart-bundle"}',
                                     b'{"format": "kaart-bundle", "version": Infinity}'])
def test_a_refused_import_in_an_empty_folder_creates_no_folders(tmp_path: Path, capsys,
                                                                content) -> None:
    bundle = tmp_path / "bundle.json"
    if content is not None:
        bundle.write_bytes(content)
    root = tmp_path / "data"
    root.mkdir()
    code, out, err = run(root, capsys, "import", str(bundle))
    assert_one_dutch_line(code, err)
    assert list(root.iterdir()) == []


def test_an_import_with_phone_entries_waiting_says_so_and_keeps_them(tmp_path: Path,
                                                                    capsys) -> None:
    import json

    data = json.loads(DEMO_BUNDLE.read_text(encoding="utf-8"))
    data["waiting"] = [{"id": "e-tel", "step": "waarden", "text": "Samen", "bijeenkomst": "b2",
                        "participant": None}]
    bundle = tmp_path / "bundle.json"
    bundle.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(tmp_path / "data", capsys, "import", str(bundle))
    assert code == 0 and "1 bijdrage(n) van telefoons wacht(en) nog in de wachtrij" in out
    slug = DataFolder(tmp_path / "data").list_sessions()[0].slug
    with DataFolder(tmp_path / "data").open(slug, read_only=True) as store:
        assert list(store.load().waiting) == ["e-tel"]


def test_import_of_a_folder_is_refused_in_dutch(tmp_path: Path, capsys) -> None:
    root = tmp_path / "data"
    root.mkdir()
    code, out, err = run(root, capsys, "import", str(tmp_path))
    assert_one_dutch_line(code, err, "map")
    assert list(root.iterdir()) == []


# -- bundel -o MAP --------------------------------------------------------------------------
def test_bundle_into_an_existing_folder_writes_a_file_inside_it(tmp_path: Path,
                                                                capsys) -> None:
    root = tmp_path / "data"
    code, _, err = run(root, capsys, "import", str(DEMO_BUNDLE))
    assert code == 0, err
    target = tmp_path / "usb"
    target.mkdir()
    code, out, err = run(root, capsys, "bundel", "uitvoeringsteam-vlinderbuurt",
                         "-o", str(target))
    assert code == 0, err
    written = target / "uitvoeringsteam-vlinderbuurt.json"
    assert written.is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("usb")] == ["usb"]
    # A second bundle into the same folder keeps the first and says so.
    before = written.read_bytes()
    code, out, err = run(root, capsys, "bundel", "uitvoeringsteam-vlinderbuurt",
                         "-o", str(target))
    assert code == 0, err
    assert written.read_bytes() == before
    assert len(list(target.iterdir())) == 2 and "bestond al" in out


# -- long team names in the analysis --------------------------------------------------------
long_name = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                    min_size=60, max_size=120).filter(lambda t: t.strip())


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(teams=st.lists(long_name, min_size=2, max_size=5))
def test_analysis_of_teams_whose_names_pass_255_characters(tmp_path_factory, teams) -> None:
    from docx import Document

    root = tmp_path_factory.mktemp("analyse")
    slugs = [make_session(root, f"Sessie {n}", team) for n, team in enumerate(teams)]
    out_dir = root / "uit"
    out_dir.mkdir()
    code = main(["--data-dir", str(root), "analyse", *slugs, "-o", f"{out_dir}/"])
    assert code == 0
    docx_files = list(out_dir.glob("*.docx"))
    assert len(docx_files) == 1
    properties = Document(str(docx_files[0])).core_properties
    assert properties.title and len(properties.subject) <= 255


def test_list_shows_a_session_file_whose_name_is_not_utf8(tmp_path: Path, capsys) -> None:
    make_session(tmp_path, "Gezond")
    # On Linux a file name is bytes; one that is not UTF-8 reaches Python with surrogates.
    strange = os.fsencode(tmp_path / "sessions") + b"/caf\xe9.json"
    with open(strange, "wb") as handle:
        handle.write(b"{")
    code, out, err = run(tmp_path, capsys, "lijst")
    assert code == 0, err
    assert "gezond" in out and "caf" in out and "ONLEESBAAR" in out

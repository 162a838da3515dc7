"""kaart poster on the command line: real subprocesses, real exit codes."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from tests.test_cli import assert_user_error, kaart

SLUG = "uitvoeringsteam-vlinderbuurt"


def demo(tmp_path: Path) -> Path:
    assert kaart(tmp_path, "import", str(Path(__file__).parent.parent / "kaart_tui" / "data"
                                         / "demo_bundle.json")).returncode == 0
    return tmp_path


def test_poster_of_the_latest_and_of_a_chosen_bijeenkomst(tmp_path: Path) -> None:
    demo(tmp_path)
    made = kaart(tmp_path, "poster", SLUG)
    assert made.returncode == 0, made.stderr
    path = tmp_path / "exports" / f"{SLUG}-poster-bijeenkomst-2-2026-11-03.pdf"
    assert f"Poster geschreven: {path}" in made.stdout
    assert len(PdfReader(path).pages) == 1
    out = tmp_path / "elders"
    out.mkdir()
    chosen = kaart(tmp_path, "poster", SLUG, "-b", "1", "-o", str(out), "--formaat", "a4",
                   "--anoniem")
    assert chosen.returncode == 0, chosen.stderr
    written = out / f"{SLUG}-poster-bijeenkomst-1-2026-10-06-a4-anoniem.pdf"
    page = PdfReader(written).pages[0]
    assert round(float(page.mediabox.width)) == 842  # A4 landscape


def test_poster_refusals_are_one_dutch_line(tmp_path: Path) -> None:
    demo(tmp_path)
    assert_user_error(kaart(tmp_path, "poster", SLUG, "-b", "9"), "Bijeenkomst 9 bestaat niet")
    assert_user_error(kaart(tmp_path, "poster", SLUG, "-o", str(tmp_path / "weg")),
                      "bestaat niet", "poster is niet gemaakt")
    assert_user_error(kaart(tmp_path, "poster", "onbekend"))

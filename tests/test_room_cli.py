"""kaart open SESSIE --zaal [--adres IP] [--poort N] on the command line."""

from __future__ import annotations

from pathlib import Path

import kaart_tui.app
from kaart_tui.cli import main
from tests.test_cli import assert_user_error, kaart

SLUG = "uitvoeringsteam-vlinderbuurt"


def demo(tmp_path: Path) -> Path:
    bundle = Path(__file__).parent.parent / "kaart_tui" / "data" / "demo_bundle.json"
    assert kaart(tmp_path, "import", str(bundle)).returncode == 0
    return tmp_path


def test_zaal_passes_address_and_port_to_the_app(tmp_path, monkeypatch) -> None:
    demo(tmp_path)
    started = []

    def run_app(folder, name, room=False, room_address=None, room_port=0):
        started.append((name, room, room_address, room_port))
        return 0

    monkeypatch.setattr(kaart_tui.app, "run_app", run_app)
    assert main(["--data-dir", str(tmp_path), "open", SLUG, "--zaal", "--adres",
                 "127.0.0.1", "--poort", "8123"]) == 0
    assert main(["--data-dir", str(tmp_path), "open", SLUG]) == 0
    assert main(["--data-dir", str(tmp_path), "open", SLUG, "--zaal"]) == 0
    assert started == [(SLUG, True, "127.0.0.1", 8123), (SLUG, False, None, 0),
                       (SLUG, True, None, 0)]


def test_address_without_zaal_and_a_port_that_does_not_exist_are_refused(tmp_path) -> None:
    demo(tmp_path)
    assert_user_error(kaart(tmp_path, "open", SLUG, "--adres", "127.0.0.1"),
                      "--adres en --poort horen bij --zaal")
    assert_user_error(kaart(tmp_path, "open", SLUG, "--zaal", "--poort", "70000"),
                      "De poort 70000 bestaat niet")
    assert_user_error(kaart(tmp_path, "open", SLUG, "--zaal", "--poort", "acht"),
                      "--poort", "ongeldige waarde")

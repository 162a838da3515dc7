"""The newcomer's path, as a person walks it: the real `kaart` in a terminal (tmux),
keys typed, the screen read back. And the README's first command, run as written.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None,
                                reason="tmux is niet geïnstalleerd (.ci/run installeert het)")


class Tmux:
    def __init__(self, command: str, cwd: Path, env: dict[str, str], size=(130, 40)) -> None:
        self.name = f"kaart-{uuid.uuid4().hex[:8]}"
        # A server of its own: sessions sharing one server (tests run in parallel) can
        # take each other's window size.
        self.tmux = ["tmux", "-L", self.name]
        self.env = env
        subprocess.run([*self.tmux, "new-session", "-d", "-s", self.name, "-x", str(size[0]),
                        "-y", str(size[1]), "-c", str(cwd), command], check=True, env=env)

    def screen(self) -> str:
        result = subprocess.run([*self.tmux, "capture-pane", "-p", "-t", self.name],
                                capture_output=True, text=True, env=self.env)
        return result.stdout

    def wait_for(self, text: str, timeout: float = 20.0, pattern: bool = False) -> str:
        """The screen once ``text`` is on it (a regular expression if ``pattern``)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if (re.search(text, screen) if pattern else text in screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} verscheen niet op het scherm:\n{self.screen()}")

    def keys(self, *keys: str, pause: float = 0.25) -> None:
        for key in keys:
            subprocess.run([*self.tmux, "send-keys", "-t", self.name, key], check=True,
                           env=self.env)
            time.sleep(pause)

    def type(self, text: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, "-l", text], check=True,
                       env=self.env)
        time.sleep(0.3)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True,
                       env=self.env)


def kaart_command() -> str:
    return f"{sys.executable} -m kaart_tui"


def test_a_whole_bijeenkomst_from_new_session_to_verslag(tmp_path: Path) -> None:
    env = {**os.environ, "KAART_DATA_DIR": str(tmp_path), "TERM": "xterm-256color",
           "PYTHONPATH": str(ROOT)}
    created = subprocess.run([sys.executable, "-m", "kaart_tui", "nieuw", "Kennismaking",
                              "--team", "Team Zon"], capture_output=True, text=True, env=env)
    assert created.returncode == 0, created.stderr
    terminal = Tmux(f"{kaart_command()} open kennismaking", tmp_path, env)
    try:
        terminal.wait_for("1 Waarden")
        terminal.wait_for("Bijeenkomst 1")  # made for today, as the app tells

        # Attendance: three people from two organisations, everyone present.
        terminal.keys("g")
        terminal.wait_for("Aanwezigheid")
        for name, organisation in (("Anna de Vries", "Travers"), ("Bas Jansen", "Travers"),
                                   ("Cor Smit", "Gemeente Zwolle")):
            terminal.keys("n")
            terminal.wait_for("Nieuwe deelnemer")
            terminal.type(name)
            terminal.keys("Enter")
            terminal.wait_for("Organisatie")
            terminal.type(organisation)
            terminal.keys("Enter")
            terminal.wait_for(name)
        terminal.keys("Home", "Up", "Up", "Up", "Up", "Up", "Up")
        terminal.keys("a")  # an organisation row: all of Travers present
        screen = terminal.wait_for("2 personen")
        terminal.keys("Down", "Down", "Down", "a")
        screen = terminal.wait_for("3 personen")
        assert "Aanwezig" in screen
        terminal.keys("Escape")
        terminal.wait_for("1 Waarden")

        # Entries in two steps.
        terminal.keys("a")
        for text in ("Veiligheid voorop", "Korte lijnen"):
            terminal.type(text)
            terminal.keys("Enter")
        terminal.keys("Escape", "Left", "a")
        terminal.type("Elkaar echt kennen")
        terminal.keys("Enter")
        # Below 120 columns only the chosen column shows its entries: look while it is
        # chosen, then go back to step 1.
        terminal.wait_for("Elkaar echt kennen")
        terminal.keys("Escape", "Right")
        screen = terminal.wait_for("Korte lijnen")
        assert "Veiligheid voorop" in screen

        # A tally on step 1: 3 votes and 2 votes.
        terminal.keys("V")
        terminal.wait_for("Telling")
        terminal.keys("1")
        terminal.wait_for("Stemmen")
        terminal.keys("3", "Down", "2", "r")
        # "Uitslag" is in the voting screen's footer too: wait for the ranking itself.
        terminal.wait_for(r"1\s+Veiligheid voorop\s+3", pattern=True)
        terminal.keys("Escape", "Escape")
        terminal.wait_for("1 Waarden")

        # An individual action for Anna.
        terminal.keys("A")
        terminal.wait_for("Nog zonder individuele actie (3)")
        terminal.keys("n", "1")
        terminal.type("Ik bel de wijkagent")
        terminal.keys("Enter")
        terminal.wait_for("Van wie?")
        terminal.type("anna")
        terminal.keys("Enter", "Enter")
        screen = terminal.wait_for("Nog zonder individuele actie (2)")
        assert "Ik bel de wijkagent" in screen
        terminal.keys("Escape")

        # The verslag.
        terminal.keys("E")
        screen = terminal.wait_for("Verslag klaar", timeout=60)
        terminal.keys("q")
        time.sleep(1.0)
    finally:
        terminal.close()

    exports = list((tmp_path / "exports").glob("kennismaking-bijeenkomst-1-*.docx"))
    assert len(exports) == 1, exports
    import docx

    document = docx.Document(str(exports[0]))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "Ik bel de wijkagent" in cells and "Anna de Vries" in cells
    assert "Veiligheid voorop (3 stemmen)" in text
    session = json.loads((tmp_path / "sessions" / "kennismaking.json").read_text("utf-8"))
    texts = {d["text"] for d in session["entries"].values()}
    assert {"Veiligheid voorop", "Korte lijnen", "Elkaar echt kennen"} <= texts


@pytest.mark.slow
def test_readme_first_command_starts_the_demo_in_a_fresh_copy(tmp_path: Path) -> None:
    """The README's first command, verbatim, in a fresh copy of the repository."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```sh\n(.*?)\n```", readme, flags=re.S | re.M)
    first = blocks[0].strip()
    assert "kaart" in first
    copy = tmp_path / "kaart"
    tracked = subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True,
                             text=True, check=True).stdout.split()
    for name in tracked:
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    env = {key: value for key, value in os.environ.items()
           if key not in ("VIRTUAL_ENV", "PYTHONPATH", "KAART_DATA_DIR")}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep)
                                  if "venv" not in p and ".venv" not in p)
    env["TERM"] = "xterm-256color"
    terminal = Tmux(f"bash -c '{first}; sleep 30'", copy, env)
    try:
        terminal.wait_for("1 Waarden", timeout=600)  # install, then the demo card
        screen = terminal.wait_for("Uitvoeringsteam Vlinderbuurt")
        assert "5 Acties" in screen
        terminal.keys("q")
    finally:
        terminal.close()

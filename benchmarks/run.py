"""Speed and memory of kaart, measured as a facilitator would feel them.

Run by hand: `python benchmarks/run.py`. Prints one JSON object. Every figure is taken
in this run, against a baseline measured in this same run on this machine, so the ratios
compare like with like. Nothing here is a test: no figure fails a build.

The app runs for real: the `kaart` entry point in a pseudo-terminal, keys written to it,
the screen read back from its output, the session file watched on disk.
"""

from __future__ import annotations

import compileall
import fcntl
import json
import os
import platform
import pty
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.large_session import generate  # noqa: E402
from kaart_tui.demo import create_demo  # noqa: E402
from kaart_tui.store import DataFolder  # noqa: E402

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Static
class Minimal(App):
    def compose(self):
        yield Static("MINIMAAL-KLAAR")
Minimal().run()
"""


# The demo card is drawn: the session's header, the step-1 column, and the first theme in
# it (its first line at this terminal size). Not just a title, so a card that shows its
# frame first and its contents later is not counted as drawn.
DEMO_CARD_DRAWN = (b"Uitvoeringsteam Vlinderbuurt", b"Waarden", b"Er is veiligheid en")


class Terminal:
    """A program in a pseudo-terminal of a given size, its output collected."""

    def __init__(self, argv: list[str], env: dict[str, str], size=(160, 50)) -> None:
        # The size is set before the program starts, as in a real terminal window: a size
        # that changes just after start would make every app lay out twice.
        master, slave = pty.openpty()
        fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.started = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            os.close(master)
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            os.close(slave)
            os.execvpe(argv[0], argv, env)
        os.close(slave)
        self.pid, self.fd = pid, master
        self.output = b""

    def read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if ready:
            try:
                self.output += os.read(self.fd, 1 << 20)
            except OSError:
                pass

    def wait_for(self, token: bytes, timeout: float = 30.0, since: int = 0) -> float:
        """Seconds until ``token`` appears in the output after offset ``since``."""
        deadline = time.perf_counter() + timeout
        while token not in self.output[since:]:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{token!r} did not appear")
            self.read(0.005)
        return time.perf_counter()

    def write(self, data: bytes) -> None:
        os.write(self.fd, data)

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def close(self) -> None:
        try:
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.fd)


def environment(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "KAART_DATA_DIR": str(data_dir), "TERM": "xterm-256color",
            "COLUMNS": "160", "LINES": "50"}


def kaart(*args: str) -> list[str]:
    return [sys.executable, "-m", "kaart_tui", *args]


def startup_seconds(argv: list[str], env: dict, tokens: tuple[bytes, ...]) -> float:
    """Seconds until every token is on the screen."""
    terminal = Terminal(argv, env)
    try:
        return max(terminal.wait_for(token) for token in tokens) - terminal.started
    finally:
        terminal.close()


def keystrokes(data_dir: Path, slug: str, count: int = 40) -> tuple[list[float], float]:
    """Milliseconds from Enter to the new entry being on disk and on screen."""
    session = data_dir / "sessions" / f"{slug}.json"
    terminal = Terminal(kaart("open", slug), environment(data_dir))
    times = []
    try:
        terminal.wait_for("Waarden".encode())
        time.sleep(1.0)  # let the first frames settle
        terminal.write(b"a")
        time.sleep(0.3)
        for index in range(count):
            token = f"meting{index:03d}x"
            terminal.write(token.encode())
            time.sleep(0.15)  # typing is not measured
            terminal.read(0.01)
            mark = len(terminal.output)
            before = session.stat().st_mtime_ns
            start = time.perf_counter()
            terminal.write(b"\r")
            # On disk: the session file was replaced and holds the token.
            while (session.stat().st_mtime_ns == before
                   or token.encode() not in session.read_bytes()):
                terminal.read(0.001)
            # On screen: the token is drawn (in the column; the field was cleared first).
            terminal.wait_for(token.encode(), since=mark)
            times.append((time.perf_counter() - start) * 1000)
        return times, terminal.peak_rss_mb()
    finally:
        terminal.close()


def export_seconds(card, work: Path) -> tuple[float, float]:
    """The verslag of ``card``, against python-docx writing a plain document with the
    same paragraphs and tables: the same texts, the same tables with the same paragraphs
    in each cell, but no styles, numbering, shading, sections or metadata."""
    import io

    from docx import Document

    from kaart_tui.export.verslag import Verslag, write_verslag
    from kaart_tui.template_files import load_template

    bijeenkomst_id = card.latest_bijeenkomst().id
    template = load_template(card.session.template)

    def verslag() -> object:
        document = Verslag(card, template, bijeenkomst_id).build()
        write_verslag(document, work / "verslag.docx")
        return document

    document = verslag()  # once to learn its paragraphs and tables (and warm up)
    texts = [p.text for p in document.paragraphs]
    tables = [[[[p.text for p in cell.paragraphs] for cell in row.cells] for row in t.rows]
              for t in document.tables]

    def plain() -> None:
        baseline = Document()
        for text in texts:
            baseline.add_paragraph(text)
        for rows in tables:
            table = baseline.add_table(rows=len(rows), cols=len(rows[0]))
            for row, cells in zip(table.rows, rows):
                for cell, paragraphs in zip(row.cells, cells):
                    cell.paragraphs[0].add_run(paragraphs[0])
                    for text in paragraphs[1:]:
                        cell.add_paragraph(text)
        baseline.save(io.BytesIO())

    def seconds(job) -> float:
        start = time.perf_counter()
        job()
        return time.perf_counter() - start

    # Alternated and repeated: one slow moment of the machine would otherwise decide.
    ours, baseline = [], []
    for _ in range(5):
        ours.append(seconds(verslag))
        baseline.append(seconds(plain))
    return statistics.median(ours), statistics.median(baseline)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="kaart-bench-"))
    figures: dict[str, object] = {"date": date.today().isoformat(),
                                  "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                                             f"Python {platform.python_version()}"}

    # Start-up: the demo card against a minimal Textual app, both in a real pty.
    demo_dir = work / "demo"
    with create_demo(DataFolder(demo_dir).ensure()) as store:
        demo_slug = store.path.stem
    minimal = work / "minimal.py"
    minimal.write_text(MINIMAL_APP)
    # An installed app starts from compiled modules (pip compiles them); an editable
    # install under PYTHONDONTWRITEBYTECODE would compile kaart_tui anew at every start.
    compileall.compile_dir(str(HERE.parent / "kaart_tui"), quiet=1)
    # Alternated, so that a slow moment of the machine hits all of them alike. The two
    # floors (startup_floor.py) are what Textual needs to draw the same card without
    # kaart's screen: in plain text, and in the OptionLists kaart's columns are built on.
    floor = str(HERE / "startup_floor.py")
    programs = {
        "baseline": ([sys.executable, str(minimal)], (b"MINIMAAL-KLAAR",)),
        "floor_text": ([sys.executable, floor, "text", demo_slug], DEMO_CARD_DRAWN),
        "floor_lists": ([sys.executable, floor, "lists", demo_slug], DEMO_CARD_DRAWN),
        "demo": (kaart("open", demo_slug), DEMO_CARD_DRAWN),
    }
    runs: dict[str, list[float]] = {name: [] for name in programs}
    for _ in range(9):
        for name, (argv, tokens) in programs.items():
            runs[name].append(startup_seconds(argv, environment(demo_dir), tokens))
    seconds = {name: statistics.median(values) for name, values in runs.items()}
    baseline = seconds["baseline"]
    figures.update(startup_s=round(seconds["demo"], 3), startup_baseline_s=round(baseline, 3),
                   startup_ratio=round(seconds["demo"] / baseline, 2),
                   startup_floor_text_ratio=round(seconds["floor_text"] / baseline, 2),
                   startup_floor_lists_ratio=round(seconds["floor_lists"] / baseline, 2))

    # Keystrokes: a 2,000-entry session against a 20-entry one.
    results = {}
    large_card = generate(2000, 60, 10)
    for name, entries in (("small", 20), ("large", 2000)):
        folder = DataFolder(work / name).ensure()
        store = folder.create(large_card if entries == 2000 else generate(entries, 60, 10))
        slug = store.path.stem
        store.close()
        results[name] = keystrokes(folder.root, slug)
    large, rss = results["large"]
    small, _ = results["small"]
    figures.update(
        keystroke_ms_p50=round(statistics.median(large), 1),
        keystroke_ms_p95=round(percentile(large, 0.95), 1),
        keystroke_small_ms_p50=round(statistics.median(small), 1),
        keystroke_growth=round(statistics.median(large) / statistics.median(small), 2),
        peak_rss_mb=round(rss, 1),
    )
    ours, baseline = export_seconds(large_card, work)
    figures.update(export_s=round(ours, 2), export_baseline_s=round(baseline, 2),
                   export_ratio=round(ours / baseline, 2))
    from kaart_tui.demo import demo_card

    demo_ours, demo_baseline = export_seconds(demo_card(), work)
    figures.update(export_demo_s=round(demo_ours, 2),
                   export_demo_ratio=round(demo_ours / demo_baseline, 2))

    # The A3 poster (issue 22): the demo card and the 2,000-entry session, against fpdf2
    # writing the same texts as plain lines (benchmarks/poster.py).
    from benchmarks.poster import measure as poster_seconds

    for name, card in (("demo", demo_card()), ("large", large_card)):
        folder = work / f"poster-{name}"
        folder.mkdir()
        ours, baseline = poster_seconds(card, folder)
        figures[f"poster_{name}_s"] = round(ours, 3)
        figures[f"poster_{name}_ratio"] = round(ours / baseline, 2)
    figures["poster_s"] = figures["poster_demo_s"]
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()

"""Speed and memory of kaart, measured as a facilitator would feel them.

Run by hand: `python benchmarks/run.py`. Prints one JSON object. Every figure is taken
in this run, against a baseline measured in this same run on this machine, so the ratios
compare like with like. Nothing here is a test: no figure fails a build.

The app runs for real: the `kaart` entry point in a pseudo-terminal, keys written to it,
the screen read back from its output, the session file watched on disk.
"""

from __future__ import annotations

import compileall
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.large_session import generate  # noqa: E402
from benchmarks.settle import first_frame, settled_startup  # noqa: E402
from benchmarks.terminal import Terminal, environment, kaart  # noqa: E402
from benchmarks.typing_keys import Typist, Voter, interleaved  # noqa: E402
from kaart_tui.demo import create_demo  # noqa: E402
from kaart_tui.domain import voting  # noqa: E402
from kaart_tui.domain.model import SessionInfo, VotingMode, VotingRound  # noqa: E402
from kaart_tui.domain.steps import Step  # noqa: E402
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
# The same for the generated sessions (large_session.py): their team, step 1, and the first
# line of step 1's first theme.
LARGE_CARD_DRAWN = (b"Benchmarkteam", b"Waarden", b"Ruimte zichtbaar ruimte")
KEY_SAMPLES = 100  # per session: a p95 of fewer samples is decided by one or two keys
SWITCHES = 10


def startup_seconds(argv: list[str], env: dict, tokens: tuple[bytes, ...]) -> float:
    """Seconds until every token is on the screen."""
    terminal = Terminal(argv, env)
    try:
        return max(terminal.wait_for(token) for token in tokens) - terminal.started
    finally:
        terminal.close()


def session_folder(data_dir: Path, card) -> str:
    """A data folder holding ``card`` as a session; its slug."""
    store = DataFolder(data_dir).ensure().create(card)
    try:
        return store.path.stem
    finally:
        store.close()


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

    # Start-up to the settled screen, and items wrapped again after the first frame: the
    # demo and the 2,000-entry session, alternated with the minimal app's first frame.
    large_card = generate(2000, 60, 10)
    large_dir = work / "startup-large"
    large_slug = session_folder(large_dir, large_card)
    settle_runs: dict[str, list] = {"baseline": [], "demo": [], "large": []}
    counts = work / "rewraps"
    for _ in range(5):
        settle_runs["baseline"].append(first_frame(
            [sys.executable, str(minimal)], environment(demo_dir), b"MINIMAAL-KLAAR"))
        settle_runs["demo"].append(settled_startup(
            kaart("open", demo_slug), environment(demo_dir), DEMO_CARD_DRAWN, counts))
        settle_runs["large"].append(settled_startup(
            kaart("open", large_slug), environment(large_dir), LARGE_CARD_DRAWN, counts))
    settle_baseline = statistics.median(settle_runs["baseline"])
    for name in ("demo", "large"):
        drawn, settled, rewraps = zip(*settle_runs[name])
        figures[f"startup_{name}_drawn_s"] = round(statistics.median(drawn), 3)
        figures[f"startup_{name}_settled_s"] = round(statistics.median(settled), 3)
        figures[f"startup_{name}_settled_ratio"] = round(
            statistics.median(settled) / settle_baseline, 2)
        figures[f"rewraps_{name}"] = max(rewraps)
    figures["startup_settled_baseline_s"] = round(settle_baseline, 3)
    figures["rewraps_after_first_frame"] = max(figures["rewraps_demo"],
                                               figures["rewraps_large"])

    # Keystrokes: sessions of 2,000 and 10,000 entries against one of 20, their samples
    # taken in turn (typing_keys.py).
    sizes = {"small": 20, "large": 2000, "huge": 10000}
    typists = {}
    try:
        for name, entries in sizes.items():
            card = large_card if entries == 2000 else generate(entries, 60, 10)
            folder = work / f"typing-{name}"
            typists[name] = Typist(folder, session_folder(folder, card))
        samples = interleaved(typists, KEY_SAMPLES)
        rss = {name: typist.terminal.peak_rss_mb() for name, typist in typists.items()}
    finally:
        for typist in typists.values():
            typist.close()
    wall = {name: [s.wall_ms for s in values] for name, values in samples.items()}
    cpu = {name: [s.cpu_ms for s in values] for name, values in samples.items()}
    figures.update(
        keystroke_ms_p50=round(statistics.median(wall["large"]), 1),
        keystroke_ms_p95=round(percentile(wall["large"], 0.95), 1),
        keystroke_small_ms_p50=round(statistics.median(wall["small"]), 1),
        keystroke_growth=round(statistics.median(wall["large"]) /
                               statistics.median(wall["small"]), 2),
        keystroke_ms_p50_10k=round(statistics.median(wall["huge"]), 1),
        keystroke_ms_p95_10k=round(percentile(wall["huge"], 0.95), 1),
        keystroke_growth_10k=round(statistics.median(wall["huge"]) /
                                   statistics.median(wall["small"]), 2),
        keystroke_cpu_ms_p50=round(statistics.median(cpu["large"]), 1),
        keystroke_cpu_ms_p50_10k=round(statistics.median(cpu["huge"]), 1),
        keystroke_small_cpu_ms_p50=round(statistics.median(cpu["small"]), 1),
        keystroke_samples=KEY_SAMPLES,
        peak_rss_mb=round(rss["large"], 1),
        peak_rss_mb_10k=round(rss["huge"], 1),
    )

    # A dot in a dot round on step 1 of the 2,000-entry session, until the dots left are
    # on disk and on screen.
    vote_card = large_card.copy()
    bijeenkomst = vote_card.latest_bijeenkomst().id
    vote_card.put(VotingRound(Step.WAARDEN, bijeenkomst, VotingMode.STIPPEN,
                              budget=voting.MAX_BUDGET))
    folder = work / "voting"
    voter = Voter(folder, session_folder(folder, vote_card), vote_card.copy(), Step.WAARDEN)
    try:
        dots = [voter.sample() for _ in range(KEY_SAMPLES)]
    finally:
        voter.close()
    figures.update(
        vote_ms_p50=round(statistics.median(s.wall_ms for s in dots), 1),
        vote_ms_p95=round(percentile([s.wall_ms for s in dots], 0.95), 1),
        vote_cpu_ms_p50=round(statistics.median(s.cpu_ms for s in dots), 1),
    )

    # Memory after ten sessions of 2,000 entries opened one after another in one app,
    # against after the first (switches.py, in a process of its own).
    folder = work / "switches"
    slugs = []
    for number in range(SWITCHES):
        card = large_card.copy()
        card.session = SessionInfo.create(f"Team {number}", f"Team {number}")
        slugs.append(session_folder(folder, card))
    measured = subprocess.run([sys.executable, str(HERE / "switches.py"), str(folder),
                               *slugs], capture_output=True, text=True, check=True,
                              env={**os.environ, "KAART_DATA_DIR": str(folder)})
    result = json.loads(measured.stdout.strip().splitlines()[-1])
    after, objects = result["after_mb"], result["objects"]
    figures.update(rss_after_first_session_mb=round(after[0], 1),
                   rss_after_ten_sessions_mb=round(after[-1], 1),
                   rss_growth_after_switches=round(after[-1] / after[0], 3),
                   objects_growth_after_switches=round(objects[-1] / objects[0], 4))

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

"""Time the poster (issue 22): the demo card and the 2,000-entry session.

Each against a baseline measured in the same run: fpdf2 with the same font writing the
same texts as plain lines at fixed places, with no selection, wrapping or fitting. The
two are alternated and repeated, and the median counts, so one slow moment of the
machine does not decide. Run: ``python benchmarks/poster.py``. Target: demo under 1 s.
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.large_session import generate  # noqa: E402
from kaart_tui.demo import demo_card  # noqa: E402
from kaart_tui.export.poster import FAMILY, FONT_FILES, export_poster  # noqa: E402
from kaart_tui.template_files import load_template  # noqa: E402


def texts_of(card) -> list[str]:
    return [*(t.title for t in card.themes.values()), *(e.text for e in card.entries.values()),
            *(a.text for a in card.actions.values())]


def plain(texts: list[str]) -> None:
    from fpdf import FPDF

    pdf = FPDF(orientation="L", unit="mm", format="A3")
    for style, name in FONT_FILES.items():
        with resources.as_file(resources.files("kaart_tui") / "fonts" / name) as path:
            pdf.add_font(FAMILY, style, str(path))
    pdf.add_page()
    pdf.set_font(FAMILY, "", 7)
    for index, text in enumerate(texts):
        pdf.text(10 + (index // 90) * 60, 10 + (index % 90) * 3,
                 text.encode("latin-1", "ignore").decode("latin-1")[:80])
    pdf.output(io.BytesIO())


def measure(card, work: Path, rounds: int = 5) -> tuple[float, float]:
    latest = card.latest_bijeenkomst().id
    texts = texts_of(card)
    export_poster(card, latest, work, "warm-up")  # fonts and imports loaded once

    def seconds(job) -> float:
        start = time.perf_counter()
        job()
        return time.perf_counter() - start

    ours, baseline = [], []
    for _ in range(rounds):
        ours.append(seconds(lambda: export_poster(card, latest, work, "poster")))
        baseline.append(seconds(lambda: plain(texts)))
    return statistics.median(ours), statistics.median(baseline)


def main() -> None:
    load_template("partnerschapskaart")
    work = Path(tempfile.mkdtemp(prefix="kaart-poster-bench-"))
    for label, card in (("demo", demo_card()), ("2.000 bijdragen", generate(2000, 60, 10))):
        ours, baseline = measure(card, work)
        print(f"poster_s {label}: {ours:.3f} s, {ours / baseline:.2f} x de basislijn "
              f"({baseline:.3f} s: dezelfde teksten als losse regels)")


if __name__ == "__main__":
    main()

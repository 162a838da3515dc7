"""The verslag, made in a worker thread while the facilitator types on, with a progress bar.

The bar is mounted by the first export only: most starts of the app make no verslag.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from rich.text import Text
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from kaart_tui.domain.model import Card
from kaart_tui.errors import KaartError

# (card copy, progress callback) -> the path written
ExportJob = Callable[[Card, Callable[[float, str], None]], Path]


class ExportProgress(Horizontal):
    def __init__(self, what: str = "Verslag") -> None:
        super().__init__(id="export-progress")
        self.what = what

    def compose(self):
        yield Static(f"{self.what} maken…", id="export-label")
        yield ProgressBar(total=1.0, show_eta=False, id="export-bar")

    def start(self, card: Card, job: ExportJob) -> None:
        """Run ``job`` on ``card`` (the caller's own copy) in a thread, one at a time."""
        self.display = True
        self.query_one(ProgressBar).update(progress=0)
        self.run_worker(lambda: self._run(card, job), thread=True, exclusive=True,
                        group="export", exit_on_error=False)

    def _run(self, card: Card, job: ExportJob) -> None:
        def progress(fraction: float, label: str) -> None:
            self.app.call_from_thread(self._progress, fraction, label)

        try:
            path = job(card, progress)
        except KaartError as error:
            self.app.call_from_thread(self._done, None, error.message)
        else:
            self.app.call_from_thread(self._done, path, None)

    def _progress(self, fraction: float, label: str) -> None:
        self.query_one("#export-label", Static).update(Text(f"{self.what}: {label}"))
        self.query_one(ProgressBar).update(progress=fraction)

    def _done(self, path: Path | None, error: str | None) -> None:
        self.display = False
        if error is not None:
            self.notify(error, severity="error", markup=False, timeout=30)
        else:
            self.notify(f"{self.what} klaar: {path}", markup=False, timeout=15)

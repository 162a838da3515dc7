"""The card on the wall, from the app: the poster (A3 PDF) of the current bijeenkomst,
written in a worker thread while the facilitator goes on typing.

A mixin of CardScreen (see card.py); the command palette offers it (app.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kaart_tui.errors import KaartError

if TYPE_CHECKING:
    from kaart_tui.screens.card import CardScreen


class CardPosterKeys:
    def action_poster(self: "CardScreen", anonymous: bool = False) -> None:
        """Write the poster of the current bijeenkomst into exports/ (never overwriting).

        The worker gets its own copy of the card: typing on changes nothing in it."""
        current = self.workshop.current
        if current is None:
            self.notify("Er is nog geen bijeenkomst om af te drukken.", severity="warning")
            return
        folder, slug, card = self.app.folder, self.workshop.name, self.workshop.card.copy()
        app = self.app

        def job() -> None:
            # Imported here: fpdf2 costs ~0.2 s, which every start of the app would pay.
            from kaart_tui.export.poster import export_poster

            try:
                folder.ensure()  # a session opened by name may have no exports/ yet
                path: Path = export_poster(card, current.id, folder.exports_dir, slug,
                                           templates_dir=folder.templates_dir, paper="A3",
                                           anonymous=anonymous)
            except KaartError as error:
                app.call_from_thread(app.notify, error.message, severity="error",
                                     markup=False, timeout=30)
            except Exception as error:  # a worker's error is otherwise never seen
                app.call_from_thread(app.notify, f"De poster is niet gemaakt: {error!r}. De "
                                     "sessie is niet veranderd.", severity="error",
                                     markup=False, timeout=30)
            else:
                app.call_from_thread(app.notify, f"Poster geschreven: {path}", markup=False,
                                     timeout=15)

        self.notify("Poster maken (A3)" + (", anoniem" if anonymous else "") + "…",
                    markup=False, timeout=3)
        self.run_worker(job, thread=True, group="poster", exit_on_error=False)

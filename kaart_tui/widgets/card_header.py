"""The line above the card: session, bijeenkomst, attendance, score, reading order."""

from __future__ import annotations

from rich.text import Text

from kaart_tui.domain.attendance import expected_count, presence
from kaart_tui.domain.people import quorum_reached, score_summary
from kaart_tui.dutch import decimal, short_date
from kaart_tui.widgets.steady_text import SteadyText
from kaart_tui.workshop import Workshop


def header_text(workshop: Workshop, selected: int, paper_order: bool) -> Text:
    card = workshop.card
    session = card.session
    header = Text()
    header.append(session.title, style="bold")
    if session.team and session.team != session.title:
        header.append(f" · {session.team}")
    current = workshop.current
    if current is not None:
        header.append("   ")
        header.append(f" {current.label} ", style="reverse bold")
        if current.evaluation:
            header.append(" Evaluatiekaart ", style="bold yellow reverse")
        header.append(f" {short_date(current.date)}")
        if current.location:
            header.append(f" · {current.location}")
        counted = presence(card, current.id)
        expected = expected_count(card, current.id)
        if counted.present or counted.absent:
            header.append(f"  {counted.present}/{expected} aanwezig")
            if quorum_reached(card, current.id) is False:
                header.append(" (onder quorum)", style="bold red")
        average, change = score_summary(card, current.id)
        if average is not None:
            header.append(f"  score {decimal(average)}")
            if change is not None:
                header.append(f" ({'+' if change >= 0 else ''}{decimal(change)})")
        later = [b for b in card.bijeenkomsten_in_order() if b.number > current.number]
        if later:
            header.append(f"  (er zijn {len(later)} latere)", style="italic")
    if selected:
        header.append(f"   {selected} geselecteerd", style="bold green")
    header.append("   leesrichting: " + ("papier 5→1" if paper_order else "1→5"), style="dim")
    return header


class CardHeader(SteadyText):
    def show(self, workshop: Workshop, selected: int, paper_order: bool) -> None:
        self.put(header_text(workshop, selected, paper_order))

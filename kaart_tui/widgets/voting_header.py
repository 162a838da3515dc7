"""The two lines above and below the voting table: what round this is and who is here,
and what to do now. Built from the round's ballots, drawn by screens/voting.py."""

from __future__ import annotations

from rich.text import Text

from kaart_tui.domain import voting
from kaart_tui.domain.attendance import expected_count, presence
from kaart_tui.domain.model import VotingMode
from kaart_tui.domain.people import quorum_reached
from kaart_tui.domain.steps import Step
from kaart_tui.workshop import Workshop


def round_header(workshop: Workshop, step: Step, bijeenkomst_id: str,
                 index: voting.Ballots) -> Text:
    card = workshop.card
    voting_round = index.round
    dots = voting_round.mode is not VotingMode.TELLING
    text_step = workshop.current_template.step(step)
    bijeenkomst = card.bijeenkomsten[bijeenkomst_id]
    header = Text(f"Stemmen · {text_step.heading} · {bijeenkomst.label}", style="bold")
    detail = f"   {voting.MODE_LABELS[voting_round.mode]}"
    if dots:
        detail += f", {voting_round.budget} stippen"
        if voting_round.max_per_candidate:
            detail += f", max {voting_round.max_per_candidate} per thema"
    detail += f", top {voting_round.top_n}"
    header.append(detail)
    counted = presence(card, bijeenkomst_id)
    header.append(f"\n{counted.present} van {expected_count(card, bijeenkomst_id)} "
                  "aanwezig")
    if dots:
        voted, present = voting.who_voted(card, voting_round, index)
        header.append(f" · {voted} van {present} gestemd")
    if quorum_reached(card, bijeenkomst_id) is False:
        header.append("  · onder het quorum: de uitslag telt met minder stemmen",
                      style="bold red")
    return header


def round_status(card, index: voting.Ballots, voter: str | None) -> Text:
    dots = index.round.mode is not VotingMode.TELLING
    secret = index.round.mode is VotingMode.GEHEIM and not index.round.revealed
    status = Text()
    if not dots:
        status.append("Typ het aantal stemmen (cijfers), + en - tellen bij of af, "
                      "↑↓ naar het volgende thema.")
    elif voter is None:
        if secret and voting.next_voter(card, index.round, None, index) is None:
            status.append("Iedereen heeft gestemd: R toont de uitslag.", style="bold")
        elif secret:
            status.append("Geef de laptop door. Volgende deelnemer: p en kies je naam.",
                          style="bold")
        elif voting.next_voter(card, index.round, None, index) is None:
            status.append("Iedereen heeft zijn stippen gezet: r toont de uitslag.",
                          style="bold")
        else:
            status.append("Kies wie stemt: p (of n voor de volgende).")
    else:
        person = card.participants[voter]
        left = index.left(voter)
        status.append(f"{person.name} stemt: ", style="bold")
        status.append(f"nog {left} stip{'' if left == 1 else 'pen'}. ")
        status.append("Spatie: stip, -: weghalen" + (", Enter: klaar en doorgeven."
                                                     if secret else ", n: volgende."))
    return status

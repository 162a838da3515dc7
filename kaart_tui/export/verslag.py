"""The Word verslag of a bijeenkomst, in the shape of the reports (seed 000).

A title page; a summary in sentences; what changed since the previous bijeenkomst; per
step the question, the facilitator's note, the top and the themes with their entries of
*this* bijeenkomst; its actions; the agreements. Bijlage 1 holds the attendance, Bijlage 2
the whole card so far, landscape. Built from the same domain objects the screens show,
in Word's own styles (see docx_writer), A4, Dutch, page numbers. With ``anonymous`` no
participant's name appears anywhere: not as an owner or author, not in any free text,
not in the file's properties.

The parts are split over three modules: this one (title, summary, steps, agreements),
verslag_actions (actions, progress, evaluation) and verslag_appendix (the Bijlagen).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from docx.document import Document as DocumentType

from kaart_tui.domain.actions import owner_label
from kaart_tui.domain.attendance import personen, presence
from kaart_tui.domain.model import Action, ActionScope, Card, Entry, Participant, Theme
from kaart_tui.domain.privacy import Anonymiser
from kaart_tui.domain.ranking import (
    Ranked,
    candidate_title,
    step_top,
    top_size,
    voting_bijeenkomst,
)
from kaart_tui.domain.steps import FILL_ORDER, Step
from kaart_tui.domain.templates import CardTemplate
from kaart_tui.dutch import decimal, long_date
from kaart_tui.errors import KaartError
from kaart_tui.export.docx_tools import set_up_document
from kaart_tui.export.docx_writer import DocWriter
from kaart_tui.export.verslag_actions import ActionParts
from kaart_tui.export.verslag_appendix import Appendices
from kaart_tui.safe_files import describe_os_error, write_new

Progress = Callable[[float, str], None]
REMOVED = "(naam verwijderd)"


class ExportError(KaartError):
    """The verslag could not be written (folder, disk); the session is never changed."""


@dataclass(frozen=True)
class Names:
    """How people are named: in full, or (anonymous) as organisation and initial."""

    card: Card
    anonymous: bool

    def of(self, participant_id: str | None) -> str | None:
        person = self.card.participants.get(participant_id) if participant_id else None
        if person is None or person.removed:
            return None
        return self.person(person)

    def person(self, person: Participant) -> str:
        if not self.anonymous:
            return person.name
        initial = person.name.strip()[:1].upper()
        return f"{person.organisation} ({initial}.)" if initial else person.organisation

    def owner(self, action: Action) -> str:
        """A participant by name (or label), a forgotten one as such; a free-text owner
        ("de gemeente") as typed, the team or "Extern" when nobody was named."""
        if action.owner is not None and action.owner in self.card.participants:
            return self.of(action.owner) or REMOVED
        return owner_label(self.card, action)


@dataclass(frozen=True)
class PrivacyReport:
    """What ``--anoniem`` did: names replaced in free text, and texts still to check."""

    replacements: int
    suspects: tuple[str, ...]


class Verslag(ActionParts, Appendices, DocWriter):
    def __init__(self, card: Card, template: CardTemplate, bijeenkomst_id: str,
                 anonymous: bool = False, evaluation_template: CardTemplate | None = None,
                 progress: Progress | None = None) -> None:
        if bijeenkomst_id not in card.bijeenkomsten:
            raise ExportError("Deze bijeenkomst bestaat niet in de sessie.")
        super().__init__()
        self.card = card
        self.bijeenkomst = card.bijeenkomsten[bijeenkomst_id]
        self.evaluation = card.is_evaluation(bijeenkomst_id)
        self.template = (evaluation_template or template) if self.evaluation else template
        self.card_template = template
        self.names = Names(card, anonymous)
        self.anonymiser = Anonymiser(card, self.names.person) if anonymous else None
        self.progress = progress or (lambda fraction, label: None)
        self.meetings = card.bijeenkomsten_up_to(bijeenkomst_id)
        self.shown = {b.id for b in self.meetings}
        earlier = [b for b in self.meetings if b.id != bijeenkomst_id and not b.evaluation]
        self.previous = earlier[-1] if earlier else None

    def say(self, text: str | None) -> str:
        """Free text as it may appear: with ``anonymous``, without participants' names."""
        if not text:
            return ""
        return self.anonymiser.text(text) if self.anonymiser is not None else text

    @property
    def privacy(self) -> PrivacyReport | None:
        if self.anonymiser is None:
            return None
        return PrivacyReport(self.anonymiser.replacements, tuple(self.anonymiser.suspects()))

    # -- building ------------------------------------------------------------------------
    def build(self) -> DocumentType:
        parts = [
            ("Titel", self._title),
            ("Samenvatting", self._summary),
            ("Voortgang", self._since_previous),
            *((f"Stap {step.number}", lambda s=step: self._step(s)) for step in FILL_ORDER),
            ("Acties", self._actions),
            ("Terugblik", self._evaluation),
            ("Afspraken", self._agreements),
            ("Aanwezigheid", self._attendance),
            ("De hele kaart", self._whole_card),
        ]
        set_up_document(self.document, self.say(self.card.session.title),
                        f"Verslag {self.bijeenkomst.label.lower()}", "Partnerschapskaart")
        for index, (label, part) in enumerate(parts):
            self.progress(index / len(parts), label)
            part()
        self.progress(1.0, "Klaar")
        return self.document

    def _kind(self) -> str:
        return "evaluatiebijeenkomst" if self.evaluation else "bijeenkomst"

    # -- the title page ------------------------------------------------------------------
    def _title(self) -> None:
        session = self.card.session
        self.heading(self.say(session.title), 0)
        self.paragraph(f"Verslag van {self._kind()} {self.bijeenkomst.number}",
                       style="Subtitle")
        when = long_date(self.bijeenkomst.date)
        if self.bijeenkomst.location:
            when += f", {self.say(self.bijeenkomst.location)}"
        lines = [("Team", self.say(session.team)), ("Wijk", self.say(session.wijk)),
                 (self._kind().capitalize(), when),
                 ("Procesbegeleiding", ", ".join(session.facilitators)),
                 ("Opdrachtgever", self.say(session.opdrachtgever))]
        for label, value in lines:
            if value:
                self.paragraph(value, strong=f"{label}: ")

    # -- the summary, in sentences ---------------------------------------------------------
    def _summary(self) -> None:
        self.heading("Samenvatting", 1, new_page=True)
        counted = presence(self.card, self.bijeenkomst.id)
        absent = f" ({counted.absent} afwezig)" if counted.absent else ""
        sentences = [f"Op {long_date(self.bijeenkomst.date)} waren "
                     f"{personen(counted.present)} aanwezig{absent}."]
        if self.bijeenkomst.location:
            sentences.append(f"De {self._kind()} was in {self.say(self.bijeenkomst.location)}.")
        tops = []
        for step in FILL_ORDER:
            top = self._top(step)
            if top and self._voted_here(step):
                tops.append(f"bij {self.template.step(step).name.lower()} "
                            f"“{self.say(candidate_title(top[0].item))}”")
        if tops:
            sentences.append("Wat de groep het belangrijkst vond: " + _and(tops) + ".")
        mine = [a for a in self.card.actions.values() if a.bijeenkomst == self.bijeenkomst.id]
        if mine:
            counts = [(sum(a.scope is scope for a in mine), one, many) for scope, one, many in (
                (ActionScope.INDIVIDUEEL, "individuele", "individuele"),
                (ActionScope.COLLECTIEF, "collectieve", "collectieve"),
                (ActionScope.EXTERN, "verzoek aan anderen", "verzoeken aan anderen"))]
            parts = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
            noun = "actie" if len(mine) == 1 else "acties"
            sentences.append(f"Er {'is' if len(mine) == 1 else 'zijn'} {len(mine)} {noun} "
                             f"afgesproken: {_and(parts)}.")
        average = self.card.average_score(self.bijeenkomst.id)
        if average is not None:
            sentences.append(f"De samenwerking kreeg in de scoreronde gemiddeld een "
                             f"{decimal(average)}.")
        self.paragraph(" ".join(sentences))

    # -- the steps -------------------------------------------------------------------------
    def _top(self, step: Step) -> list[Ranked]:
        """The top as it stands at this bijeenkomst. An evaluation reports what it voted
        itself ("nu"); what the card held before is "toen", never passed off as "nu"."""
        return step_top(self.card, step, self.bijeenkomst.id, self.template.step(step).top_n,
                        own_round_only=self.evaluation)

    def _voted_here(self, step: Step) -> bool:
        return self.evaluation or \
            voting_bijeenkomst(self.card, step, self.bijeenkomst.id) == self.bijeenkomst.id

    def _entry_line(self, entry: Entry) -> str:
        line = self.say(entry.text)
        name = self.names.of(entry.participant)
        return f"{line} ({name})" if name else line

    def _themes_and_entries(self, step: Step, meetings: set[str]
                            ) -> tuple[list[Theme], dict[str, list[Entry]], list[Entry]]:
        """The themes and entries of a step recorded in ``meetings``: a theme of an earlier
        bijeenkomst counts when one of its entries was added in them."""
        visible = [e for e in self.card.entries_of(step) if e.bijeenkomst in meetings]
        themed: dict[str, list[Entry]] = {}
        loose = []
        for entry in visible:
            if entry.theme is not None and entry.theme in self.card.themes:
                themed.setdefault(entry.theme, []).append(entry)
            else:
                loose.append(entry)
        themes = [t for t in self.card.themes_of(step)
                  if t.id in themed or t.bijeenkomst in meetings]
        return themes, themed, loose

    def _step(self, step: Step) -> None:
        text = self.template.step(step)
        self.heading(text.heading, 1)
        self.paragraph(text.question, style="Quote")
        note = self.card.notes.get((step.value, self.bijeenkomst.id))
        for line in self.say(note.text if note else "").split("\n"):
            if line.strip():
                self.paragraph(line.strip())
        themes, themed, loose = self._themes_and_entries(step, {self.bijeenkomst.id})
        top = self._top(step)
        if not themes and not loose and not top:
            self.paragraph("Geen bijdragen.")
            return
        if top:
            size = top_size(self.card, step, self.bijeenkomst.id, text.top_n,
                            own_round_only=self.evaluation)
            self.heading(f"Top {size}", 2)
            if not self._voted_here(step):
                voted = self.card.bijeenkomsten[
                    voting_bijeenkomst(self.card, step, self.bijeenkomst.id)]
                self.paragraph(f"Niet opnieuw gestemd: de top van bijeenkomst {voted.number}.")
            groups = self._by_place(top)
            self.numbered([self._place_line(group) for group in groups],
                          [group[0].place for group in groups])
            if self._voted_here(step):
                self._vote_bars(step)
        if not themes and not loose:
            return
        self.heading("Thema's en bijdragen", 2)
        for theme in themes:
            self.heading(self.say(theme.title), 3)
            self.bullets([self._entry_line(e) for e in themed.get(theme.id, [])])
        if loose:
            if themes:
                self.heading("Overige bijdragen", 3)
            self.bullets([self._entry_line(e) for e in loose])

    @staticmethod
    def _by_place(top: list[Ranked]) -> list[list[Ranked]]:
        groups: list[list[Ranked]] = []
        for ranked in top:
            if groups and ranked.shared and groups[-1][0].place == ranked.place:
                groups[-1].append(ranked)
            else:
                groups.append([ranked])
        return groups

    def _place_line(self, group: list[Ranked]) -> str:
        """One place of the top, as the reports write it: "B en C (gedeeld, 8 stemmen)"."""
        titles = [self.say(candidate_title(r.item)) for r in group]
        named = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " en " + titles[-1]
        count = group[0].count
        votes = f"{count} stem" if count == 1 else f"{count} stemmen"
        if len(group) > 1:
            return f"{named} (gedeeld, {votes})"
        note = ", volgorde vastgezet door de groep" if group[0].fixed else ""
        return f"{named} ({votes}{note})"

    # -- agreements ------------------------------------------------------------------------
    def _agreements(self) -> None:
        self.heading("Afspraken", 1)
        self.paragraph(self._next_meeting())
        pending = self._pending()
        agreed = [a for a in self.card.actions.values() if a.bijeenkomst in self.shown]
        if pending:
            self.heading("Openstaande acties", 2)
            self.bullets([f"{self.say(self.names.owner(a))}: {self.say(a.text)}"
                          + (f" (voor {a.due.strftime('%d-%m-%Y')})" if a.due else "")
                          for a in pending])
        elif agreed:
            self.paragraph("Alle acties zijn afgerond.")
        else:
            self.paragraph("Er zijn nog geen acties afgesproken.")

    def _next_meeting(self) -> str:
        """What was agreed for the next bijeenkomst; else the next one on the card."""
        day, place = self.bijeenkomst.next_date, self.say(self.bijeenkomst.next_location)
        if day is None:
            later = [b for b in self.card.bijeenkomsten_in_order()
                     if b.number > self.bijeenkomst.number]
            if later:
                day, place = later[0].date, place or self.say(later[0].location)
        if day is None and not place:
            return "De datum van de volgende bijeenkomst is nog niet vastgelegd."
        if day is None:
            return f"De volgende bijeenkomst is in {place}; de datum volgt nog."
        where = f" in {place}" if place else ""
        return f"De volgende bijeenkomst is op {long_date(day)}{where}."


def _and(parts: list[str]) -> str:
    """"a, b en c"."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]


# -- writing ------------------------------------------------------------------------------
def default_name(slug: str, number: int, day: date) -> str:
    return f"{slug}-bijeenkomst-{number}-{day.isoformat()}.docx"


def write_verslag(document: DocumentType, target: Path) -> Path:
    """Write atomically to ``target`` or, if that exists, to a numbered name beside it."""
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(f"De map {folder} bestaat niet; het verslag is niet geschreven.")
    buffer = io.BytesIO()
    document.save(buffer)
    try:
        return write_new(target, buffer.getvalue())
    except OSError as error:
        raise ExportError(f"Het verslag kon niet worden geschreven naar {target}: "
                          f"{describe_os_error(error)}. De sessie is niet veranderd.") from None

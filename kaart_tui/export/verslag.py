"""The Word verslag of a bijeenkomst, in the shape of the reports (seed 000).

Built from the same domain objects the screens show. Word's own styles (Title, Heading,
List Number, List Bullet, table styles) so the reader can restyle it; A4, Dutch, page
numbers. With ``anonymous`` no participant's name appears anywhere, metadata included.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from docx import Document
from docx.document import Document as DocumentType
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from kaart_tui.domain.actions import looked_back_on, owner_label
from kaart_tui.domain.attendance import attendance_table, personen, presence
from kaart_tui.domain.model import (
    Action,
    ActionScope,
    ActionStatus,
    Card,
    Entry,
    Participant,
    Theme,
)
from kaart_tui.domain.ranking import (
    Ranked,
    candidate_title,
    step_ranking,
    step_top,
    top_size,
)
from kaart_tui.domain.steps import FILL_ORDER, PAPER_ORDER, Step
from kaart_tui.domain.templates import CardTemplate
from kaart_tui.dutch import decimal, long_date
from kaart_tui.errors import KaartError
from kaart_tui.export.docx_tools import (
    add_text,
    keep_with_next,
    new_section,
    restarted_list,
    set_cell_text,
    set_up_document,
    set_widths,
    shade,
    use_list,
    xml_safe,
)
from kaart_tui.safe_files import describe_os_error, write_new

Progress = Callable[[float, str], None]
BAR_CELLS = 10
BAR_FILL = "4F81BD"
TABLE_STYLE = "Light Grid Accent 1"
STATUS_LABEL = {ActionStatus.OPEN: "open", ActionStatus.BEZIG: "bezig",
                ActionStatus.GEDAAN: "gedaan"}


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
        if action.owner is not None and action.owner in self.card.participants:
            return self.of(action.owner) or ""
        return owner_label(self.card, action)


class Verslag:
    def __init__(self, card: Card, template: CardTemplate, bijeenkomst_id: str,
                 anonymous: bool = False, evaluation_template: CardTemplate | None = None,
                 progress: Progress | None = None) -> None:
        if bijeenkomst_id not in card.bijeenkomsten:
            raise ExportError("Deze bijeenkomst bestaat niet in de sessie.")
        self.card = card
        self.bijeenkomst = card.bijeenkomsten[bijeenkomst_id]
        self.evaluation = card.is_evaluation(bijeenkomst_id)
        self.template = (evaluation_template or template) if self.evaluation else template
        self.card_template = template
        self.names = Names(card, anonymous)
        self.progress = progress or (lambda fraction, label: None)
        self.document: DocumentType = Document()
        self._style_ids: dict[str, str] = {}
        self.meetings = card.bijeenkomsten_up_to(bijeenkomst_id)
        self.shown = {b.id for b in self.meetings}

    # -- building ------------------------------------------------------------------------
    def build(self) -> DocumentType:
        parts = [
            ("Titel", self._title),
            ("Samenvatting", self._summary),
            ("Aanwezigheid", self._attendance),
            *((f"Stap {step.number}", lambda s=step: self._step(s)) for step in FILL_ORDER),
            ("Acties", self._actions),
            ("De hele kaart", self._whole_card),
            ("Terugblik", self._evaluation),
            ("Afspraken", self._agreements),
        ]
        self._setup()
        for index, (label, part) in enumerate(parts):
            self.progress(index / len(parts), label)
            part()
        self.progress(1.0, "Klaar")
        return self.document

    def _setup(self) -> None:
        set_up_document(self.document, self.card.session.title,
                        f"Verslag {self.bijeenkomst.label.lower()}", "Partnerschapskaart")
        # python-docx's add_paragraph looks for the body's closing sectPr through all the
        # body's children, for every paragraph: quadratic in a long verslag. That sectPr
        # stays the same element (new sections copy it), so it is looked up once.
        self._body_end = self.document.element.body.sectPr

    def _style_id(self, name: str) -> str:
        """Resolved once per style: python-docx looks a style up by name through every
        style in the document on each paragraph (most of the time of a large verslag)."""
        style_id = self._style_ids.get(name)
        if style_id is None:
            style_id = self._style_ids[name] = self.document.styles[name].style_id
        return style_id

    def _paragraph(self, text: str = "", style: str | None = None, bold: bool = False,
                   italic: bool = False):
        element = OxmlElement("w:p")
        if style is not None:
            # Built directly: the new paragraph is empty, so its pPr is simply its first
            # child (python-docx's style setter searches the schema order each time).
            properties = OxmlElement("w:pPr")
            properties.append(OxmlElement("w:pStyle", {qn("w:val"): self._style_id(style)}))
            element.append(properties)
        self._body_end.addprevious(element)
        paragraph = Paragraph(element, self.document)
        if text:
            run = add_text(paragraph, text)
            if bold:  # setting False would still add an empty w:rPr to every run
                run.bold = True
            if italic:
                run.italic = True
        return paragraph

    def _heading(self, text: str, level: int):
        heading = self.document.add_heading(xml_safe(text), level=level)
        keep_with_next(heading)
        return heading

    def _numbered(self, lines: list[str]) -> None:
        num_id = restarted_list(self.document)
        for index, line in enumerate(lines):
            paragraph = self._paragraph(line, style="List Number")
            use_list(paragraph, num_id)
            if index < len(lines) - 1:
                keep_with_next(paragraph)  # a top 3 is read as one block

    def _bullets(self, lines: list[str]) -> None:
        for line in lines:
            self._paragraph(line, style="List Bullet")

    def _table(self, header: list[str], rows: list[list[str]], widths: list[float] | None = None,
               bold_last_row: bool = False):
        table = self.document.add_table(rows=1, cols=len(header))
        table.style = self.document.styles[TABLE_STYLE]
        for cell, text in zip(table.rows[0].cells, header):
            set_cell_text(cell, text)
        for values in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, values):
                set_cell_text(cell, text)
        if bold_last_row and rows:
            for cell in table.rows[-1].cells:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
        if widths:
            set_widths(table, widths)
        return table

    # -- 1. title block --------------------------------------------------------------------
    def _title(self) -> None:
        session = self.card.session
        self.document.add_heading(xml_safe(session.title), level=0)
        kind = "evaluatiebijeenkomst" if self.evaluation else "bijeenkomst"
        self._paragraph(f"Verslag van {kind} {self.bijeenkomst.number}", style="Subtitle")
        lines = [("Team", session.team), ("Wijk", session.wijk)]
        lines.append(("Bijeenkomsten", "; ".join(
            f"{b.number}: {long_date(b.date)}" + (f", {b.location}" if b.location else "")
            for b in self.meetings)))
        lines.append(("Procesbegeleiding", ", ".join(session.facilitators) or None))
        lines.append(("Opdrachtgever", session.opdrachtgever))
        for label, value in lines:
            if value:
                paragraph = self._paragraph(f"{label}: ", bold=True)
                paragraph.add_run(xml_safe(value))

    # -- 2. summary ------------------------------------------------------------------------
    def _summary(self) -> None:
        self._heading("Samenvatting", 1)
        counted = presence(self.card, self.bijeenkomst.id)
        absent = f" ({counted.absent} afwezig)" if counted.absent else ""
        text = (f"Op {long_date(self.bijeenkomst.date)} waren {personen(counted.present)} "
                f"aanwezig{absent}.")
        firsts = []
        for step in FILL_ORDER:
            top = self._top(step)
            if top:
                firsts.append(f"{self.template.step(step).name.lower()}: "
                              f"{candidate_title(top[0].item)}")
        if firsts:
            text += " Wat bij elke stap bovenaan staat: " + "; ".join(firsts) + "."
        average = self.card.average_score(self.bijeenkomst.id)
        if average is not None:
            text += (f" De samenwerking kreeg in de scoreronde gemiddeld een "
                     f"{decimal(average)}.")
        self._paragraph(text)

    # -- 3. attendance ---------------------------------------------------------------------
    def _attendance(self) -> None:
        self._heading("Aanwezigheid", 1)
        table = attendance_table(self.card, self.meetings)
        header = ["Organisatie", *(f"Bijeenkomst {b.number}" for b in table.bijeenkomsten)]
        rows = [[row.label, *row.texts] for row in table.rows]
        rows.append([table.total.label, *table.total.texts])
        first = 5.0
        rest = min(5.0, (16.0 - first) / max(1, len(table.bijeenkomsten)))
        self._table(header, rows, [first] + [rest] * len(table.bijeenkomsten),
                    bold_last_row=True)
        scores = [(b, self.card.average_score(b.id)) for b in self.meetings]
        held = [(b, s) for b, s in scores if s is not None]
        if held:
            self._paragraph("")
            self._paragraph("Scoreronde (hoe voelt de samenwerking, 1-10): " + "; ".join(
                f"bijeenkomst {b.number}: gemiddeld {decimal(s)}" for b, s in held) + ".")

    # -- 4. the steps ----------------------------------------------------------------------
    def _top(self, step: Step) -> list[Ranked]:
        """The top as it stands at this bijeenkomst. An evaluation reports what it voted
        itself ("nu"); what the card held before is "toen", never passed off as "nu"."""
        return step_top(self.card, step, self.bijeenkomst.id, self.template.step(step).top_n,
                        own_round_only=self.evaluation)

    def _entry_line(self, entry: Entry) -> str:
        line = entry.text
        name = self.names.of(entry.participant)
        if name:
            line += f" ({name})"
        if entry.bijeenkomst != self.bijeenkomst.id:
            number = self.card.bijeenkomsten[entry.bijeenkomst].number
            line += f" [bijeenkomst {number}]"
        return line

    def _themes_and_entries(self, step: Step) -> tuple[list[Theme], dict[str, list[Entry]],
                                                       list[Entry]]:
        visible = [e for e in self.card.entries_of(step) if e.bijeenkomst in self.shown]
        if self.evaluation:
            visible = [e for e in visible if e.bijeenkomst == self.bijeenkomst.id]
        themed: dict[str, list[Entry]] = {}
        loose = []
        for entry in visible:
            if entry.theme is not None:
                themed.setdefault(entry.theme, []).append(entry)
            else:
                loose.append(entry)
        themes = [t for t in self.card.themes_of(step)
                  if t.id in themed or (t.bijeenkomst in self.shown and not self.evaluation)
                  or t.bijeenkomst == self.bijeenkomst.id]
        return themes, themed, loose

    def _step(self, step: Step) -> None:
        text = self.template.step(step)
        self._heading(text.heading, 1)
        self._paragraph(text.question, italic=True)
        themes, themed, loose = self._themes_and_entries(step)
        if not themes and not loose:
            self._paragraph("Geen bijdragen.")
            return
        top = self._top(step)
        if top:
            self._heading(f"Top {top_size(self.card, step, self.bijeenkomst.id, text.top_n)}",
                          2)
            self._numbered([self._ranked_line(r) for r in top])
            self._vote_bars(step)
        self._heading("Thema's en bijdragen", 2)
        for theme in themes:
            members = themed.get(theme.id, [])
            self._paragraph(theme.title, bold=True)
            if members:
                self._bullets([self._entry_line(e) for e in members])
        if loose:
            if themes:
                self._paragraph("Overige bijdragen", bold=True)
            self._bullets([self._entry_line(e) for e in loose])

    @staticmethod
    def _ranked_line(ranked: Ranked) -> str:
        votes = f"{ranked.count} stem" if ranked.count == 1 else f"{ranked.count} stemmen"
        note = ""
        if ranked.shared:
            note = f", gedeelde {ranked.place}e plaats"
        elif ranked.fixed:
            note = ", volgorde vastgezet door de groep"
        return f"{candidate_title(ranked.item)} ({votes}{note})"

    def _vote_bars(self, step: Step) -> None:
        """The vote result as shaded cells: easier to take in than numbers alone."""
        ranking = [r for r in step_ranking(self.card, step, self.bijeenkomst.id) if r.count]
        if not ranking:
            return
        most = max(r.count for r in ranking)
        table = self.document.add_table(rows=1, cols=2 + BAR_CELLS)
        table.style = self.document.styles["Table Grid"]
        header = table.rows[0].cells
        header[0].text, header[1].text = "Thema of bijdrage", "Stemmen"
        merged = header[2].merge(header[-1])
        merged.text = "Uitslag"
        for ranked in ranking:
            cells = table.add_row().cells
            set_cell_text(cells[0], candidate_title(ranked.item)[:120])
            set_cell_text(cells[1], str(ranked.count))
            filled = round(BAR_CELLS * ranked.count / most)
            for cell in cells[2:2 + filled]:
                shade(cell, BAR_FILL)
        set_widths(table, [9.0, 2.0] + [0.5] * BAR_CELLS)
        self._paragraph("")

    # -- 5. actions ------------------------------------------------------------------------
    def _actions(self) -> None:
        self._heading("Acties", 1)
        actions = [a for a in self.card.actions.values() if a.bijeenkomst in self.shown]
        if not actions:
            self._paragraph("Er zijn nog geen acties afgesproken.")
            return
        groups = [
            (ActionScope.INDIVIDUEEL, "Individuele acties: wat ga ik doen?"),
            (ActionScope.COLLECTIEF, "Collectieve acties: wat gaan we als team doen?"),
            (ActionScope.EXTERN, "Externe verzoeken: wat vragen we anderen?"),
        ]
        for scope, title in groups:
            chosen = [a for a in actions if a.scope is scope]
            self._heading(title, 2)
            if not chosen:
                self._paragraph("Geen.")
                continue
            if scope is ActionScope.INDIVIDUEEL:
                chosen.sort(key=lambda a: self.names.owner(a).casefold())
            rows = [[self.names.owner(a), a.text,
                     a.due.strftime("%d-%m-%Y") if a.due else "", STATUS_LABEL[a.status]]
                    for a in chosen]
            self._table(["Wie", "Actie", "Wanneer", "Status"], rows, [3.3, 8.0, 2.5, 2.2])

    # -- 6. the whole card -----------------------------------------------------------------
    def _whole_card(self) -> None:
        new_section(self.document, landscape=True)
        self._heading("De kaart", 1)
        self._paragraph("In de volgorde van de papieren kaart: van links naar rechts gelezen, "
                        "van rechts naar links ingevuld. Bovenaan de gekozen top.", italic=True)
        table = self.document.add_table(rows=2, cols=len(PAPER_ORDER))
        table.style = self.document.styles[TABLE_STYLE]
        set_widths(table, [24.7 / len(PAPER_ORDER)] * len(PAPER_ORDER))
        for cell, step in zip(table.rows[0].cells, PAPER_ORDER):
            cell.text = xml_safe(self.template.step(step).heading)
        for cell, step in zip(table.rows[1].cells, PAPER_ORDER):
            self._card_cell(cell, step)

    def _card_cell(self, cell, step: Step) -> None:
        top = self._top(step)
        chosen = {r.item.id for r in top}
        first = True

        def line(text: str, bold: bool = False, size: float = 9) -> None:
            nonlocal first
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            run = add_text(paragraph, text)
            run.font.size = Pt(size)
            if bold:
                run.bold = True

        for ranked in top:
            line(f"{ranked.place}. {candidate_title(ranked.item)}", bold=True)
        themes, themed, loose = self._themes_and_entries(step)
        for theme in themes:
            if theme.id not in chosen:
                line(theme.title, bold=False)
            for entry in themed.get(theme.id, []):
                line(f"– {entry.text}", size=8)
        for entry in loose:
            if entry.id not in chosen:
                line(f"– {entry.text}", size=8)
        if first:
            line("Geen bijdragen.")

    # -- 7. an evaluation: then and now ----------------------------------------------------
    def _evaluation(self) -> None:
        new_section(self.document, landscape=False)  # upright again for the rest
        if not self.evaluation:
            return
        self._heading("Terugblik: toen en nu", 1)
        before = looked_back_on(self.card, self.bijeenkomst.id)
        rows = []
        for step in FILL_ORDER:
            then = step_top(self.card, step, before, self.card_template.step(step).top_n) \
                if before else []
            now = self._top(step)
            rows.append([self.template.step(step).heading,
                         "\n".join(f"{r.place}. {candidate_title(r.item)}" for r in then)
                         or "(geen uitslag)",
                         "\n".join(f"{r.place}. {candidate_title(r.item)}" for r in now)
                         or "(nog geen uitslag)"])
        label = (f"Toen (bijeenkomst {self.card.bijeenkomsten[before].number})" if before
                 else "Toen")
        self._table(["Stap", label, "Nu"], rows, [3.5, 6.25, 6.25])
        self._heading("Wat is er van de acties gekomen?", 2)
        earlier = [a for a in self.card.actions.values()
                   if a.bijeenkomst in self.shown and a.bijeenkomst != self.bijeenkomst.id]
        if not earlier:
            self._paragraph("Er waren geen eerdere acties.")
            return
        rows = [[self.names.owner(a), a.text, STATUS_LABEL[a.status], a.note or ""]
                for a in earlier]
        self._table(["Wie", "Actie", "Status", "Toelichting"], rows, [3.5, 7.0, 1.8, 3.7])

    # -- 8. agreements ---------------------------------------------------------------------
    def _agreements(self) -> None:
        self._heading("Afspraken", 1)
        later = [b for b in self.card.bijeenkomsten_in_order()
                 if b.number > self.bijeenkomst.number]
        if later:
            upcoming = later[0]
            where = f", {upcoming.location}" if upcoming.location else ""
            self._paragraph(f"Volgende bijeenkomst: {long_date(upcoming.date)}{where}.")
        else:
            self._paragraph("De datum van de volgende bijeenkomst is nog niet vastgelegd.")
        pending = [a for a in self.card.actions.values()
                   if a.bijeenkomst in self.shown and a.status is not ActionStatus.GEDAAN]
        agreed = [a for a in self.card.actions.values() if a.bijeenkomst in self.shown]
        if pending:
            self._paragraph("Openstaande acties:", bold=True)
            self._bullets([f"{self.names.owner(a)}: {a.text}"
                           + (f" (voor {a.due.strftime('%d-%m-%Y')})" if a.due else "")
                           for a in pending])
        elif agreed:
            self._paragraph("Alle acties zijn afgerond.")
        else:
            self._paragraph("Er zijn nog geen acties afgesproken.")


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

"""The attendance grid's keys for people and bijeenkomsten: add, change, remove, import a
list, add or change a bijeenkomst, the score round.

A mixin of AttendanceScreen (see attendance.py). Every form keeps what was typed when it
refuses something, and says what it expected.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kaart_tui.domain import operations, people
from kaart_tui.domain.participants_csv import CsvPreview, parse_participants_csv
from kaart_tui.domain.people import fold
from kaart_tui.dutch import long_date, parse_date, short_date
from kaart_tui.errors import DomainError, describe_os_error
from kaart_tui.screens.common import add_bijeenkomst, apply_change
from kaart_tui.screens.dialogs import ConfirmDialog, TextPrompt
from kaart_tui.screens.forms import Field, FieldError, FormDialog
from kaart_tui.screens.import_preview import ImportPreview
from kaart_tui.workshop import Workshop

if TYPE_CHECKING:
    from kaart_tui.screens.attendance import AttendanceScreen


def organisation_reader(workshop: Workshop):
    """An organisation as typed; an existing one is found whatever the case or accents."""

    def parse(text: str, _raw: dict[str, str]) -> str:
        """The whole name of an existing organisation, or a part only it has ("brug" for
        Welzijn De Brug); anything else is a new organisation."""
        typed = " ".join(text.split())
        wanted = fold(typed)
        if not wanted:
            raise DomainError("Van welke organisatie? Typ de naam, bijvoorbeeld Travers.")
        known = workshop.card.organisations()
        for organisation in known:
            if fold(organisation) == wanted:
                return organisation
        containing = [o for o in known if wanted in fold(o)]
        if len(containing) == 1:
            return containing[0]
        if len(containing) > 1:
            raise DomainError(f"'{typed}' past bij {', '.join(containing[:4])}; typ meer "
                              "letters of de hele naam.")
        return typed

    def preview(organisation: str) -> str:
        if organisation in workshop.card.organisations():
            return f"→ {organisation}"
        return f"→ nieuwe organisatie: {organisation}"

    return parse, preview


def day_reader(text: str, _raw: dict[str, str]) -> date:
    return parse_date(text) if text.strip() else date.today()


def day_preview(day: date) -> str:
    return f"→ {long_date(day)}"


def read_csv(workshop: Workshop):
    """The CSV path field reads the file and the list, so that a wrong path or a file
    that is no list is refused in the dialog, with the path kept for correcting."""

    def parse(text: str) -> tuple[Path, CsvPreview]:
        path = Path(text.strip().strip('"')).expanduser()
        if not text.strip():
            raise DomainError("Typ het pad naar het bestand, bv. ~/Documenten/deelnemers.csv.")
        try:
            with path.open("rb") as handle:
                data = handle.read(2_000_001)
        except OSError as error:
            raise DomainError(f"{path} is niet te lezen: "
                              f"{describe_os_error(error, reading=True)}.") from None
        return path, parse_participants_csv(data, workshop.card.people())

    return parse


class AttendancePeopleKeys:
    # -- participants --------------------------------------------------------------------
    def _person_form(self: "AttendanceScreen", title: str, name: str,
                     organisation: str, check) -> FormDialog:
        parse_organisation, preview_organisation = organisation_reader(self.workshop)
        return FormDialog(title, [
            Field("name", "Naam", name, placeholder="voor- en achternaam"),
            Field("organisation", "Organisatie", organisation,
                  placeholder=", ".join(self.workshop.card.organisations()[:3]) or "bv. Travers",
                  parse=parse_organisation, preview=preview_organisation),
        ], check=check)

    def _person_check(self: "AttendanceScreen", make):
        def check(values: dict[str, Any]) -> object:
            try:
                return make(values)
            except DomainError as error:
                key = "organisation" if "organisatie" in error.message.lower() else "name"
                raise FieldError(key, error.message) from None

        return check

    def action_add_participant(self: "AttendanceScreen") -> None:
        card = self.workshop.card

        def make(values):
            return people.add_participant(card, values["name"], values["organisation"])

        def done(values: dict[str, Any] | None) -> None:
            if values is not None:
                applied = apply_change(self, self.workshop, lambda: make(values))
                if applied is not None:
                    self.rebuild(f"p:{applied.focus}")

        organisation = ""
        row = self.cursor_keys()[0] if self.grid.row_count else ""
        if row.startswith("org:"):
            organisation = row[4:]  # a new colleague of the organisation under the cursor
        elif row.startswith("p:"):
            organisation = card.participants[row[2:]].organisation
        self.app.push_screen(self._person_form("Nieuwe deelnemer", "", organisation,
                                               self._person_check(make)), done)

    def action_edit_participant(self: "AttendanceScreen") -> None:
        participant_id = self.cursor_participant()
        if participant_id is None:
            self.notify("Ga op een deelnemer staan.", severity="warning")
            return
        card = self.workshop.card
        person = card.participants[participant_id]

        def make(values):
            return people.edit_participant(card, participant_id, values["name"],
                                           values["organisation"])

        def done(values: dict[str, Any] | None) -> None:
            if values is not None:
                apply_change(self, self.workshop, lambda: make(values))

        self.app.push_screen(self._person_form("Deelnemer wijzigen", person.name,
                                               person.organisation, self._person_check(make)),
                             done)

    def action_remove_participant(self: "AttendanceScreen") -> None:
        participant_id = self.cursor_participant()
        if participant_id is None:
            self.notify("Ga op een deelnemer staan.", severity="warning")
            return
        person = self.workshop.card.participants[participant_id]

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            applied = apply_change(self, self.workshop, lambda: people.remove_participant(
                self.workshop.card, participant_id))
            if applied is not None:
                self.notify(" ".join((applied.label, *applied.notes)), markup=False,
                            timeout=8 if applied.notes else 5)

        self.app.push_screen(ConfirmDialog(
            f"{person.name} verwijderen?",
            f"De naam van {person.name} ({person.organisation}) verdwijnt uit de sessie, de "
            "reservekopie en de verslagen en bundels van deze sessie in exports/; een poster "
            "met namen wordt verwijderd (maak hem opnieuw). Wat er gebeurde blijft: de "
            "aanwezigheid telt mee zonder naam, bijdragen, stemmen en acties blijven staan "
            "zonder naam; scores van deze persoon worden gewist. Wat al verstuurd of geprint "
            "is, kan kaart niet terughalen."), confirmed)

    def action_import_csv(self: "AttendanceScreen") -> None:
        def chosen(read: tuple[Path, CsvPreview] | None) -> None:
            if read is None:
                return
            path, preview = read

            def decided(yes: bool | None) -> None:
                if yes and preview.good:
                    applied = apply_change(self, self.workshop, lambda: people.add_participants(
                        self.workshop.card, list(preview.participants())))
                    if applied is not None:
                        self.notify(preview.imported_summary, markup=False, timeout=8)

            self.app.push_screen(ImportPreview(path, preview), decided)

        self.app.push_screen(TextPrompt("Deelnemerslijst inlezen (CSV)",
                                        placeholder="pad naar het bestand, bv. "
                                                    "~/Documenten/deelnemers.csv",
                                        parse=read_csv(self.workshop)), chosen)

    # -- bijeenkomsten -------------------------------------------------------------------
    def action_add_bijeenkomst(self: "AttendanceScreen") -> None:
        ask_new_bijeenkomst(self, self.workshop, on_added=lambda b: self.rebuild(
            focus_row=self.cursor_keys()[0], focus_column=b.id))

    def action_edit_bijeenkomst(self: "AttendanceScreen") -> None:
        bijeenkomst_id = self.cursor_bijeenkomst() or self.workshop.current_id
        if bijeenkomst_id is None:
            return
        card = self.workshop.card
        b = card.bijeenkomsten[bijeenkomst_id]

        def make(values):
            return people.edit_bijeenkomst(card, bijeenkomst_id, b.number, values["day"],
                                           values["location"] or None)

        def check(values: dict[str, Any]) -> object:
            try:
                return make(values)
            except DomainError as error:
                raise FieldError("day", error.message) from None

        def done(values: dict[str, Any] | None) -> None:
            if values is not None:
                apply_change(self, self.workshop, lambda: make(values))

        self.app.push_screen(FormDialog(f"{b.label} wijzigen", bijeenkomst_fields(
            short_date(b.date), b.location or ""), check=check), done)

    # -- elsewhere -----------------------------------------------------------------------
    def action_score_round(self: "AttendanceScreen") -> None:
        from kaart_tui.screens.scores import ScoreScreen

        bijeenkomst_id = self.cursor_bijeenkomst() or self.workshop.current_id
        if bijeenkomst_id is None:
            self.notify("Maak eerst een bijeenkomst (b).", severity="warning")
            return
        self.app.push_screen(ScoreScreen(self.workshop, bijeenkomst_id))
        from kaart_tui.screens.room_control import offer_scores

        offer_scores(self.app, self.workshop, bijeenkomst_id)  # the phones, when open


def ask_new_bijeenkomst(screen, workshop: Workshop, evaluation: bool = False,
                        on_added=None) -> None:
    """Date (today proposed) and location of a new bijeenkomst, asked before it is made;
    an evaluation dated before what it looks back on is refused in the form."""
    kind = "evaluatiebijeenkomst" if evaluation else "bijeenkomst"

    def make(values):
        return operations.add_bijeenkomst(workshop.card, values["day"],
                                          values["location"] or None, evaluation)

    def check(values: dict[str, Any]) -> object:
        try:
            return make(values)
        except DomainError as error:
            raise FieldError("day", error.message) from None

    def done(values: dict[str, Any] | None) -> None:
        if values is None:
            return
        added = add_bijeenkomst(screen, workshop, values["day"], values["location"] or None,
                                evaluation)
        if added is not None:
            screen.notify(f"{added.label} ({long_date(added.date)}) toegevoegd en gekozen.",
                          markup=False, timeout=5)
            if on_added is not None:
                on_added(added)

    screen.app.push_screen(FormDialog(f"Nieuwe {kind}", bijeenkomst_fields("vandaag", ""),
                                      check=check), done)


def bijeenkomst_fields(day: str, location: str) -> list[Field]:
    return [Field("day", "Datum (leeg: vandaag)", day, placeholder="bv. 12 maart of 12-3-2027",
                  parse=day_reader, preview=day_preview),
            Field("location", "Locatie (mag leeg)", location)]

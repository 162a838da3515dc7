"""Pilot tests of attendance, participants and the score round (issue 4), by keyboard as a
facilitator at the door does it; state read back from the grid, the card and the disk.

The demo session has 12 participants in 6 organisations and two bijeenkomsten; b2 (the
current one) has 9 present and 3 absent.
"""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Static

from kaart_tui.app import KaartApp
from kaart_tui.bundle import card_to_data
from kaart_tui.domain.model import AttendanceStatus
from kaart_tui.export.run import export_verslag
from kaart_tui.screens.attendance import AttendanceScreen
from kaart_tui.screens.card import CardScreen
from kaart_tui.screens.dialogs import ConfirmDialog, TextPrompt
from kaart_tui.screens.forms import FormDialog
from kaart_tui.screens.import_preview import ImportPreview
from kaart_tui.screens.scores import ScoreScreen
from tests.on_disk import on_disk
from tests.ui_helpers import demo_app, messages, plain, run

SIZE = (120, 40)
DEMO_SLUG = "uitvoeringsteam-vlinderbuurt"
AANWEZIG, AFWEZIG, ONBEKEND = (AttendanceStatus.AANWEZIG, AttendanceStatus.AFWEZIG,
                               AttendanceStatus.ONBEKEND)
ORGANISATIONS = ["Sociaal wijkteam", "Handhaving", "Wijkagent (politie)",
                 "Gemeente Oosterveld", "Welzijn De Brug", "Woonstichting Oosterveld"]


# -- helpers ---------------------------------------------------------------------------------

def static_text(screen, selector: str) -> str:
    return plain(screen.query_one(selector, Static).content)


def screen_text(screen) -> str:
    return "\n".join(plain(s.content) for s in screen.query(Static))



def cell(screen: AttendanceScreen, row: str, column: str) -> str:
    return plain(screen.grid.get_cell(row, column))


def row_keys(screen: AttendanceScreen) -> list[str]:
    return [str(row.key.value) for row in screen.grid.ordered_rows]


def org_texts(screen: AttendanceScreen, column: str) -> dict[str, str]:
    return {o: cell(screen, f"org:{o}", column) for o in ORGANISATIONS}


def under(screen: AttendanceScreen, organisation: str) -> list[str]:
    """The participant ids listed under an organisation row in the grid."""
    keys = row_keys(screen)
    start = keys.index(f"org:{organisation}") + 1
    found = []
    for key in keys[start:]:
        if not key.startswith("p:"):
            break
        found.append(key[2:])
    return found


async def open_grid(pilot, app: KaartApp) -> AttendanceScreen:
    await pilot.pause()
    assert isinstance(app.screen, CardScreen)
    await pilot.press("g")
    await pilot.pause()
    assert isinstance(app.screen, AttendanceScreen)
    return app.screen


async def goto(pilot, screen: AttendanceScreen, row: str, column: str | None = None) -> None:
    """Move the grid cursor with the arrow keys."""
    grid = screen.grid
    target_row = grid.get_row_index(row)
    here = grid.cursor_coordinate
    key = "down" if target_row > here.row else "up"
    await pilot.press(*[key] * abs(target_row - here.row))
    if column is not None:
        target_column = grid.get_column_index(column)
        key = "right" if target_column > here.column else "left"
        await pilot.press(*[key] * abs(target_column - here.column))
    await pilot.pause()
    assert screen.cursor_keys()[0] == row
    if column is not None:
        assert screen.cursor_keys()[1] == column


async def type_into_prompt(pilot, app: KaartApp, text: str, clear: bool = False) -> None:
    await pilot.pause()
    assert isinstance(app.screen, TextPrompt)
    if clear:
        await pilot.press("ctrl+u")
    await pilot.press(*text, "enter")
    await pilot.pause()


async def fill_person(pilot, app: KaartApp, name: str, organisation: str) -> str:
    """The person form: the name, Enter, (part of) the organisation; what the form says it
    understood; Enter saves."""
    assert isinstance(app.screen, FormDialog)
    await pilot.press("ctrl+u", *name, "enter")
    await pilot.press("ctrl+u", *organisation)
    await pilot.pause()
    understood = plain(app.screen.query_one("#feedback-organisation").content)
    await pilot.press("enter")
    await pilot.pause()
    return understood


async def add_bijeenkomst(pilot, app: KaartApp, day: str) -> str:
    before = set(app.workshop.card.bijeenkomsten)
    await pilot.press("b")
    await pilot.pause()
    assert isinstance(app.screen, FormDialog)
    await pilot.press("ctrl+u", *day, "enter")  # "vandaag" is proposed
    await pilot.press("enter")  # empty location
    await pilot.pause()
    assert isinstance(app.screen, AttendanceScreen)
    [new] = set(app.workshop.card.bijeenkomsten) - before
    return new


# -- the grid in the wording of the verslag --------------------------------------------------
def test_g_opens_the_grid_in_the_wording_of_the_verslag(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_grid(pilot, app)
            assert org_texts(screen, "b1") == {
                "Sociaal wijkteam": "3 personen", "Handhaving": "2 personen",
                "Wijkagent (politie)": "1 persoon",
                "Gemeente Oosterveld": "1 persoon (1 afwezig)",
                "Welzijn De Brug": "2 personen", "Woonstichting Oosterveld": "2 personen"}
            assert org_texts(screen, "b2") == {
                "Sociaal wijkteam": "2 personen (1 afwezig)", "Handhaving": "2 personen",
                "Wijkagent (politie)": "(1 afwezig)", "Gemeente Oosterveld": "2 personen",
                "Welzijn De Brug": "2 personen",
                "Woonstichting Oosterveld": "1 persoon (1 afwezig)"}
            assert cell(screen, "total", "naam") == "Aanwezig"
            assert cell(screen, "total", "b1") == "11 personen (1 afwezig)"
            assert cell(screen, "total", "b2") == "9 personen (3 afwezig)"
            # Participants stand under their organisation, in the order they were added.
            assert row_keys(screen)[0] == "org:Sociaal wijkteam"
            assert row_keys(screen)[-1] == "total"
            assert under(screen, "Sociaal wijkteam") == ["p01", "p02", "p03"]
            assert under(screen, "Wijkagent (politie)") == ["p06"]
            assert cell(screen, "p:p03", "naam").strip() == "Ingrid Koster"
            assert "aanwezig" in cell(screen, "p:p03", "b1")
            assert "afwezig" in cell(screen, "p:p03", "b2")
            headers = [plain(c.label) for c in screen.grid.columns.values()]
            assert headers[1:] == ["Bijeenkomst 1\n06-10-2026", "Bijeenkomst 2\n03-11-2026"]
            # The cursor starts in the column of the current bijeenkomst.
            assert screen.cursor_keys() == ("org:Sociaal wijkteam", "b2")
            assert static_text(screen, "#attendance-status") == \
                "Bijeenkomst 2: 9 van 12 aanwezig (75%); quorum 70%: gehaald"
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, CardScreen)

    run(inner())


def test_marking_a_meeting_of_12_from_6_organisations_by_keyboard(tmp_path):
    absent = {"p06", "p10"}

    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_grid(pilot, app)
            new = await add_bijeenkomst(pilot, app, "1-12-2026")
            card = app.workshop.card
            assert card.bijeenkomsten[new].number == 3
            assert str(card.bijeenkomsten[new].date) == "2026-12-01"
            assert card.bijeenkomsten[new].location is None
            assert app.workshop.current_id == new
            assert cell(screen, "total", new) == ""
            # To the new column (it is the last one), at the top.
            for _ in range(3):
                if screen.cursor_bijeenkomst() == new:
                    break
                await pilot.press("right")
            await pilot.pause()
            assert screen.cursor_keys() == ("org:Sociaal wijkteam", new)

            keys: list[str] = []
            for organisation in ORGANISATIONS:
                keys.append("down")  # over the organisation row to its first person
                for pid in (p.id for p in card.participants.values()
                            if p.organisation == organisation):
                    keys.append("x" if pid in absent else "a")
            assert keys.count("a") + keys.count("x") == 12
            await pilot.press(*keys)
            await pilot.pause()

            assert {pid: card.status(pid, new) for pid in card.participants} == {
                pid: AFWEZIG if pid in absent else AANWEZIG for pid in card.participants}
            assert org_texts(screen, new) == {
                "Sociaal wijkteam": "3 personen", "Handhaving": "2 personen",
                "Wijkagent (politie)": "(1 afwezig)", "Gemeente Oosterveld": "2 personen",
                "Welzijn De Brug": "1 persoon (1 afwezig)",
                "Woonstichting Oosterveld": "2 personen"}
            assert cell(screen, "total", new) == "10 personen (2 afwezig)"
            # The earlier meetings are untouched.
            assert cell(screen, "total", "b2") == "9 personen (3 afwezig)"
            assert cell(screen, "total", "b1") == "11 personen (1 afwezig)"
            assert static_text(screen, "#attendance-status").startswith(
                "Bijeenkomst 3: 10 van 12 aanwezig (83%); quorum 70%: gehaald")
            await pilot.press("escape")
            await pilot.pause()
            header = static_text(app.screen, "#card-header")
            assert "Bijeenkomst 3" in header and "10/12 aanwezig" in header
            assert "onder quorum" not in header
            await pilot.press("q")
        saved = on_disk(folder)
        assert {pid: saved.status(pid, new) for pid in saved.participants} == {
            pid: AFWEZIG if pid in absent else AANWEZIG for pid in saved.participants}
        assert saved.bijeenkomsten[new].number == 3

    run(inner())


def test_after_adding_a_bijeenkomst_marking_goes_to_the_new_one(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_grid(pilot, app)
            new = await add_bijeenkomst(pilot, app, "1-12-2026")
            await pilot.press("down", "x")  # Sanne Bakker sends apologies for the new one
            await pilot.pause()
            card = app.workshop.card
            assert card.status("p01", "b2") is AANWEZIG  # last meeting's record untouched
            assert card.status("p01", new) is AFWEZIG
            assert screen.cursor_bijeenkomst() == new

    run(inner())


def test_space_marks_an_organisation_cycles_a_person_and_u_undoes(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_grid(pilot, app)
            card = app.workshop.card
            assert screen.cursor_keys() == ("org:Sociaal wijkteam", "b2")
            assert card.status("p03", "b2") is AFWEZIG
            # Space on the organisation row: all three present.
            await pilot.press("space")
            await pilot.pause()
            assert [card.status(p, "b2") for p in ("p01", "p02", "p03")] == [AANWEZIG] * 3
            assert cell(screen, "org:Sociaal wijkteam", "b2") == "3 personen"
            assert cell(screen, "total", "b2") == "10 personen (2 afwezig)"
            assert screen.cursor_keys() == ("org:Sociaal wijkteam", "b2")
            # u undoes the whole organisation at once.
            await pilot.press("u")
            await pilot.pause()
            assert [card.status(p, "b2") for p in ("p01", "p02", "p03")] == \
                [AANWEZIG, AANWEZIG, AFWEZIG]
            assert cell(screen, "org:Sociaal wijkteam", "b2") == "2 personen (1 afwezig)"
            assert cell(screen, "total", "b2") == "9 personen (3 afwezig)"
            # Space on a person cycles afwezig -> onbekend -> aanwezig, in place.
            await goto(pilot, screen, "p:p03", "b2")
            await pilot.press("space")
            await pilot.pause()
            assert card.status("p03", "b2") is ONBEKEND
            assert ("p03", "b2") not in card.attendance
            assert cell(screen, "p:p03", "b2") == "·"
            assert cell(screen, "org:Sociaal wijkteam", "b2") == "2 personen"
            assert cell(screen, "total", "b2") == "9 personen (2 afwezig)"
            await pilot.press("space")
            await pilot.pause()
            assert card.status("p03", "b2") is AANWEZIG
            assert screen.cursor_keys() == ("p:p03", "b2")
            # u reverts only the last change.
            await pilot.press("u")
            await pilot.pause()
            assert card.status("p03", "b2") is ONBEKEND
            assert cell(screen, "total", "b2") == "9 personen (2 afwezig)"
            await pilot.press("q")
        saved = on_disk(folder)
        assert saved.status("p03", "b2") is ONBEKEND
        assert saved.status("p01", "b2") is AANWEZIG

    run(inner())


def test_below_the_quorum_grid_and_card_header_say_so(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert "onder quorum" not in static_text(app.screen, "#card-header")
            assert "9/12 aanwezig" in static_text(app.screen, "#card-header")
            screen = await open_grid(pilot, app)
            await goto(pilot, screen, "p:p01", "b2")
            await pilot.press("x")  # 8 of 12: 67%, below 70%
            await pilot.pause()
            assert app.workshop.card.status("p01", "b2") is AFWEZIG
            status = static_text(screen, "#attendance-status")
            assert status.startswith("Bijeenkomst 2: 8 van 12 aanwezig (67%); quorum 70%: ")
            assert "NIET gehaald" in status
            await pilot.press("escape")
            await pilot.pause()
            header = static_text(app.screen, "#card-header")
            assert "8/12 aanwezig (onder quorum)" in header
            # Back above the quorum, the warning goes.
            await pilot.press("g")
            await pilot.pause()
            await pilot.press("u", "escape")
            await pilot.pause()
            header = static_text(app.screen, "#card-header")
            assert "9/12 aanwezig" in header and "onder quorum" not in header

    run(inner())


# -- participants ----------------------------------------------------------------------------
def test_adding_participants_mid_session_with_an_existing_or_a_new_organisation(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_grid(pilot, app)
            card = app.workshop.card
            await pilot.press("n")
            assert await fill_person(pilot, app, "Gerrit Boer", "brug") == \
                "→ Welzijn De Brug"
            assert isinstance(app.screen, AttendanceScreen)

            await pilot.press("n")
            assert await fill_person(pilot, app, "Ilse Mol", "Tactus Zwolle") == \
                "→ nieuwe organisatie: Tactus Zwolle"
            assert isinstance(app.screen, AttendanceScreen)

            by_name = {p.name: p for p in card.participants.values()}
            gerrit, ilse = by_name["Gerrit Boer"], by_name["Ilse Mol"]
            assert gerrit.organisation == "Welzijn De Brug"
            assert ilse.organisation == "Tactus Zwolle"
            assert len(card.participants) == 14
            assert card.organisations()[-1] == "Tactus Zwolle"
            assert under(screen, "Welzijn De Brug") == ["p09", "p10", gerrit.id]
            assert under(screen, "Tactus Zwolle") == [ilse.id]
            assert row_keys(screen)[-3:] == ["org:Tactus Zwolle", f"p:{ilse.id}", "total"]
            assert cell(screen, f"p:{ilse.id}", "naam").strip() == "Ilse Mol"
            assert cell(screen, f"p:{ilse.id}", "b2") == "·"
            assert cell(screen, "org:Tactus Zwolle", "b2") == ""
            # The newcomer is marked like anyone else.
            await goto(pilot, screen, f"p:{ilse.id}", "b2")
            await pilot.press("a")
            await pilot.pause()
            assert cell(screen, "org:Tactus Zwolle", "b2") == "1 persoon"
            assert cell(screen, "total", "b2") == "10 personen (3 afwezig)"
            # Adding the same person twice is refused with a message.
            await pilot.press("n")
            await fill_person(pilot, app, "gerrit boer", "Welzijn De Brug")
            # Refused in the form, which stays with what was typed.
            assert isinstance(app.screen, FormDialog)
            assert "staat al in de sessie" in plain(app.screen.query_one("#feedback-name")
                                                    .content)
            await pilot.press("escape")
            assert len(card.participants) == 14
            await pilot.press("q")
        saved = on_disk(folder)
        assert {(p.name, p.organisation) for p in saved.participants.values()} >= {
            ("Gerrit Boer", "Welzijn De Brug"), ("Ilse Mol", "Tactus Zwolle")}

    run(inner())


def test_typing_part_of_an_organisation_and_enter_chooses_the_existing_one(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await open_grid(pilot, app)
            await pilot.press("n")
            await fill_person(pilot, app, "Gerrit Boer", "brug")
            card = app.workshop.card
            [gerrit] = [p for p in card.participants.values() if p.name == "Gerrit Boer"]
            assert gerrit.organisation == "Welzijn De Brug"
            assert len(card.organisations()) == 6

    run(inner())


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


async def import_csv(pilot, app: KaartApp, path: Path | str) -> ImportPreview:
    """i, then the path typed as a facilitator would (``~/lijst.csv`` works too)."""
    await pilot.press("i")
    await type_into_prompt(pilot, app, str(path))
    assert isinstance(app.screen, ImportPreview), messages(app)
    return app.screen


def test_importing_comma_semicolon_and_windows_1252_files(tmp_path, monkeypatch):
    files = tmp_path / "lijsten"
    files.mkdir()
    monkeypatch.setenv("HOME", str(files))  # typing ~/... keeps the test fast
    comma = write(files / "komma.csv",
                  b"naam,organisatie\nKarin de Wit,Tactus\nPiet Groen,Sociaal wijkteam\n")
    semicolon = write(files / "puntkomma.csv",
                      "Ahmed Yılmaz;Politie Oost\r\nMaria Lopes;Politie Oost\r\n"
                      .encode("utf-8"))
    excel = write(files / "excel.csv",
                  "José Müller;Gemeente Zwolle\r\nRenée Dijkstra;Handhaving\r\n"
                  .encode("cp1252"))
    assert b"Jos\xe9 M\xfcller" in excel.read_bytes()

    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_grid(pilot, app)
            card = app.workshop.card

            preview = await import_csv(pilot, app, comma)  # the full path
            text = screen_text(preview)
            assert "2 deelnemers in te lezen" in text
            assert "Karin de Wit" in text and "naam" in text
            assert preview.preview.has_header and preview.preview.delimiter == ","
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, AttendanceScreen)
            assert len(card.participants) == 14

            preview = await import_csv(pilot, app, f"~/{semicolon.name}")
            assert not preview.preview.has_header and preview.preview.delimiter == ";"
            assert [r.line for r in preview.preview.rows] == [1, 2]  # first row is data
            await pilot.press("enter")
            await pilot.pause()

            preview = await import_csv(pilot, app, f"~/{excel.name}")
            assert "José Müller" in screen_text(preview)
            await pilot.press("enter")
            await pilot.pause()

            names = {p.name: p.organisation for p in card.participants.values()}
            assert len(card.participants) == 18
            assert names["Karin de Wit"] == "Tactus"
            assert names["Piet Groen"] == "Sociaal wijkteam"
            assert names["Ahmed Yılmaz"] == names["Maria Lopes"] == "Politie Oost"
            assert names["José Müller"] == "Gemeente Zwolle"
            assert names["Renée Dijkstra"] == "Handhaving"
            # Each one appears under its organisation in the grid.
            by_name = {p.name: p.id for p in card.participants.values()}
            assert under(screen, "Sociaal wijkteam")[-1] == by_name["Piet Groen"]
            assert under(screen, "Handhaving")[-1] == by_name["Renée Dijkstra"]
            assert under(screen, "Politie Oost") == [by_name["Ahmed Yılmaz"],
                                                     by_name["Maria Lopes"]]
            assert cell(screen, f"p:{by_name['José Müller']}", "naam").strip() == \
                "José Müller"
            # One import is one undo.
            await pilot.press("u")
            await pilot.pause()
            assert len(card.participants) == 16
            assert "José Müller" not in {p.name for p in card.participants.values()}
            await pilot.press("q")
        saved = on_disk(folder)
        assert {p.name for p in saved.participants.values()} >= {
            "Karin de Wit", "Ahmed Yılmaz", "Maria Lopes"}
        assert "Renée Dijkstra" not in {p.name for p in saved.participants.values()}

    run(inner())


def test_a_bad_row_is_shown_and_skipped_and_escape_imports_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    write(tmp_path / "fout.csv",
          b"naam;organisatie\nEva Vos;Travers\nAlleen Een Naam\nTim Kok;Tactus\n"
          b"Sanne Bakker;Sociaal wijkteam\n")

    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await open_grid(pilot, app)
            card = app.workshop.card
            before = card_to_data(card)

            # Escape: nothing is imported.
            await import_csv(pilot, app, "~/fout.csv")
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, AttendanceScreen)
            assert card_to_data(card) == before

            preview = await import_csv(pilot, app, "~/fout.csv")
            text = screen_text(preview)
            assert "2 deelnemers in te lezen, 2 regels overgeslagen" in text
            assert "Regel 3: alleen 'Alleen Een Naam' gevonden; de organisatie ontbreekt." \
                in text
            assert "Regel 5: Sanne Bakker (Sociaal wijkteam) staat al in de sessie." in text
            await pilot.press("enter")
            await pilot.pause()
            names = [p.name for p in card.participants.values()]
            assert names[12:] == ["Eva Vos", "Tim Kok"]
            assert names.count("Sanne Bakker") == 1
            await pilot.press("q")
        assert [p.name for p in on_disk(folder).participants.values()][12:] == \
            ["Eva Vos", "Tim Kok"]

    run(inner())


def test_removing_a_participant_forgets_the_name_and_keeps_the_entries(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_grid(pilot, app)
            card = app.workshop.card
            written = {e.id: e.text for e in card.entries.values() if e.participant == "p01"}
            assert written
            entry_count = len(card.entries)
            assert "Sanne Bakker" in json.dumps(card_to_data(card), ensure_ascii=False)
            sent = export_verslag(card, app.workshop.name, folder.exports_dir, None)

            counted = {(row, b): cell(screen, row, b) for b in ("b1", "b2")
                       for row in ("org:Sociaal wijkteam", "total")}
            await goto(pilot, screen, "p:p01")
            await pilot.press("d")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("n")  # no: nothing happens
            await pilot.pause()
            assert "p01" in card.participants

            await pilot.press("d")
            await pilot.pause()
            assert "Sanne Bakker" in screen_text(app.screen)
            await pilot.press("j")
            await pilot.pause()
            assert isinstance(app.screen, AttendanceScreen)
            assert any(sent.name in m for m in messages(app))  # told: the verslag too
            exported = json.dumps(card_to_data(card), ensure_ascii=False)
            assert "Sanne Bakker" not in exported
            assert card.participants["p01"].removed
            assert len(card.entries) == entry_count
            for entry_id, text in written.items():
                assert card.entries[entry_id].text == text
                assert card.entries[entry_id].participant == "p01"  # still, without a name
            assert "p:p01" not in row_keys(screen)
            assert under(screen, "Sociaal wijkteam") == ["p02", "p03"]
            # Issue 18: what happened is not rewritten; the person counts without a name.
            assert {(row, b): cell(screen, row, b) for b in ("b1", "b2")
                    for row in ("org:Sociaal wijkteam", "total")} == counted
            await pilot.press("q")
        session = folder.session_path(DEMO_SLUG).read_bytes()
        backup = folder.backup_path(DEMO_SLUG).read_bytes()
        assert b"Sanne Bakker" not in session and b"Sanne Bakker" not in backup
        saved = on_disk(folder)
        assert "Sanne Bakker" not in json.dumps(card_to_data(saved), ensure_ascii=False)
        assert {e.id: e.text for e in saved.entries.values() if e.id in written} == written

    run(inner())


# -- the score round -------------------------------------------------------------------------
def test_score_round_by_digits_and_the_average_in_the_card_header(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await open_grid(pilot, app)
            card = app.workshop.card
            # r opens the round of the bijeenkomst under the cursor.
            await pilot.press("left", "r")
            await pilot.pause()
            assert isinstance(app.screen, ScoreScreen)
            assert app.screen.bijeenkomst_id == "b1"
            await pilot.press("escape", "right", "r")
            await pilot.pause()
            scores = app.screen
            assert isinstance(scores, ScoreScreen) and scores.bijeenkomst_id == "b2"
            table = scores.query_one("#score-table")
            present = [p.id for p in card.present("b2")]
            assert [str(k.value) for k in table.rows] == present  # only who is there
            assert present[:3] == ["p01", "p02", "p04"]

            await pilot.press("8", "0", "3")  # 0 is 10; each digit moves down
            await pilot.pause()
            assert [card.scores[(p, "b2")].score for p in present[:3]] == [8, 10, 3]
            assert table.cursor_row == 3
            await pilot.press("up", "backspace")  # clears, stays
            await pilot.pause()
            assert ("p04", "b2") not in card.scores
            assert table.cursor_row == 2
            assert plain(table.get_cell("p04", "score")) == ""
            assert plain(table.get_cell("p02", "score")) == "10"
            # Left: 8, 10, 6, 7, 7, 8, 7, 6 -> 7,375; b1 averaged 6,0.
            header = static_text(scores, "#scores-header")
            assert "Gemiddeld 7,4 (+1,4 sinds de vorige)" in header
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, AttendanceScreen)
            await pilot.press("escape")
            await pilot.pause()
            header = static_text(app.screen, "#card-header")
            assert "score 7,4 (+1,4)" in header
            await pilot.press("q")
        saved = on_disk(folder)
        assert saved.scores[("p02", "b2")].score == 10
        assert ("p04", "b2") not in saved.scores

    run(inner())


def test_an_absent_participant_is_not_in_the_score_round(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_grid(pilot, app)
            card = app.workshop.card
            await goto(pilot, screen, "p:p01", "b2")
            await pilot.press("x", "r")
            await pilot.pause()
            table = app.screen.query_one("#score-table")
            assert "p01" not in [str(k.value) for k in table.rows]
            assert table.row_count == 8
            # The first digit goes to the first person on the list, not to p01.
            await pilot.press("5")
            await pilot.pause()
            assert card.scores[("p02", "b2")].score == 5

    run(inner())

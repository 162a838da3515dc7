"""``--anoniem`` takes participants' names out of free text too (issue 19): entries,
themes, actions, owners typed as text, notes and places; whole names, first and last
names alone where only one participant has them. The export says how many it replaced
and which word groups still look like a name.
"""

from __future__ import annotations

from datetime import date

from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from kaart_tui.domain.model import Bijeenkomst, Card, Participant, SessionInfo
from kaart_tui.domain.privacy import AMBIGUOUS, Anonymiser, name_like
from kaart_tui.export.run import export_verslag_report
from kaart_tui.store import DataFolder
from tests.docx_reading import core_texts, raw_xml_text, visible_texts
from tests.test_export_verslag import names_found
from tests.test_verslag_layout import rich_card


def label(person: Participant) -> str:
    return f"{person.organisation} ({person.name[0]}.)"


def card_with(*people: tuple[str, str]) -> Card:
    card = Card(SessionInfo("Team Oost", "Team Oost", "Oost", ("Pien Vos",),
                            "Gemeente Zwolle"))
    for index, (name, organisation) in enumerate(people):
        card.put(Participant(f"p{index}", name, organisation))
    card.put(Bijeenkomst("b1", 1, date(2026, 3, 2)))
    return card


def test_whole_first_and_last_names_are_replaced_by_organisation_and_initial() -> None:
    card = card_with(("Frank Bosch", "Welzijn"), ("Anna de Vries", "Politie"),
                     ("Anna Smit", "Gemeente"))
    anonymiser = Anonymiser(card, label)
    assert anonymiser.text("Samen met Frank Bosch en frank bosch") == \
        "Samen met Welzijn (F.) en Welzijn (F.)"
    assert anonymiser.text("Frank belt; Bosch schrijft") == \
        "Welzijn (F.) belt; Welzijn (F.) schrijft"
    assert anonymiser.text("De Vries en de Vries en Vries") == \
        "Politie (A.) en Politie (A.) en Politie (A.)"
    # Two Anna's: the first name alone cannot be told apart, and is still no name.
    assert anonymiser.text("Anna zei het") == f"{AMBIGUOUS} zei het"
    assert anonymiser.text("Anna Smit zei het") == "Gemeente (A.) zei het"
    assert anonymiser.replacements == 9
    # Not inside other words, not in an e-mail address's local part.
    assert anonymiser.text("Frankrijk en Boschweg") == "Frankrijk en Boschweg"


def test_a_replacement_is_never_replaced_again() -> None:
    card = card_with(("Sanne Bakker", "Bakker Zorg"), ("Kees Zorg", "Welzijn"))
    assert Anonymiser(card, label).text("Sanne Bakker belt") == "Bakker Zorg (S.) belt"


def test_forgotten_participants_and_no_participants_change_nothing() -> None:
    card = card_with(("Frank Bosch", "Welzijn"))
    card.put(Participant("p0", "", "Welzijn", removed_after="b1"))
    anonymiser = Anonymiser(card, label)
    assert anonymiser.text("Frank Bosch") == "Frank Bosch"
    assert anonymiser.text(None) is None and anonymiser.replacements == 0


def test_what_still_looks_like_a_name_is_listed_but_the_cards_own_words_are_not() -> None:
    card = card_with(("Frank Bosch", "Welzijn De Brug"))
    anonymiser = Anonymiser(card, label)
    anonymiser.text("Bij Karel Appel thuis, met Welzijn De Brug en de Gemeente Zwolle")
    anonymiser.text("Frank Bosch en Fatima el Amrani. De Kapel. Pien Vos leidt")
    assert anonymiser.suspects() == ["Karel Appel", "Fatima el Amrani"]
    assert name_like("In De Kapel") == []


NAMES = st.sampled_from(["Sanne Bakker", "Yusuf Demir", "Esther van Dam", "Koen Visser",
                         "Fatima el Amrani", "Lotte de Boer", "Mark Hendriks"])


@settings(max_examples=60, deadline=None)
@given(people=st.lists(NAMES, min_size=1, max_size=5, unique=True),
       chosen=st.data())
def test_no_whole_name_survives_whatever_the_text_around_it(people, chosen) -> None:
    card = card_with(*((name, f"Org{i}") for i, name in enumerate(people)))
    anonymiser = Anonymiser(card, lambda p: f"Org{p.id[1:]} ({p.name[0]}.)")
    words = chosen.draw(st.lists(st.sampled_from(
        [*people, "met", "en", ",", ".", "(", ")", "\n", "wijk", "overleg"]),
        min_size=1, max_size=12))
    text = anonymiser.text(" ".join(words).replace(" ,", ","))
    for name in people:
        assert name.lower() not in text.lower(), (name, text)


def test_anonymous_verslag_of_a_card_with_names_typed_in_its_texts(tmp_path) -> None:
    card = rich_card()
    folder = DataFolder(tmp_path).ensure()
    result = export_verslag_report(card, "rijk", folder.exports_dir, folder.templates_dir, 2,
                                   anonymous=True)
    document = Document(str(result.path))
    texts = "\n".join(visible_texts(document) + core_texts(document))
    assert names_found(card, texts) == []
    assert names_found(card, raw_xml_text(result.path)) == []
    # Replaced by the same label used elsewhere; free-text owners that are no name stay.
    assert "Samen met Sociaal wijkteam (S.) de buurt in" in texts
    assert "Bij Handhaving (R.) thuis" in texts
    assert "de gemeente" in texts
    assert result.privacy is not None and result.privacy.replacements >= 8
    assert "Karel Appel" in result.privacy.suspects
    lines = result.messages()
    assert lines[1].startswith(f"Anoniem: {result.privacy.replacements} namen in de tekst")
    assert "Karel Appel" in lines[2]


def test_without_anoniem_the_typed_names_stay_and_nothing_is_reported(tmp_path) -> None:
    folder = DataFolder(tmp_path).ensure()
    result = export_verslag_report(rich_card(), "rijk", folder.exports_dir,
                                   folder.templates_dir, 2)
    assert result.privacy is None and len(result.messages()) == 1
    texts = "\n".join(visible_texts(Document(str(result.path))))
    assert "Samen met Sanne Bakker de buurt in" in texts

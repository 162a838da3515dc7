"""The poster: one landscape page, the card in the paper order, read back from the PDF."""

from __future__ import annotations

import errno
import io
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from kaart_tui.domain.model import (
    Action,
    ActionScope,
    Bijeenkomst,
    Card,
    Entry,
    Participant,
    SessionInfo,
    Theme,
    Vote,
)
from kaart_tui.domain.ranking import candidate_title, step_top
from kaart_tui.domain.steps import FILL_ORDER, PAPER_ORDER, Step
from kaart_tui.errors import KaartError
from kaart_tui.export import poster as poster_module
from kaart_tui.export.poster import export_poster, poster_bytes
from kaart_tui.template_files import load_template

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = load_template("partnerschapskaart")
A3 = (420 / 25.4 * 72, 297 / 25.4 * 72)   # landscape, in points
A4 = (297 / 25.4 * 72, 210 / 25.4 * 72)


# -- reading a PDF back ----------------------------------------------------------------------
class Read:
    def __init__(self, data: bytes) -> None:
        self.reader = PdfReader(io.BytesIO(data))
        self.pages = self.reader.pages
        self.runs: list[tuple[str, float, float, float]] = []  # text, x, y, size

        def visit(text, cm, tm, font, size):
            if text.strip():
                self.runs.append((text, float(tm[4]), float(tm[5]), float(size)))

        self.raw = self.pages[0].extract_text(visitor_text=visit)
        self.text = " ".join(self.raw.split())
        self.metadata = {k: str(v) for k, v in (self.reader.metadata or {}).items()}

    def size(self) -> tuple[float, float]:
        box = self.pages[0].mediabox
        return float(box.width), float(box.height)

    def has(self, text: str) -> bool:
        return " ".join(text.split()) in self.text

    def x_of(self, text: str) -> float:
        return min(x for run, x, _, _ in self.runs if run.strip() == text)

    def size_of(self, text: str) -> float:
        return max(size for run, _, _, size in self.runs if text in run)


def read(card: Card, bijeenkomst_id: str | None = None, **options) -> Read:
    chosen = bijeenkomst_id or card.latest_bijeenkomst().id
    return Read(poster_bytes(card, chosen, TEMPLATE, load_template("evaluatiekaart"),
                             **options))


# -- a small card of our own -----------------------------------------------------------------
PEOPLE = [Participant("p1", "Chantal Koç", "Sociaal wijkteam"),
          Participant("p2", "Noël Ağaoğlu", "Woningcorporatie"),
          Participant("p3", "Jan de Vries", "Politie")]


def small_card(entries: dict[Step, list[str]] | None = None) -> Card:
    card = Card(SessionInfo.create("Kaart Zuid", "Team Zuid", "Zuid"))
    for person in PEOPLE:
        card.put(person)
    card.put(Bijeenkomst("b1", 1, date(2026, 3, 2)))
    for step in FILL_ORDER:
        theme = Theme(f"t-{step.value}", step, f"Thema {step.value} één", "b1")
        card.put(theme)
        card.put(Theme(f"u-{step.value}", step, f"Ander thema {step.value}", "b1"))
        card.put(Vote(f"v-{step.value}", "b1", 4, theme=theme.id))
        for index, text in enumerate((entries or {}).get(step, [])):
            card.put(Entry(f"e-{step.value}-{index}", step, text, "b1", "p1", theme.id))
    card.put(Action("a1", ActionScope.INDIVIDUEEL, "Ik bel de huismeester", "b1", "p1"))
    card.put(Action("a2", ActionScope.INDIVIDUEEL, "Ik maak de planning", "b1", "p2"))
    card.put(Action("a3", ActionScope.COLLECTIEF, "Wij lopen samen door de wijk", "b1"))
    card.put(Action("a4", ActionScope.EXTERN, "Gemeente: een budget", "b1",
                    owner_text="De wethouder"))
    return card


# -- the page --------------------------------------------------------------------------------
def test_demo_card_is_one_a3_landscape_page_with_the_five_columns_in_paper_order(
        demo_card) -> None:
    poster = read(demo_card)
    assert len(poster.pages) == 1
    assert poster.size() == pytest.approx(A3, abs=0.5)
    names = [TEMPLATE.step(step).name for step in PAPER_ORDER]
    assert names == ["Acties", "Voorwaarden", "Handelen", "Relaties", "Waarden"]
    xs = [poster.x_of(name) for name in names]
    assert xs == sorted(xs) and len(set(xs)) == 5  # left to right, as on paper
    for step in PAPER_ORDER:
        assert poster.has(TEMPLATE.step(step).question)


def test_every_top_theme_and_every_entry_of_the_demo_card_is_on_it(demo_card) -> None:
    latest = demo_card.latest_bijeenkomst().id
    poster = read(demo_card)
    for step in FILL_ORDER:
        top = step_top(demo_card, step, latest, TEMPLATE.step(step).top_n)
        assert top, step
        for ranked in top:
            assert poster.has(f"{ranked.place}. {candidate_title(ranked.item)}")
    for entry in demo_card.entries.values():
        assert poster.has(entry.text), entry.text
    for theme in demo_card.themes.values():
        assert poster.has(theme.title), theme.title
    assert "Niet alles past" not in poster.text


def test_a4_is_a4_landscape_and_still_one_page(demo_card) -> None:
    poster = read(demo_card, paper="A4")
    assert len(poster.pages) == 1
    assert poster.size() == pytest.approx(A4, abs=0.5)


def test_a_small_card_gets_larger_type_than_a_full_one(demo_card) -> None:
    small = read(small_card())
    full = read(demo_card)
    assert small.size_of("Ander thema waarden") > full.size_of("Andere thema's") + 2
    assert min(size for *_, size in full.runs) >= 7.0 - 0.01  # never below 7 pt


def test_the_top_is_numbered_and_a_shared_place_says_so() -> None:
    card = small_card()
    card.put(Vote("v-tie", "b1", 4, theme="u-waarden"))
    poster = read(card)
    assert poster.has("1. Thema waarden één (gedeelde plaats)")
    assert poster.has("1. Ander thema waarden (gedeelde plaats)")
    assert poster.has("1. Thema relaties één")
    assert poster.has("Ander thema relaties")


def test_step_5_lists_the_actions_per_scope_with_their_owners() -> None:
    poster = read(small_card())
    individual = poster.text.index("Individueel")
    collective = poster.text.index("Collectief")
    external = poster.text.index("Extern")
    assert individual < collective < external
    assert poster.has("Ik bel de huismeester (Chantal Koç)")
    assert poster.has("Gemeente: een budget (De wethouder)")


# -- Dutch names, emoji, long text -----------------------------------------------------------
def test_names_with_diacritics_and_an_emoji_print_correctly() -> None:
    card = small_card({Step.WAARDEN: ["Noël en Chantal Koç zijn blij 😀 met Ağaoğlu ✓",
                                      "Duim omhoog 👍🏽 en een familie 👨‍👩‍👧"]})
    poster = read(card)
    assert poster.has("Noël en Chantal Koç zijn blij 😀 met Ağaoğlu ✓")
    assert poster.has("Ik maak de planning (Noël Ağaoğlu)")
    # No glyph in the font: one box per emoji (sequence), never a gap or a crash.
    assert poster.has("Duim omhoog □ en een familie □")
    assert "□□" not in poster.text and "\u200d" not in poster.raw


def test_decomposed_accents_are_composed_before_printing() -> None:
    card = small_card({Step.RELATIES: ["Noe\u0308l belt"]})
    assert read(card).has("Noël belt")


def test_a_long_text_is_wrapped_over_lines_not_cut() -> None:
    words = " ".join(f"woord{n}" for n in range(220))
    link = "https://www.voorbeeld.nl/" + "heel-lang-pad-" * 12 + "einde"
    poster = read(small_card({Step.HANDELEN: [words, link]}))
    joined = poster.text
    assert words in joined  # every word, in order, none cut off
    lines = [line for line in poster.raw.splitlines() if "woord" in line]
    assert len(lines) >= 10
    # The web address without spaces is broken over lines; all its characters are there.
    assert link in re.sub(r"\s+", "", poster.raw)
    assert link not in poster.raw.splitlines()


def test_an_evaluation_shows_then_and_now() -> None:
    card = small_card()
    card.put(Bijeenkomst("b2", 2, date(2026, 9, 1), evaluation=True))
    card.put(Theme("now", Step.WAARDEN, "We zijn trots op de wijk", "b2"))
    card.put(Vote("v-now", "b2", 3, theme="now"))
    poster = read(card, "b2")
    assert poster.has("Toen (bijeenkomst 1)")
    assert poster.has("1. Thema waarden één")
    assert poster.has("Nu: top 3")
    assert poster.has("1. We zijn trots op de wijk")
    evaluation = load_template("evaluatiekaart")
    assert poster.has(evaluation.step(Step.WAARDEN).question)


# -- anonymous -------------------------------------------------------------------------------
def test_anonymous_has_no_participant_name_in_text_or_metadata(demo_card) -> None:
    for card in (small_card(), demo_card):
        data = poster_bytes(card, card.latest_bijeenkomst().id, TEMPLATE, anonymous=True)
        poster = Read(data)
        everything = poster.text + " ".join(poster.metadata.values())
        for person in card.participants.values():
            if person.name:
                assert person.name not in everything, person.name
        named = read(card)
        assert any(p.name in named.text for p in card.participants.values())
    assert Read(poster_bytes(small_card(), "b1", TEMPLATE, anonymous=True)).has(
        "Ik bel de huismeester (Sociaal wijkteam (C.))")


# -- a very large card -----------------------------------------------------------------------
def test_2000_entries_stay_one_page_with_a_footnote_and_every_top_theme() -> None:
    sys.path.insert(0, str(ROOT))
    from benchmarks.large_session import generate

    card = generate(2000, 60, 10)
    latest = card.latest_bijeenkomst().id
    poster = read(card)
    assert len(poster.pages) == 1
    assert re.search(r"Niet alles past op één vel: [\d.]+ bijdragen", poster.text)
    assert min(size for *_, size in poster.runs) >= 7.0 - 0.01
    for step in FILL_ORDER:
        for ranked in step_top(card, step, latest, TEMPLATE.step(step).top_n):
            assert poster.has(candidate_title(ranked.item))
    assert poster.has("zie het verslag")


# -- writing ---------------------------------------------------------------------------------
def test_export_never_overwrites_and_numbers_the_second_file(demo_card, tmp_path) -> None:
    latest = demo_card.latest_bijeenkomst().id
    first = export_poster(demo_card, latest, tmp_path, "vlinderbuurt")
    before = first.read_bytes()
    second = export_poster(demo_card, latest, tmp_path, "vlinderbuurt")
    assert first.name == "vlinderbuurt-poster-bijeenkomst-2-2026-11-03.pdf"
    assert second.name == "vlinderbuurt-poster-bijeenkomst-2-2026-11-03-2.pdf"
    assert first.read_bytes() == before
    anonymous = export_poster(demo_card, latest, tmp_path, "vlinderbuurt", anonymous=True)
    assert anonymous.name.endswith("-anoniem.pdf")


def test_a_missing_folder_is_refused_in_dutch(demo_card, tmp_path) -> None:
    with pytest.raises(KaartError, match="bestaat niet; de poster is niet gemaakt"):
        export_poster(demo_card, demo_card.latest_bijeenkomst().id, tmp_path / "weg", "x")


def test_an_unwritable_folder_is_refused_in_dutch_and_leaves_nothing(demo_card, tmp_path,
                                                                     monkeypatch) -> None:
    def refuse(path, data):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(poster_module, "write_new", refuse)
    with pytest.raises(KaartError, match="geen schrijfrechten. De sessie is niet veranderd"):
        export_poster(demo_card, demo_card.latest_bijeenkomst().id, tmp_path, "x")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root writes into a read-only folder anyway")
def test_a_read_only_folder_is_refused(demo_card, tmp_path) -> None:
    folder = tmp_path / "alleen-lezen"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(KaartError, match="De poster kon niet worden geschreven"):
            export_poster(demo_card, demo_card.latest_bijeenkomst().id, folder, "x")
    finally:
        folder.chmod(0o700)


def test_unknown_paper_and_bijeenkomst_are_refused(demo_card) -> None:
    with pytest.raises(KaartError, match="kies A3 of A4"):
        poster_bytes(demo_card, demo_card.latest_bijeenkomst().id, TEMPLATE, paper="A0")
    with pytest.raises(KaartError, match="bestaat niet"):
        poster_bytes(demo_card, "b-nope", TEMPLATE)


# -- looked at -------------------------------------------------------------------------------
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_the_demo_poster_renders_to_a_png_artefact(demo_card, tmp_path) -> None:
    """Saved where KAART_ARTEFACTS points (CI keeps it), else in the test's folder."""
    folder = Path(os.environ.get("KAART_ARTEFACTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    pdf = export_poster(demo_card, demo_card.latest_bijeenkomst().id, tmp_path, "demo")
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-singlefile", str(pdf),
                    str(folder / "poster-demo")], check=True, timeout=60)
    png = (folder / "poster-demo.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width == pytest.approx(420 / 25.4 * 40, abs=1)
    assert height == pytest.approx(297 / 25.4 * 40, abs=1)

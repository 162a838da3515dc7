"""The poster from the app: the command palette, a worker thread, a notification with the
path, and the PDF read back."""

from __future__ import annotations

import shutil

from pypdf import PdfReader

from kaart_tui.domain.ranking import candidate_title, step_top
from kaart_tui.domain.steps import Step
from kaart_tui.screens.card import CardScreen
from tests.ui_helpers import demo_app, messages, palette_options, run

SIZE = (120, 40)


async def make_poster(pilot, app, query: str, wanted: str) -> str:
    """Ctrl+P, the poster entry, Enter; the message the worker gave when it was done."""
    texts = await palette_options(pilot, app, query, lambda t: bool(t) and wanted in t[0])
    assert texts and wanted in texts[0], texts
    told = len(app.told)
    await pilot.press("enter")
    for _ in range(200):  # a bound on the wait for the worker, not a timed assertion
        done = [text for _, text in app.told[told:] if text.startswith("Poster geschreven")
                or "poster" in text.lower() and "maken" not in text.lower()]
        if done:
            return done[0]
        await pilot.pause(0.05)
    raise AssertionError(messages(app))


def pdf_text(path) -> tuple[PdfReader, str]:
    reader = PdfReader(path)
    return reader, " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_the_palette_writes_the_poster_of_the_current_bijeenkomst(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, CardScreen)
            told = await make_poster(pilot, app, "poster a3", "Poster maken (A3)")
            assert told.startswith("Poster geschreven: ")
            path = folder.exports_dir / told.removeprefix("Poster geschreven: ").rsplit(
                "/", 1)[-1]
            assert path.exists() and path.parent == folder.exports_dir
            assert "anoniem" not in path.name and path.suffix == ".pdf"
            reader, text = pdf_text(path)
            assert len(reader.pages) == 1
            box = reader.pages[0].mediabox
            assert (round(float(box.width)), round(float(box.height))) == (1191, 842)  # A3
            card, current = app.workshop.card, app.workshop.current_id
            top = step_top(card, Step.WAARDEN, current, 3)
            assert top and all(" ".join(candidate_title(r.item).split()) in text for r in top)
            # a second poster never overwrites the first
            again = await make_poster(pilot, app, "poster a3", "Poster maken (A3)")
            assert again != told and path.exists()
            assert isinstance(app.screen, CardScreen)  # the card stayed usable
    run(inner())


def test_the_anonymous_poster_has_no_participant_name(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            told = await make_poster(pilot, app, "poster anoniem", "Poster maken, anoniem")
            path = folder.exports_dir / told.rsplit("/", 1)[-1]
            assert path.name.endswith("-anoniem.pdf")
            reader, text = pdf_text(path)
            metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
            for person in app.workshop.card.people():
                assert person.name not in text and person.name not in metadata
    run(inner())


def test_a_poster_that_cannot_be_written_is_a_dutch_message_and_changes_nothing(tmp_path):
    async def inner():
        folder, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            shutil.rmtree(folder.exports_dir, ignore_errors=True)
            folder.exports_dir.write_text("geen map")  # exports/ is a file: nothing fits
            before = app.workshop.card.copy()
            told = await make_poster(pilot, app, "poster a3", "Poster maken (A3)")
            assert not told.startswith("Poster geschreven")
            assert told in messages(app, "error")
            assert "exports" in told
            assert app.workshop.card == before
            assert folder.exports_dir.read_text() == "geen map"
    run(inner())

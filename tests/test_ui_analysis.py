"""Labels and the analysis in the app, by keyboard: label themes (suggestions taken with
one key, never silently), rename a label everywhere, and lay two cards side by side."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Static

from kaart_tui.app import KaartApp
from kaart_tui.demo import create_demo
from kaart_tui.domain.labels import add_label, labels_on
from kaart_tui.domain.steps import Step
from kaart_tui.screens.analysis import AnalysisScreen
from kaart_tui.screens.labels import LabelDialog, LabelsScreen
from kaart_tui.store import DataFolder
from kaart_tui.workshop import Workshop


def run(coroutine) -> None:
    asyncio.run(coroutine)


def rendered(widget: Static) -> str:
    from rich.console import Console

    console = Console(width=200, record=True)
    console.print(widget.renderable if hasattr(widget, "renderable") else widget.content)
    return console.export_text()


def two_demo_sessions(tmp_path: Path) -> tuple[DataFolder, list[str]]:
    folder = DataFolder(tmp_path).ensure()
    slugs = []
    for _ in range(2):
        with create_demo(folder) as store:
            slugs.append(store.path.stem)
    folder.labels.update(lambda v: add_label(v, "veiligheid en vertrouwen")[0])
    return folder, slugs


def label_first_theme(folder: DataFolder, slug: str, keys: list[str]):
    """Open a session, press L on Waarden's first theme, type keys, Escape; returns the
    card and the prompts of the Waarden column as shown."""
    async def inner():
        app = KaartApp(folder, Workshop(folder.open(slug)))
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            await pilot.press("L")
            await pilot.pause()
            assert isinstance(app.screen, LabelDialog)
            await pilot.press(*keys)
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            column = app.screen.column(Step.WAARDEN)
            prompts = [o.prompt.plain for o in column.items.options
                       if hasattr(o.prompt, "plain")]
            return app.workshop.card, prompts
    return asyncio.run(inner())


def test_a_suggestion_is_taken_with_one_key_and_never_silently(tmp_path: Path) -> None:
    folder, slugs = two_demo_sessions(tmp_path)
    vocabulary = folder.labels.load()
    # Passing the suggestion (n) leaves the theme without a label.
    card, _ = label_first_theme(folder, slugs[0], ["n"])
    assert labels_on(card, vocabulary, "theme", "t-w1-vertrouwen") == []
    # Taking it (j) puts exactly that label on the theme, on disk too.
    card, prompts = label_first_theme(folder, slugs[0], ["j"])
    assert [lab.name for lab in labels_on(card, vocabulary, "theme", "t-w1-vertrouwen")] == \
        ["veiligheid en vertrouwen"]
    with folder.open(slugs[0], read_only=True) as store:
        assert "theme:t-w1-vertrouwen" in store.load().labelings
    # The card shows it.
    assert any("#veiligheid en vertrouwen" in p for p in prompts)


def test_a_typed_new_label_joins_the_shared_vocabulary(tmp_path: Path) -> None:
    folder, slugs = two_demo_sessions(tmp_path)
    card, _ = label_first_theme(folder, slugs[1], ["n", *"buiten de lijntjes", "enter"])
    vocabulary = folder.labels.load()
    assert vocabulary.by_name("buiten de lijntjes") is not None
    assert [lab.name for lab in labels_on(card, vocabulary, "theme", "t-w1-vertrouwen")] == \
        ["buiten de lijntjes"]


def test_rename_shows_everywhere_and_the_analysis_lays_cards_side_by_side(tmp_path: Path
                                                                          ) -> None:
    folder, slugs = two_demo_sessions(tmp_path)
    label_first_theme(folder, slugs[0], ["j"])
    label_first_theme(folder, slugs[1], ["j"])

    async def inner():
        app = KaartApp(folder, Workshop(folder.open(slugs[0])))
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            # Rename in the label manager.
            app.action_labels()
            await pilot.pause()
            assert isinstance(app.screen, LabelsScreen)
            await pilot.press("r", "ctrl+u", *"veiligheid & vertrouwen", "enter")
            await pilot.pause()
            assert folder.labels.load().labels[0].name == "veiligheid & vertrouwen"
            await pilot.press("escape")
            await pilot.pause()
            # Both cards side by side.
            app.action_analysis()
            await pilot.pause()
            await pilot.press("space", "down", "space", "enter")
            await pilot.pause()
            assert isinstance(app.screen, AnalysisScreen)
            text = rendered(app.screen.query_one("#analysis-content", Static))
            assert "Stap 1: Waarden" in text and "Overstijgende labels" in text
            row = next(line for line in text.splitlines() if "veiligheid & vertrouwen" in line)
            # In both teams, and in the top of both (the demo's waarden top holds that theme).
            assert row.count("top 3") + row.count("genoemd") == 2
            assert "alle teams" in text
    run(inner())

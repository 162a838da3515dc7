"""Helpers shared by the pilot tests: run a coroutine, start the app on the demo, read
what a widget shows, and the notifications the facilitator has seen."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path
from typing import Callable

from rich.console import Console
from textual import events

from kaart_tui.app import KaartApp
from kaart_tui.store import DataFolder


def run(coro):
    return asyncio.run(coro)


def demo_app(tmp_path: Path) -> tuple[DataFolder, KaartApp]:
    """An empty data folder: the app opens the built-in demo session by itself."""
    folder = DataFolder(tmp_path / "data").ensure()
    return folder, KaartApp(folder)


def plain(renderable) -> str:
    """The text of a prompt or Static content (Text, Content, the column's own prompt
    type, or any Rich renderable), wide enough that nothing wraps or is cut."""
    text = getattr(renderable, "plain", None)
    if isinstance(text, str):
        return text
    if isinstance(renderable, str):
        return renderable
    console = Console(width=6000, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def messages(app: KaartApp, severity: str | None = None) -> list[str]:
    """The notifications shown so far (also those a later key took off the screen),
    optionally only those of one severity."""
    return [text for kind, text in app.told if severity is None or kind == severity]


async def type_text(pilot, text: str) -> None:
    await pilot.press(*text)


async def palette_options(pilot, app: KaartApp, query: str,
                          done: Callable[[list[str]], bool]) -> list[str]:
    """Ctrl+P, type ``query``, and the options offered once ``done`` holds for them (the
    palette searches in a worker, so the list fills in after a moment)."""
    from textual.command import CommandList, CommandPalette

    await pilot.press("ctrl+p")
    await pilot.pause()
    assert CommandPalette.is_open(app)
    await type_text(pilot, query)
    results = app.screen.query_one(CommandList)
    texts: list[str] = []
    for _ in range(40):
        await pilot.pause(0.05)
        texts = [plain(results.get_option_at_index(i).prompt)
                 for i in range(results.option_count)]
        if done(texts):
            break
    return texts


def send_at_once(app: KaartApp, keys: list[str]) -> None:
    """Keys as the terminal driver hands them over in one burst (a fast typist, a busy
    moment of the laptop): queued without waiting for the app to handle each."""
    for key in keys:
        named = {" ": "space", "\n": "enter"}.get(key, key)
        event = events.Key(named, key if len(key) == 1 and key != "\n" else None)
        event.set_sender(app)
        app._driver.send_message(event)

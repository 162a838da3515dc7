"""Start-up until the card stops changing, and how many list items the app wrapped again
after its first frame (a late scrollbar narrows a list and re-wraps all of it)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.terminal import Terminal

QUIET = 0.5  # seconds without any output: the screen has settled


def settled_startup(argv: list[str], env: dict[str, str], tokens: tuple[bytes, ...],
                    counts: Path) -> tuple[float, float, int]:
    """(seconds to the drawn card, seconds to the settled screen, items re-wrapped after
    the first frame). The app writes that count to ``counts`` (KAART_COUNT_REWRAPS)."""
    counts.unlink(missing_ok=True)
    terminal = Terminal(argv, {**env, "KAART_COUNT_REWRAPS": str(counts)})
    try:
        drawn = max(terminal.wait_for(token, timeout=60) for token in tokens)
        settled = terminal.settled(QUIET)
        rewraps = int(counts.read_text()) if counts.exists() else 0
        return drawn - terminal.started, settled - terminal.started, rewraps
    finally:
        terminal.close()


def first_frame(argv: list[str], env: dict[str, str], token: bytes) -> float:
    terminal = Terminal(argv, env)
    try:
        return terminal.wait_for(token) - terminal.started
    finally:
        terminal.close()


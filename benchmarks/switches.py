"""Memory after opening sessions one after another in one app, against after the first.

    python benchmarks/switches.py DATA_DIR SESSIE SESSIE ...

Runs in a process of its own (run.py starts it), the app headless under Textual's test
pilot, so that the resident memory it prints is this app's alone. A session that stays
behind after the next one is opened grows the app by a card each time.
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
from pathlib import Path


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def switches(data_dir: Path, slugs: list[str]) -> tuple[list[float], list[int]]:
    from kaart_tui.app import KaartApp
    from kaart_tui.store import DataFolder

    app = KaartApp(DataFolder(data_dir).ensure())
    after: list[float] = []
    # Beside the memory, the live objects: a session left behind adds some 32,000; a heap
    # that only holds on to freed memory (pymalloc keeps an arena while any object in it
    # lives) does not add any.
    objects: list[int] = []
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        for slug in slugs:
            app.action_switch_session()
            await pilot.pause()
            app.open_session(slug)
            await pilot.pause()
            await pilot.pause(0.3)  # the card drawn, its idle work done
            gc.collect()
            after.append(resident_mb())
            objects.append(len(gc.get_objects()))
    return after, objects


def main() -> None:
    data_dir, slugs = Path(sys.argv[1]), sys.argv[2:]
    after, objects = asyncio.run(switches(data_dir, slugs))
    print(json.dumps({"after_mb": after, "objects": objects}))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()

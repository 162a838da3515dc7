"""kaart demo: the built-in demo session."""

from __future__ import annotations

import argparse

from kaart_tui.demo import create_demo, find_demo
from kaart_tui.store import DataFolder


def register(commands: argparse._SubParsersAction) -> None:
    demo = commands.add_parser("demo", help="maak de ingebouwde demosessie (een ingevulde kaart)")
    demo.add_argument("--opnieuw", action="store_true",
                      help="maak een nieuwe demosessie, ook als er al een is")
    demo.set_defaults(handler=make_demo)


def make_demo(folder: DataFolder, args: argparse.Namespace) -> int:
    existing = find_demo(folder)
    if existing and not args.opnieuw:
        print(f"De demosessie bestaat al: {existing}. Open haar met 'kaart open {existing}' "
              "(of maak een nieuwe met 'kaart demo --opnieuw').")
        return 0
    with create_demo(folder) as store:
        print(f"Demosessie aangemaakt: {store.path}")
        print(f"Open haar met: kaart open {store.path.stem}")
    return 0

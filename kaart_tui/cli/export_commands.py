"""kaart export: the Word verslag of a bijeenkomst."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from kaart_tui.store import DataFolder


def register(commands: argparse._SubParsersAction) -> None:
    exporter = commands.add_parser("export", help="maak het Word-verslag van een bijeenkomst")
    exporter.add_argument("sessie", metavar="SESSIE")
    exporter.add_argument("--bijeenkomst", type=int, metavar="N",
                          help="nummer van de bijeenkomst (standaard: de laatste)")
    exporter.add_argument("-o", "--uitvoer", metavar="PAD",
                          help="bestand of map (standaard: exports/); een bestaand bestand "
                               "wordt nooit overschreven")
    exporter.add_argument("--anoniem", action="store_true",
                          help="geen namen van deelnemers: organisatie en voorletter")
    exporter.set_defaults(handler=export)


def export(folder: DataFolder, args: argparse.Namespace) -> int:
    # Imported here: python-docx costs ~90 ms, which every start of the app would pay.
    from kaart_tui.export.run import export_verslag_report

    # Read-only: a verslag can be made while the app has the session open.
    with folder.open(args.sessie, read_only=True) as store:
        card = store.load()
        slug = store.name
    output = Path(args.uitvoer) if args.uitvoer else None
    if output is None:
        folder.ensure()
    # "map/" names a folder even when it does not exist yet (Path() drops the slash).
    wants_folder = bool(args.uitvoer) and args.uitvoer.endswith(("/", os.sep))
    result = export_verslag_report(card, slug, folder.exports_dir, folder.templates_dir,
                                   args.bijeenkomst, output, args.anoniem,
                                   into_folder=wants_folder)
    # The first line names the file; with --anoniem the next say what to check.
    print("\n".join(result.messages()))
    return 0

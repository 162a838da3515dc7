"""kaart analyse: several teams' cards side by side, as a Word document and a CSV."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from kaart_tui.store import DataFolder


def register(commands: argparse._SubParsersAction) -> None:
    analyser = commands.add_parser(
        "analyse", help="leg de kaarten van twee of meer sessies naast elkaar (Word en CSV)")
    analyser.add_argument("sessies", metavar="SESSIE", nargs="+",
                          help="twee of meer sessies (naam, bestandsnaam of titel)")
    analyser.add_argument("-o", "--uitvoer", metavar="PAD",
                          help="map of bestandsnaam zonder extensie (standaard: "
                               "exports/analyse-<datum>); een bestaand bestand wordt nooit "
                               "overschreven")
    analyser.set_defaults(handler=analyse)


def analyse(folder: DataFolder, args: argparse.Namespace) -> int:
    from kaart_tui.teams import write_team_analysis

    output = Path(args.uitvoer) if args.uitvoer else None
    if output is None and folder.sessions_dir.is_dir():
        folder.ensure()
    # "map/" names a folder even when it does not exist yet (Path() drops the slash).
    wants_folder = bool(args.uitvoer) and args.uitvoer.endswith(("/", os.sep))
    docx_path, csv_path = write_team_analysis(folder, args.sessies, output,
                                              into_folder=wants_folder)
    print(f"Analyse geschreven: {docx_path}")
    print(f"Tabel voor een spreadsheet: {csv_path}")
    return 0

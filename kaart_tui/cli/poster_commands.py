"""kaart poster: the filled card as a one-page PDF to print and hang on the wall."""

from __future__ import annotations

import argparse
from pathlib import Path

from kaart_tui.store import DataFolder


def register(commands: argparse._SubParsersAction) -> None:
    poster = commands.add_parser("poster", help="maak de ingevulde kaart als poster (PDF, A3)")
    poster.add_argument("sessie", metavar="SESSIE")
    poster.add_argument("-b", "--bijeenkomst", type=int, metavar="N",
                        help="nummer van de bijeenkomst (standaard: de laatste)")
    poster.add_argument("-o", "--uitvoer", metavar="MAP",
                        help="map voor de poster (standaard: exports/); een bestaand bestand "
                             "wordt nooit overschreven")
    poster.add_argument("--formaat", choices=("A3", "A4"), default="A3", type=str.upper,
                        help="papierformaat, liggend (standaard: A3)")
    poster.add_argument("--anoniem", action="store_true",
                        help="geen namen van deelnemers: organisatie en voorletter")
    poster.set_defaults(handler=make_poster)


def make_poster(folder: DataFolder, args: argparse.Namespace) -> int:
    # Imported here: fpdf2 costs ~0.2 s, which every start of the app would pay.
    from kaart_tui.export.poster import choose_bijeenkomst, export_poster

    # Read-only: a poster can be made while the app has the session open.
    with folder.open(args.sessie, read_only=True) as store:
        card = store.load()
        slug = store.name
    if args.uitvoer:
        target = Path(args.uitvoer)
    else:
        folder.ensure()
        target = folder.exports_dir
    bijeenkomst_id = choose_bijeenkomst(card, args.bijeenkomst)
    path = export_poster(card, bijeenkomst_id, target, slug, folder.templates_dir,
                         args.formaat, args.anoniem)
    print(f"Poster geschreven: {path}")
    return 0

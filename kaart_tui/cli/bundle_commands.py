"""kaart import, kaart bundel: the kaart-bundle exchange format on the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from kaart_tui.bundle import bundle_text, read_bundle
from kaart_tui.store import DataFolder, StoreError
from kaart_tui.store.atomic import atomic_write, describe_os_error, unused_path


def register(commands: argparse._SubParsersAction) -> None:
    importer = commands.add_parser("import", help="maak een sessie uit een kaart-bundle (.json)")
    importer.add_argument("bestand", metavar="BUNDLE.json", type=Path)
    importer.set_defaults(handler=import_bundle)

    exporter = commands.add_parser("bundel", help="schrijf een sessie als kaart-bundle (.json)")
    exporter.add_argument("sessie", metavar="SESSIE")
    exporter.add_argument("-o", "--uitvoer", metavar="FILE.json", type=Path,
                          help="doelbestand (standaard exports/<sessie>.json); een bestaand "
                               "bestand wordt nooit overschreven")
    exporter.set_defaults(handler=write_bundle)


def import_bundle(folder: DataFolder, args: argparse.Namespace) -> int:
    card = read_bundle(args.bestand)  # checked completely before anything is written
    with folder.create(card) as store:
        print(f"Sessie '{card.session.title}' geïmporteerd: {store.path} "
              f"({len(card.participants)} deelnemers, {len(card.entries)} bijdragen).")
    return 0


def write_bundle(folder: DataFolder, args: argparse.Namespace) -> int:
    # Read-only: making a backup bundle must work while the app has the session open.
    with folder.open(args.sessie, read_only=True) as store:
        card = store.load()
        requested = args.uitvoer or folder.exports_dir / f"{store.path.stem}.json"
    target = unused_path(requested)
    if not target.parent.is_dir():
        raise StoreError(f"De map {target.parent} bestaat niet.")
    try:
        atomic_write(target, bundle_text(card).encode("utf-8"))
    except OSError as error:
        raise StoreError(f"De bundle kon niet worden geschreven naar {target}: "
                         f"{describe_os_error(error)}.") from None
    note = f" ({requested} bestond al)" if target != requested else ""
    print(f"Bundle geschreven: {target}{note}")
    return 0

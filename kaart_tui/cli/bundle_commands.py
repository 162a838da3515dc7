"""kaart import, kaart bundel: the kaart-bundle exchange format on the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from kaart_tui.bundle import bundle_text, read_bundle_file
from kaart_tui.domain.labels import relabelled, take_in, used_labels
from kaart_tui.errors import describe_os_error
from kaart_tui.safe_files import write_new
from kaart_tui.store import DataFolder, StoreError


def register(commands: argparse._SubParsersAction) -> None:
    importer = commands.add_parser("import", help="maak een sessie uit een kaart-bundle (.json)")
    importer.add_argument("bestand", metavar="BUNDLE.json", type=Path)
    importer.set_defaults(handler=import_bundle)

    exporter = commands.add_parser("bundel", help="schrijf een sessie als kaart-bundle (.json)")
    exporter.add_argument("sessie", metavar="SESSIE")
    exporter.add_argument("-o", "--uitvoer", metavar="PAD", type=Path,
                          help="bestand of map (standaard exports/<sessie>.json); een bestaand "
                               "bestand wordt nooit overschreven")
    exporter.set_defaults(handler=write_bundle)


def import_bundle(folder: DataFolder, args: argparse.Namespace) -> int:
    bundle = read_bundle_file(args.bestand)  # checked completely before anything is written
    card = bundle.card
    conflicts: list[str] = []
    if bundle.labels:
        mapping: dict[str, str] = {}

        def merged(vocabulary):
            nonlocal mapping, conflicts
            vocabulary, mapping, conflicts = take_in(vocabulary, bundle.labels)
            return vocabulary

        folder.ensure()
        vocabulary = folder.labels.update(merged)
        card = relabelled(card, mapping, vocabulary)
    with folder.create(card) as store:
        print(f"Sessie '{card.session.title}' geïmporteerd: sessions/{store.name}.json "
              f"({len(card.people())} deelnemers, {len(card.entries)} bijdragen, "
              f"{len(bundle.labels)} labels).")
    if card.waiting:  # not on the card yet: the facilitator takes them over in the room
        print(f"{len(card.waiting)} bijdrage(n) van telefoons wacht(en) nog in de wachtrij; "
              "open de sessie en de zaal (Z) om ze over te nemen.")
    for conflict in conflicts:
        print(f"Let op: {conflict}; de naam van deze datamap is aangehouden.")
    if bundle.missing:
        print(f"Dit is een bundle van versie {bundle.version}; daarin staan niet: "
              f"{', '.join(bundle.missing)}. Die zijn er in de nieuwe sessie dus ook niet.")
    return 0


def write_bundle(folder: DataFolder, args: argparse.Namespace) -> int:
    # Read-only: making a backup bundle must work while the app has the session open.
    with folder.open(args.sessie, read_only=True) as store:
        card = store.load()
        name = f"{store.name}.json"
    labels = used_labels(card, folder.labels.load()) if card.labelings else ()
    requested = args.uitvoer
    if requested is None:
        folder.ensure()
        requested = folder.exports_dir / name
    elif requested.is_dir():
        requested = requested / name
    if not requested.parent.is_dir():
        raise StoreError(f"De map {requested.parent} bestaat niet; er is niets geschreven.")
    try:
        target = write_new(requested, bundle_text(card, labels).encode("utf-8"))
    except OSError as error:
        raise StoreError(f"De bundle kon niet worden geschreven naar {requested}: "
                         f"{describe_os_error(error)}.") from None
    note = f" ({requested} bestond al)" if target != requested else ""
    print(f"Bundle geschreven: {target}{note}")
    return 0

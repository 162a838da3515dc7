"""kaart (open), nieuw, lijst, herstel."""

from __future__ import annotations

import argparse

from kaart_tui.cli.output import tell
from kaart_tui.domain.model import TEMPLATES, Card, SessionInfo
from kaart_tui.errors import KaartError
from kaart_tui.store import DataFolder


def register(commands: argparse._SubParsersAction) -> None:
    opener = commands.add_parser("open", help="open een sessie in de app")
    opener.add_argument("sessie", metavar="SESSIE", help="naam (slug) of titel van de sessie")
    opener.add_argument("--zaal", action="store_true",
                        help="de zaal doet mee: deelnemers stemmen en schrijven met hun "
                             "telefoon, zonder internet")
    opener.add_argument("--adres", metavar="IP",
                        help="het netwerk van de zaal (standaard: het eerste netwerk van "
                             "deze laptop)")
    opener.add_argument("--poort", type=int, metavar="N", default=0,
                        help="de poort (standaard: een vrije poort)")
    opener.set_defaults(handler=start_app)

    new = commands.add_parser("nieuw", help="maak een nieuwe sessie")
    new.add_argument("titel", metavar="TITEL")
    new.add_argument("--team", required=True, help="naam van het team")
    new.add_argument("--wijk", help="wijk of gebied")
    new.add_argument("--begeleider", action="append", default=[], metavar="NAAM",
                     help="procesbegeleider (mag vaker)")
    new.add_argument("--opdrachtgever", help="bijvoorbeeld de gemeente")
    new.add_argument("--sjabloon", choices=TEMPLATES, default="partnerschapskaart",
                     help="kaartsjabloon (standaard: partnerschapskaart)")
    new.set_defaults(handler=create_session)

    listing = commands.add_parser("lijst", help="toon de sessies in de datamap")
    listing.set_defaults(handler=list_sessions)

    restore = commands.add_parser(
        "herstel", help="zet de reservekopie van een beschadigde sessie terug")
    restore.add_argument("sessie", metavar="SESSIE")
    restore.add_argument("--forceer", action="store_true",
                         help="ook als de sessie niet beschadigd is (de laatste wijziging "
                              "gaat dan verloren; kaart zegt eerst welke)")
    restore.set_defaults(handler=restore_session)


def create_session(folder: DataFolder, args: argparse.Namespace) -> int:
    info = SessionInfo.create(args.titel, args.team, args.wijk, args.begeleider,
                              args.opdrachtgever, args.sjabloon)
    with folder.create(Card(info)) as store:
        print(f"Sessie '{info.title}' aangemaakt: {store.path}")
        print(f"Open haar met: kaart open {store.path.stem}")
    return 0


def list_sessions(folder: DataFolder, args: argparse.Namespace) -> int:
    listings = folder.list_sessions()
    if not listings:
        print(f"Nog geen sessies in {folder.sessions_dir}. Maak er een met 'kaart nieuw' "
              "of bekijk de demo met 'kaart demo'.")
        return 0
    tell(f"Sessies in {folder.sessions_dir}:")
    width = max(len(s.slug) for s in listings)
    for s in listings:
        changed = s.modified.strftime("%d-%m-%Y %H:%M")
        if s.problem:  # may quote what the damaged file holds, a lone surrogate too
            tell(f"  {s.slug:<{width}}  ONLEESBAAR: {s.problem}")
        else:
            count = s.bijeenkomsten
            meetings = f"{count} bijeenkomst" if count == 1 else f"{count} bijeenkomsten"
            tell(f"  {s.slug:<{width}}  {s.title} ({s.team}), {meetings}, "
                 f"gewijzigd {changed}")
    return 0


def restore_session(folder: DataFolder, args: argparse.Namespace) -> int:
    restored, kept, lost = folder.restore_backup(args.sessie, force=args.forceer)
    if lost:
        print(f"Verloren met het terugzetten: {lost}.")
    print(f"Reservekopie teruggezet in {restored}.")
    if kept is not None:
        print(f"Het vervangen bestand is bewaard als {kept}.")
    return 0


def start_app(folder: DataFolder, args: argparse.Namespace) -> int:
    from kaart_tui.app import run_app  # Textual loads only when the app is wanted

    name = getattr(args, "sessie", None)
    if name is None:
        folder.ensure()  # the picker or the demo works in it
    room = getattr(args, "zaal", False)
    address, port = getattr(args, "adres", None), getattr(args, "poort", 0)
    if not room and (address or port):
        raise KaartError("--adres en --poort horen bij --zaal: kaart open SESSIE --zaal "
                         "--adres IP.")
    if not 0 <= port <= 65535:
        raise KaartError(f"De poort {port} bestaat niet; kies 1024-65535 of laat hem weg.")
    return run_app(folder, name, room=room, room_address=address, room_port=port)

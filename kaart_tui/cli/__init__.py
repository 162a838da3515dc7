"""The ``kaart`` command line: Dutch messages, exit 0 on success, 1 on a user error.

A user error (bad input, unknown session, locked or damaged file) prints one line starting
with "kaart:" and never a traceback. One module per noun holds the commands.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from typing import Sequence

from kaart_tui import __version__
from kaart_tui.cli import (
    analysis_commands,
    bundle_commands,
    demo_commands,
    export_commands,
    poster_commands,
    session_commands,
)
from kaart_tui.cli.output import say
from kaart_tui.errors import KaartError
from kaart_tui.store import DataFolder

# argparse speaks English; its few messages a user can trigger are translated here.
_ARGPARSE_DUTCH = [
    (r"the following arguments are required: (.*)", r"deze argumenten ontbreken: \1"),
    (r"unrecognized arguments: (.*)", r"onbekende argumenten: \1"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
     r"\1: ongeldige keuze \2 (kies uit \3)"),
    (r"argument (\S+): expected one argument", r"\1 heeft een waarde nodig"),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"\1: ongeldige waarde \3"),
]


class _DutchHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[override]
        # argparse passes "" (not None) when it builds a subcommand's name: keep that.
        return super().add_usage(usage, actions, groups,
                                 prefix if prefix is not None else "gebruik: ")


class DutchArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _DutchHelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        self.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")

    def error(self, message: str) -> None:  # type: ignore[override]
        for pattern, dutch in _ARGPARSE_DUTCH:
            message = re.sub(pattern, dutch, message)
        print(f"kaart: {message} (zie 'kaart --help')", file=sys.stderr)
        raise SystemExit(1)


def build_parser() -> DutchArgumentParser:
    parser = DutchArgumentParser(
        prog="kaart",
        description="De Partnerschapskaart in de terminal: sessies, bijeenkomsten en verslagen, "
                    "zonder internet.",
    )
    parser.add_argument("--versie", action="version", version=f"kaart {__version__}",
                        help="toon het versienummer")
    parser.add_argument("--data-dir", metavar="MAP",
                        help="map met sessions/ en exports/ (standaard: $KAART_DATA_DIR, "
                             "anders de huidige map)")
    commands = parser.add_subparsers(dest="command", metavar="OPDRACHT",
                                     parser_class=DutchArgumentParser)
    session_commands.register(commands)
    bundle_commands.register(commands)
    demo_commands.register(commands)
    export_commands.register(commands)
    poster_commands.register(commands)
    analysis_commands.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        # Folders are made by what writes into them: a refused command leaves no trace.
        folder = DataFolder.from_settings(args.data_dir)
        folder.sweep()
        handler = getattr(args, "handler", session_commands.start_app)
        return handler(folder, args) or 0
    except KaartError as error:
        say(f"kaart: {error.message}")
        return 1
    except KeyboardInterrupt:
        say("kaart: afgebroken.")
        return 1
    except BrokenPipeError:
        # `kaart lijst | head -1`: the reader has what it wanted. Python would report the
        # closed pipe again when it flushes stdout at exit; point stdout at nothing first.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0

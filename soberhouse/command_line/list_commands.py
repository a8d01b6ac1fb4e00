"""``soberhouse print-list``: the house lists as PDF, without a display.

    soberhouse print-list sign-in --house "Maple House" --output sign-in.pdf
    soberhouse print-list sign-in --house "Maple House" --date 2026-11-23 --output next.pdf
    soberhouse print-list roster --house "Maple House" --output roster.pdf
    soberhouse print-list emergency-contacts --house "Maple House" --output contacts/

Exit codes: 0 written; 2 a usage problem: an unknown house, a date that is
not one, a house without a meeting coming (for the sign-in sheet), a file
that can't be written (cli.run turns a NotFound or OSError into 2); 3 the
data can't be opened (:mod:`soberhouse.command_line.opening`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from soberhouse.command_line.opening import USAGE_PROBLEM, open_database
from soberhouse.command_line.report_commands import note_saved_pdf
from soberhouse.house_lists import ListKind

EPILOG = ("Exit codes: 0 written; 2 an unknown house, a date that is not one, no house "
          "meeting coming (sign-in), or a file that can't be written; 3 the data can't be "
          "opened (damaged, not Soberhouse's, busy, the server unreachable).")


def add_commands(commands: Any) -> None:
    """Add ``print-list`` to the ``soberhouse`` parser's subcommands."""
    kinds = "; ".join(f"{kind.value}: {kind.description.lower()}" for kind in ListKind)
    command = commands.add_parser(
        "print-list", help="write a house list (sign-in sheet, roster, emergency contacts) "
                           "as PDF",
        description=f"Write one of the lists a house keeps on paper as a PDF, with the "
                    f"house name and date on every page and the confidentiality notice of "
                    f"the report settings. The lists: {kinds}.",
        epilog=EPILOG)
    command.add_argument("kind", choices=[kind.value for kind in ListKind], metavar="LIST",
                         help="sign-in, roster or emergency-contacts")
    command.add_argument("--house", metavar="NAME", required=True, help="the house's name")
    command.add_argument("--date", metavar="YYYY-MM-DD",
                         help="sign-in: the first house meeting on or after this day "
                              "(default: the next one from today); roster and contacts: "
                              "the date printed (default: today)")
    command.add_argument("--output", "--out", dest="output", metavar="PATH", type=Path,
                         required=True,
                         help="the PDF to write, or a folder (the file gets its usual name)")
    command.set_defaults(handler=write_list)


def write_list(args: argparse.Namespace) -> int:
    import datetime as dt

    from soberhouse.house_lists import house_list
    from soberhouse.houses import find_house
    from soberhouse.reports.pdf.house_lists import printed_list_pdf
    from soberhouse.reports.settings import report_settings

    on = None
    if args.date:
        try:
            on = dt.date.fromisoformat(args.date.strip())
        except ValueError:
            print(f'soberhouse: --date "{args.date}" is not a date: write it like 2026-11-16.',
                  file=sys.stderr)
            return USAGE_PROBLEM
    open_database(args)
    house = find_house(args.house)
    printed = house_list(args.kind, house.id, on)
    out: Path = args.output
    if out.is_dir():
        target = out / printed.file_name
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        target = out
    pages = printed_list_pdf(printed, report_settings(), target)
    note_saved_pdf(target, printed.title)
    rows = sum(len(part.rows) for part in printed.parts)
    print(f"{house.name}: wrote the {printed.kind.lower()} for {printed.dated} "
          f"({rows} {'resident' if rows == 1 else 'residents'}, "
          f"{pages} {'page' if pages == 1 else 'pages'}) to {target}.")
    return 0

"""``soberhouse import|export outside-meetings`` and ``import|export roll-calls``.

The same exit codes and messages as ``import residents``
(:mod:`soberhouse.command_line.opening`): 0 done; 1 lines with problems,
nothing imported; 2 a usage or file problem; 3 the data can't be opened or
written.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, cast

from soberhouse.command_line.opening import EXIT_CODES_HELP, USAGE_PROBLEM, open_database
from soberhouse.command_line.residents_commands import (
    add_import_arguments,
    file_exists,
    file_kinds,
    run_import,
)
from soberhouse.csv_reading import DateOrder, UnreadableDate, parse_date

_KINDS = {
    "outside-meetings": ("outside meetings", "outside meeting", "outside meetings",
                         "Resident, Date, Fellowship, and optionally House, Meeting name, "
                         "Type, Verified, Verified by"),
    "roll-calls": ("house meeting roll calls", "roll-call mark", "roll-call marks",
                   "House, Date, Resident, Status (present, late, excused, unexcused or "
                   "P, L, E, U), and optionally Time, Kind, Reason (needed for excused)"),
}


def add_commands(commands: Any) -> None:
    """Add this module's subcommands to the ``soberhouse`` parser."""
    for kind, (what, _, _, columns) in _KINDS.items():
        importing = file_kinds(commands, "import").add_parser(
            kind, help=f"import {what} from a spreadsheet saved as CSV",
            description=f"Import {what} from a CSV file (UTF-8, commas or semicolons, a "
                        f"first line naming the columns: {columns}). Nothing is imported "
                        f"unless every line is good, or --skip-bad is given.",
            epilog=EXIT_CODES_HELP)
        add_import_arguments(importing)
        importing.set_defaults(handler=import_file, kind=kind)

        exporting = file_kinds(commands, "export").add_parser(
            kind, help=f"export {what} to a CSV file (UTF-8, opens in Excel)",
            description=f"Export {what} to a CSV file that 'soberhouse import {kind}' "
                        f"reads back.")
        exporting.add_argument("file", metavar="FILE", type=Path,
                               help="the CSV file to write")
        exporting.add_argument("--house", metavar="NAME", help="only this house")
        exporting.add_argument("--from", dest="start", metavar="DATE",
                               help="from this date (2026-10-01), included")
        exporting.add_argument("--to", dest="end", metavar="DATE",
                               help="up to this date (2026-10-31), included")
        exporting.set_defaults(handler=export_file, kind=kind)


def import_file(args: argparse.Namespace) -> int:
    from soberhouse.outside_meetings_csv import apply_outside_meetings, read_outside_meetings_csv
    from soberhouse.roll_calls_csv import apply_roll_calls, read_roll_calls_csv

    if not file_exists(args.file):
        return USAGE_PROBLEM
    open_database(args, writes=not args.dry_run)
    order = cast(DateOrder, args.date_order)
    _, one, many, _ = _KINDS[args.kind]
    if args.kind == "outside-meetings":
        return run_import(args, read_outside_meetings_csv(args.file, order),
                          apply_outside_meetings, (one, many))
    return run_import(args, read_roll_calls_csv(args.file, order), apply_roll_calls,
                      (one, many))


def export_file(args: argparse.Namespace) -> int:
    import sys

    from soberhouse.houses import find_house
    from soberhouse.outside_meetings_csv import export_outside_meetings
    from soberhouse.roll_calls_csv import export_roll_calls

    try:
        start = parse_date(args.start, "ymd") if args.start else None
        end = parse_date(args.end, "ymd") if args.end else None
    except UnreadableDate as reason:
        print(f"soberhouse: --from/--to {reason}", file=sys.stderr)
        return USAGE_PROBLEM
    open_database(args)
    house_id = find_house(args.house).id if args.house else None
    write = export_outside_meetings if args.kind == "outside-meetings" else export_roll_calls
    count = write(args.file, house_id, start, end)
    _, one, many, _ = _KINDS[args.kind]
    print(f"Exported {count} {one if count == 1 else many} to {args.file}.")
    return 0

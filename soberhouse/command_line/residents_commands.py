"""``soberhouse import residents``, ``export residents`` and ``demo``.

Exit codes (:mod:`soberhouse.command_line.opening`): 0 done; 1 lines with
problems, nothing imported; 2 a usage or file problem (cli.run turns a
RuleViolation, NotFound or OSError into 2); 3 the data can't be opened or
written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Protocol, cast

from soberhouse import database
from soberhouse.command_line.opening import (
    EXIT_CODES_HELP,
    LINES_WITH_PROBLEMS,
    USAGE_PROBLEM,
    open_database,
)
from soberhouse.csv_reading import DATE_ORDER_EXAMPLES, DateOrder

__all__ = ["LINES_WITH_PROBLEMS", "USAGE_PROBLEM", "add_commands", "add_import_arguments",
           "file_exists", "file_kinds", "run_import"]


def file_kinds(commands: Any, command: str) -> Any:
    """The WHAT subparsers of ``soberhouse import`` (or ``export``), made on first
    ask: each kind of file adds its own parser to them."""
    kinds = getattr(commands, "file_kinds", None)
    if kinds is None:
        kinds = commands.file_kinds = {}
    if command not in kinds:
        parser = commands.add_parser(
            command, help=f"{command} records {'from' if command == 'import' else 'to'} "
                          f"a CSV file")
        kinds[command] = parser.add_subparsers(dest="what", metavar="WHAT", required=True)
    return kinds[command]


def add_import_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE, --date-order, --skip-bad and --dry-run: what every import takes."""
    parser.add_argument("file", metavar="FILE", type=Path, help="the CSV file")
    orders = ", ".join(f"{code} = {example}" for code, example in DATE_ORDER_EXAMPLES.items())
    parser.add_argument("--date-order", choices=list(DATE_ORDER_EXAMPLES), default="ymd",
                        help=f"how the file writes dates ({orders}); default ymd")
    parser.add_argument("--skip-bad", action="store_true",
                        help="import the good lines and leave out the lines with problems")
    parser.add_argument("--dry-run", action="store_true",
                        help="only check the file: show what would be imported")


def add_commands(commands: Any) -> None:
    """Register the subcommands on the ``soberhouse`` parser's subparsers."""
    residents = file_kinds(commands, "import").add_parser(
        "residents", help="import residents from a spreadsheet saved as CSV",
        description="Import residents from a CSV file (UTF-8, commas or semicolons, a "
                    "first line naming the columns). Nothing is imported unless every "
                    "line is good, or --skip-bad is given.",
        epilog=EXIT_CODES_HELP)
    add_import_arguments(residents)
    residents.add_argument("--house", metavar="NAME",
                           help="the house for a file without a House column")
    residents.add_argument("--create-houses", action="store_true",
                           help="create the houses the file names that are not set up yet "
                                "(a bed for each of their residents, the usual tiers)")
    residents.set_defaults(handler=import_residents)

    export = file_kinds(commands, "export").add_parser(
        "residents", help="export every resident to a CSV file (UTF-8, opens in Excel)")
    export.add_argument("file", metavar="FILE", type=Path, help="the CSV file to write")
    export.set_defaults(handler=export_residents)

    demo = commands.add_parser(
        "demo", help="fill an empty database with made-up demo houses and residents",
        description="Fill an empty database with two made-up houses, about 25 residents "
                    "and several months of history, e.g. "
                    "'soberhouse --database demo.sqlite3 demo'.")
    demo.add_argument("--seed", type=int, default=2026,
                      help="the same seed gives the same demo (default 2026)")
    demo.set_defaults(handler=fill_demo)


def import_residents(args: argparse.Namespace) -> int:
    from soberhouse.houses import find_house
    from soberhouse.residents_csv import apply_import, read_residents_csv

    if not file_exists(args.file):
        return USAGE_PROBLEM
    open_database(args, writes=not args.dry_run)
    default_house = find_house(args.house) if args.house else None
    preview = read_residents_csv(args.file, cast(DateOrder, args.date_order), default_house,
                                 create_missing_houses=args.create_houses)
    notes = [house.description() for house in preview.houses_to_create]
    return run_import(args, preview, apply_import, ("resident", "residents"), notes)


class FilePreview(Protocol):
    """What :func:`run_import` reads of any import's preview."""

    rows: Any
    unknown_columns: tuple[str, ...]

    @property
    def good_rows(self) -> list[Any]: ...

    @property
    def bad_rows(self) -> list[Any]: ...

    @property
    def summary(self) -> str: ...

    def messages(self) -> list[str]: ...


def file_exists(file: Path) -> bool:
    if not file.is_file():
        print(f"soberhouse: there is no file {file}", file=sys.stderr)
        return False
    return True


def run_import(args: argparse.Namespace, preview: Any, apply: Any,
               noun: tuple[str, str], notes: list[str] | None = None) -> int:
    """Print what the preview found; import it (``apply(preview, skip_bad=...)``)
    unless it has bad lines and --skip-bad is not given, or --dry-run."""
    checked = cast(FilePreview, preview)
    print(f"{args.file.name}: {len(checked.rows)} lines read, {checked.summary}.")
    for note in notes or ():
        print(note)
    if checked.unknown_columns:
        print("Columns not imported: " + ", ".join(checked.unknown_columns))
    for message in checked.messages():
        print(message)
    bad = len(checked.bad_rows)
    if bad and not args.skip_bad:
        print(f"Nothing was imported: fix the {'line' if bad == 1 else f'{bad} lines'} above, "
              f"or use --skip-bad to import the {len(checked.good_rows)} good ones.",
              file=sys.stderr)
        return LINES_WITH_PROBLEMS
    if args.dry_run:
        print(f"Dry run: nothing was imported ({len(checked.good_rows)} would be).")
        return 0
    imported = apply(preview, skip_bad=args.skip_bad)
    skipped = f", {bad} lines with problems left out" if bad else ""
    print(f"Imported {imported} {noun[0] if imported == 1 else noun[1]}{skipped}.")
    return 0


def export_residents(args: argparse.Namespace) -> int:
    from soberhouse.residents_csv import export_residents as write_csv

    open_database(args)
    count = write_csv(args.file)
    print(f"Exported {count} {'resident' if count == 1 else 'residents'} to {args.file}.")
    return 0


def fill_demo(args: argparse.Namespace) -> int:
    from soberhouse.demo import fill_demo_database
    from soberhouse.houses import list_houses

    target = database.resolve_target(args.database)
    open_database(args, writes=True)
    if list_houses():
        print(f"soberhouse: {database.describe(target)} already has houses: the demo only "
              f"fills an empty database. Choose a new file with --database, e.g. "
              f"soberhouse --database demo.sqlite3 demo", file=sys.stderr)
        return USAGE_PROBLEM
    summary = fill_demo_database(seed=args.seed)
    print(f"Demo data written to {database.describe(target)}: {summary.houses} houses, "
          f"{summary.residents} residents.")
    return 0

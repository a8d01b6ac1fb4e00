"""The command line: ``soberhouse`` with a subcommand works without a display.

``soberhouse`` with no subcommand opens the window (see ``ui/launch.py``,
which shares this parser); everything here is headless.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from soberhouse import __version__, database
from soberhouse.database import ENVIRONMENT_VARIABLE, default_location

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="soberhouse",
        description="Records, mentoring, attendance and monthly progress reports for "
                    "sober-living houses. Without a command, opens the window.",
        epilog=f"The data lives in {default_location()} unless --database or "
               f"{ENVIRONMENT_VARIABLE} says otherwise.",
    )
    parser.add_argument("--version", action="version", version=f"Soberhouse {__version__}")
    parser.add_argument(
        "--database", metavar="PATH_OR_URL",
        help=f"SQLite file or postgresql:// URL (default: ${ENVIRONMENT_VARIABLE}, "
             f"else the file in your data folder)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    info = commands.add_parser("info", help="show where the data lives and what it holds")
    info.set_defaults(handler=_info)

    from soberhouse.command_line import (
        attendance_commands,
        report_commands,
        residents_commands,
    )

    residents_commands.add_commands(commands)
    attendance_commands.add_commands(commands)
    report_commands.add_commands(commands)
    return parser


def _info(args: argparse.Namespace) -> int:
    from soberhouse.houses import list_houses
    from soberhouse.migrations import current_version
    from soberhouse.models import Resident, ResidentStatus

    target = database.resolve_target(args.database)
    db = database.connect(target)
    print(f"Database:  {database.describe(target)}")
    print(f"Schema:    {current_version(db)}")
    for house in list_houses():
        active = (Resident.select().where((Resident.house == house.id)
                                          & (Resident.status == ResidentStatus.ACTIVE.value))
                  .count())
        print(f"House:     {house.name}: {active} of {house.beds} beds in use")
    print(f"Residents: {Resident.select().count()} on record")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    return run(args)


def run(args: argparse.Namespace) -> int:
    """Run a parsed subcommand; a broken rule or bad file is a message, not a trace."""
    from soberhouse.errors import NotFound, RuleViolation
    from soberhouse.migrations import SchemaTooNew

    handler: Handler = args.handler
    try:
        return handler(args)
    except (RuleViolation, NotFound, SchemaTooNew, OSError) as error:
        print(f"soberhouse: {error}", file=sys.stderr)
        return 2
    finally:
        database.close()

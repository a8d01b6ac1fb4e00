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
    from soberhouse.command_line.opening import EXIT_CODES_HELP

    parser = argparse.ArgumentParser(
        prog="soberhouse",
        description="Records, mentoring, attendance and monthly progress reports for "
                    "sober-living houses. Without a command, opens the window.",
        epilog=f"The data lives in {default_location()} unless --database or "
               f"{ENVIRONMENT_VARIABLE} says otherwise. {EXIT_CODES_HELP}",
    )
    parser.add_argument("--version", action="version", version=f"Soberhouse {__version__}")
    parser.add_argument(
        "--database", metavar="PATH_OR_URL",
        help=f"SQLite file or postgresql:// URL (default: ${ENVIRONMENT_VARIABLE}, "
             f"else the file in your data folder)")
    parser.add_argument(
        "--read-only", action="store_true",
        help="open the data only to read it (a copy, or a file another computer holds); "
             "commands that write are refused")
    parser.add_argument(
        "--user", metavar="NAME",
        help="your sign-in name (default: $SOBERHOUSE_USER); the password is asked for, "
             "or read from the file $SOBERHOUSE_PASSWORD_FILE names (readable by you "
             "only: chmod 600)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    info = commands.add_parser("info", help="show where the data lives and what it holds")
    info.set_defaults(handler=_info)

    from soberhouse.command_line import (
        attendance_commands,
        audit_commands,
        backup_commands,
        encryption_commands,
        list_commands,
        report_commands,
        residents_commands,
        users_commands,
    )

    residents_commands.add_commands(commands)
    attendance_commands.add_commands(commands)
    report_commands.add_commands(commands)
    list_commands.add_commands(commands)
    users_commands.add_commands(commands)
    audit_commands.add_commands(commands)
    backup_commands.add_commands(commands)
    encryption_commands.add_commands(commands)
    return parser


def _info(args: argparse.Namespace) -> int:
    from soberhouse.command_line.opening import open_database
    from soberhouse.houses import list_houses
    from soberhouse.migrations import current_version
    from soberhouse.models import Resident, ResidentStatus

    target = database.resolve_target(args.database)
    db = open_database(args)
    print(f"Database:  {database.describe(target)}")
    print(f"Schema:    {current_version(db)}")
    for house in list_houses():
        active = (Resident.select().where((Resident.house == house.id)
                                          & (Resident.status == ResidentStatus.ACTIVE.value))
                  .count())
        print(f"House:     {house.name}: {active} of {house.beds} beds in use")
    print(f"Residents: {Resident.select().count()} on record")
    if not database.is_url(target):
        from soberhouse import encryption

        print("Encrypted: yes (its key file is beside it)" if
              encryption.open_file_is_encrypted() else
              "Encrypted: no (soberhouse encrypt encrypts it)")
    reason = database.read_only_reason()
    if reason:
        print(f"Read-only: {reason}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    return run(args)


def run(args: argparse.Namespace) -> int:
    """Run a parsed subcommand: a problem the user can fix is a message and an
    exit code (:mod:`soberhouse.command_line.opening`), never a traceback."""
    import peewee

    from soberhouse import accounts, sqlite_driver
    from soberhouse.command_line.opening import (
        DATABASE_PROBLEM,
        USAGE_PROBLEM,
        HeldElsewhere,
        SignInNeeded,
    )
    from soberhouse.errors import DatabaseReadOnly, NotFound, RuleViolation, StorageProblem
    from soberhouse.recording import storage_problem

    handler: Handler = args.handler
    place = database.describe(database.resolve_target(args.database))
    try:
        return handler(args)
    except DatabaseReadOnly as problem:
        reason = database.read_only_reason()  # a write past the guard (a bulk import)
        _say_database_problem(f"{place} is open read-only ({reason}): nothing can be saved."
                              if reason else problem.message, place)
        return DATABASE_PROBLEM
    except StorageProblem as problem:
        _say_database_problem(problem.message, place)
        return DATABASE_PROBLEM
    except HeldElsewhere as held:
        _say_database_problem(str(held), place)
        return DATABASE_PROBLEM
    except SignInNeeded as refused:
        print(f"soberhouse: {refused}", file=sys.stderr)
        return USAGE_PROBLEM
    except (peewee.DatabaseError, peewee.InterfaceError, *sqlite_driver.ERRORS) as error:
        translated = storage_problem(error)
        if translated is None:
            raise  # a programming error: its traceback is for the developers
        _say_database_problem(translated.message, place)
        return DATABASE_PROBLEM
    except (RuleViolation, NotFound, OSError) as error:
        print(f"soberhouse: {error}", file=sys.stderr)
        return USAGE_PROBLEM
    finally:
        accounts.end_session()  # the command's sign-in ends with it
        database.close()


def _say_database_problem(message: str, place: str) -> None:
    """The message names the data file (once)."""
    if place not in message:
        message = f"{place}: {message}"
    print(f"soberhouse: {message}", file=sys.stderr)

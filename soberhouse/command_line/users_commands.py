"""``soberhouse users add|list|deactivate|activate|reset-password``: the people
with an account.

    soberhouse users add --owner dana --display-name "Dana Reyes"
    soberhouse --user dana users add sam --display-name "Sam Ortiz" --role house_manager \\
        --house "Maple House"
    soberhouse --user dana users list
    soberhouse --user dana users deactivate sam
    soberhouse --user dana users activate sam
    soberhouse --user dana users reset-password sam [--password-file FILE]

Only the owner adds, lists, switches off and on people and resets their
passwords (the core refuses anyone else, and the refusal is printed).  ``users add --owner`` makes the first
account of a data file, the owner's, and needs no sign-in; it is refused
once anyone has an account.  Where no data file is yet, it makes a new one,
encrypted from its first byte (:func:`soberhouse.encrypting.new_encrypted_file`),
and prints its recovery key once, with ``--recovery-sheet FILE`` also on a
recovery sheet to print; a plain file from before (without accounts) stays
plain until ``soberhouse encrypt``.  A new password is typed twice at the prompt
(not shown), or read with ``--password-file`` from a file only its owner
can read, for scripts.

Exit codes (:mod:`soberhouse.command_line.opening`): 0 done; 2 a usage
problem, a refused sign-in or an action only the owner may do; 3 the data
can't be opened or written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from soberhouse import database
from soberhouse.command_line.opening import (
    EXIT_CODES_HELP,
    USAGE_PROBLEM,
    encrypted_file,
    open_database,
)
from soberhouse.models import Role


def add_commands(commands: Any) -> None:
    """Add ``users`` and its subcommands to the ``soberhouse`` parser."""
    users = commands.add_parser(
        "users", help="add, list or switch off the people with an account (owner only)",
        description="The people who sign in to this data file. Only the owner adds, lists "
                    "and switches off people; 'users add --owner' makes the first account, "
                    "the owner's, on a data file that has none yet (where there is no data "
                    "file yet, it makes a new one, encrypted).",
        epilog=EXIT_CODES_HELP)
    actions = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)

    roles = ", ".join(f"{role.value} ({role.label.lower()})" for role in Role
                      if role is not Role.OWNER)
    add = actions.add_parser(
        "add", help="add a person (or, with --owner, the data file's first account)",
        description="Add a person with an account. The password is typed twice (it is not "
                    "shown), or read from --password-file; they are asked to choose their "
                    "own when they first sign in to the window.",
        epilog=EXIT_CODES_HELP)
    add.add_argument("username", metavar="NAME", nargs="?",
                     help="their sign-in name (one word, e.g. sam)")
    add.add_argument("--owner", metavar="NAME",
                     help="make the first account, the owner's, with this sign-in name "
                          "(only while no one has an account; no sign-in needed)")
    add.add_argument("--display-name", metavar="TEXT", required=True,
                     help='their name as history and the lists show it ("Dana Reyes")')
    add.add_argument("--role", choices=[role.value for role in Role], metavar="ROLE",
                     help=f"what they may do: owner, {roles}")
    add.add_argument("--house", metavar="NAME", action="append", default=[],
                     help="a house they may see (give it once per house)")
    add.add_argument("--all-houses", action="store_true",
                     help="every house, also those added later")
    add.add_argument("--mentor", metavar="ID", type=int,
                     help="a peer coach: the mentor they are (the number Mentoring shows); "
                          "they see only that mentor's mentees")
    add.add_argument("--password-file", metavar="FILE", type=Path,
                     help="read the new password from this file (its first line; the file "
                          "must be readable by you only: chmod 600) instead of the prompt")
    add.add_argument("--recovery-sheet", metavar="FILE", type=Path,
                     help="with --owner on a new data file: also write the recovery key's "
                          "sheet (a PDF to print and keep in the safe) to FILE")
    add.set_defaults(handler=add_user)

    listing = actions.add_parser("list", help="list the people with an account")
    listing.set_defaults(handler=list_users)

    off = actions.add_parser(
        "deactivate", help="switch a person's account off (history keeps their name)",
        description="Switch an account off: they can no longer sign in, and everything "
                    "they recorded keeps naming them. Nobody is ever deleted.")
    off.add_argument("username", metavar="NAME", help="their sign-in name")
    off.set_defaults(handler=deactivate_user)

    on = actions.add_parser(
        "activate", help="switch a person's account on again",
        description="Switch a switched-off account on again. On an encrypted data file "
                    "their old password no longer opens it: reset it (users reset-password).")
    on.add_argument("username", metavar="NAME", help="their sign-in name")
    on.set_defaults(handler=activate_user)

    reset = actions.add_parser(
        "reset-password", help="give a person a new password (owner only)",
        description="Give someone who forgot their password (or whose password does not "
                    "open the encrypted data file yet) a new one, typed twice or read from "
                    "--password-file; they choose their own at their next sign-in to the "
                    "window.",
        epilog=EXIT_CODES_HELP)
    reset.add_argument("username", metavar="NAME", help="their sign-in name")
    reset.add_argument("--password-file", metavar="FILE", type=Path,
                       help="read the new password from this file (readable by you only: "
                            "chmod 600) instead of the prompt")
    reset.set_defaults(handler=reset_user_password)


def new_password(args: argparse.Namespace, username: str) -> str:
    """The new password: from ``--password-file``, else typed twice at a terminal."""
    from soberhouse.command_line import opening

    return opening.new_password(username, args.password_file,
                                file_option="name a file holding it with --password-file")


def add_user(args: argparse.Namespace) -> int:
    from soberhouse import accounts
    from soberhouse.houses import find_house

    if args.owner and args.username:
        print(f"soberhouse: give either the owner's sign-in name (--owner {args.owner}) or "
              f"a new person's ({args.username}), not both.", file=sys.stderr)
        return USAGE_PROBLEM
    if args.recovery_sheet is not None and not args.owner:
        print("soberhouse: --recovery-sheet goes with --owner (a new data file's recovery "
              "key); for a new key of an encrypted file: soberhouse recovery-key --new "
              "--recovery-sheet FILE.", file=sys.stderr)
        return USAGE_PROBLEM
    if args.owner:
        if args.role not in (None, Role.OWNER.value) or args.house or args.mentor:
            print("soberhouse: the owner sees every house: --role, --house and --mentor "
                  "don't go with --owner.", file=sys.stderr)
            return USAGE_PROBLEM
        target = database.resolve_target(args.database)
        if not database.is_url(target):
            path = Path(target).expanduser()
            if not path.is_file() or path.stat().st_size == 0:
                return _new_encrypted_file(args, path)
            if encrypted_file(target) is not None:
                print(ACCOUNTS_ALREADY, file=sys.stderr)
                return USAGE_PROBLEM
        if args.recovery_sheet is not None:
            print(f"soberhouse: {database.describe(target)} is not encrypted, so it has no "
                  f"recovery key to print: make the owner without --recovery-sheet, then "
                  f"`soberhouse encrypt --recovery-sheet FILE`.", file=sys.stderr)
            return USAGE_PROBLEM
        open_database(args, writes=True, signs_in=False)
        if accounts.accounts_exist():
            print(ACCOUNTS_ALREADY, file=sys.stderr)
            return USAGE_PROBLEM
        password = new_password(args, args.owner)
        owner = accounts.create_owner(args.display_name, args.owner, password)
        print(f"Created the owner's account {owner.username} ({owner.shown_name}). Sign in "
              f"with --user {owner.username}.")
        return 0
    if not args.username:
        print("soberhouse: give the new person's sign-in name (users add NAME), or --owner "
              "NAME for the data file's first account.", file=sys.stderr)
        return USAGE_PROBLEM
    if args.role is None:
        print(f"soberhouse: choose what {args.username} may do: --role "
              f"{', '.join(role.value for role in Role)}.", file=sys.stderr)
        return USAGE_PROBLEM
    open_database(args, writes=True)
    accounts.require_owner("add people")
    house_ids = tuple(find_house(name).id for name in args.house)
    details = accounts.PersonDetails(
        display_name=args.display_name, username=args.username, role=Role(args.role),
        house_ids=house_ids, all_houses=args.all_houses, mentor_id=args.mentor)
    password = new_password(args, args.username)
    person = accounts.add_person(details, password)
    print(f"Added {person.shown_name} ({Role(person.role).label.lower()}, "
          f"{_houses_of(person)}), sign-in name {person.username}. They choose their own "
          f"password when they first sign in to the window.")
    return 0


ACCOUNTS_ALREADY = ("soberhouse: This data file has accounts already, and so an owner: "
                    "the owner adds people with `soberhouse --user OWNER users add NAME "
                    "...`.")


def _new_encrypted_file(args: argparse.Namespace, path: Path) -> int:
    """``users add --owner`` where no data file is yet: a new encrypted one."""
    from soberhouse import accounts, encrypting
    from soberhouse.command_line.encryption_commands import check_sheet_path, show_recovery_key

    check_sheet_path(args.recovery_sheet)
    password = new_password(args, args.owner)
    keys = encrypting.new_encrypted_file(path, args.display_name, args.owner, password)
    owner = accounts.current_user()
    print(f"Created the owner's account {owner.username} ({owner.shown_name}) in the new "
          f"encrypted data file {path}. Sign in with --user {owner.username}.")
    return show_recovery_key(keys.recovery_code, path, args.recovery_sheet)


def _houses_of(person: Any) -> str:
    from soberhouse import accounts
    from soberhouse.models import House

    if person.role == Role.PEER_COACH.value:
        return "their own mentees"
    ids = accounts.house_ids_of(person)
    if ids is None:
        return "every house"
    names = [name for (name,) in House.select(House.name).where(House.id.in_(sorted(ids)))
             .order_by(House.name).tuples()]
    return ", ".join(names) if names else "no house"


def list_users(args: argparse.Namespace) -> int:
    from soberhouse import accounts

    open_database(args)
    accounts.require_owner("list the people with an account")
    rows = [("Name", "Sign-in name", "Role", "Houses", "Account")]
    for person in accounts.people():
        rows.append((person.shown_name, person.username, Role(person.role).label,
                     _houses_of(person), "on" if person.active else "off"))
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
              .rstrip())
    return 0


def deactivate_user(args: argparse.Namespace) -> int:
    from soberhouse import accounts
    from soberhouse.errors import NotFound

    open_database(args, writes=True)
    accounts.require_owner("switch accounts off or on")
    person = accounts.find_account(args.username)
    if person is None or not person.has_account:
        raise NotFound(f'No one has the sign-in name "{args.username.strip()}" (see '
                       f"`soberhouse users list`).")
    if not person.active:
        print(f"{person.shown_name}'s account ({person.username}) is off already.")
        return 0
    accounts.set_active(person.id, False)
    print(f"Switched off {person.shown_name}'s account ({person.username}): they can no "
          f"longer sign in; what they recorded keeps their name.")
    return 0


def _person_named(username: str) -> Any:
    from soberhouse import accounts
    from soberhouse.errors import NotFound

    person = accounts.find_account(username)
    if person is None or not person.has_account:
        raise NotFound(f'No one has the sign-in name "{username.strip()}" (see '
                       f"`soberhouse users list`).")
    return person


def activate_user(args: argparse.Namespace) -> int:
    from soberhouse import accounts

    open_database(args, writes=True)
    accounts.require_owner("switch accounts off or on")
    person = _person_named(args.username)
    if person.active:
        print(f"{person.shown_name}'s account ({person.username}) is on already.")
        return 0
    person = accounts.set_active(person.id, True)
    print(f"Switched on {person.shown_name}'s account ({person.username}).")
    if accounts.needs_new_password(person):
        print(f"Their old password no longer opens this encrypted data file: give them a new "
              f"one with `soberhouse users reset-password {person.username}`.")
    return 0


def reset_user_password(args: argparse.Namespace) -> int:
    from soberhouse import accounts

    open_database(args, writes=True)
    accounts.require_owner("reset other people's passwords")
    person = _person_named(args.username)
    password = new_password(args, person.username)
    person = accounts.reset_password(person.id, password)
    print(f"Reset {person.shown_name}'s password ({person.username})"
          + (": they choose their own at their next sign-in to the window."
             if person.must_change_password else "."))
    return 0

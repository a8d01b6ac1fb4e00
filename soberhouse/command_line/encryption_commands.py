"""``soberhouse encrypt``, ``recover`` and ``recovery-key``: the encrypted data file.

    soberhouse --user dana encrypt [--recovery-sheet sheet.pdf]
    soberhouse recover --user dana [--recovery-key-file FILE]
    soberhouse --user dana recovery-key --new [--recovery-sheet sheet.pdf]

``encrypt`` (the owner; their password is the one they signed in with)
encrypts a plain data file in place, after a verified backup
(:func:`soberhouse.encrypting.encrypt_file`), prints the recovery key once,
the backup taken, and who needs a new password.  ``recover`` opens an
encrypted file with the recovery key and gives an owner a new password,
when every owner's password is forgotten: the key is typed at a terminal
(not shown) or read with ``--recovery-key-file`` from a file only its
owner can read; the new password is typed twice, or read from the file
``SOBERHOUSE_PASSWORD_FILE`` names.  ``recovery-key --new`` (the owner)
makes a new recovery key: the old sheet no longer opens the file.

The recovery key is printed once, never stored in the clear; with
``--recovery-sheet FILE`` it is also written on the recovery sheet (a PDF
readable by its owner only) to print and keep in the safe.

Exit codes (:mod:`soberhouse.command_line.opening`): 0 done; 2 a usage
problem, a wrong password or recovery key, an action only the owner may
do; 3 the data can't be opened or written (a key file missing among them).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from soberhouse.command_line import opening
from soberhouse.command_line.opening import (
    EXIT_CODES_HELP,
    USAGE_PROBLEM,
    SignInNeeded,
    open_database,
    read_credentials,
)

KEEP_IT_SAFE = (
    "Write it down, or print the recovery sheet, and keep it in the safe. Anyone holding "
    "it and the key file {keys} can open every record; without it and without any "
    "password the data is lost.")


def add_commands(commands: Any) -> None:
    """Add ``encrypt``, ``recover`` and ``recovery-key`` to the ``soberhouse`` parser."""
    encrypt = commands.add_parser(
        "encrypt", help="encrypt a plain data file in place (owner only)",
        description="Encrypt the data file: a verified backup of it first, then an "
                    "encrypted copy made and checked (every table's rows), its key file "
                    "written beside it, and the copy put in its place. From then on it "
                    "opens only with a password or the recovery key, printed once here. "
                    "Everyone else with an account then needs a new password from the "
                    "owner (Settings > People > Reset Password).",
        epilog=EXIT_CODES_HELP)
    encrypt.add_argument("--recovery-sheet", metavar="FILE", type=Path,
                         help="also write the recovery sheet (a PDF to print and keep in "
                              "the safe) to FILE")
    encrypt.set_defaults(handler=encrypt_data_file)

    recover = commands.add_parser(
        "recover", help="open an encrypted file with its recovery key and set an owner's "
                        "new password",
        description="When every owner's password is forgotten: the recovery key (from the "
                    "recovery sheet) opens the encrypted data file, and the owner named "
                    "with --user gets a new password, typed twice (or read from the file "
                    "$SOBERHOUSE_PASSWORD_FILE names).",
        epilog=EXIT_CODES_HELP)
    recover.add_argument("--user", metavar="NAME", default=argparse.SUPPRESS,
                         help="the owner's sign-in name (default: $SOBERHOUSE_USER)")
    recover.add_argument("--recovery-key-file", metavar="FILE", type=Path,
                         help="read the recovery key from this file (readable by you only: "
                              "chmod 600) instead of typing it")
    recover.set_defaults(handler=recover_with_key)

    recovery_key = commands.add_parser(
        "recovery-key", help="make a new recovery key for an encrypted file (owner only)",
        description="Make a new recovery key (the old one was lost, or someone saw it): it "
                    "is printed once, and the old recovery sheet no longer opens the data "
                    "file (the key files beside older backups still take the old one).",
        epilog=EXIT_CODES_HELP)
    recovery_key.add_argument("--new", action="store_true",
                              help="make the new recovery key (required: the key in use is "
                                   "never shown again)")
    recovery_key.add_argument("--recovery-sheet", metavar="FILE", type=Path,
                              help="also write its recovery sheet (a PDF to print) to FILE")
    recovery_key.set_defaults(handler=make_new_recovery_key)


# ---------------------------------------------------------------- the key, shown once


def check_sheet_path(sheet: Path | None) -> None:
    """Refuse a recovery sheet that can't be written, before anything is done."""
    if sheet is None:
        return
    folder = sheet.expanduser().absolute().parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        from soberhouse.errors import Problem, RuleViolation

        raise RuleViolation([Problem("recovery_sheet", (
            f"The recovery sheet can't be written in {folder}: choose a folder that is "
            f"there and that you may write in. Nothing was done."))])


def show_recovery_key(code: str, data_file: Path, sheet: Path | None) -> int:
    """Print the recovery key with the plain warning; write its sheet."""
    from soberhouse import accounts, clock, encryption
    from soberhouse.reports.recovery_sheet import write_recovery_sheet

    keys = encryption.key_file_path(data_file)
    print(f"Recovery key (shown this once): {code}")
    print(KEEP_IT_SAFE.format(keys=keys))
    if sheet is None:
        return 0
    user = accounts.current_user()
    try:
        written = write_recovery_sheet(sheet.expanduser(), code, data_file=data_file,
                                       made_by=f"{user.shown_name} ({user.username})",
                                       made_at=clock.now())
    except OSError as error:
        print(f"soberhouse: The recovery sheet could not be written to {sheet} "
              f"({error.strerror or error}): write the key above down now.", file=sys.stderr)
        return USAGE_PROBLEM
    print(f"Recovery sheet written to {written}: print it, put it in the safe, then delete "
          f"the file.")
    return 0


def _open_data_file_path() -> Path:
    from soberhouse import database

    return Path(database.current().place)


# ---------------------------------------------------------------- commands


def encrypt_data_file(args: argparse.Namespace) -> int:
    from soberhouse import accounts, database, encrypting

    target = database.resolve_target(args.database)
    check_sheet_path(args.recovery_sheet)
    if not database.is_url(target):  # a server: refused once reached, in encrypt_file
        _refuse_while_a_window_has_it(target)
    credentials = read_credentials(args)
    open_database(args, writes=True, credentials=credentials)
    accounts.require_owner("encrypt the data file")
    done = encrypting.encrypt_file(credentials[1])
    path = _open_data_file_path()
    print(f"Backup of the plain file taken and checked first: {done.backup_path}")
    print(f"Encrypted {path}: from now on it opens only with a password or the recovery "
          f"key. Its key file is {path.name}.keys beside it: it travels with every backup.")
    code = show_recovery_key(done.recovery_code, path, args.recovery_sheet)
    if done.plain_backups:
        count = len(done.plain_backups)
        print(f"{count} backup{'s are' if count != 1 else ' is'} still a plain file, the one "
              f"just taken among them, in {done.plain_backups[0].parent}: anyone who can "
              f"read that folder can read {'them' if count != 1 else 'it'}. Once the "
              f"encrypted file is checked, delete {'them' if count != 1 else 'it'} (or keep "
              f"{'them' if count != 1 else 'it'} locked away); backups from now on are "
              f"encrypted.")
    if done.people_without_lock:
        print(f"These people's passwords don't open the file yet: reset their passwords "
              f"(Settings > People > Reset Password, or soberhouse users reset-password "
              f"NAME): {', '.join(done.people_without_lock)}.")
    return code


def _refuse_while_a_window_has_it(target: str) -> None:
    """Encrypting puts a new file in place of the old: a window that has the
    old one open (on this computer too) would go on saving into it."""
    from soberhouse.command_line.opening import HeldElsewhere
    from soberhouse.file_holder import ClaimStatus, FileHolder

    held = FileHolder(target, "").other_holder()
    if held is not None and held.holder is not None and held.status is ClaimStatus.HELD:
        raise HeldElsewhere(f"{held.sentence()} Encrypting puts a new file in place of "
                            f"this one: close Soberhouse on {held.holder.computer} first, "
                            f"then run this command again (or encrypt it from that window, "
                            f"in Settings).")


def _read_recovery_key(args: argparse.Namespace) -> str:
    import getpass

    from soberhouse.password_file import PasswordFileRefused, read_password_file

    if args.recovery_key_file is not None:
        try:
            return read_password_file(args.recovery_key_file)
        except PasswordFileRefused as refused:
            raise SignInNeeded(str(refused).replace("password file", "recovery key file")
                               ) from None
    if not opening.at_terminal():
        raise SignInNeeded("Give the recovery key: run the command at a terminal to type it, "
                           "or name a file holding it with --recovery-key-file (readable by "
                           "you only: chmod 600).")
    return getpass.getpass("Recovery key (from the recovery sheet; not shown): ")


def _new_password_for(username: str) -> str:
    from soberhouse.password_file import PASSWORD_FILE_VARIABLE, named_password_file

    return opening.new_password(username, named_password_file(), file_option=(
        f"set {PASSWORD_FILE_VARIABLE} to a file holding it"))


def recover_with_key(args: argparse.Namespace) -> int:
    from soberhouse import accounts, database, encrypting
    from soberhouse.command_line.opening import check_holder, encrypted_file
    from soberhouse.password_file import named_user

    target = database.resolve_target(args.database)
    username = (getattr(args, "user", None) or named_user() or "").strip()
    if not username:
        print("soberhouse: Give the owner's sign-in name: recover --user NAME.",
              file=sys.stderr)
        return USAGE_PROBLEM
    path = encrypted_file(target)
    if path is None:
        print(f"soberhouse: {database.describe(target)} is not an encrypted data file, so it "
              f"has no recovery key. An owner resets forgotten passwords in Settings > "
              f"People.", file=sys.stderr)
        return USAGE_PROBLEM
    check_holder(target)
    code = _read_recovery_key(args)
    new_password = _new_password_for(username)
    owner = encrypting.recover(path, code, username, new_password)
    print(f"The recovery key opened {path}: {owner.shown_name}'s password is set. Sign in "
          f"with --user {owner.username} and the new password.")
    waiting = [p.shown_name for p in accounts.people_needing_new_password()]
    if waiting:
        print(f"These people's passwords don't open the file: reset them (Settings > People "
              f"> Reset Password, or soberhouse users reset-password NAME): "
              f"{', '.join(waiting)}.")
    return 0


def make_new_recovery_key(args: argparse.Namespace) -> int:
    from soberhouse import encrypting

    if not args.new:
        print("soberhouse: The recovery key in use is never shown again: give --new to make "
              "a new one (the old recovery sheet then no longer opens the file).",
              file=sys.stderr)
        return USAGE_PROBLEM
    check_sheet_path(args.recovery_sheet)
    open_database(args, writes=True)
    code = encrypting.new_recovery_key()
    print("Made a new recovery key: the old recovery sheet no longer opens the data file "
          "(the key files beside older backups still take the old key).")
    return show_recovery_key(code, _open_data_file_path(), args.recovery_sheet)

"""The command line's exit codes, and how its commands open the data.

Exit codes, the same for every subcommand (``soberhouse --help`` and the
README list them):

- 0 done;
- 1 problems in the input: lines of a CSV file with problems (nothing
  imported), or nothing to report;
- 2 a usage problem: a wrong option, an unknown house, resident or month, a
  file named on the command line that is missing or can't be read or written;
  a sign-in refused (a wrong password or recovery key, no password given, a
  password file others can read) or an action the person's role does not allow;
- 3 the data can't be opened or written: a damaged file, another program's
  file, a newer Soberhouse's, read-only, busy, a full disk, a server that
  can't be reached, the file held by a window on another computer, or an
  encrypted file whose key file is not beside it.

The command line does not claim the data file (its jobs are short), but a
command that writes looks at who holds it (:mod:`soberhouse.file_holder`):
a window on another computer (a shared folder) makes it refuse, since SQLite
can't share a file between computers safely; a window on this computer only
draws a note, as SQLite keeps the two apart and the window shows the change
after a refresh.

Every command that reads or writes records signs in after opening the data
(:func:`sign_in`): ``--user NAME`` (else ``SOBERHOUSE_USER``) with the
password from the file ``SOBERHOUSE_PASSWORD_FILE`` names (readable by its
owner only: :mod:`soberhouse.password_file`), else typed at a prompt when
the command runs at a terminal.  The person's role then applies to what the
command does, as in the window.

An encrypted data file (:mod:`soberhouse.encryption`) is opened the other
way round: the name and password are asked first (the same sources), the
password unlocks the file's key, and then the file is opened and the
password checked (:func:`soberhouse.encrypting.unlock_and_sign_in`).  A
wrong password ends with 2, a key file missing beside the data file with 3
(the file can't then be told from a damaged one: the message says both).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import peewee

from soberhouse import database
from soberhouse.date_style import follow_saved_style

DONE = 0
LINES_WITH_PROBLEMS = 1
NOTHING_TO_REPORT = 1
USAGE_PROBLEM = 2
DATABASE_PROBLEM = 3

EXIT_CODES_HELP = ("Exit codes: 0 done; 1 lines with problems in the input (nothing "
                   "imported) or nothing to report; 2 a usage problem (a wrong option, an "
                   "unknown house, resident or month, a missing or unwritable file, a "
                   "sign-in refused: a wrong password or recovery key, an action your role "
                   "does not allow); 3 the data can't be opened or written (damaged, not "
                   "Soberhouse's, read-only, busy, the disk full, the server unreachable, "
                   "an encrypted file's key file missing).")


NO_ACCOUNT_YET = ("No one has an account on this data file yet: open the window to create "
                  "the owner's account, or run `soberhouse users add --owner NAME`.")


class HeldElsewhere(Exception):
    """A window on another computer holds the data file: a command that writes refuses."""


class SignInNeeded(Exception):
    """The command can't sign in: no account yet, no name or password given,
    or a password file others can read (exit code 2, the message printed)."""


def encrypted_file(target: str) -> Path | None:
    """The data file ``target`` names when it is encrypted (else None)."""
    from soberhouse import encryption

    if database.is_url(target):
        return None
    path = Path(target).expanduser()
    return path if encryption.is_encrypted(path) else None


def open_database(args: argparse.Namespace, *, writes: bool = False,
                  signs_in: bool = True,
                  credentials: tuple[str, str] | None = None) -> peewee.Database:
    """Open the database named by ``--database`` (read-only with ``--read-only``);
    for a command that ``writes``, look first at who holds the file.  Then
    sign in (:func:`sign_in`) unless ``signs_in`` is False (creating the
    first owner: nobody to sign in yet).  An encrypted file is unlocked with
    the name and password (:func:`read_credentials`, or those given) before it is
    opened.  ``credentials``: the name and password the command read already."""
    from soberhouse import encrypting, encryption

    target = database.resolve_target(args.database)
    if writes and not database.is_url(target):
        check_holder(target)
    read_only = bool(getattr(args, "read_only", False))
    locked = encrypted_file(target) if signs_in else None
    if locked is not None and not encryption.key_file_path(locked).exists():
        # Random bytes to look at: encrypted without its key file, or damaged.
        raise encrypting.damaged_or_without_key_file(locked)
    if locked is not None:
        encryption.KeyFile.read(locked)  # a damaged key file is told before any prompt
        username, password = credentials or read_credentials(args)
        user = encrypting.unlock_and_sign_in(target, username, password, read_only=read_only)
        follow_saved_style()
        _note_reset(user)
        return database.current()
    opened = database.connect(target, read_only=read_only)
    follow_saved_style()  # dates written as chosen in Settings (else day-month-year)
    if signs_in:
        if credentials is None:
            sign_in(args)
        else:
            sign_in(args, credentials)
    return opened


def _note_reset(user: object) -> None:
    if getattr(user, "must_change_password", False):
        print(f"Note: the owner reset {getattr(user, 'shown_name', '')}'s password: choose "
              f"your own in the window.", file=sys.stderr)


def sign_in(args: argparse.Namespace, credentials: tuple[str, str] | None = None) -> None:
    """Sign in as ``--user`` (else ``SOBERHOUSE_USER``, else the name typed at
    the prompt) to the data file open now.  The password: the password
    file's, else typed (not shown) when the command runs at a terminal;
    otherwise refused.  A wrong password raises
    :class:`~soberhouse.errors.SignInRefused` (audited, with the slow-down
    after repeated failures); nothing about residents is read before this
    succeeds."""
    from soberhouse import accounts

    if not accounts.accounts_exist():
        raise SignInNeeded(NO_ACCOUNT_YET)
    username, password = credentials or read_credentials(args)
    _note_reset(accounts.sign_in(username, password))


def read_credentials(args: argparse.Namespace) -> tuple[str, str]:
    """The sign-in name and password: ``--user`` (else ``SOBERHOUSE_USER``,
    else typed); the password file's password (``SOBERHOUSE_PASSWORD_FILE``),
    else typed (not shown) at a terminal; otherwise :class:`SignInNeeded`."""
    import getpass

    from soberhouse.password_file import (
        PASSWORD_FILE_VARIABLE,
        USER_VARIABLE,
        PasswordFileRefused,
        named_password_file,
        named_user,
        read_password_file,
    )

    typing = at_terminal()
    username = (getattr(args, "user", None) or named_user() or "").strip()
    if not username:
        if not typing:
            raise SignInNeeded(f"Give your sign-in name: --user NAME, or {USER_VARIABLE}.")
        username = input("Sign-in name: ").strip()
    password_file = named_password_file()
    if password_file is not None:
        try:
            password = read_password_file(password_file)
        except PasswordFileRefused as refused:
            raise SignInNeeded(str(refused)) from None
    elif typing:
        password = getpass.getpass(f"Password for {username}: ")
    else:
        raise SignInNeeded(
            f"Give a password: run the command at a terminal to type it, or (for a "
            f"scheduled job) set {PASSWORD_FILE_VARIABLE} to a file holding it that only "
            f"you can read (chmod 600).")
    return username, password


def new_password(username: str, password_file: Path | None, *, file_option: str) -> str:
    """A new password for ``username``: read from ``password_file`` (readable
    by its owner only), else typed twice (not shown) at a terminal; refused
    (:class:`SignInNeeded`) otherwise.  ``file_option``: how this command
    names such a file, for the message ("name a file holding it with
    --password-file")."""
    import getpass

    from soberhouse.password_file import PasswordFileRefused, read_password_file

    if password_file is not None:
        try:
            return read_password_file(password_file)
        except PasswordFileRefused as refused:
            raise SignInNeeded(str(refused)) from None
    if not at_terminal():
        raise SignInNeeded(f"Give {username}'s new password: run the command at a terminal "
                           f"to type it, or {file_option} (readable by you only: chmod 600).")
    first = getpass.getpass(f"New password for {username}: ")
    again = getpass.getpass("The same password again: ")
    if first != again:
        raise SignInNeeded("The two passwords typed are not the same: nothing was saved.")
    return first


def at_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):  # stdin closed or replaced
        return False


def check_holder(target: str) -> None:
    """Refuse (:class:`HeldElsewhere`) when a window on another computer holds
    the file; print a note when one on this computer does."""
    from soberhouse.file_holder import ClaimStatus, FileHolder

    held = FileHolder(target, "").other_holder()
    if held is None or held.holder is None or held.status is not ClaimStatus.HELD:
        return
    if held.holder.on_computer(FileHolder(target, "").computer):
        print(f"Note: {held.sentence()} Its window shows this command's changes after a "
              f"refresh (F5).", file=sys.stderr)
        return
    raise HeldElsewhere(
        f"{held.sentence()} A data file in a shared folder is written from one computer "
        f"at a time: close Soberhouse on {held.holder.computer} first, then run this "
        f"command again. (Two offices working at once need a PostgreSQL server: see the "
        f"README.)")

"""The command line's exit codes, and how its commands open the data.

Exit codes, the same for every subcommand (``soberhouse --help`` and the
README list them):

- 0 done;
- 1 problems in the input: lines of a CSV file with problems (nothing
  imported), or nothing to report;
- 2 a usage problem: a wrong option, an unknown house, resident or month, a
  file named on the command line that is missing or can't be read or written;
- 3 the data can't be opened or written: a damaged file, another program's
  file, a newer Soberhouse's, read-only, busy, a full disk, a server that
  can't be reached, or the file held by a window on another computer.

The command line does not claim the data file (its jobs are short), but a
command that writes looks at who holds it (:mod:`soberhouse.file_holder`):
a window on another computer (a shared folder) makes it refuse, since SQLite
can't share a file between computers safely; a window on this computer only
draws a note, as SQLite keeps the two apart and the window shows the change
after a refresh.
"""

from __future__ import annotations

import argparse
import sys

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
                   "unknown house, resident or month, a missing or unwritable file); 3 the "
                   "data can't be opened or written (damaged, not Soberhouse's, read-only, "
                   "busy, the disk full, the server unreachable).")


class HeldElsewhere(Exception):
    """A window on another computer holds the data file: a command that writes refuses."""


def open_database(args: argparse.Namespace, *, writes: bool = False) -> peewee.Database:
    """Open the database named by ``--database`` (read-only with ``--read-only``);
    for a command that ``writes``, look first at who holds the file."""
    target = database.resolve_target(args.database)
    if writes and not database.is_url(target):
        check_holder(target)
    opened = database.connect(target, read_only=bool(getattr(args, "read_only", False)))
    follow_saved_style()  # dates written as chosen in Settings (else day-month-year)
    return opened


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

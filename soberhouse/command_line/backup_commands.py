"""``soberhouse backup``, ``backups`` and ``restore``: the data file's backups.

    soberhouse --user dana backup [--folder /media/usb/soberhouse] [--keep]
    soberhouse --user dana backups
    soberhouse --user dana restore soberhouse-2026-12-03-1843-manual.sqlite3 [--yes]

A backup copies every house's records, so taking one on demand and
restoring are the owner's (others are refused with the reason, exit code
2); anyone signed in may list them.  ``restore`` shows what the backup
holds against the current file and asks y/N at a terminal; without a
terminal it needs ``--yes``.  The current file is backed up first.  A backup
that fails its check, or a folder that can't be written, ends with 3.
PostgreSQL's backups are the server's (``pg_dump``): refused with 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from soberhouse.command_line.opening import (
    EXIT_CODES_HELP,
    USAGE_PROBLEM,
    at_terminal,
    open_database,
)


def add_commands(commands: Any) -> None:
    """Add ``backup``, ``backups`` and ``restore`` to the ``soberhouse`` parser."""
    backup = commands.add_parser(
        "backup", help="take a verified backup of the data file now (owner only)",
        description="Copy the data file into the backup folder (default: 'backups' beside "
                    "it), check the copy (integrity and every table's rows), then keep it "
                    "under its final name. Older backups are thinned out: the last 10, one "
                    "a day for 14 days, one a week for 8 weeks, one a month for 2 years, "
                    "and every one marked keep.",
        epilog=EXIT_CODES_HELP)
    backup.add_argument("--folder", metavar="DIR", type=Path,
                        help="put this backup in DIR (a USB drive, a share) instead of the "
                             "backup folder")
    backup.add_argument("--keep", action="store_true",
                        help="mark it keep: it is never thinned out")
    backup.set_defaults(handler=take_backup)

    listing = commands.add_parser(
        "backups", help="list the backups: date, size, residents, verified",
        description="The backups in the backup folder, newest first, and any that failed "
                    "their check (put aside in its 'failed' folder).",
        epilog=EXIT_CODES_HELP)
    listing.add_argument("--folder", metavar="DIR", type=Path,
                         help="list the backups in DIR instead of the backup folder")
    listing.set_defaults(handler=list_backups)

    restore = commands.add_parser(
        "restore", help="put a backup in place of the data file (owner only)",
        description="Check the backup, show what it holds against the current file, back "
                    "up the current file, then put the backup in its place. FILE may be "
                    "just a backup's name: it is looked for in the backup folder.",
        epilog=EXIT_CODES_HELP)
    restore.add_argument("file", metavar="FILE", type=Path, help="the backup to restore")
    restore.add_argument("--yes", action="store_true",
                         help="restore without asking (needed when not at a terminal)")
    restore.set_defaults(handler=restore_backup)


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(size, 1) / 1024:,.0f} KB"
    return f"{size / (1024 * 1024):,.1f} MB"


def _moment(when: Any) -> str:
    from soberhouse.date_style import written_date

    return f"{written_date(when.date())} {when:%H:%M}" if when is not None else "-"


def take_backup(args: argparse.Namespace) -> int:
    from soberhouse import backups, database

    open_database(args, writes=True)
    backups.require_may_back_up()
    record = backups.take_backup("manual", args.folder, keep=args.keep,
                                 key=database.open_data_key())
    print(f"Backup taken and checked: {record.path} ({_size(record.size)}, "
          f"{record.residents} resident{'s' if record.residents != 1 else ''}"
          f"{', kept' if record.keep else ''}).")
    return 0


def list_backups(args: argparse.Namespace) -> int:
    from soberhouse import backups

    open_database(args)
    folder = args.folder if args.folder is not None else backups.backup_folder()
    records = backups.backups_in(folder)
    if not records:
        print(f"No backups in {folder} yet: take one with `soberhouse backup`.")
        return 0
    print(f"Backups in {folder}:")
    for record in records:
        state = "verified" if record.verified else f"NOT VERIFIED ({record.failure})"
        print(f"  {_moment(record.taken_at):<18} {_size(record.size):>9}  "
              f"{record.residents:>5} residents  {state}"
              f"{'  keep' if record.keep else ''}  {record.reason or '-'}  {record.name}")
    failed = [r for r in records if not r.verified]
    if failed:
        print(f"{len(failed)} failed their check and do not count as backups.",
              file=sys.stderr)
    return 0


def _holdings_lines(title: str, holdings: Any) -> list[str]:
    lines = [f"{title}: {holdings.residents} residents on record "
             f"({holdings.active_residents} living in a house), "
             f"{holdings.change_entries:,} changes."]
    for change in holdings.last_changes:
        lines.append(f"    {_moment(change.at):<18} {change.who or '-':<14} {change.what}")
    return lines


def _backup_named(named: Path) -> Path:
    """FILE as typed, else (a bare name) the backup of that name in the folder."""
    from soberhouse import backups

    if named.exists() or named.parent != Path("."):
        return named
    in_folder = backups.backup_folder() / named.name
    return in_folder if in_folder.exists() else named


def restore_backup(args: argparse.Namespace) -> int:
    from soberhouse import accounts, audit, backups, database

    target = database.resolve_target(args.database)
    if database.is_url(target):
        raise backups.BackupsOnTheServer()
    open_database(args, writes=True)
    backups.require_may_back_up()
    chosen = _backup_named(args.file)
    if not chosen.is_file():
        print(f"soberhouse: There is no backup {args.file}. `soberhouse backups` lists them.",
              file=sys.stderr)
        return USAGE_PROBLEM
    key = database.open_data_key()  # the backups of an encrypted file open with its key
    comparison = backups.compare(chosen, target, key=key)
    print(f"The backup {comparison.backup.name}, taken {_moment(comparison.backup.taken_at)}:")
    print("\n".join(_holdings_lines("  It holds", comparison.in_backup)))
    if comparison.in_current is not None:
        print("\n".join(_holdings_lines("  The current file holds", comparison.in_current)))
    if not args.yes:
        if not at_terminal():
            print("soberhouse: Nothing was restored: give --yes to restore without being "
                  "asked (this command is not at a terminal).", file=sys.stderr)
            return USAGE_PROBLEM
        answer = input("Put this backup in place of the current file? The current file is "
                       "backed up first. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was restored.")
            return 0
    username = accounts.current_user().username
    accounts.end_session()
    database.close()  # the swap replaces the file: nothing may hold it open
    restored = backups.restore(chosen, target, key=key)
    # A backup of an older schema is brought up to date; an encrypted one
    # opens with the same data key (a plain one restored leaves a plain file).
    database.connect(target, key=key if restored.backup.encrypted else None)
    audit.record(audit.Action.RESTORED,
                 f"Restored the backup {restored.backup.name} (taken "
                 f"{restored.backup.taken_at:%Y-%m-%d %H:%M})",
                 details={"backup": str(restored.backup.path),
                          "before_restore": str(restored.before_restore.path
                                                if restored.before_restore else
                                                restored.kept_as_it_was or "")},
                 user=accounts.find_account(username), who=username)
    print(f"Restored {restored.backup.name} into {restored.target}.")
    if restored.before_restore is not None:
        print(f"The file as it was is kept in {restored.before_restore.path}.")
    elif restored.kept_as_it_was is not None:
        print(f"The file as it was could not be backed up (it is damaged); its bytes are "
              f"kept in {restored.kept_as_it_was}.")
    return 0

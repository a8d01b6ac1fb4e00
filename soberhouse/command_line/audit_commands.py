"""``soberhouse audit verify|export``: the audit trail from the command line.

    soberhouse --user dana audit verify
    soberhouse --user dana audit export --format csv --output audit.csv --action viewed \\
        --from 2026-11-01 --to 2026-11-30

``verify`` walks the hash chain (:func:`soberhouse.audit.verify`) and says
whether the trail is whole: exit code 0 intact, 1 damaged (the entry that
was changed, taken out or put in is named).  ``export`` writes the entries a
filter picks to CSV or PDF (:mod:`soberhouse.audit_log`), itself an audit
event.  Both are for the owner and read-only accounts (auditors,
certifiers); others are refused with the reason (exit code 2).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from soberhouse.command_line.opening import EXIT_CODES_HELP, USAGE_PROBLEM, open_database

DAMAGED = 1


def add_commands(commands: Any) -> None:
    """Add ``audit`` and its subcommands to the ``soberhouse`` parser."""
    from soberhouse.audit import Action

    audit_parser = commands.add_parser(
        "audit", help="check the audit trail, or export it to CSV or PDF (owner, read-only)",
        description="The audit trail: who signed in, viewed, changed, printed, exported or "
                    "imported what, and when. Kept at least 6 years; nothing removes it.")
    actions = audit_parser.add_subparsers(dest="audit_command", metavar="ACTION",
                                          required=True)
    verify = actions.add_parser(
        "verify", help="check that no entry was changed, taken out or put in",
        description="Check the audit trail's hash chain from its first entry.",
        epilog="Exit codes: 0 intact; 1 damaged (the entry that broke is named); 2 a "
               "sign-in refused or an account that can't read the audit trail; 3 the data "
               "can't be opened.")
    verify.set_defaults(handler=verify_trail)

    export = actions.add_parser(
        "export", help="write the audit trail (or the entries a filter picks) to CSV or PDF",
        description="Write the audit entries, newest first, to a CSV file (opens in Excel) "
                    "or a PDF. The filters combine.",
        epilog=EXIT_CODES_HELP)
    export.add_argument("--format", choices=("csv", "pdf"), required=True,
                        help="csv or pdf")
    export.add_argument("--output", "--out", dest="output", metavar="FILE", type=Path,
                        required=True, help="the file to write")
    export.add_argument("--person", metavar="NAME",
                        help="only what this person did (their sign-in name)")
    export.add_argument("--resident", metavar="ID", type=int,
                        help="only entries about this resident (their number)")
    export.add_argument("--action", choices=[action.value for action in Action],
                        metavar="ACTION",
                        help="only this kind of entry: " +
                             ", ".join(f'"{action.value}"' for action in Action))
    export.add_argument("--from", dest="start", metavar="DATE",
                        help="from this day (2026-11-01), included")
    export.add_argument("--to", dest="end", metavar="DATE",
                        help="up to this day (2026-11-30), included")
    export.set_defaults(handler=export_trail)


def verify_trail(args: argparse.Namespace) -> int:
    from soberhouse import audit
    from soberhouse.permissions import Right, require

    open_database(args)
    require(Right.VIEW_AUDIT)
    check = audit.verify()
    if check.intact:
        print(check.sentence())
        return 0
    print(check.sentence(), file=sys.stderr)
    return DAMAGED


def export_trail(args: argparse.Namespace) -> int:
    import datetime as dt

    from soberhouse import accounts, audit_log
    from soberhouse.permissions import Right, require

    days: dict[str, dt.date | None] = {}
    for option, typed in (("--from", args.start), ("--to", args.end)):
        try:
            days[option] = dt.date.fromisoformat(typed.strip()) if typed else None
        except ValueError:
            print(f'soberhouse: {option} "{typed}" is not a date: write it like 2026-11-01.',
                  file=sys.stderr)
            return USAGE_PROBLEM
    open_database(args)
    require(Right.VIEW_AUDIT)
    person_id = None
    if args.person:
        person = accounts.find_account(args.person)
        if person is None:
            print(f'soberhouse: No one has the sign-in name "{args.person.strip()}" in this '
                  f"data file's history.", file=sys.stderr)
            return USAGE_PROBLEM
        person_id = person.id
    chosen = audit_log.AuditFilter(person_id=person_id, resident_id=args.resident,
                                   action=args.action, start=days["--from"],
                                   end=days["--to"])
    out: Path = args.output
    out.parent.mkdir(parents=True, exist_ok=True)
    write = audit_log.write_csv if args.format == "csv" else audit_log.write_pdf
    count = write(chosen, out)
    print(f"Exported {count} audit {'entry' if count == 1 else 'entries'} "
          f"({chosen.describe()}) to {out}.")
    return 0

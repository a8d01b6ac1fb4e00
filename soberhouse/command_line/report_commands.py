"""``soberhouse report``: the monthly progress reports as PDF, without a
display (for a scheduled job at the start of each month).

    soberhouse report --month 2026-10 --house "Maple House" --all --out october.pdf
    soberhouse report --house "Maple House" --all --one-file-per-resident --out reports/
    soberhouse report --month 2026-10 --house "Maple House" --resident 12 --out zoe.pdf
    soberhouse report --month 2026-10 --house "Maple House" --resident "Zoë Nguyễn" --out zoe.pdf
    soberhouse report --month 2026-10 --house "Maple House" --summary --out summary.pdf

Exit codes: 0 written; 1 nothing to report (no one lived in the house that
month); 2 a usage problem: unknown house or resident (or a name several
residents answer to: they are listed with their numbers), a month not started
yet, a resident who did not live in the house that month, a file that can't
be written (cli.run turns a RuleViolation, NotFound or OSError into 2); 3 the
data can't be opened (:mod:`soberhouse.command_line.opening`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from soberhouse.command_line.opening import NOTHING_TO_REPORT, USAGE_PROBLEM, open_database


def add_commands(commands: Any) -> None:
    """Add ``report`` to the ``soberhouse`` parser's subcommands."""
    report = commands.add_parser(
        "report", help="write the monthly progress reports of a house as PDF",
        description="Write monthly progress reports as PDF files, without opening the "
                    "window (for a scheduled job). Every resident who lived in the house at "
                    "least one day of the month is reported, for the days they lived there.",
        epilog="Exit codes: 0 written; 1 no one lived in the house that month; 2 unknown "
               "house or resident, a month not started yet, or a file that can't be "
               "written; 3 the data can't be opened (damaged, not Soberhouse's, busy, the "
               "server unreachable).")
    report.add_argument("--month", metavar="YYYY-MM",
                        help="the month, like 2026-10 (default: last month)")
    report.add_argument("--house", metavar="NAME", required=True, help="the house's name")
    who = report.add_mutually_exclusive_group()
    who.add_argument("--resident", metavar="ID_OR_NAME",
                     help="only this resident: their number (the resident's details show "
                          "it: \"Resident no. 12\") or their name (case and accents don't "
                          "matter; when several residents answer to it, they are listed "
                          "with their numbers)")
    who.add_argument("--all", action="store_true",
                     help="every resident of the month (the default, unless only --summary "
                          "is asked for)")
    report.add_argument("--summary", action="store_true",
                        help="the house summary for the owner; with --all or --resident, "
                             "written next to the residents' reports")
    report.add_argument("--one-file-per-resident", action="store_true",
                        help="one PDF per resident in the folder given by --out, instead of "
                             "one PDF with every resident")
    report.add_argument("--for-consent", metavar="CONSENT_NO", type=int,
                        help="with --resident: the report goes to someone outside the house "
                             "under this consent (its number in the resident's consents): "
                             "it is stamped with the confidentiality notice and the "
                             "consent's scope, and the disclosure is recorded; refused "
                             "without a valid consent covering the report")
    report.add_argument("--out", metavar="PATH", type=Path, required=True,
                        help="the PDF to write, or a folder (with --one-file-per-resident, "
                             "or an existing folder: the files get their usual names)")
    report.set_defaults(handler=write_reports)


def write_reports(args: argparse.Namespace) -> int:
    from soberhouse.houses import find_house
    from soberhouse.reports.monthly_progress import (
        house_month,
        month_span,
        monthly_progress,
        parse_month,
        previous_month,
    )
    from soberhouse.reports.pdf import (
        house_summary_pdf,
        monthly_batch_pdf,
        report_file_name,
        resident_report_pdf,
        resident_reports_to_folder,
    )
    from soberhouse.reports.settings import report_settings
    from soberhouse.residents import get_resident

    open_database(args)
    month = parse_month(args.month) if args.month else previous_month()
    span = month_span(month)
    house = find_house(args.house)
    settings = report_settings()
    out: Path = args.out
    resident_id: int | None = None
    if args.resident is not None:
        resident_id = resident_number(args.resident, house.id, house.name)
        if resident_id is None:
            return USAGE_PROBLEM
    if args.for_consent is not None and (resident_id is None or args.summary
                                         or args.one_file_per_resident):
        print("soberhouse: --for-consent is for one resident's report (--resident), "
              "without --summary or --one-file-per-resident.", file=sys.stderr)
        return USAGE_PROBLEM
    residents_wanted = (args.all or resident_id is not None or args.one_file_per_resident
                        or not args.summary)
    written: list[str] = []

    if residents_wanted:
        chosen = [resident_id] if resident_id is not None else None
        if resident_id is not None:
            get_resident(resident_id)  # NotFound names an unknown number
        progresses = monthly_progress(house.id, span.first, chosen)
        if not progresses:
            if resident_id is not None:
                name = get_resident(resident_id).full_name
                print(f"soberhouse: {name} (resident {resident_id}) did not live in "
                      f"{house.name} in {span.label}: no report written.", file=sys.stderr)
                return USAGE_PROBLEM
            print(f"soberhouse: no one lived in {house.name} in {span.label}: no report "
                  f"written.", file=sys.stderr)
            return NOTHING_TO_REPORT
        if args.one_file_per_resident:
            paths = resident_reports_to_folder(progresses, settings, out)
            for progress, path in zip(progresses, paths, strict=True):
                note_saved_pdf(path, f"{progress.name}, {span.label}", month=span.key,
                               residents=[progress.resident_id])
            written.append(f"{_count(len(paths))} in {out}")
        else:
            if args.for_consent is not None:
                target = _file(out, report_file_name(progresses[0]))
                disclose_report(progresses[0], args.for_consent, settings, target,
                                f"Monthly progress report, {span.label}")
                written.append(f"1 report for someone outside (consent no. "
                               f"{args.for_consent}) to {target}")
            elif len(progresses) == 1:
                target = _file(out, report_file_name(progresses[0]))
                resident_report_pdf(progresses[0], settings, target)
                title = f"{progresses[0].name}, {span.label}"
            else:
                target = _file(out, f"{span.key} {house.name} progress reports.pdf")
                monthly_batch_pdf(progresses, settings, target)
                title = f"{house.name} monthly reports, {span.label}"
            if args.for_consent is None:
                note_saved_pdf(target, title, month=span.key,
                               residents=[p.resident_id for p in progresses])
                written.append(f"{_count(len(progresses))} to {target}")

    if args.summary:
        name = f"{span.key} {house.name} summary.pdf"
        if not residents_wanted:
            target = _file(out, name)
        elif args.one_file_per_resident or out.is_dir():
            target = out / name
        else:
            target = out.with_name(f"{out.stem} summary.pdf")
        summary = house_month(house.id, span.first)
        house_summary_pdf(summary, settings, target)
        note_saved_pdf(target, f"{house.name} summary, {span.label}", month=span.key,
                       residents=[p.resident_id for p in summary.residents])
        written.append(f"the house summary to {target}")

    print(f"{house.name}, {span.label}: wrote {' and '.join(written)}.")
    return 0


def disclose_report(progress: object, consent_id: int, settings: object, target: Path,
                    what: str) -> None:
    """One resident's report for someone outside the house under ``consent_id``:
    refused (NoValidConsent, nothing written) without a valid consent covering
    a monthly report; else written stamped, and the disclosure recorded with the
    SHA-256 of the file's bytes (the file is taken back if that is refused)."""
    from soberhouse.consents import (
        MONTHLY_REPORT_SCOPES,
        NoValidConsent,
        disclosure_stamp,
        no_consent_message,
        record_disclosure,
        valid_consents,
    )
    from soberhouse.reports.pdf import resident_report_pdf

    resident_id = progress.resident_id  # type: ignore[attr-defined]
    consent = next((c for c in valid_consents(resident_id, information=MONTHLY_REPORT_SCOPES)
                    if c.id == consent_id), None)
    if consent is None:
        raise NoValidConsent(
            f"{no_consent_message(progress.name, MONTHLY_REPORT_SCOPES)} (Consent no. "  # type: ignore[attr-defined]
            f"{consent_id} is not one that is signed, in force and covers the monthly "
            f"report: see the resident's consents in the window.)")
    stamp = disclosure_stamp(consent, MONTHLY_REPORT_SCOPES)
    resident_report_pdf(progress, settings, target, disclosure=stamp)  # type: ignore[arg-type]
    data = target.read_bytes()
    try:
        record_disclosure(resident_id, consent.id, what, MONTHLY_REPORT_SCOPES,
                          pdf_bytes=data, file_name=str(target))
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def note_saved_pdf(path: Path, title: str, *, month: str = "",
                   residents: Sequence[int] = ()) -> None:
    """The audit trail's "saved PDF" event of a file the command wrote: its
    month, residents, pages and the SHA-256 of the bytes on disk."""
    from soberhouse import audit

    data = path.read_bytes()
    audit.record(audit.Action.SAVED_PDF, f"Saved {title} as {path} (command line)",
                 resident_ids=residents,
                 details=audit.pdf_details(data, month=month, residents=residents,
                                           file_name=str(path), title=title))


def resident_number(typed: str, house_id: int, house_name: str) -> int | None:
    """The resident ``typed`` names: a number as it is, or a name matched
    among those who lived in the house (case and accents not counting).
    None, with the reason printed, when no one or several answer to it."""
    from soberhouse.resident_lookup import residents_named

    text = typed.strip()
    if text.isdigit():
        return int(text)
    matches = residents_named(text, house_id)
    if len(matches) == 1:
        return matches[0].id
    if matches:
        lines = "\n".join(f"  {match.description}" for match in matches)
        print(f'soberhouse: {len(matches)} residents of {house_name} answer to "{text}": '
              f"give the number of the one you mean (--resident 12):\n{lines}",
              file=sys.stderr)
        return None
    elsewhere = residents_named(text)
    message = f'soberhouse: No resident of {house_name} is called "{text}".'
    if elsewhere:
        message += " Other houses have: " + "; ".join(m.description for m in elsewhere) + "."
    elif text:
        message += " Check the spelling, or give the resident's number (--resident 12)."
    print(message, file=sys.stderr)
    return None


def _file(out: Path, default_name: str) -> Path:
    """``out`` itself, or ``default_name`` inside it when it is a folder."""
    if out.is_dir():
        return out / default_name
    out.parent.mkdir(parents=True, exist_ok=True)
    return out


def _count(reports: int) -> str:
    return "1 resident report" if reports == 1 else f"{reports} resident reports"

"""Outside 12-step meetings from and to a CSV file.

The same two steps as the residents import (:mod:`soberhouse.residents_csv`),
read the same way (:mod:`soberhouse.csv_reading`): :func:`read_outside_meetings_csv`
checks every line and returns an :class:`OutsideMeetingsPreview` (nothing
saved); :func:`apply_outside_meetings` writes the good lines in one
transaction, refusing everything while a line has problems unless the manager
skips them.  Both take ``progress`` and stop with
:class:`~soberhouse.csv_reading.ImportCancelled`.

A file may hold a year of meetings for every resident, so the check reads
residents, stays and the meetings already on record in a few queries and the
import writes with one ``executemany`` per few thousand rows
(:func:`~soberhouse.csv_reading.insert_rows`) instead of a model call per row.

Columns: Resident (or First name + Last name, or Resident id), House (only to
tell apart residents who share a name), Date, Fellowship, Meeting name, Type,
Verified, Verified by.  :func:`export_outside_meetings` writes exactly these.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NoReturn, cast

from peewee import JOIN

from soberhouse import backups, clock, permissions
from soberhouse.accounts import current_user
from soberhouse.attendance_csv import (
    RESIDENT_COLUMNS,
    RESIDENT_LABELS,
    Found,
    LineChecks,
    ResidentDirectory,
    folded_lookup,
    name_key,
)
from soberhouse.audit import Action
from soberhouse.csv_reading import (
    IMPORT_CANCELLED,
    DateOrder,
    LineOutcome,
    PreviewLines,
    Progress,
    as_date,
    check_date_order,
    file_problem,
    header_aliases,
    insert_rows,
    paused_cycle_collector,
    raw_rows,
    read_csv,
    refuse_bad_lines,
    report_progress,
    require_columns,
)
from soberhouse.csv_writing import note_export, write_csv
from soberhouse.models import House, Resident, Stay
from soberhouse.models.twelve_step import Fellowship, OutsideMeeting, OutsideMeetingType
from soberhouse.names import full_name
from soberhouse.recording import one_write

COLUMNS: dict[str, tuple[str, ...]] = {
    **RESIDENT_COLUMNS,
    "attended_on": ("Date", "Attended on", "Meeting date", "Day"),
    "fellowship": ("Fellowship", "Program", "Programme"),
    "meeting_name": ("Meeting name", "Meeting", "Group", "Group name"),
    "meeting_type": ("Type", "Meeting type", "Format"),
    "verified": ("Verified", "Signed", "Card signed"),
    "verified_by": ("Verified by", "Signed by", "Chair"),
}
LABELS = {**RESIDENT_LABELS, "attended_on": "Date", "fellowship": "Fellowship",
          "meeting_name": "Meeting name", "meeting_type": "Type", "verified": "Verified",
          "verified_by": "Verified by"}
ALIASES = header_aliases(COLUMNS)
EXPORT_COLUMNS = ("resident", "resident_id", "house", "attended_on", "fellowship",
                  "meeting_name", "meeting_type", "verified", "verified_by")
"""The columns :func:`export_outside_meetings` writes, in order; the import reads them all."""

_READ = ("resident", "first_name", "last_name", "resident_id", "house", "attended_on",
         "fellowship", "meeting_name", "meeting_type", "verified", "verified_by")

FELLOWSHIPS: dict[str, Fellowship] = {
    **{name_key(f.value): f for f in Fellowship},
    **{name_key(f.label): f for f in Fellowship},
    "alcoholics anonymous": Fellowship.AA,
    "narcotics anonymous": Fellowship.NA,
    "cocaine anonymous": Fellowship.CA,
    "crystal meth anonymous": Fellowship.CMA,
    "smart recovery": Fellowship.SMART,
    "celebrate recovery": Fellowship.CELEBRATE,
}
MEETING_TYPES: dict[str, str] = {
    "": "",
    **{name_key(t.value.replace("_", " ")): t.value for t in OutsideMeetingType},
    **{name_key(t.value): t.value for t in OutsideMeetingType},
    **{name_key(t.label): t.value for t in OutsideMeetingType},
}
YES_NO = {"": False, "yes": True, "y": True, "1": True, "true": True, "x": True,
          "no": False, "n": False, "0": False, "false": False}


@dataclass(slots=True)
class OutsideMeetingLine(LineOutcome):
    """One line of the file: what it says, what it becomes, what is wrong."""

    line: int  # where the line starts in the file; the header is line 1
    resident_id: int | None
    resident_name: str  # as on record, or the file's text if nobody matched
    house_name: str  # where the resident lived that day ("" if unknown)
    attended_on: date | None
    attended_on_text: str  # the file's text, shown when it is not a date
    fellowship: Fellowship | None
    fellowship_text: str
    meeting_name: str
    meeting_type: str  # an OutsideMeetingType value or ""
    verified: bool
    verified_by: str
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class OutsideMeetingsPreview(PreviewLines):
    """What importing the file would do, line by line; nothing has been saved."""

    source_name: str
    date_order: DateOrder
    columns: dict[str, str]  # field -> the header the file used for it
    unknown_columns: tuple[str, ...]
    rows: tuple[OutsideMeetingLine, ...]


def _fellowship_problem(header: str, text: str) -> str:
    names = ", ".join(f.label for f in Fellowship)
    if not text:
        return f"{header}: the fellowship is missing ({names})."
    return f'{header} "{text}" is not one of {names}.'


def _type_problem(header: str, text: str) -> str:
    names = ", ".join(t.label for t in OutsideMeetingType)
    return f'{header} "{text}" is not one of {names} (or leave it blank).'


@paused_cycle_collector()
def read_outside_meetings_csv(source: str | os.PathLike[str], date_order: DateOrder = "ymd",
                              today: date | None = None, progress: Progress | None = None
                              ) -> OutsideMeetingsPreview:
    """Read an outside-meetings file and say, line by line, what importing it would do.

    A line is bad when: its resident is not on record (or two share the name
    and nothing says which), the date is unreadable or after today, the
    resident was not living in a house that day (in the file's House, if it
    names one), the fellowship, type or verified is not one the program knows,
    or it repeats a line above or a meeting already on record.  Nothing is saved.
    """
    check_date_order(date_order)
    today = today or clock.today()
    file = read_csv(source, ALIASES, LABELS, progress)
    require_columns(file.indexes, [("resident", "first_name", "resident_id"),
                                   ("attended_on",), ("fellowship",)], LABELS)
    header = {name: file.columns.get(name, LABELS[name]) for name in LABELS}
    read = file.reader(_READ)
    directory = ResidentDirectory()
    checks = LineChecks(directory, date_order, today)
    fellowship_of, type_of, yes_no = (folded_lookup(FELLOWSHIPS), folded_lookup(MEETING_TYPES),
                                      folded_lookup(YES_NO))
    seen: dict[MeetingKey, int] = {}
    rows: list[OutsideMeetingLine] = []
    for line, record in file.data_lines(progress):
        (name, first, last, id_text, house_text, day_text, fellowship_text, meeting_name,
         type_text, verified_text, verified_by) = read(record)
        problems = file.shape_problems(line)  # more cells than columns, say
        house_id = checks.house(house_text, header["house"], problems, required=False)
        found = checks.resident(name, first, last, id_text, house_id, problems)
        day = checks.past_date(day_text, header["attended_on"], problems)
        lived_in: int | None = None
        if found is not None and day is not None:
            lived_in = directory.house_on(found.resident_id, day)
            if lived_in is None or (house_id is not None and lived_in != house_id):
                problems.append(directory.not_living_there(found, house_id, day))
                lived_in = None
        fellowship = fellowship_of(fellowship_text)
        if fellowship is None:
            problems.append(_fellowship_problem(header["fellowship"], fellowship_text))
        meeting_type = type_of(type_text)
        if meeting_type is None:
            problems.append(_type_problem(header["meeting_type"], type_text))
        verified = yes_no(verified_text)
        if verified is None:
            problems.append(f'{header["verified"]} "{verified_text}": write yes or no '
                            f"(or leave it blank).")
        if not problems:
            resident_id = cast(Found, found).resident_id
            # A named meeting once a day; unnamed ones (two AA meetings that day)
            # only when every cell is the same.
            key = (resident_id, cast(date, day), cast(Fellowship, fellowship),
                   name_key(meeting_name) if meeting_name
                   else ("", meeting_type, verified, verified_by))
            first_line = seen.get(key)
            if first_line is not None:
                problems.append(f"The same meeting as line {first_line}: is it there twice?")
            else:
                seen[key] = line
        rows.append(OutsideMeetingLine(
            line, found.resident_id if found is not None else None,
            found.name if found is not None else name or f"{first} {last}".strip(),
            directory.house_names.get(lived_in, "") if lived_in is not None else house_text,
            day, day_text, fellowship, fellowship_text, meeting_name, meeting_type or "",
            bool(verified), verified_by, file.with_shape(line, problems)))
    _mark_already_on_record(rows, seen)
    file.finish(progress)
    return OutsideMeetingsPreview(file.source_name, date_order, dict(file.columns),
                                  file.unknown_columns, tuple(rows))


MeetingKey = tuple[int, date, Fellowship, object]
"""(resident id, date, fellowship, the meeting's name folded, or the other cells
of an unnamed one): two lines with the same key are the same meeting."""


def _mark_already_on_record(rows: list[OutsideMeetingLine],
                            seen: dict[MeetingKey, int]) -> None:
    """Lines repeating a named meeting on record (not removed) for the same
    resident and day, as :func:`~soberhouse.twelve_step.outside_meetings.log_outside_meeting`
    refuses: imported before?"""
    for key in _on_record(seen):
        row = _row_of_line(rows, seen[key])
        row.problems = (_already_on_record(row),)


def _already_on_record(row: OutsideMeetingLine) -> str:
    return (f"Already on record: {row.resident_name}, "
            f"{cast(Fellowship, row.fellowship).label} on "
            f"{cast(date, row.attended_on).isoformat()} (imported before?).")


def _on_record(keys: Iterable[MeetingKey]) -> set[MeetingKey]:
    """The keys of named meetings that are on record (not removed), in a query
    per 500 residents (the (resident, date) index serves it)."""
    named = [key for key in keys if isinstance(key[3], str)]
    if not named:
        return set()
    days = [key[1] for key in named]
    residents = sorted({key[0] for key in named})
    wanted = {(key[0], key[1], key[2].value, key[3]) for key in named}
    resident_days = {(key[0], key[1]) for key in named}
    found: set[MeetingKey] = set()
    for start in range(0, len(residents), 500):
        query = (OutsideMeeting
                 .select(OutsideMeeting.resident, OutsideMeeting.attended_on,
                         OutsideMeeting.fellowship, OutsideMeeting.meeting_name)
                 .where(OutsideMeeting.resident.in_(residents[start:start + 500]),
                        OutsideMeeting.attended_on.between(min(days), max(days)),
                        OutsideMeeting.removed_at.is_null(),
                        OutsideMeeting.meeting_name != ""))
        for resident_id, day, fellowship, meeting_name in raw_rows(query):
            day = as_date(day)
            if (resident_id, day) not in resident_days:  # most rows: no name to fold
                continue
            key = (resident_id, day, fellowship, name_key(meeting_name))
            if key in wanted:
                found.add((resident_id, day, Fellowship(fellowship), key[3]))
    return found


def _key_of(row: OutsideMeetingLine) -> MeetingKey:
    return (cast(int, row.resident_id), cast(date, row.attended_on),
            cast(Fellowship, row.fellowship),
            name_key(row.meeting_name) if row.meeting_name
            else ("", row.meeting_type, row.verified, row.verified_by))


def _check_again(good: Sequence[OutsideMeetingLine]) -> None:
    """Inside the write: every line still fits what is on file now (the
    resident lived in the same house that day; the meeting is not on record
    since), or nothing is imported."""
    directory = ResidentDirectory()
    for row in good:
        resident_id, day = cast(int, row.resident_id), cast(date, row.attended_on)
        lived_in = directory.house_on(resident_id, day)
        if lived_in is None or directory.house_names.get(lived_in) != row.house_name:
            house_id = directory.house_ids.get(name_key(row.house_name))
            _no_longer_fits(row, directory.not_living_there(
                Found(resident_id, row.resident_name), house_id, day))
    keys = {_key_of(row): row for row in good}
    taken = _on_record(keys)
    if taken:
        row = min((keys[key] for key in taken), key=lambda row: row.line)
        _no_longer_fits(row, _already_on_record(row))


def _no_longer_fits(row: OutsideMeetingLine, problem: str) -> NoReturn:
    raise file_problem(f"Nothing was imported: line {row.line} no longer fits ({problem}). "
                       f"Check the file again.")


def _row_of_line(rows: list[OutsideMeetingLine], line: int) -> OutsideMeetingLine:
    """The row of a file line (rows are in line order)."""
    return rows[bisect_left(rows, line, key=lambda row: row.line)]


_INSERTED = (OutsideMeeting.resident, OutsideMeeting.attended_on, OutsideMeeting.fellowship,
             OutsideMeeting.meeting_name, OutsideMeeting.meeting_type, OutsideMeeting.verified,
             OutsideMeeting.verified_by, OutsideMeeting.removed_reason, OutsideMeeting.recorded_by,
             OutsideMeeting.recorded_at)


@paused_cycle_collector()
def apply_outside_meetings(preview: OutsideMeetingsPreview, skip_bad: bool = False,
                           progress: Progress | None = None) -> int:
    """Write every good line of ``preview`` in one transaction; the number written.

    The write holds the write lock; inside it every line is checked again
    against what is on file now: a resident who moved out, or a meeting
    someone else recorded since the check, refuses the import naming the line.
    The check itself (:func:`read_outside_meetings_csv`) only reads: it locks
    nothing.  Refuses (RuleViolation, nothing saved) while there are bad lines
    and ``skip_bad`` is not set.  ``progress(written, to_write)`` is told at the
    start, between chunks and before the commit; answering ``False`` rolls
    everything back (:class:`~soberhouse.csv_reading.ImportCancelled`).
    """
    permissions.require(permissions.Right.IMPORT)
    refuse_bad_lines(preview, skip_bad)
    backups.backup_before("import")  # the data as it was, verified
    good = [row for row in preview.rows if not row.problems]
    with one_write(f"imported outside meetings from {preview.source_name}",
                   kinds={"outside_meeting"}, resident_ids={row.resident_id for row in good}
                   ) as scope:
        _check_again(good)  # an exception, ImportCancelled too, rolls it all back
        user_id = current_user().id
        recorded_at = str(clock.now())
        values = [(row.resident_id, cast(date, row.attended_on).isoformat(),
                   cast(Fellowship, row.fellowship).value, row.meeting_name, row.meeting_type,
                   row.verified, row.verified_by, "", user_id, recorded_at) for row in good]
        insert_rows(OutsideMeeting, _INSERTED, values, progress)
        scope.audit_as(Action.IMPORTED, kind="outside meetings", file=preview.source_name,
                       rows=len(values))
        report_progress(progress, len(values), len(values), IMPORT_CANCELLED)
    return len(values)


# ---------------------------------------------------------------- export


def outside_meeting_rows(house_id: int | None = None, start: date | None = None,
                         end: date | None = None) -> list[tuple[object, ...]]:
    """The file's rows (EXPORT_COLUMNS), not-removed meetings in date order: the
    house is the one the resident lived in on the day (only that house's when
    ``house_id`` is given); ``start`` and ``end`` are included."""
    living = ((Stay.resident == OutsideMeeting.resident)
              & (Stay.move_in_date <= OutsideMeeting.attended_on)
              & (Stay.move_out_date.is_null()
                 | (Stay.move_out_date > OutsideMeeting.attended_on)))
    query = (OutsideMeeting
             .select(Resident.first_name, Resident.last_name, Resident.name_order, Resident.id,
                     House.name,
                     OutsideMeeting.attended_on, OutsideMeeting.fellowship,
                     OutsideMeeting.meeting_name, OutsideMeeting.meeting_type,
                     OutsideMeeting.verified, OutsideMeeting.verified_by)
             .join(Resident, on=(OutsideMeeting.resident == Resident.id))
             .switch(OutsideMeeting)
             .join(Stay, JOIN.LEFT_OUTER, on=living)
             .join(House, JOIN.LEFT_OUTER, on=(Stay.house == House.id))
             .where(OutsideMeeting.removed_at.is_null())
             .order_by(OutsideMeeting.attended_on, Resident.last_name, Resident.first_name,
                       OutsideMeeting.id)
             .tuples())
    if house_id is not None:
        permissions.require_view(house_id=house_id)
        query = query.where(Stay.house == house_id)
    query = permissions.narrowed(query, house=Resident.house, resident=Resident.id)
    if start is not None:
        query = query.where(OutsideMeeting.attended_on >= start)
    if end is not None:
        query = query.where(OutsideMeeting.attended_on <= end)
    return [(full_name(first, last, order), resident_id, house or "", day.isoformat(),
             Fellowship(fellowship).label, meeting_name,
             OutsideMeetingType(meeting_type).label if meeting_type else "",
             "yes" if verified else "no", verified_by)
            for first, last, order, resident_id, house, day, fellowship, meeting_name,
            meeting_type, verified, verified_by in query]


def export_outside_meetings(path: str | os.PathLike[str], house_id: int | None = None,
                            start: date | None = None, end: date | None = None) -> int:
    """Write the outside meetings (of one house, between two dates) to a CSV file
    that :func:`read_outside_meetings_csv` reads back; the number written."""
    count = write_csv(path, [LABELS[name] for name in EXPORT_COLUMNS],
                      outside_meeting_rows(house_id, start, end))
    note_export("outside meetings", path, count, house_id=house_id, start=start, end=end)
    return count

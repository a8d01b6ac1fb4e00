"""House meeting roll calls from and to a CSV file.

The same two steps as the residents import, read the same way
(:mod:`soberhouse.csv_reading`): :func:`read_roll_calls_csv` checks every line
(nothing saved) and :func:`apply_roll_calls` writes the good ones in one
transaction, refusing everything while a line has problems unless the manager
skips them; both take ``progress`` and can be cancelled.

Columns: House, Date, Time and Kind (optional), Resident (or First name + Last
name, or Resident id), Status (present, late, excused, unexcused, or P, L, E,
U), Reason.  The lines of one house and date (and time and kind, when given)
are the roll call of one meeting: the meeting on record that day, or a new
meeting the import records.  :func:`export_roll_calls` writes these columns.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import cast

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
    when,
)
from soberhouse.audit import Action
from soberhouse.csv_reading import (
    IMPORT_CANCELLED,
    DateOrder,
    LineOutcome,
    PreviewLines,
    Progress,
    check_date_order,
    file_problem,
    header_aliases,
    insert_rows,
    paused_cycle_collector,
    read_csv,
    refuse_bad_lines,
    report_progress,
    require_columns,
)
from soberhouse.csv_writing import note_export, write_csv
from soberhouse.houses import valid_time
from soberhouse.models import House, Resident
from soberhouse.models.meetings import Attendance, AttendanceStatus, HouseMeeting, MeetingKind
from soberhouse.names import full_name
from soberhouse.recording import one_write

COLUMNS: dict[str, tuple[str, ...]] = {
    **RESIDENT_COLUMNS,
    "held_on": ("Date", "Meeting date", "Held on", "Day"),
    "starts_at": ("Time", "Starts at", "Start time", "Meeting time"),
    "kind": ("Kind", "Meeting kind", "Meeting type", "Type"),
    "status": ("Status", "Mark", "Attendance", "Roll call"),
    "reason": ("Reason", "Excuse", "Note", "Notes"),
}
LABELS = {**RESIDENT_LABELS, "held_on": "Date", "starts_at": "Time", "kind": "Kind",
          "status": "Status", "reason": "Reason"}
ALIASES = header_aliases(COLUMNS)
EXPORT_COLUMNS = ("house", "held_on", "starts_at", "kind", "resident", "resident_id",
                  "status", "reason")
"""The columns :func:`export_roll_calls` writes, in order; the import reads them all."""

_READ = ("house", "held_on", "starts_at", "kind", "resident", "first_name", "last_name",
         "resident_id", "status", "reason")

STATUSES: dict[str, AttendanceStatus] = {
    **{name_key(s.value): s for s in AttendanceStatus},
    **{name_key(s.label): s for s in AttendanceStatus},
    **{s.value[0]: s for s in AttendanceStatus},  # P, L, E, U
    "excused": AttendanceStatus.EXCUSED, "absent excused": AttendanceStatus.EXCUSED,
    "absent": AttendanceStatus.UNEXCUSED,
}
KINDS: dict[str, MeetingKind] = {
    **{name_key(k.value): k for k in MeetingKind},
    **{name_key(k.label): k for k in MeetingKind},
    "weekly": MeetingKind.REGULAR,
}

MeetingKey = tuple[int, date, str, MeetingKind | None]
"""(house id, date, time "" if not given, kind None if not given): one meeting's lines."""


@dataclass(slots=True)
class RollCallLine(LineOutcome):
    """One line of the file: what it says, what it becomes, what is wrong."""

    line: int
    house_id: int | None
    house_name: str
    held_on: date | None
    held_on_text: str  # the file's text, shown when it is not a date
    starts_at: str
    kind: MeetingKind | None  # None: not given (a new meeting is a weekly one)
    resident_id: int | None
    resident_name: str
    status: AttendanceStatus | None
    status_text: str
    reason: str
    meeting_id: int | None = None  # the meeting on record it fills; None: a new one
    problems: tuple[str, ...] = ()

    @property
    def meeting_key(self) -> MeetingKey:
        return (cast(int, self.house_id), cast(date, self.held_on), self.starts_at, self.kind)


@dataclass(frozen=True)
class RollCallsPreview(PreviewLines):
    """What importing the file would do, line by line; nothing has been saved."""

    source_name: str
    date_order: DateOrder
    columns: dict[str, str]
    unknown_columns: tuple[str, ...]
    rows: tuple[RollCallLine, ...]

    @property
    def new_meetings(self) -> int:
        """How many meetings the good lines would add (the others are on record)."""
        return len({row.meeting_key for row in self.rows
                    if not row.problems and row.meeting_id is None})


def _status_problem(header: str, text: str) -> str:
    if not text:
        return f"{header}: the mark is missing (present, late, excused or unexcused)."
    return f'{header} "{text}" is not present, late, excused or unexcused (or P, L, E, U).'


@paused_cycle_collector()
def read_roll_calls_csv(source: str | os.PathLike[str], date_order: DateOrder = "ymd",
                        today: date | None = None, progress: Progress | None = None
                        ) -> RollCallsPreview:
    """Read a roll-calls file and say, line by line, what importing it would do.

    A line is bad when: the house or resident is not on record, the date is
    unreadable or after today, the resident was not living in the house that
    day, the status is not a roll-call mark, an excused absence has no reason,
    the resident is marked twice for one meeting (in the file, or already on
    record), or the meeting that day was cancelled.  Nothing is saved.
    """
    check_date_order(date_order)
    today = today or clock.today()
    file = read_csv(source, ALIASES, LABELS, progress)
    require_columns(file.indexes, [("house",), ("held_on",),
                                   ("resident", "first_name", "resident_id"), ("status",)],
                    LABELS)
    header = {name: file.columns.get(name, LABELS[name]) for name in LABELS}
    read = file.reader(_READ)
    directory = ResidentDirectory()
    checks = LineChecks(directory, date_order, today)
    status_of, kind_of = folded_lookup(STATUSES), folded_lookup(KINDS)
    rows: list[RollCallLine] = []
    for line, record in file.data_lines(progress):
        (house_text, day_text, time_text, kind_text, name, first, last, id_text, status_text,
         reason) = read(record)
        problems = file.shape_problems(line)  # more cells than columns, say
        house_id = checks.house(house_text, header["house"], problems, required=True)
        day = checks.past_date(day_text, header["held_on"], problems)
        if time_text and not valid_time(time_text):
            problems.append(f'{header["starts_at"]} "{time_text}" is not a time like 19:00.')
        kind = kind_of(kind_text) if kind_text else None
        if kind_text and kind is None:
            problems.append(f'{header["kind"]} "{kind_text}" is not one of '
                            f"{', '.join(k.label for k in MeetingKind)}.")
        found = checks.resident(name, first, last, id_text, house_id, problems)
        if found is not None and day is not None and house_id is not None:
            living = directory.not_living_there(found, house_id, day)
            if living:
                problems.append(living)
        status = status_of(status_text)
        if status is None:
            problems.append(_status_problem(header["status"], status_text))
        elif status == AttendanceStatus.EXCUSED and not reason:
            problems.append(f"{found.name if found is not None else name}: an "
                            f"excused absence needs a reason ({header['reason']}).")
        rows.append(RollCallLine(
            line, house_id, directory.house_names.get(house_id, house_text)
            if house_id is not None else house_text, day, day_text, time_text, kind,
            found.resident_id if found is not None else None,
            found.name if found is not None else name or f"{first} {last}".strip(), status,
            status_text, reason,
            None, file.with_shape(line, problems)))
    _match_meetings(rows, directory)
    file.finish(progress)
    return RollCallsPreview(file.source_name, date_order, dict(file.columns),
                            file.unknown_columns, tuple(rows))


def _match_meetings(rows: list[RollCallLine], directory: ResidentDirectory) -> None:
    """Each good line's meeting on record (if any), and the rules that need it:
    a cancelled meeting, a resident marked twice, or marked already."""
    good = [row for row in rows if not row.problems]
    if not good:
        return
    days = [cast(date, row.held_on) for row in good]
    meetings: dict[tuple[int, date], list[tuple[int, str, str, bool]]] = {}
    for meeting_id, house_id, held_on, starts_at, kind, cancelled in cast(
            Iterable[tuple[int, int, date, str, str, bool]],
            HouseMeeting.select(HouseMeeting.id, HouseMeeting.house, HouseMeeting.held_on,
                                HouseMeeting.starts_at, HouseMeeting.kind,
                                HouseMeeting.cancelled)
            .where(HouseMeeting.held_on.between(min(days), max(days))).tuples()):
        meetings.setdefault((house_id, held_on), []).append(
            (meeting_id, starts_at, kind, cancelled))
    chosen: dict[MeetingKey, int | str | None] = {}
    for row in good:
        key = row.meeting_key
        if key not in chosen:
            chosen[key] = _meeting_for(key, meetings.get(key[:2], []), directory)
        meeting = chosen[key]
        if isinstance(meeting, str):
            row.problems = (meeting,)
        else:
            row.meeting_id = meeting
    marked = _marks_on_record({row.meeting_id for row in good if row.meeting_id is not None})
    first_line: dict[tuple[MeetingKey, int], int] = {}
    for row in good:
        if row.problems:
            continue
        resident_id = cast(int, row.resident_id)
        mark = (row.meeting_key, resident_id)
        if mark in first_line:
            row.problems = (f"{row.resident_name} is already marked for this meeting on line "
                            f"{first_line[mark]}.",)
        elif (row.meeting_id, resident_id) in marked:
            status = marked[(cast(int, row.meeting_id), resident_id)]
            row.problems = (f"{row.resident_name} is already marked "
                            f"{AttendanceStatus(status).label.lower()} at the meeting of "
                            f"{when(cast(date, row.held_on))}: change the mark in the roll "
                            f"call instead.",)
        else:
            first_line[mark] = row.line


def _meeting_for(key: MeetingKey, on_that_day: list[tuple[int, str, str, bool]],
                 directory: ResidentDirectory) -> int | str | None:
    """The meeting on record a group of lines fills, None for a new one, or the problem."""
    house_id, day, starts_at, kind = key
    matching = [m for m in on_that_day
                if (not starts_at or m[1] == starts_at) and (kind is None or m[2] == kind)]
    held = [m for m in matching if not m[3]]
    house = directory.house_names.get(house_id, "the house")
    if len(held) == 1:
        return held[0][0]
    if len(held) > 1:
        return (f"{house} has {len(held)} meetings on {when(day)}: add a Time (or Kind) "
                f"column to say which.")
    if matching:
        return f"The meeting of {house} on {when(day)} was cancelled."
    return None


def _marks_on_record(meeting_ids: set[int]) -> dict[tuple[int, int], str]:
    """(meeting id, resident id) -> status, for the meetings the file fills."""
    marks: dict[tuple[int, int], str] = {}
    ids = sorted(meeting_ids)
    for start in range(0, len(ids), 500):
        query = (Attendance.select(Attendance.meeting, Attendance.resident, Attendance.status)
                 .where(Attendance.meeting.in_(ids[start:start + 500])).tuples())
        for meeting_id, resident_id, status in cast(Iterable[tuple[int, int, str]], query):
            marks[(meeting_id, resident_id)] = status
    return marks


_INSERTED = (Attendance.meeting, Attendance.resident, Attendance.status, Attendance.reason,
             Attendance.recorded_by, Attendance.recorded_at)


@paused_cycle_collector()
def apply_roll_calls(preview: RollCallsPreview, skip_bad: bool = False,
                     progress: Progress | None = None) -> int:
    """Record every good line's mark in one transaction; the number of marks.

    A group of lines with no meeting on record records the meeting (weekly,
    unless the file's Kind says otherwise; at the house's meeting time unless
    the file's Time says otherwise, as ``record_meeting`` does).

    The write holds the write lock; inside it every line is checked again
    against what is on file now (a meeting or a mark someone else recorded
    since the check, a resident who moved out): a line that no longer fits
    refuses the import, naming it.  The check itself
    (:func:`read_roll_calls_csv`) only reads: it locks nothing.  Refuses
    (RuleViolation, nothing saved) while there are bad lines and ``skip_bad``
    is not set; answering ``False`` to ``progress`` rolls everything back.
    """
    permissions.require(permissions.Right.IMPORT)
    refuse_bad_lines(preview, skip_bad)
    backups.backup_before("import")  # the data as it was, verified
    good = [row for row in preview.rows if not row.problems]
    with one_write(f"imported roll calls from {preview.source_name}",
                   kinds={"house_meeting", "attendance"},
                   resident_ids={row.resident_id for row in good}) as scope:
        good = _check_again(good)  # an exception, ImportCancelled too, rolls it all back
        user = current_user()
        now = clock.now()
        recorded_at = str(now)
        meeting_times = dict(House.select(House.id, House.meeting_time).tuples())
        new_meetings: dict[MeetingKey, int] = {}
        values = []
        for row in good:
            meeting_id = row.meeting_id
            if meeting_id is None:
                key = row.meeting_key
                meeting_id = new_meetings.get(key)
                if meeting_id is None:
                    meeting_id = new_meetings[key] = cast(int, HouseMeeting.insert(
                        house=row.house_id, held_on=row.held_on,
                        starts_at=row.starts_at or meeting_times[row.house_id],
                        kind=(row.kind or MeetingKind.REGULAR).value, recorded_by=user,
                        recorded_at=now).execute())
            values.append((meeting_id, row.resident_id, cast(AttendanceStatus, row.status).value,
                           row.reason, user.id, recorded_at))
        insert_rows(Attendance, _INSERTED, values, progress)
        scope.audit_as(Action.IMPORTED, kind="roll calls", file=preview.source_name,
                       rows=len(values), meetings_added=len(new_meetings))
        report_progress(progress, len(values), len(values), IMPORT_CANCELLED)
    return len(values)


def _check_again(good: Sequence[RollCallLine]) -> list[RollCallLine]:
    """Inside the write: the lines checked again against what is on file now
    (the resident still lived in the house that day; the meeting on record,
    cancelled or not, and the marks already made, someone else's since the
    check included), each with the meeting it fills now.  A line that no
    longer fits refuses everything, naming it."""
    directory = ResidentDirectory()
    again = [replace(row, meeting_id=None, problems=()) for row in good]
    for row in again:
        living = directory.not_living_there(
            Found(cast(int, row.resident_id), row.resident_name), row.house_id,
            cast(date, row.held_on))
        if living:
            row.problems = (living,)
    _match_meetings(again, directory)
    for row in again:
        if row.problems:
            raise file_problem(f"Nothing was imported: line {row.line} no longer fits "
                               f"({row.problems[0]}). Check the file again.")
    return again


# ---------------------------------------------------------------- export


def roll_call_rows(house_id: int | None = None, start: date | None = None,
                   end: date | None = None) -> list[tuple[object, ...]]:
    """The file's rows (EXPORT_COLUMNS): every mark at a meeting that was not
    cancelled, by date, house and name; ``start`` and ``end`` are included."""
    query = (Attendance
             .select(House.name, HouseMeeting.held_on, HouseMeeting.starts_at, HouseMeeting.kind,
                     Resident.first_name, Resident.last_name, Resident.name_order, Resident.id,
                     Attendance.status, Attendance.reason)
             .join(HouseMeeting, on=(Attendance.meeting == HouseMeeting.id))
             .join(House, on=(HouseMeeting.house == House.id))
             .switch(Attendance)
             .join(Resident, on=(Attendance.resident == Resident.id))
             .where(HouseMeeting.cancelled == False)  # noqa: E712 (SQL, not Python)
             .order_by(HouseMeeting.held_on, House.name, HouseMeeting.starts_at,
                       HouseMeeting.id, Resident.last_name, Resident.first_name)
             .tuples())
    if house_id is not None:
        permissions.require_view(house_id=house_id)
        query = query.where(HouseMeeting.house == house_id)
    query = permissions.narrowed(query, house=HouseMeeting.house, resident=Resident.id)
    if start is not None:
        query = query.where(HouseMeeting.held_on >= start)
    if end is not None:
        query = query.where(HouseMeeting.held_on <= end)
    return [(house, day.isoformat(), starts_at, MeetingKind(kind).label,
             full_name(first, last, order), resident_id, AttendanceStatus(status).label, reason)
            for house, day, starts_at, kind, first, last, order, resident_id, status, reason
            in query]


def export_roll_calls(path: str | os.PathLike[str], house_id: int | None = None,
                      start: date | None = None, end: date | None = None) -> int:
    """Write the roll calls (of one house, between two dates) to a CSV file that
    :func:`read_roll_calls_csv` reads back; the number of marks written."""
    count = write_csv(path, [LABELS[name] for name in EXPORT_COLUMNS],
                      roll_call_rows(house_id, start, end))
    note_export("roll calls", path, count, house_id=house_id, start=start, end=end)
    return count

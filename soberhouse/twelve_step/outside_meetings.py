"""Outside meetings: the AA, NA, SMART... meetings a resident attended.

Most are entered once a week from the signed attendance cards, many lines at
a time: :func:`log_outside_meetings` checks every line first (a constant
number of queries, whatever the number of lines), refuses the whole batch
with one message per wrong line naming the resident and the date, and
otherwise saves it in one transaction.  A line entered by mistake is never
deleted: :func:`remove_outside_meeting` marks it removed (who, when, why) and
every count skips it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from peewee import JOIN, Case, fn

from soberhouse import clock, permissions
from soberhouse.accounts import current_user
from soberhouse.date_style import written_date
from soberhouse.errors import NotFound, Problem, RuleViolation
from soberhouse.models import Resident, Stay, column_date
from soberhouse.models.twelve_step import Fellowship, OutsideMeeting, OutsideMeetingType
from soberhouse.names import full_name
from soberhouse.recording import WriteScope, one_write
from soberhouse.undo import OutsideMeetingStep

MEETING_NAME_LENGTH = 200
VERIFIED_BY_LENGTH = 160
INSERT_CHUNK = 100  # rows per INSERT: 900 values, under SQLite's oldest limit of 999


@dataclass
class OutsideMeetingDetails:
    """One line of the outside-meetings form (or of a signed card)."""

    resident_id: int
    attended_on: dt.date | None
    fellowship: Fellowship | str
    meeting_name: str = ""
    meeting_type: OutsideMeetingType | str = ""
    verified: bool = False
    verified_by: str = ""


class BatchRuleViolation(RuleViolation):
    """A batch refused: ``problems`` lists every message (each starting with
    the line number, the resident's name and the date); ``by_line`` maps the
    0-based index of each wrong entry to its own problems (field + message
    without the prefix), so a grid can mark the wrong cells."""

    def __init__(self, problems: list[Problem], by_line: dict[int, list[Problem]]) -> None:
        super().__init__(problems)
        self.by_line = by_line




def _entry_problems(details: OutsideMeetingDetails, today: dt.date) -> list[Problem]:
    """The rules one line must meet on its own (no database)."""
    problems = []
    if details.attended_on is None:
        problems.append(Problem("attended_on", "The date of the meeting is required."))
    elif details.attended_on > today:
        problems.append(Problem("attended_on", "A meeting can't be logged for a date after "
                                               "today."))
    try:
        Fellowship(details.fellowship)
    except ValueError:
        choices = ", ".join(f.label for f in Fellowship)
        problems.append(Problem("fellowship", f'"{details.fellowship}" is not a fellowship '
                                              f"the program knows ({choices})."))
    if details.meeting_type:
        try:
            OutsideMeetingType(details.meeting_type)
        except ValueError:
            choices = ", ".join(t.label for t in OutsideMeetingType)
            problems.append(Problem("meeting_type", f'"{details.meeting_type}" is not a '
                                                    f"meeting type ({choices})."))
    if len(details.meeting_name.strip()) > MEETING_NAME_LENGTH:
        problems.append(Problem("meeting_name", f"The meeting name is longer than "
                                                f"{MEETING_NAME_LENGTH} characters."))
    if len(details.verified_by.strip()) > VERIFIED_BY_LENGTH:
        problems.append(Problem("verified_by", f"Who signed the card is longer than "
                                               f"{VERIFIED_BY_LENGTH} characters."))
    return problems


_Stays = dict[int, list[tuple[dt.date, dt.date | None]]]


def _residents_and_stays(resident_ids: Iterable[int]) -> tuple[dict[int, str], _Stays]:
    """Names and stays (move-in, move-out) of the residents, in one query."""
    names: dict[int, str] = {}
    stays: _Stays = {}
    query = (Resident.select(Resident.id, Resident.first_name, Resident.last_name,
                             Resident.name_order, Stay.move_in_date, Stay.move_out_date)
             .join(Stay, JOIN.LEFT_OUTER, on=(Stay.resident == Resident.id))
             .where(Resident.id.in_(list(resident_ids))))
    for resident_id, first, last, order, move_in, move_out in query.tuples():
        names[resident_id] = full_name(first, last, order)
        if move_in is not None:
            stays.setdefault(resident_id, []).append(
                (column_date(move_in), column_date(move_out) if move_out is not None else None))
    return names, stays


def _lived_in_a_house(stays: list[tuple[dt.date, dt.date | None]], day: dt.date) -> bool:
    return any(move_in <= day and (move_out is None or move_out > day)
               for move_in, move_out in stays)


def _check(entries: Sequence[OutsideMeetingDetails], today: dt.date
           ) -> tuple[dict[int, list[Problem]], dict[int, str]]:
    """Every line's problems by index (and the residents' names), in two
    queries for the whole batch."""
    names, stays = _residents_and_stays({e.resident_id for e in entries})
    dates = [e.attended_on for e in entries
             if e.attended_on is not None and e.meeting_name.strip()]
    logged: set[tuple[int, dt.date, str, str]] = set()
    if dates and names:
        query = (OutsideMeeting.select(OutsideMeeting.resident, OutsideMeeting.attended_on,
                                       OutsideMeeting.fellowship,
                                       fn.LOWER(OutsideMeeting.meeting_name))
                 .where(OutsideMeeting.resident.in_(list(names))
                        & (OutsideMeeting.attended_on >= min(dates))
                        & (OutsideMeeting.attended_on <= max(dates))
                        & OutsideMeeting.removed_at.is_null()
                        & (OutsideMeeting.meeting_name != "")))
        logged = {(rid, column_date(day), fellowship, name)
                  for rid, day, fellowship, name in query.tuples()}
    by_line: dict[int, list[Problem]] = {}
    for index, details in enumerate(entries):
        if details.resident_id not in names:
            by_line[index] = [Problem("resident_id", "Choose the resident.")]
            continue
        problems = _entry_problems(details, today)
        day = details.attended_on
        if day is not None and day <= today and not _lived_in_a_house(
                stays.get(details.resident_id, []), day):
            problems.append(Problem("attended_on", f"{names[details.resident_id]} was not "
                                                   f"living in a house on "
                                                   f"{written_date(day)}."))
        name = details.meeting_name.strip().lower()
        if day is not None and name and not problems:
            key = (details.resident_id, day, Fellowship(details.fellowship).value, name)
            if key in logged:
                problems.append(Problem("meeting_name", f"“{details.meeting_name.strip()}” "
                                                        f"is already logged for that day."))
            logged.add(key)
        if problems:
            by_line[index] = problems
    return by_line, names


def _prefixed(entries: Sequence[OutsideMeetingDetails], by_line: dict[int, list[Problem]],
              names: dict[int, str]) -> list[Problem]:
    problems = []
    for index, line_problems in sorted(by_line.items()):
        details = entries[index]
        who = names.get(details.resident_id, f"resident #{details.resident_id}")
        when = written_date(details.attended_on) if details.attended_on else "no date"
        for problem in line_problems:
            problems.append(Problem(problem.field,
                                    f"Line {index + 1} ({who}, {when}): {problem.message}"))
    return problems


ROW_FIELDS = ("resident", "attended_on", "fellowship", "meeting_name", "meeting_type",
              "verified", "verified_by", "recorded_by", "recorded_at")


def _row(details: OutsideMeetingDetails, user_id: int, now: dt.datetime) -> tuple[object, ...]:
    """The values of :data:`ROW_FIELDS` for one line."""
    return (details.resident_id, details.attended_on, Fellowship(details.fellowship).value,
            details.meeting_name.strip(),
            OutsideMeetingType(details.meeting_type).value if details.meeting_type else "",
            bool(details.verified), details.verified_by.strip(), user_id, now)


def log_outside_meeting(details: OutsideMeetingDetails) -> OutsideMeeting:
    """Record one outside meeting.  Refused (nothing saved) when the date is
    missing or after today, the resident was not living in a house that day,
    the fellowship or type is unknown, or the same named meeting is already
    logged for that resident and day."""
    permissions.require_change(resident_ids=[details.resident_id])
    with one_write("logged an outside meeting", kinds={"outside_meeting"},
                   resident_ids=[details.resident_id]) as scope:
        # The duplicate check reads what is logged inside the write: the
        # same card entered at two desks at once is saved once.
        by_line, names = _check([details], clock.today())
        problems = by_line.get(0)
        if problems:
            raise RuleViolation(problems)
        values = dict(zip(ROW_FIELDS, _row(details, current_user().id, clock.now()),
                          strict=True))
        meeting = OutsideMeeting.create(**values)
        _can_undo(scope, [(meeting.id, meeting.resident_id, meeting.attended_on,
                           meeting.fellowship)], names)
        return meeting


def log_outside_meetings(entries: Sequence[OutsideMeetingDetails]) -> int:
    """Record a batch (a week of signed cards) in one transaction; returns
    how many were saved.  If any line breaks a rule nothing is saved and the
    :class:`BatchRuleViolation` names each wrong line: "Line 3 (Zoë Nguyễn,
    2026-11-12): ..."."""
    permissions.require_change(resident_ids=[entry.resident_id for entry in entries])
    entries = list(entries)
    if not entries:
        return 0
    with one_write("logged outside meetings", kinds={"outside_meeting"},
                   resident_ids={e.resident_id for e in entries}) as scope:
        by_line, names = _check(entries, clock.today())
        if by_line:
            raise BatchRuleViolation(_prefixed(entries, by_line, names), by_line)
        user_id, now = current_user().id, clock.now()
        rows = [_row(details, user_id, now) for details in entries]
        columns = [getattr(OutsideMeeting, name) for name in ROW_FIELDS]
        scope.describe(f"{len(rows)} meetings" if len(rows) != 1 else "1 meeting")
        # Every writer holds the write lock: the rows numbered after the
        # highest number now are this batch's (for Undo).
        highest = OutsideMeeting.select(fn.MAX(OutsideMeeting.id)).scalar() or 0
        for start in range(0, len(rows), INSERT_CHUNK):
            OutsideMeeting.insert_many(rows[start:start + INSERT_CHUNK], fields=columns).execute()
        scope.rows_inserted("outside_meeting", (dict(zip(ROW_FIELDS, row, strict=True))
                                                for row in rows))
        _can_undo(scope, OutsideMeeting.select(
            OutsideMeeting.id, OutsideMeeting.resident, OutsideMeeting.attended_on,
            OutsideMeeting.fellowship).where(OutsideMeeting.id > highest)
            .order_by(OutsideMeeting.id).tuples(), names)
    return len(rows)


def _can_undo(scope: WriteScope, rows: Iterable[tuple[int, int, dt.date | str, str]],
              names: dict[int, str]) -> None:
    """Note the meetings just logged (id, resident, date, fellowship) for Undo."""
    for meeting_id, resident_id, attended_on, fellowship in rows:
        try:
            label = Fellowship(fellowship).label
        except ValueError:
            label = fellowship
        scope.can_undo(OutsideMeetingStep(meeting_id, resident_id,
                                          names.get(resident_id, f"Resident #{resident_id}"),
                                          column_date(attended_on), label))


def get_outside_meeting(meeting_id: int) -> OutsideMeeting:
    meeting = OutsideMeeting.get_or_none(OutsideMeeting.id == meeting_id)
    if meeting is None:
        raise NotFound(f"There is no outside meeting number {meeting_id}.")
    return meeting


def remove_outside_meeting(meeting_id: int, reason: str) -> OutsideMeeting:
    """Take out a line entered by mistake: the row stays, marked removed with
    who, when and why; no count includes it any more."""
    permissions.require_change(resident_ids=[
        OutsideMeeting.select(OutsideMeeting.resident).where(OutsideMeeting.id == meeting_id)
        .scalar()])
    with one_write("removed an outside meeting", kinds={"outside_meeting"}) as scope:
        meeting = get_outside_meeting(meeting_id)
        scope.touch("outside_meeting", meeting.resident_id)
        if meeting.removed_at is not None:
            raise RuleViolation(Problem("reason", f"This meeting was already removed on "
                                                  f"{written_date(meeting.removed_at.date())}."))
        if not reason.strip():
            raise RuleViolation(Problem("reason", "Please give a reason for removing it."))
        scope.describe(f"{written_date(meeting.attended_on)}: {reason.strip()}")
        meeting.removed_at = clock.now()
        meeting.removed_by = current_user()
        meeting.removed_reason = reason.strip()
        meeting.save()
    return meeting


def outside_meetings_of(resident_id: int, start: dt.date, end: dt.date, *,
                        include_removed: bool = False) -> list[OutsideMeeting]:
    """A resident's outside meetings from ``start`` to ``end`` inclusive, oldest
    first; removed lines only when asked for (they never count)."""
    query = (OutsideMeeting.select()
             .where((OutsideMeeting.resident == resident_id)
                    & (OutsideMeeting.attended_on >= start)
                    & (OutsideMeeting.attended_on <= end))
             .order_by(OutsideMeeting.attended_on, OutsideMeeting.id))
    if not include_removed:
        query = query.where(OutsideMeeting.removed_at.is_null())
    return list(query)


@dataclass(frozen=True)
class OutsideMeetingCount:
    resident_id: int
    attended: int
    verified: int


def outside_meeting_counts(resident_ids: Iterable[int] | None, start: dt.date, end: dt.date
                           ) -> dict[int, OutsideMeetingCount]:
    """Non-removed outside meetings (and how many verified) per resident from
    ``start`` to ``end`` inclusive, in one GROUP BY query; residents without
    any are absent.  ``resident_ids`` None: everyone."""
    verified = fn.SUM(Case(None, ((OutsideMeeting.verified == True, 1),), 0))  # noqa: E712
    query = (OutsideMeeting.select(OutsideMeeting.resident, fn.COUNT(OutsideMeeting.id),
                                   verified)
             .where((OutsideMeeting.attended_on >= start) & (OutsideMeeting.attended_on <= end)
                    & OutsideMeeting.removed_at.is_null())
             .group_by(OutsideMeeting.resident))
    if resident_ids is not None:
        query = query.where(OutsideMeeting.resident.in_(list(resident_ids)))
    return {rid: OutsideMeetingCount(rid, count, int(checked or 0))
            for rid, count, checked in query.tuples()}


def last_fellowships(resident_ids: Iterable[int], start: dt.date, end: dt.date
                     ) -> dict[int, str]:
    """Each resident's fellowship at their latest non-removed outside meeting
    from ``start`` to ``end`` (residents without one are absent): one query."""
    query = (OutsideMeeting.select(OutsideMeeting.resident, OutsideMeeting.fellowship)
             .where(OutsideMeeting.resident.in_(list(resident_ids))
                    & (OutsideMeeting.attended_on >= start) & (OutsideMeeting.attended_on <= end)
                    & OutsideMeeting.removed_at.is_null())
             .order_by(OutsideMeeting.attended_on, OutsideMeeting.id))
    return dict(query.tuples())  # the latest of each resident comes last

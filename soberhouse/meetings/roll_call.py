"""Roll call: who belonged to the meeting (lived in the house that day) and
their marks.  A roll call is saved in one go, all or nothing; changing a mark
later keeps the old one (:class:`AttendanceChange`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from peewee import JOIN

from soberhouse import clock, permissions
from soberhouse.accounts import current_user
from soberhouse.date_style import written_date
from soberhouse.errors import Problem, RuleViolation
from soberhouse.meetings.membership import stay_covers, tier_names_on
from soberhouse.meetings.records import (
    MeetingDetails,
    get_meeting,
    record_meeting,
    update_meeting,
)
from soberhouse.models import Resident, Stay, bed_label, display_name
from soberhouse.models.meetings import Attendance, AttendanceChange, AttendanceStatus, HouseMeeting
from soberhouse.names import full_name, name_sort_key
from soberhouse.recording import one_write
from soberhouse.undo import MarkStep


@dataclass(frozen=True)
class RollCallMember:
    resident_id: int
    name: str  # as lists show a resident: "Last, First", or "李伟" for family name first
    tier_name: str  # the tier that day
    bed_label: str
    status: AttendanceStatus | None  # None: not marked
    reason: str
    full_name: str = ""  # in the person's order, as messages name them: "First Last", "李伟"


@dataclass(frozen=True)
class RollCallMark:
    resident_id: int
    status: AttendanceStatus | str
    reason: str = ""


@dataclass(frozen=True)
class RollCallSaved:
    """The meeting's roll call after saving."""

    present: int
    late: int
    excused: int
    unexcused: int

    @property
    def summary(self) -> str:
        return (f"{self.present} present, {self.late} late, {self.excused} excused, "
                f"{self.unexcused} unexcused")


def members_on(house_id: int, day: dt.date) -> list[RollCallMember]:
    """Everyone living in the house on ``day``, by name, unmarked (three
    queries); for a peer coach, their mentees among them only."""
    from soberhouse.permissions import narrowed, require_view

    require_view(house_id=house_id)
    query = (Stay.select(Resident.id, Resident.first_name, Resident.last_name,
                         Resident.preferred_name, Resident.name_order, Resident.room,
                         Resident.bed)
             .join(Resident, on=(Stay.resident == Resident.id))
             .where((Stay.house == house_id) & stay_covers(day)))
    query = narrowed(query, resident=Stay.resident)
    people: dict[int, tuple[str, str, str]] = {}
    for resident_id, first, last, preferred, order, room, bed in _by_name(query.tuples(), 1):
        people[resident_id] = (display_name(first, last, preferred, order),
                               bed_label(room, bed), full_name(first, last, order))
    tiers = tier_names_on(people, day)
    return [RollCallMember(resident_id, name, tiers.get(resident_id, ""), bed, None, "", full)
            for resident_id, (name, bed, full) in people.items()]


def _by_name(rows: Iterable[tuple[Any, ...]], first: int) -> list[tuple[Any, ...]]:
    """Rows in the order of every list of names (family name, then given name,
    accents not counting); the given and family names at ``first`` and
    ``first + 1``, the resident's id at 0."""
    return sorted(rows, key=lambda row: (*name_sort_key(row[first], row[first + 1]), row[0]))


def roll_call(meeting_id: int) -> list[RollCallMember]:
    """The meeting's members with their marks (five queries).  Someone marked
    who no longer counts as living there that day (a move-in date corrected
    since) is listed too, last, so no mark is hidden."""
    meeting = get_meeting(meeting_id)
    members = members_on(meeting.house_id, meeting.held_on)
    marks = (Attendance.select(Attendance.resident, Attendance.status, Attendance.reason,
                               Resident.first_name, Resident.last_name,
                               Resident.preferred_name, Resident.name_order, Resident.room,
                               Resident.bed)
             .join(Resident, JOIN.INNER, on=(Attendance.resident == Resident.id))
             .where(Attendance.meeting == meeting.id))
    by_resident = {}
    others = []
    member_ids = {member.resident_id for member in members}
    for (resident_id, status, reason, first, last, preferred, order, room,
         bed) in _by_name(marks.tuples(), 3):
        by_resident[resident_id] = (AttendanceStatus(status), reason)
        if resident_id not in member_ids:
            others.append(RollCallMember(resident_id,
                                         display_name(first, last, preferred, order), "",
                                         bed_label(room, bed), AttendanceStatus(status),
                                         reason, full_name(first, last, order)))
    result = [RollCallMember(m.resident_id, m.name, m.tier_name, m.bed_label,
                             *by_resident.get(m.resident_id, (None, "")), m.full_name)
              for m in members]
    seen = permissions.visible()
    return [member for member in result + others
            if seen.resident_ids is None or member.resident_id in seen.resident_ids]


def _status(value: AttendanceStatus | str) -> AttendanceStatus | None:
    try:
        return AttendanceStatus(value)
    except ValueError:
        return None


def save_roll_call(meeting_id: int, marks: Sequence[RollCallMark]) -> RollCallSaved:
    """Save the marks in one transaction: all of them, or (on any problem)
    none.  Residents not in ``marks`` keep the mark they had (or none).

    The meeting, who lived in the house and the marks already on file are
    read inside the write: a second roll call of the same meeting saved at
    the same moment waits, then changes the first one's marks (with their
    history) instead of adding a second mark per resident."""
    permissions.require_meeting_change(meeting_id)
    ids = [mark.resident_id for mark in marks]
    with one_write("saved a roll call", kinds={"attendance"}, resident_ids=ids) as scope:
        meeting = get_meeting(meeting_id)
        today = clock.today()
        when = written_date(meeting.held_on)
        problems: list[Problem] = []
        if meeting.cancelled:
            problems.append(Problem("marks", f"The meeting of {when} was cancelled: it has no "
                                             f"roll call."))
        if meeting.held_on > today:
            problems.append(Problem("marks", f"The meeting of {when} hasn't been held yet: "
                                             f"take the roll call on the day."))
        if not marks:
            problems.append(Problem("marks", "Mark at least one resident."))
        if problems:
            raise RuleViolation(problems)
        names = {resident_id: full_name(first, last, order)
                 for resident_id, first, last, order in
                 Resident.select(Resident.id, Resident.first_name, Resident.last_name,
                                 Resident.name_order)
                 .where(Resident.id.in_(ids)).tuples()}
        living = {resident_id for (resident_id,) in Stay.select(Stay.resident).where(
            (Stay.house == meeting.house_id) & stay_covers(meeting.held_on)
            & Stay.resident.in_(ids))
            .tuples()}
        house_name = meeting.house.name if len(living) < len(set(ids)) else ""
        seen: set[int] = set()
        cleaned: list[tuple[int, AttendanceStatus, str]] = []
        for mark in marks:
            name = names.get(mark.resident_id, f"Resident #{mark.resident_id}")
            status = _status(mark.status)
            reason = mark.reason.strip()
            if mark.resident_id in seen:
                problems.append(Problem("marks", f"{name} is marked twice."))
                continue
            seen.add(mark.resident_id)
            if mark.resident_id not in living:
                problems.append(Problem("marks", f"{name} was not living in {house_name} on "
                                                 f"{when}: no attendance can be recorded."))
            if status is None:
                problems.append(Problem("marks", f"{name}: choose present, late, excused or "
                                                 f"unexcused."))
            elif status is AttendanceStatus.EXCUSED and not reason:
                problems.append(Problem("marks", f"{name}: an excused absence needs a "
                                                 f"reason."))
            if status is not None:
                cleaned.append((mark.resident_id, status, reason))
        if problems:
            raise RuleViolation(problems)
        existing = {row.resident_id: row for row in
                    Attendance.select().where(Attendance.meeting == meeting.id)}
        user = current_user()
        new_rows = []
        changed = 0
        for resident_id, status, reason in cleaned:
            row = existing.get(resident_id)
            name = names.get(resident_id, f"Resident #{resident_id}")
            if row is None:
                new_rows.append(dict(meeting=meeting.id, resident=resident_id,
                                     status=status.value, reason=reason, recorded_by=user.id,
                                     recorded_at=clock.now()))
                scope.can_undo(MarkStep(meeting.id, meeting.held_on, resident_id, name, "", "",
                                        status.value, reason, None))
            elif (row.status, row.reason) != (status.value, reason):
                change = AttendanceChange.create(attendance=row, from_status=row.status,
                                                 to_status=status.value, from_reason=row.reason,
                                                 to_reason=reason, recorded_by=user)
                scope.can_undo(MarkStep(meeting.id, meeting.held_on, resident_id, name,
                                        row.status, row.reason, status.value, reason,
                                        change.id))
                # By query, its old values known: the audit trail is told them
                # rather than reading each row again (a roll call of 20 stays fast).
                Attendance.update(status=status.value, reason=reason).where(
                    Attendance.id == row.id).execute()
                scope.row_updated("attendance", row.id, {
                    "status": (row.status, status.value), "reason": (row.reason, reason)},
                    {"resident": resident_id})
                changed += 1
        if new_rows:
            Attendance.insert_many(new_rows).execute()
            scope.rows_inserted("attendance", new_rows)
        counts = Counter(status for (status,) in Attendance.select(Attendance.status)
                         .where(Attendance.meeting == meeting.id).tuples())
        saved = RollCallSaved(counts[AttendanceStatus.PRESENT.value],
                              counts[AttendanceStatus.LATE.value],
                              counts[AttendanceStatus.EXCUSED.value],
                              counts[AttendanceStatus.UNEXCUSED.value])
        scope.describe(f"{meeting.house.name}, {when}: {saved.summary}"
                       + (f" ({changed} marks changed)" if changed else ""))
    return saved


def save_meeting_and_roll_call(meeting_id: int | None, details: MeetingDetails | None,
                               marks: Sequence[RollCallMark], *,
                               base: MeetingDetails | None = None,
                               base_version: int | None = None
                               ) -> tuple[HouseMeeting, RollCallSaved]:
    """Record a meeting (``meeting_id`` None) or apply edits to it
    (``details`` given), and save its roll call, all in one transaction: a
    refused roll call leaves no meeting on record without its marks.
    ``base`` and ``base_version``: as in :func:`update_meeting`."""
    with one_write("saved a house meeting and its roll call", kinds={"meeting", "attendance"}):
        if meeting_id is None:
            if details is None:
                raise ValueError("A new meeting needs its details.")
            meeting = record_meeting(details)
        elif details is not None:
            meeting = update_meeting(meeting_id, details, base=base,
                                     base_version=base_version)
        else:
            meeting = get_meeting(meeting_id)
        saved = save_roll_call(meeting.id, marks)
    return meeting, saved


def mark_changes(meeting_id: int) -> list[AttendanceChange]:
    """Every change of a mark at the meeting, newest first."""
    get_meeting(meeting_id)
    return list(AttendanceChange.select().join(Attendance)
                .where(Attendance.meeting == meeting_id)
                .order_by(AttendanceChange.recorded_at.desc(), AttendanceChange.id.desc()))

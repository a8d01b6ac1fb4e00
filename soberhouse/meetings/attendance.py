"""House meeting attendance figures, for every resident at once.

The convention (contract.md, DOMAIN.md): a meeting counts for a resident when
it is not cancelled, its roll call was taken (it has at least one mark), it
was held inside the period, and the resident lived in the meeting's house
that day.  ``held`` counts those meetings; present, late, excused and
unexcused are the resident's marks at them; ``unrecorded`` is the rest.
Present and late are attended; the rate is attended / (held - excused).

Every function here runs a fixed number of queries, whatever the number of
residents or meetings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from peewee import JOIN, SQL, Case, fn

from soberhouse.meetings.membership import stay_covers
from soberhouse.models import House, Stay, column_date
from soberhouse.models.meetings import Attendance, AttendanceStatus, HouseMeeting, MeetingKind


def attendance_rate(attended: int, held: int, excused: int) -> float | None:
    """The attendance rate: attended / (meetings held - excused absences);
    None when no meeting counts.  The one place this is worked out."""
    counted = held - excused
    return attended / counted if counted > 0 else None


NOT_MARKED = "Not marked"


def rate_text(rate: float | None) -> str:
    """"83%", or "—" when there is nothing to count."""
    return "—" if rate is None else f"{rate:.0%}"


class AttendanceCounts:
    """What a set of attendance figures means: attended and the rate, worked
    out here only (mixed into :class:`AttendanceFigures` and the monthly
    report's summary, which hold ``held``, ``present``, ``late`` and ``excused``)."""

    held: int
    present: int
    late: int
    excused: int
    unrecorded: int

    @property
    def attended(self) -> int:
        return self.present + self.late

    @property
    def none_marked(self) -> bool:
        """Meetings counted for the resident but not one of them marked: the
        screens and reports say "Not marked" rather than show 0%."""
        return self.held > 0 and self.unrecorded >= self.held

    @property
    def rate(self) -> float | None:
        return attendance_rate(self.attended, self.held, self.excused)

    @property
    def rate_text(self) -> str:
        """"83%", "—" (nothing to count) or "Not marked" (no mark at any meeting)."""
        return NOT_MARKED if self.none_marked else rate_text(self.rate)


@dataclass(frozen=True)
class AttendanceFigures(AttendanceCounts):
    resident_id: int  # 0 for a house's totals
    held: int
    present: int
    late: int
    excused: int
    unexcused: int
    unrecorded: int


@dataclass(frozen=True)
class MeetingMark:
    """A meeting that counts for a resident, and their mark (None: not recorded)."""

    meeting_id: int
    held_on: dt.date
    kind: MeetingKind
    status: AttendanceStatus | None
    reason: str


def _roll_call_taken() -> Any:
    marked = Attendance.alias()
    return fn.EXISTS(marked.select(SQL("1")).where(marked.meeting == HouseMeeting.id))


def _counting(query: Any, house_id: int | None, start: dt.date, end: dt.date,
              resident_ids: Iterable[int] | None) -> Any:
    """``query`` (selecting from HouseMeeting) joined with the stays that make
    each meeting count for a resident, and their marks (left join)."""
    query = (query
             .join(Stay, on=((Stay.house == HouseMeeting.house)
                             & stay_covers(HouseMeeting.held_on)))
             .join(Attendance, JOIN.LEFT_OUTER,
                   on=((Attendance.meeting == HouseMeeting.id)
                       & (Attendance.resident == Stay.resident)))
             .where(~HouseMeeting.cancelled & HouseMeeting.held_on.between(start, end)
                    & _roll_call_taken()))
    if house_id is not None:
        query = query.where(HouseMeeting.house == house_id)
    if resident_ids is not None:
        query = query.where(Stay.resident.in_(list(resident_ids)))
    return query


def _count(status: AttendanceStatus) -> Any:
    return fn.SUM(Case(None, [(Attendance.status == status.value, 1)], 0))


def _figure_columns() -> tuple[Any, ...]:
    return (fn.COUNT(HouseMeeting.id), _count(AttendanceStatus.PRESENT),
            _count(AttendanceStatus.LATE), _count(AttendanceStatus.EXCUSED),
            _count(AttendanceStatus.UNEXCUSED))


def _figures(resident_id: int, held: int, present: Any, late: Any, excused: Any,
             unexcused: Any) -> AttendanceFigures:
    marks = [int(value or 0) for value in (present, late, excused, unexcused)]
    return AttendanceFigures(resident_id, int(held or 0), *marks,
                             unrecorded=int(held or 0) - sum(marks))


def attendance_by_resident(house_id: int | None, start: dt.date, end: dt.date,
                           resident_ids: Iterable[int] | None = None
                           ) -> dict[int, AttendanceFigures]:
    """Figures for every resident who had at least one meeting counting for
    them from ``start`` to ``end`` (one query)."""
    query = _counting(HouseMeeting.select(Stay.resident, *_figure_columns()),
                      house_id, start, end, resident_ids).group_by(Stay.resident)
    return {row[0]: _figures(*row) for row in query.tuples()}


def house_attendance(house_id: int | None, start: dt.date, end: dt.date) -> AttendanceFigures:
    """The house's totals over its residents (``resident_id`` 0): ``held`` is
    the number of (meeting, resident) pairs that count (one query)."""
    row = _counting(HouseMeeting.select(*_figure_columns()), house_id, start, end,
                    None).tuples().first()
    return _figures(0, *(row or (0, 0, 0, 0, 0)))


def marks_by_resident(house_id: int | None, start: dt.date, end: dt.date,
                      resident_ids: Iterable[int] | None = None
                      ) -> dict[int, list[MeetingMark]]:
    """Every meeting counting for each resident, oldest first, with their
    mark (one query)."""
    query = _counting(HouseMeeting.select(Stay.resident, HouseMeeting.id, HouseMeeting.held_on,
                                          HouseMeeting.kind, Attendance.status,
                                          Attendance.reason),
                      house_id, start, end, resident_ids).order_by(
        Stay.resident, HouseMeeting.held_on, HouseMeeting.starts_at, HouseMeeting.id)
    result: dict[int, list[MeetingMark]] = {}
    for resident_id, meeting_id, held_on, kind, status, reason in query.tuples():
        result.setdefault(resident_id, []).append(MeetingMark(
            meeting_id, held_on, MeetingKind(kind),
            AttendanceStatus(status) if status else None, reason or ""))
    return result


def last_meeting_ids(house_id: int | None, on: dt.date) -> dict[int, int]:
    """Each house's last meeting held on or before ``on`` that was not
    cancelled and has its roll call: house id -> meeting id (every house when
    ``house_id`` is None).  Two such meetings on that day: the later one, then
    the later recorded.  One query."""

    def eligible(*columns: Any) -> Any:
        query = HouseMeeting.select(*columns).where(
            ~HouseMeeting.cancelled & (HouseMeeting.held_on <= on) & _roll_call_taken())
        if house_id is not None:
            query = query.where(HouseMeeting.house == house_id)
        return query

    latest_day = eligible(HouseMeeting.house, fn.MAX(HouseMeeting.held_on).alias("day")
                          ).group_by(HouseMeeting.house).alias("latest")
    query = (eligible(HouseMeeting.id, HouseMeeting.house, HouseMeeting.starts_at)
             .join(latest_day, on=((HouseMeeting.house == latest_day.c.house_id)
                                   & (HouseMeeting.held_on == latest_day.c.day))))
    chosen: dict[int, tuple[str, int]] = {}
    for meeting_id, meeting_house, starts_at in query.tuples():
        chosen[meeting_house] = max(chosen.get(meeting_house, ("", 0)),
                                    (starts_at or "", meeting_id))
    return {house: meeting_id for house, (_, meeting_id) in chosen.items()}


def last_meeting(house_id: int, on: dt.date) -> HouseMeeting | None:
    """The house's last meeting (see :func:`last_meeting_ids`), or None."""
    meeting_id = last_meeting_ids(house_id, on).get(house_id)
    return HouseMeeting.get_by_id(meeting_id) if meeting_id is not None else None


@dataclass(frozen=True)
class MeetingWithoutRollCall:
    """A meeting held (not cancelled) while residents lived in the house, with
    no mark recorded at all: it counts for nobody until its roll call is taken."""

    meeting_id: int
    house_id: int
    house_name: str
    held_on: dt.date
    kind: MeetingKind


def meetings_without_roll_call(house_id: int | None, start: dt.date, end: dt.date
                               ) -> list[MeetingWithoutRollCall]:
    """The meetings held from ``start`` to ``end`` (one house, or every house:
    None), not cancelled, someone living in the house that day, and no roll
    call taken; oldest first (one query)."""
    lived = Stay.alias()
    someone_lived = fn.EXISTS(lived.select(SQL("1")).where(
        (lived.house == HouseMeeting.house) & (lived.move_in_date <= HouseMeeting.held_on)
        & (lived.move_out_date.is_null() | (lived.move_out_date > HouseMeeting.held_on))))
    query = (HouseMeeting.select(HouseMeeting.id, HouseMeeting.house, House.name,
                                 HouseMeeting.held_on, HouseMeeting.kind)
             .join(House, on=(HouseMeeting.house == House.id))
             .where(~HouseMeeting.cancelled & HouseMeeting.held_on.between(start, end)
                    & ~_roll_call_taken() & someone_lived)
             .order_by(HouseMeeting.held_on, HouseMeeting.starts_at, HouseMeeting.id))
    if house_id is not None:
        query = query.where(HouseMeeting.house == house_id)
    return [MeetingWithoutRollCall(meeting_id, meeting_house, name, column_date(held_on),
                                   MeetingKind(kind))
            for meeting_id, meeting_house, name, held_on, kind in query.tuples()]


def unexcused_dates(resident_ids: Iterable[int] | None, start: dt.date, end: dt.date
                    ) -> dict[int, list[dt.date]]:
    """The dates of each resident's unexcused absences at meetings counting
    for them (any house), oldest first (one query)."""
    query = (Attendance.select(Attendance.resident, HouseMeeting.held_on)
             .join(HouseMeeting, on=(Attendance.meeting == HouseMeeting.id))
             .join(Stay, on=((Stay.resident == Attendance.resident)
                             & (Stay.house == HouseMeeting.house)
                             & stay_covers(HouseMeeting.held_on)))
             .where((Attendance.status == AttendanceStatus.UNEXCUSED.value)
                    & ~HouseMeeting.cancelled & HouseMeeting.held_on.between(start, end))
             .order_by(Attendance.resident, HouseMeeting.held_on))
    if resident_ids is not None:
        query = query.where(Attendance.resident.in_(list(resident_ids)))
    result: dict[int, list[dt.date]] = {}
    for resident_id, held_on in query.tuples():
        result.setdefault(resident_id, []).append(held_on)
    return result


def unexcused_counts(resident_ids: Iterable[int], start: dt.date, end: dt.date
                     ) -> dict[int, int]:
    """Each resident's unexcused absences from ``start`` to ``end`` (0 for
    none), at meetings counting for them in any house (one query)."""
    ids = list(resident_ids)
    query = (Attendance.select(Attendance.resident, fn.COUNT(Attendance.id))
             .join(HouseMeeting, on=(Attendance.meeting == HouseMeeting.id))
             .join(Stay, on=((Stay.resident == Attendance.resident)
                             & (Stay.house == HouseMeeting.house)
                             & stay_covers(HouseMeeting.held_on)))
             .where((Attendance.status == AttendanceStatus.UNEXCUSED.value)
                    & ~HouseMeeting.cancelled & HouseMeeting.held_on.between(start, end)
                    & Attendance.resident.in_(ids))
             .group_by(Attendance.resident))
    counts = dict.fromkeys(ids, 0)
    counts.update(dict(query.tuples()))
    return counts

"""The list of a house's meetings: planned ones from the schedule and the
ones on record, each with its roll-call figures or "roll call not taken"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from PySide6.QtGui import QColor, QIcon

from soberhouse.meetings.records import meetings_between
from soberhouse.meetings.schedule import upcoming_meetings
from soberhouse.models import WEEKDAYS
from soberhouse.models.meetings import MeetingKind
from ui.colours import Level, level_colour
from ui.form_fields import short_date
from ui.mentoring.row_model import Column, RowTableModel, text_or_blank
from ui.resources import icon


class MeetingState(Enum):
    """(label, level or None, icon name or "")."""

    PLANNED = ("Planned", None, "")
    TAKEN = ("Taken", None, "")
    DUE_TODAY = ("Not taken", Level.DUE, "warning")
    NOT_TAKEN = ("Not taken", Level.BAD, "warning")
    CANCELLED = ("Cancelled", None, "")

    @property
    def label(self) -> str:
        return self.value[0]

    @property
    def colour(self) -> QColor | None:
        level = self.value[1]
        return level_colour(level) if level is not None else None

    @property
    def icon(self) -> QIcon | None:
        return icon(self.value[2]) if self.value[2] else None


@dataclass(frozen=True)
class MeetingListRow:
    """A meeting of the list.  ``meeting_id`` is None for a regular meeting
    that follows from the schedule and has no record yet."""

    held_on: dt.date
    starts_at: str
    kind: MeetingKind
    topic: str
    state: MeetingState
    meeting_id: int | None = None
    present: int | None = None
    late: int | None = None
    excused: int | None = None
    unexcused: int | None = None

    @property
    def row_id(self) -> int:
        """The meeting's id; a planned meeting's is minus its date's ordinal."""
        return self.meeting_id if self.meeting_id is not None else planned_row_id(self.held_on)

    @property
    def title(self) -> str:
        when = short_date(self.held_on)
        at = f" at {self.starts_at}" if self.starts_at else ""
        return f"{self.kind.label}, {dt_weekday(self.held_on)} {when}{at}"


KIND_SHORT = {MeetingKind.REGULAR: "Weekly", MeetingKind.EMERGENCY: "Emergency",
              MeetingKind.SPECIAL: "Special"}


def planned_row_id(day: dt.date) -> int:
    return -day.toordinal()


def dt_weekday(day: dt.date) -> str:
    return WEEKDAYS[day.weekday()]


def state_of(held_on: dt.date, today: dt.date, *, cancelled: bool = False,
             roll_call_taken: bool = False) -> MeetingState:
    if cancelled:
        return MeetingState.CANCELLED
    if roll_call_taken:
        return MeetingState.TAKEN
    if held_on > today:
        return MeetingState.PLANNED
    if held_on == today:
        return MeetingState.DUE_TODAY
    return MeetingState.NOT_TAKEN


def _count(value: int | None) -> str:
    return text_or_blank(value)


def _count_sort(value: int | None) -> tuple[int, int]:
    return (0, value) if value is not None else (1, 0)


def _state_tooltip(row: MeetingListRow) -> str:
    if row.state is MeetingState.NOT_TAKEN:
        return "This meeting's roll call was never taken: open it and mark who came."
    if row.state is MeetingState.DUE_TODAY:
        return "Today's meeting: take the roll call (P, L, E, U)."
    if row.state is MeetingState.PLANNED and row.meeting_id is None:
        return "From the house's weekly schedule; not recorded yet."
    if row.state is MeetingState.TAKEN:
        return (f"Roll call taken: {row.present} present, {row.late} late, {row.excused} "
                f"excused, {row.unexcused} unexcused")
    return row.state.label


class MeetingListColumn:
    DATE = 0
    KIND = 1
    STATE = 2
    PRESENT = 3
    LATE = 4
    EXCUSED = 5
    UNEXCUSED = 6
    TOPIC = 7


class MeetingListModel(RowTableModel[MeetingListRow]):
    columns = (
        Column("Date", lambda r: short_date(r.held_on),
               sort=lambda r: (r.held_on, r.starts_at),
               tooltip=lambda r: r.title),
        Column("Meeting", lambda r: KIND_SHORT[r.kind], tooltip=lambda r: r.kind.label),
        Column("Roll call", lambda r: r.state.label, tooltip=_state_tooltip,
               foreground=lambda r: r.state.colour, decoration=lambda r: r.state.icon),
        Column("Present", lambda r: _count(r.present), sort=lambda r: _count_sort(r.present),
               numeric=True),
        Column("Late", lambda r: _count(r.late), sort=lambda r: _count_sort(r.late),
               numeric=True),
        Column("Excused", lambda r: _count(r.excused), sort=lambda r: _count_sort(r.excused),
               numeric=True),
        Column("Unexcused", lambda r: _count(r.unexcused),
               sort=lambda r: _count_sort(r.unexcused), numeric=True),
        Column("Topic", lambda r: r.topic, shares_room=True),
    )

    def row_id(self, row: MeetingListRow) -> int:
        return row.row_id


PAST_DAYS = 366  # meetings on record this far back are listed
MISSED_DAYS = 28  # weekly dates this far back with no record are flagged
UPCOMING_COUNT = 4  # weekly meetings to come that are listed
_WEEKLY_DATES_ASKED = 12


def meeting_list_rows(house_id: int, today: dt.date,
                      since: dt.date | None = None) -> list[MeetingListRow]:
    """The house's meetings on record (a year back, or from ``since``, and any
    ahead), the weekly meetings to come, and recent weekly dates with no
    record (their roll call was never taken).  Three queries."""
    start = min(today - dt.timedelta(days=PAST_DAYS), since or today)
    stored = meetings_between(house_id, start, today + dt.timedelta(days=PAST_DAYS))
    rows = [MeetingListRow(
        held_on=meeting.held_on, starts_at=meeting.starts_at, kind=MeetingKind(meeting.kind),
        topic=meeting.topic, meeting_id=meeting.meeting_id,
        state=state_of(meeting.held_on, today, cancelled=meeting.cancelled,
                       roll_call_taken=meeting.roll_call_taken),
        present=meeting.present if meeting.roll_call_taken else None,
        late=meeting.late if meeting.roll_call_taken else None,
        excused=meeting.excused if meeting.roll_call_taken else None,
        unexcused=meeting.unexcused if meeting.roll_call_taken else None)
        for meeting in stored]
    on_record = {meeting.held_on for meeting in stored}
    first_missed = min(today - dt.timedelta(days=MISSED_DAYS), since or today)
    recent = sum(1 for meeting in stored if meeting.held_on >= first_missed)
    weeks_back = (today - first_missed).days // 7 + 1
    upcoming = 0
    for planned in upcoming_meetings(house_id, first_missed,
                                     _WEEKLY_DATES_ASKED + weeks_back + recent):
        if planned.meeting_id is not None or planned.held_on in on_record:
            continue
        if planned.held_on > today:
            if upcoming >= UPCOMING_COUNT:
                continue
            upcoming += 1
        rows.append(MeetingListRow(
            held_on=planned.held_on, starts_at=planned.starts_at,
            kind=MeetingKind(planned.kind), topic="",
            state=state_of(planned.held_on, today)))
    return rows


def default_row(rows: list[MeetingListRow], today: dt.date) -> MeetingListRow | None:
    """The meeting the section opens on: today's; else a meeting of the last
    week whose roll call was not taken; else the next one; else the last."""
    held = [row for row in rows if row.state is not MeetingState.CANCELLED]
    todays = [row for row in held if row.held_on == today]
    if todays:
        return min(todays, key=lambda row: row.starts_at)
    past = sorted((row for row in held if row.held_on < today), key=lambda row: row.held_on)
    recent_missed = [row for row in past if row.state is MeetingState.NOT_TAKEN
                     and (today - row.held_on).days <= 7]
    if recent_missed:
        return recent_missed[-1]
    ahead = sorted((row for row in held if row.held_on > today), key=lambda row: row.held_on)
    if ahead:
        return ahead[0]
    return past[-1] if past else None

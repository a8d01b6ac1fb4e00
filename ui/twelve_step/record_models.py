"""The selected resident's lists: outside meetings, sponsors and step work
(rows are the core's own records)."""

from __future__ import annotations

import datetime as dt

from soberhouse.models.twelve_step import (
    Fellowship,
    OutsideMeeting,
    OutsideMeetingType,
    Sponsor,
    StepWork,
)
from ui.form_fields import short_date
from ui.mentoring.row_model import Column, RowTableModel, last_then


def fellowship_label(value: str) -> str:
    try:
        return Fellowship(value).label
    except ValueError:
        return value


def meeting_type_label(value: str) -> str:
    if not value:
        return ""
    try:
        return OutsideMeetingType(value).label
    except ValueError:
        return value


def verified_text(meeting: OutsideMeeting) -> str:
    if not meeting.verified:
        return "Not verified"
    return f"Signed by {meeting.verified_by}" if meeting.verified_by else "Signed card"


class OutsideMeetingsModel(RowTableModel[OutsideMeeting]):
    columns = (
        Column("Date", lambda m: short_date(m.attended_on), sort=lambda m: (m.attended_on, m.id)),
        Column("Fellowship", lambda m: fellowship_label(m.fellowship)),
        Column("Meeting", lambda m: m.meeting_name, shares_room=True),
        Column("Type", lambda m: meeting_type_label(m.meeting_type)),
        Column("Verified", verified_text),
    )

    def row_id(self, row: OutsideMeeting) -> int:
        return row.id


def _ended_text(sponsor: Sponsor) -> str:
    if sponsor.ended_on is None:
        return "Current"
    return short_date(sponsor.ended_on)


class SponsorsModel(RowTableModel[Sponsor]):
    columns = (
        Column("Sponsor", lambda s: s.name, shares_room=True),
        Column("Phone", lambda s: s.phone),
        Column("Since", lambda s: short_date(s.since), sort=lambda s: s.since),
        Column("Until", _ended_text, sort=lambda s: last_then(s.ended_on, dt.date.max)),
        Column("Why it ended", lambda s: s.end_reason, shares_room=True),
    )

    def row_id(self, row: Sponsor) -> int:
        return row.id


def step_note(work: StepWork) -> str:
    if work.restart:
        return f"Restarted: {work.restart_reason}" if work.restart_reason else "Restarted"
    return ""


class StepWorkModel(RowTableModel[StepWork]):
    columns = (
        Column("Step", lambda w: w.step, numeric=True),
        Column("Started", lambda w: short_date(w.started_on), sort=lambda w: (w.started_on, w.id)),
        Column("Completed", lambda w: short_date(w.completed_on) or "Working on it",
               sort=lambda w: last_then(w.completed_on, dt.date.max)),
        Column("Note", step_note, shares_room=True),
    )

    def row_id(self, row: StepWork) -> int:
        return row.id

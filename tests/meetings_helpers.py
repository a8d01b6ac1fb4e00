"""Shared helpers of the house-meeting tests: residents, meetings with a roll
call, refusals that save nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from soberhouse.errors import RuleViolation
from soberhouse.meetings.records import MeetingDetails, record_meeting
from soberhouse.meetings.roll_call import RollCallMark, save_roll_call
from soberhouse.models import House
from soberhouse.models.meetings import (
    Attendance,
    AttendanceChange,
    AttendanceStatus,
    HouseMeeting,
    MeetingChange,
    MeetingKind,
    Motion,
)

from .mentoring_helpers import admit, counting_queries

__all__ = ["admit", "counting_queries", "held", "refuse", "MONDAYS"]

WATCHED = (HouseMeeting, MeetingChange, Motion, Attendance, AttendanceChange)

# Meeting days of a house meeting on Mondays, before TODAY (Sunday 2026-11-15).
MONDAYS = tuple(dt.date(2026, 11, 9) - dt.timedelta(weeks=week) for week in range(8))


def held(house: House, day: dt.date, marks: dict[int, AttendanceStatus | tuple[
        AttendanceStatus, str]] | None = None, kind: MeetingKind = MeetingKind.REGULAR,
         **details: Any) -> HouseMeeting:
    """A meeting held on ``day``, with a roll call when ``marks`` are given
    (resident id -> status, or (status, reason))."""
    meeting = record_meeting(MeetingDetails(house.id, day, kind=kind, **details))
    if marks:
        save_roll_call(meeting.id, [
            RollCallMark(rid, *(mark if isinstance(mark, tuple) else (mark,)))
            for rid, mark in marks.items()])
    return meeting


def row_counts() -> dict[str, int]:
    return {model.__name__: model.select().count() for model in WATCHED}


def refuse(call: Callable[..., Any], *args: Any, **kwargs: Any) -> dict[str, list[str]]:
    """Run a write that must be refused; check that nothing was saved and
    return the messages by field."""
    before = row_counts()
    with pytest.raises(RuleViolation) as error:
        call(*args, **kwargs)
    assert row_counts() == before
    found: dict[str, list[str]] = {}
    for problem in error.value.problems:
        found.setdefault(problem.field, []).append(problem.message)
    return found

"""The demo's house meetings: weekly on each house's day, with roll calls
that look like a real house's, the same for the same seed."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import peewee

from soberhouse import accounts, database
from soberhouse.demo import fill_demo_database
from soberhouse.meetings.attendance import attendance_by_resident
from soberhouse.meetings.schedule import upcoming_meetings
from soberhouse.models import House, Stay
from soberhouse.models.meetings import (
    Attendance,
    AttendanceChange,
    AttendanceStatus,
    HouseMeeting,
    MeetingKind,
    Motion,
)
from soberhouse.progression import progressions

from .conftest import TODAY


def meetings_snapshot() -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = [
        (m.house.name, m.held_on, m.kind, m.topic, m.minutes, m.cancelled,
         m.facilitator_resident_id) for m in HouseMeeting.select().order_by(HouseMeeting.id)]
    rows += [(a.meeting_id, a.resident_id, a.status, a.reason)
             for a in Attendance.select().order_by(Attendance.id)]
    return rows


def test_the_demo_meetings_are_the_same_for_the_same_seed(tmp_path: Path) -> None:
    snapshots = []
    for name in ("a", "b"):
        database.connect(tmp_path / f"{name}.sqlite3")
        accounts.act_as("demo")
        try:
            fill_demo_database(2026, TODAY)
            snapshots.append(meetings_snapshot())
        finally:
            database.close()
    assert snapshots[0] == snapshots[1] and len(snapshots[0]) > 400


def test_the_demo_has_months_of_weekly_meetings(db: peewee.Database, today: dt.date) -> None:
    fill_demo_database()
    for house in House.select():
        weekly = [m for m in HouseMeeting.select().where(
            (HouseMeeting.house == house.id) & (HouseMeeting.kind == MeetingKind.REGULAR.value))
            .order_by(HouseMeeting.held_on)]
        first_move_in = Stay.select().where(Stay.house == house.id).order_by(
            Stay.move_in_date).first().move_in_date
        assert len(weekly) >= 30
        assert all(m.held_on.weekday() == house.meeting_weekday for m in weekly)
        assert weekly[0].held_on - first_move_in < dt.timedelta(days=7)
        assert today - dt.timedelta(days=7) <= weekly[-1].held_on < today
        assert sum(m.cancelled for m in weekly) == 1
        assert all(m.topic and m.minutes for m in weekly if not m.cancelled)
        assert upcoming_meetings(house.id, today)[0].held_on > today
    statuses = Counter(a.status for a in Attendance.select())
    total = sum(statuses.values())
    assert statuses[AttendanceStatus.PRESENT.value] > total * 0.7
    assert all(statuses[s.value] > 0 for s in AttendanceStatus)
    assert all(a.reason for a in Attendance.select().where(
        Attendance.status == AttendanceStatus.EXCUSED.value))
    # The latest weekly meeting of Cedar House waits for its roll call.
    cedar = House.get(House.name == "Cedar House")
    latest = (HouseMeeting.select().where(HouseMeeting.house == cedar.id)
              .order_by(HouseMeeting.held_on.desc()).first())
    assert not latest.attendance.exists()
    kinds = Counter(m.kind for m in HouseMeeting.select())
    assert kinds[MeetingKind.EMERGENCY.value] == 1
    assert kinds[MeetingKind.SPECIAL.value] == 1  # planned ahead
    assert Motion.select().count() >= 5
    assert AttendanceChange.select().count() == 1
    # Someone keeps missing meetings: the condition holds them back.
    figures = attendance_by_resident(None, today - dt.timedelta(days=200), today)
    assert max(f.unexcused for f in figures.values()) >= 3
    held_back = [p.name for p in progressions()
                 if any(c.name == "unexcused_absences" and not c.met for c in p.conditions)]
    assert held_back == ["Ngozi Okafor"]

"""Meetings to come: the weekly meeting day, extra meetings stored ahead,
weekly dates taken by a stored meeting or called off."""

from __future__ import annotations

import datetime as dt

import peewee

from soberhouse.houses import HouseDetails, create_house
from soberhouse.meetings.records import cancel_planned_meeting
from soberhouse.meetings.schedule import PlannedMeeting, upcoming_meetings
from soberhouse.models import House
from soberhouse.models.meetings import MeetingKind

from .meetings_helpers import held

REGULAR = MeetingKind.REGULAR


def test_the_next_weekly_meetings_from_the_house_schedule(house: House,
                                                          today: dt.date) -> None:
    # Maple House meets on Mondays at 19:00; today is Sunday 15 November 2026.
    assert upcoming_meetings(house.id, today) == [
        PlannedMeeting(house.id, dt.date(2026, 11, 16), "19:00", REGULAR, None),
        PlannedMeeting(house.id, dt.date(2026, 11, 23), "19:00", REGULAR, None),
        PlannedMeeting(house.id, dt.date(2026, 11, 30), "19:00", REGULAR, None),
        PlannedMeeting(house.id, dt.date(2026, 12, 7), "19:00", REGULAR, None)]
    # Starting on a meeting day includes that day.
    assert upcoming_meetings(house.id, dt.date(2026, 11, 9), 1)[0].held_on == \
        dt.date(2026, 11, 9)


def test_extra_and_stored_meetings_take_their_place(db: peewee.Database,
                                                    today: dt.date) -> None:
    house = create_house(HouseDetails(name="Birch House", beds=6, meeting_weekday=2,
                                      meeting_time="18:30"))
    special = held(house, dt.date(2026, 11, 20), kind=MeetingKind.SPECIAL, starts_at="10:00")
    cancel_planned_meeting(house.id, dt.date(2026, 11, 25), "Thanksgiving")
    today_meeting = held(house, today, kind=MeetingKind.EMERGENCY, starts_at="21:00")
    assert upcoming_meetings(house.id, today, 5) == [
        PlannedMeeting(house.id, today, "21:00", MeetingKind.EMERGENCY, today_meeting.id),
        PlannedMeeting(house.id, dt.date(2026, 11, 18), "18:30", REGULAR, None),
        PlannedMeeting(house.id, dt.date(2026, 11, 20), "10:00", MeetingKind.SPECIAL,
                       special.id),
        PlannedMeeting(house.id, dt.date(2026, 12, 2), "18:30", REGULAR, None),
        PlannedMeeting(house.id, dt.date(2026, 12, 9), "18:30", REGULAR, None)]
    # A meeting recorded on a weekly date replaces the planned one.
    recorded = held(house, dt.date(2026, 11, 11))
    assert upcoming_meetings(house.id, dt.date(2026, 11, 10), 1) == [
        PlannedMeeting(house.id, dt.date(2026, 11, 11), "18:30", REGULAR, recorded.id)]


def test_a_house_without_a_weekly_meeting_lists_only_extra_ones(db: peewee.Database,
                                                                today: dt.date) -> None:
    house = create_house(HouseDetails(name="Oak House", beds=4, meeting_weekday=None))
    assert upcoming_meetings(house.id, today) == []
    special = held(house, dt.date(2026, 12, 1), kind=MeetingKind.SPECIAL)
    assert [m.meeting_id for m in upcoming_meetings(house.id, today)] == [special.id]

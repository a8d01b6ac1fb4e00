"""The meetings to come: the house's weekly meeting (its weekday and time)
plus any extra meeting stored ahead.  A stored meeting on a weekly date takes
the planned one's place; a weekly date called off (stored cancelled) is left
out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from soberhouse.houses import get_house
from soberhouse.models.meetings import HouseMeeting, MeetingKind


@dataclass(frozen=True)
class PlannedMeeting:
    house_id: int
    held_on: dt.date
    starts_at: str
    kind: MeetingKind
    meeting_id: int | None  # None: a weekly meeting not stored yet


def regular_dates(weekday: int | None, start: dt.date, count: int) -> list[dt.date]:
    """The first ``count`` dates on ``weekday`` from ``start`` on (inclusive)."""
    if weekday is None or count <= 0:
        return []
    first = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
    return [first + dt.timedelta(weeks=week) for week in range(count)]


def upcoming_meetings(house_id: int, start: dt.date, count: int = 4) -> list[PlannedMeeting]:
    """The next ``count`` meetings of the house from ``start`` on (two queries)."""
    house = get_house(house_id)
    stored = list(HouseMeeting.select().where((HouseMeeting.house == house.id)
                                              & (HouseMeeting.held_on >= start))
                  .order_by(HouseMeeting.held_on, HouseMeeting.starts_at, HouseMeeting.id))
    taken = {meeting.held_on for meeting in stored}
    planned = [PlannedMeeting(house.id, meeting.held_on, meeting.starts_at,
                              MeetingKind(meeting.kind), meeting.id)
               for meeting in stored if not meeting.cancelled]
    # Enough weekly dates even if every stored meeting falls on one of them.
    planned += [PlannedMeeting(house.id, day, house.meeting_time, MeetingKind.REGULAR, None)
                for day in regular_dates(house.meeting_weekday, start, count + len(stored))
                if day not in taken]
    planned.sort(key=lambda m: (m.held_on, m.starts_at, m.meeting_id or 0))
    return planned[:count]

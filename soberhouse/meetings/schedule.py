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


@dataclass(frozen=True)
class WeeklyDateWithoutRecord:
    """A weekly meeting date gone by with nothing on record (no roll call, not
    called off) while someone lived in the house: its roll call was never taken."""

    house_id: int
    house_name: str
    held_on: dt.date

    @property
    def reference(self) -> int:
        """What the Meetings section opens ("weekly_roll_call"): see
        :func:`weekly_date_reference`."""
        return weekly_date_reference(self.house_id, self.held_on)


_DATES_PER_HOUSE = 10_000_000  # above every date's ordinal (9999-12-31 is 3,652,059)


def weekly_date_reference(house_id: int, day: dt.date) -> int:
    """One number for a house's weekly date with no meeting stored (a meeting
    id is positive; this is negative), read back by :func:`weekly_date_of`."""
    return -(house_id * _DATES_PER_HOUSE + day.toordinal())


def weekly_date_of(reference: int) -> tuple[int, dt.date]:
    """(house id, date) of a :func:`weekly_date_reference`."""
    house_id, ordinal = divmod(-reference, _DATES_PER_HOUSE)
    return house_id, dt.date.fromordinal(ordinal)


def weekly_dates_without_record(house_id: int | None, start: dt.date, end: dt.date
                                ) -> list[WeeklyDateWithoutRecord]:
    """The weekly meeting dates from ``start`` to ``end`` (one house, or every
    house: None) with no meeting stored on them, cancelled or not, while
    someone lived in the house; oldest first (three queries)."""
    from soberhouse.models import House, Stay, column_date

    houses = House.select(House.id, House.name, House.meeting_weekday).where(
        House.meeting_weekday.is_null(False))
    if house_id is not None:
        houses = houses.where(House.id == house_id)
    houses = list(houses)
    if not houses or start > end:
        return []
    ids = [house.id for house in houses]
    stored = {(meeting_house, column_date(held_on)) for meeting_house, held_on in
              HouseMeeting.select(HouseMeeting.house, HouseMeeting.held_on)
              .where(HouseMeeting.house.in_(ids) & HouseMeeting.held_on.between(start, end))
              .tuples()}
    stays: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
    for stay_house, move_in, move_out in (
            Stay.select(Stay.house, Stay.move_in_date, Stay.move_out_date)
            .where(Stay.house.in_(ids) & (Stay.move_in_date <= end)
                   & (Stay.move_out_date.is_null() | (Stay.move_out_date > start))).tuples()):
        stays.setdefault(stay_house, []).append(
            (column_date(move_in), column_date(move_out) if move_out else None))
    found = []
    weeks = (end - start).days // 7 + 1
    for house in houses:
        lived = stays.get(house.id, [])
        for day in regular_dates(house.meeting_weekday, start, weeks):
            if day > end or (house.id, day) in stored:
                continue
            if any(move_in <= day and (move_out is None or move_out > day)
                   for move_in, move_out in lived):
                found.append(WeeklyDateWithoutRecord(house.id, house.name, day))
    found.sort(key=lambda date: (date.held_on, date.house_name))
    return found

"""Outside meetings against the weekly quota, week by week.

The conventions (shared with every screen and report):

* Weeks start on the house's week start day (:attr:`House.week_start`,
  Monday by default).
* A week's meetings are every non-removed outside meeting the resident
  attended on a day of that week they lived in the house, verified or not
  (how many were verified is shown too).
* They are judged against the weekly quota of the tier the resident was in
  at the END of the week: on the last day of the week they lived in the
  house, or today for the week in progress.
* Partial weeks are pro-rated.  A resident who moved in or out during the
  week, and so lived there on fewer than 7 days of it, needs
  ``required = floor(quota * days_lived / 7 + 0.5)`` meetings (the quota
  pro-rated and rounded half up): with a quota of 5, moving in on the
  Thursday of a Monday week (4 days) needs 3.  A week with 0 required is met.
* The week containing today is in progress: it is not judged met or missed.
  A resident is *behind* in it when ``attended < floor(required *
  days_elapsed / days_lived)``, where ``days_elapsed`` counts the days of the
  week lived in the house up to and including today (an active resident is
  counted as living there to the end of the week).  For a finished week that
  rule is simply "missed".

Everything here is "bulk": a constant number of queries (stays with the
current tier, tier history, meeting counts grouped by resident and day) whatever the
number of residents and weeks.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from peewee import JOIN, Case, Expression, Select, fn

from soberhouse import clock, permissions
from soberhouse.models import House, Resident, Stay, Tier, TierChange, column_date, database_proxy
from soberhouse.models.twelve_step import OutsideMeeting

ONE_DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(days=7)


def week_start_of(day: dt.date, week_start: int) -> dt.date:
    """The first day of the week containing ``day``, weeks starting on
    ``week_start`` (0 = Monday ... 6 = Sunday)."""
    return day - dt.timedelta(days=(day.weekday() - week_start) % 7)


def required_meetings(quota: int, days_lived: int) -> int:
    """The quota pro-rated to the days lived in the week, rounded half up:
    ``floor(quota * days_lived / 7 + 0.5)`` (in whole numbers)."""
    return (2 * quota * days_lived + 7) // 14


def week_met(attended: int, required: int, in_progress: bool) -> bool | None:
    """Whether a week met its quota: None while it is in progress; a week with
    0 required is met.  The one place this is decided."""
    if in_progress:
        return None
    return attended >= required


@dataclass(frozen=True)
class WeekCompliance:
    """One resident's outside meetings in one week, against the quota."""

    week_start: dt.date
    week_end: dt.date  # the last day of the week (week_start + 6)
    days_lived: int  # days of the week lived in the house (to its end if still living)
    tier_id: int | None  # the tier at the end of the week (see the module doc)
    tier_name: str
    quota: int  # that tier's weekly quota
    required: int  # the quota pro-rated to days_lived
    attended: int  # non-removed meetings, verified or not
    verified: int
    partial: bool  # lived there on fewer than 7 days of the week
    in_progress: bool  # the week containing today
    days_elapsed: int | None = None  # days lived up to today (None: all of days_lived)
    house_id: int | None = None

    @property
    def met(self) -> bool | None:
        return week_met(self.attended, self.required, self.in_progress)

    @property
    def expected_so_far(self) -> int:
        """How many meetings the resident should have by now:
        ``floor(required * days_elapsed / days_lived)``."""
        elapsed = self.days_lived if self.days_elapsed is None else self.days_elapsed
        if self.days_lived <= 0:
            return 0
        return self.required * elapsed // self.days_lived

    @property
    def behind(self) -> bool:
        """Fewer meetings than expected so far (for a finished week: missed)."""
        return self.attended < self.expected_so_far

    @property
    def summary(self) -> str:
        """ "3 of 5 (2 verified)" """
        return f"{self.attended} of {self.required} ({self.verified} verified)"


@dataclass
class _Week:
    resident_id: int
    house_id: int
    week_start: dt.date
    days_lived: int = 0
    days_elapsed: int = 0
    last_day: dt.date | None = None
    lives_today: bool = False
    attended: int = 0
    verified: int = 0




def _stay_filter(house_id: int | None, resident_ids: list[int] | None, first: dt.date,
                 last: dt.date) -> Expression:
    condition = (Stay.move_in_date <= last) & (
        Stay.move_out_date.is_null() | (Stay.move_out_date > first))
    if house_id is not None:
        condition &= Stay.house == house_id
    if resident_ids is not None:
        condition &= Stay.resident.in_(resident_ids)
    return condition


_TierInfo = tuple[int, str, int]  # id, name, weekly quota
_History = tuple[list[dt.date], list[_TierInfo]]


def _tier_lookup(residents: Select | list[int], last: dt.date) -> dict[int, _History]:
    """Each resident's tier changes up to ``last``: (dates, tiers), in order."""
    query = (TierChange.select(TierChange.resident, TierChange.effective_date,
                               TierChange.to_tier, Tier.name, Tier.weekly_meeting_quota)
             .join(Tier, on=(TierChange.to_tier == Tier.id))
             .where(TierChange.resident.in_(residents) & (TierChange.effective_date <= last))
             .order_by(TierChange.resident, TierChange.effective_date, TierChange.id))
    history: dict[int, _History] = {}
    # Raw rows: peewee's per-field conversion costs more than the query here.
    for resident_id, effective, tier_id, name, quota in database_proxy.execute(query).fetchall():
        dates, tiers = history.setdefault(resident_id, ([], []))
        dates.append(column_date(effective))
        tiers.append((tier_id, name, quota))
    return history


def tier_on(history: _History | None, day: dt.date, current: _TierInfo | None
            ) -> _TierInfo | None:
    """The tier on ``day``: the latest change effective on or before it (ties:
    the one recorded last), else the resident's current tier."""
    if history is None:
        return current
    dates, tiers = history
    index = bisect_right(dates, day)
    return tiers[index - 1] if index else current


def _collect(house_id: int | None, start: dt.date, end: dt.date,
             resident_ids: Iterable[int] | None, today: dt.date
             ) -> tuple[list[_Week], dict[int, _TierInfo | None], dict[int, _History]]:
    last = min(end, today)
    if last < start:
        return [], {}, {}
    ids = None if resident_ids is None else list(resident_ids)
    # Any week that overlaps [start, last] lies within 6 days of it.
    first_bound, last_bound = start - 6 * ONE_DAY, last + 6 * ONE_DAY
    condition = _stay_filter(house_id, ids, first_bound, last_bound)
    stays = (Stay.select(Stay.resident, Stay.house, House.week_start, Stay.move_in_date,
                         Stay.move_out_date, Resident.tier, Tier.name, Tier.weekly_meeting_quota)
             .join(House, on=(Stay.house == House.id))
             .switch(Stay).join(Resident, on=(Stay.resident == Resident.id))
             .join(Tier, JOIN.LEFT_OUTER, on=(Resident.tier == Tier.id))
             .where(condition).order_by(Stay.resident, Stay.move_in_date))
    weeks: dict[tuple[int, int, dt.date], _Week] = {}
    current_tiers: dict[int, _TierInfo | None] = {}
    lived: dict[int, list[tuple[dt.date, dt.date, int, int]]] = {}  # first, last, house, ws
    for (resident_id, stay_house, week_start, move_in, move_out, tier_id, tier_name,
         quota) in stays.tuples():
        current_tiers[resident_id] = (tier_id, tier_name, quota) if tier_id else None
        move_in = column_date(move_in)
        first_week = week_start_of(start, week_start)
        end_week = week_start_of(last, week_start)
        lived_from = max(move_in, first_week)
        lived_to = end_week + 6 * ONE_DAY
        if move_out is not None:
            lived_to = min(lived_to, column_date(move_out) - ONE_DAY)
        if lived_to < lived_from:
            continue
        lived.setdefault(resident_id, []).append((lived_from, lived_to, stay_house, week_start))
        week = week_start_of(lived_from, week_start)
        while week <= lived_to:
            low, high = max(lived_from, week), min(lived_to, week + 6 * ONE_DAY)
            key = (resident_id, stay_house, week)
            entry = weeks.get(key)
            if entry is None:
                entry = weeks[key] = _Week(resident_id, stay_house, week)
            entry.days_lived += (high - low).days + 1
            if low <= today:
                entry.days_elapsed += (min(high, today) - low).days + 1
            entry.last_day = high if entry.last_day is None else max(entry.last_day, high)
            entry.lives_today = entry.lives_today or low <= today <= high
            week += WEEK
    if not weeks:
        return [], {}, {}

    # The residents again: as a list when short (cheaper), else as a subquery.
    residents: Select | list[int] = (sorted(lived) if len(lived) <= 500 else
                                     Stay.select(Stay.resident).where(condition))
    history = _tier_lookup(residents, last_bound)

    low_day = min(f for spans in lived.values() for f, _, _, _ in spans)
    high_day = max(t for spans in lived.values() for _, t, _, _ in spans)
    verified = fn.SUM(Case(None, ((OutsideMeeting.verified == True, 1),), 0))  # noqa: E712
    meetings = (OutsideMeeting.select(OutsideMeeting.resident, OutsideMeeting.attended_on,
                                      fn.COUNT(OutsideMeeting.id), verified)
                .where(OutsideMeeting.resident.in_(residents)
                       & (OutsideMeeting.attended_on >= low_day)
                       & (OutsideMeeting.attended_on <= high_day)
                       & OutsideMeeting.removed_at.is_null())
                .group_by(OutsideMeeting.resident, OutsideMeeting.attended_on))
    for resident_id, day, count, checked in meetings.tuples():
        day = column_date(day)
        for lived_from, lived_to, stay_house, week_start in lived.get(resident_id, ()):
            if lived_from <= day <= lived_to:
                entry = weeks[(resident_id, stay_house, week_start_of(day, week_start))]
                entry.attended += count
                entry.verified += int(checked or 0)
                break
    return list(weeks.values()), current_tiers, history


def _judged(entry: _Week, today: dt.date, current_tiers: dict[int, _TierInfo | None],
            history: dict[int, _History]) -> WeekCompliance:
    week_end = entry.week_start + 6 * ONE_DAY
    in_progress = entry.week_start <= today <= week_end
    assert entry.last_day is not None
    end_day = min(entry.last_day, today)
    tier = tier_on(history.get(entry.resident_id), end_day,
                   current_tiers.get(entry.resident_id))
    tier_id, tier_name, quota = tier if tier is not None else (None, "", 0)
    return WeekCompliance(
        entry.week_start, week_end, entry.days_lived, tier_id, tier_name, quota,
        required_meetings(quota, entry.days_lived), entry.attended, entry.verified,
        entry.days_lived < 7, in_progress, entry.days_elapsed, entry.house_id)


def weekly_compliance(house_id: int | None, start: dt.date, end: dt.date,
                      resident_ids: Iterable[int] | None = None,
                      today: dt.date | None = None) -> dict[int, list[WeekCompliance]]:
    """Every week (aligned to the house's week start) overlapping ``start`` to
    ``end`` in which the resident lived in the house at least one day, judged
    over the whole week; weeks after today are left out.  By resident, oldest
    week first.  ``house_id`` None: every house (each stay's weeks follow its
    own house); ``resident_ids`` None: everyone who lived there.

    Partial weeks are pro-rated: required = floor(quota * days_lived / 7 + 0.5).
    See the module documentation for the whole convention."""
    today = today or clock.today()
    entries, current_tiers, history = _collect(house_id, start, end, resident_ids, today)
    entries = _visible(entries, house_id)
    result: dict[int, list[WeekCompliance]] = {}
    for entry in sorted(entries, key=lambda e: (e.resident_id, e.week_start, e.house_id)):
        result.setdefault(entry.resident_id, []).append(
            _judged(entry, today, current_tiers, history))
    return result


def _visible(entries: list[_Week], house_id: int | None) -> list[_Week]:
    """The weeks of the residents the signed-in person may see."""
    if house_id is not None:
        permissions.require_view(house_id=house_id)
    seen = permissions.visible()
    if seen.everything:
        return entries
    return [entry for entry in entries if seen.resident(entry.resident_id, entry.house_id)]


def this_week(house_id: int | None, on: dt.date | None = None,
              resident_ids: Iterable[int] | None = None) -> dict[int, WeekCompliance]:
    """The week containing ``on`` (default today), judged as of ``on`` (so it
    is in progress), for every resident living in the house on ``on``."""
    on = on or clock.today()
    entries, current_tiers, history = _collect(house_id, on, on, resident_ids, on)
    entries = _visible(entries, house_id)
    return {entry.resident_id: _judged(entry, on, current_tiers, history)
            for entry in entries if entry.lives_today}


def resident_ids_behind(house_id: int | None, on: dt.date | None = None) -> list[int]:
    """Residents behind on their outside meetings in the week containing ``on``."""
    return [rid for rid, week in this_week(house_id, on).items() if week.behind]


__all__ = [
    "WeekCompliance",
    "required_meetings",
    "resident_ids_behind",
    "this_week",
    "tier_on",
    "week_start_of",
    "weekly_compliance",
]

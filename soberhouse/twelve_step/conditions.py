"""Tier conditions read from outside meetings (registered with soberhouse.progression).

``outside_meetings``: at least ``min_outside_meetings`` non-removed outside
meetings in the last ``outside_meetings_window_days`` days (today included)
— both numbers of the tier the resident would move up to ("90 in 90").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from peewee import fn

from soberhouse.models import OutsideMeeting

if TYPE_CHECKING:
    from soberhouse.progression import ResidentStanding

DEFAULT_WINDOW_DAYS = 90


def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def window_days(standing: ResidentStanding) -> int:
    """The counting window of the resident's next tier (90 days if unknown)."""
    next_tier = getattr(standing, "next_tier", None)
    days = next_tier.outside_meetings_window_days if next_tier is not None else None
    return days if days and days > 0 else DEFAULT_WINDOW_DAYS


def outside_meetings_in_window(standings: Sequence[ResidentStanding], on: dt.date
                               ) -> dict[int, int]:
    """Each resident's non-removed outside meetings in the last N days up to
    ``on``, N being their next tier's window: one query grouped by resident
    and day over the longest window."""
    result = {s.resident_id: 0 for s in standings}
    if not standings:
        return result
    windows = {s.resident_id: window_days(s) for s in standings}
    first = on - dt.timedelta(days=max(windows.values()) - 1)
    query = (OutsideMeeting.select(OutsideMeeting.resident, OutsideMeeting.attended_on,
                                   fn.COUNT(OutsideMeeting.id))
             .where((OutsideMeeting.attended_on >= first) & (OutsideMeeting.attended_on <= on)
                    & OutsideMeeting.removed_at.is_null())
             .group_by(OutsideMeeting.resident, OutsideMeeting.attended_on))
    if len(standings) <= 500:
        query = query.where(OutsideMeeting.resident.in_(list(windows)))
    for resident_id, day, count in query.tuples():
        window = windows.get(resident_id)
        if window is not None and (on - _as_date(day)).days < window:
            result[resident_id] += count
    return result


def _register() -> None:
    from soberhouse.progression import ConditionKind, register_condition

    register_condition(ConditionKind("outside_meetings", "Outside meetings",
                                     lambda tier: tier.min_outside_meetings,
                                     outside_meetings_in_window))


_register()

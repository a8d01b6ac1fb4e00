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

from soberhouse.models import database_proxy
from soberhouse.models.twelve_step import OutsideMeeting

if TYPE_CHECKING:
    from soberhouse.progression import ResidentStanding

DEFAULT_WINDOW_DAYS = 90


def window_days(standing: ResidentStanding) -> int:
    """The counting window of the resident's next tier (90 days if unknown)."""
    next_tier = getattr(standing, "next_tier", None)
    days = next_tier.outside_meetings_window_days if next_tier is not None else None
    return days if days and days > 0 else DEFAULT_WINDOW_DAYS


def outside_meetings_in_window(standings: Sequence[ResidentStanding], on: dt.date
                               ) -> dict[int, int]:
    """Each resident's non-removed outside meetings in the last N days up to
    ``on``, N being their next tier's window.  Only residents whose next tier
    has the condition are counted (the others are never judged on it): one
    query grouped by resident per distinct window length, so the number of
    queries follows the number of tier settings, never the residents."""
    result: dict[int, int] = {}
    by_window: dict[int, list[int]] = {}
    for standing in standings:
        next_tier = getattr(standing, "next_tier", None)
        if next_tier is not None and next_tier.min_outside_meetings is None:
            continue
        result[standing.resident_id] = 0
        by_window.setdefault(window_days(standing), []).append(standing.resident_id)
    for window, resident_ids in by_window.items():
        first = on - dt.timedelta(days=window - 1)
        query = (OutsideMeeting.select(OutsideMeeting.resident, fn.COUNT(OutsideMeeting.id))
                 .where((OutsideMeeting.attended_on >= first)
                        & (OutsideMeeting.attended_on <= on)
                        & OutsideMeeting.removed_at.is_null())
                 .group_by(OutsideMeeting.resident))
        if len(resident_ids) <= 500:
            query = query.where(OutsideMeeting.resident.in_(resident_ids))
        wanted = set(resident_ids)
        for resident_id, count in database_proxy.execute(query).fetchall():
            if resident_id in wanted:
                result[resident_id] = count
    return result


def _register() -> None:
    from soberhouse.progression import ConditionKind, register_condition

    register_condition(ConditionKind("outside_meetings", "Outside meetings",
                                     lambda tier: tier.min_outside_meetings,
                                     outside_meetings_in_window))


_register()

"""Tier conditions read from house meetings (registered with soberhouse.progression).

``unexcused_absences``: at most ``max_unexcused_absences`` unexcused absences
from house meetings in the last ``absence_window_days`` days (today
included), both numbers set on the tier the resident would move up to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from soberhouse.meetings.attendance import unexcused_dates

if TYPE_CHECKING:
    from soberhouse.progression import ResidentStanding


def window_start(on: dt.date, days: int) -> dt.date:
    """The first of "the last ``days`` days" up to and including ``on``
    (the last 90 days on 15 November 2026: 18 August to 15 November)."""
    return on - dt.timedelta(days=max(days, 1) - 1)


def unexcused_in_window(standings: Sequence[ResidentStanding], on: dt.date) -> dict[int, int]:
    """Each resident's unexcused absences in the window of their next tier
    (one query, from the earliest window start; none for a resident whose next
    tier has no such condition)."""
    windows = {s.resident_id: window_start(on, s.next_tier.absence_window_days)
               for s in standings
               if s.next_tier is not None and s.next_tier.max_unexcused_absences is not None}
    if not windows:
        return {}
    dates = unexcused_dates(windows, min(windows.values()), on)
    return {resident_id: sum(1 for day in dates.get(resident_id, ()) if day >= start)
            for resident_id, start in windows.items()}


def _register() -> None:
    from soberhouse.progression import ConditionKind, register_condition

    register_condition(ConditionKind("unexcused_absences", "Unexcused absences",
                                     threshold=lambda tier: tier.max_unexcused_absences,
                                     measure=unexcused_in_window, at_most=True))


_register()

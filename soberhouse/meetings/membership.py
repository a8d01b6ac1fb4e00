"""Who belonged to a house on a day: the residents whose :class:`Stay` covers
it (moved in on or before the day, not yet moved out: the move-out date is
the first day no longer living there), and the tier each was in that day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from peewee import JOIN

from soberhouse.models import Resident, Stay, Tier, TierChange


def stay_covers(day: Any) -> Any:
    """The SQL condition "this stay covers ``day``" (a date or a column)."""
    return (Stay.move_in_date <= day) & (Stay.move_out_date.is_null() | (Stay.move_out_date > day))


def living_in(house_id: int, day: dt.date, resident_ids: Iterable[int] | None = None
              ) -> set[int]:
    """The residents living in the house on ``day`` (one query)."""
    query = Stay.select(Stay.resident).where((Stay.house == house_id) & stay_covers(day))
    if resident_ids is not None:
        query = query.where(Stay.resident.in_(list(resident_ids)))
    return {resident_id for (resident_id,) in query.tuples()}


def tier_names_on(resident_ids: Iterable[int], day: dt.date) -> dict[int, str]:
    """Each resident's tier name on ``day``: the ``to_tier`` of the latest
    tier change effective on or before it (ties: the latest recorded), or the
    resident's current tier when there is none (two queries)."""
    ids = list(resident_ids)
    if not ids:
        return {}
    names: dict[int, str] = {}
    current = (Resident.select(Resident.id, Tier.name)
               .join(Tier, on=(Resident.tier == Tier.id), join_type=JOIN.LEFT_OUTER)
               .where(Resident.id.in_(ids)).tuples())
    for resident_id, tier_name in current:
        names[resident_id] = tier_name or ""
    changes = (TierChange.select(TierChange.resident, Tier.name)
               .join(Tier, on=(TierChange.to_tier == Tier.id))
               .where(TierChange.resident.in_(ids) & (TierChange.effective_date <= day))
               .order_by(TierChange.resident, TierChange.effective_date, TierChange.id)
               .tuples())
    for resident_id, tier_name in changes:  # the last one of each resident wins
        names[resident_id] = tier_name
    return names

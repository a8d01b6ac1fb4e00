"""The "outside meetings" tier condition: at least N in the last D days, both
numbers from the next tier; shown in the progression and the ready list."""

from __future__ import annotations

import dataclasses
import datetime as dt

from soberhouse.houses import TierDetails, save_tiers, tiers_of
from soberhouse.models import House
from soberhouse.models.twelve_step import Fellowship
from soberhouse.progression import CONDITION_KINDS, progression_of, ready_for_promotion
from soberhouse.twelve_step.outside_meetings import (
    OutsideMeetingDetails,
    log_outside_meetings,
    outside_meetings_of,
    remove_outside_meeting,
)

from .mentoring_helpers import admit

D = dt.date


def require_meetings(house: House, position: int, count: int, window: int) -> None:
    details = [TierDetails.of(tier) for tier in tiers_of(house.id)]
    details[position - 1] = dataclasses.replace(details[position - 1],
                                                min_outside_meetings=count,
                                                outside_meetings_window_days=window)
    save_tiers(house.id, details)


def log_days(resident_id: int, *days: dt.date) -> None:
    log_outside_meetings([OutsideMeetingDetails(resident_id, day, Fellowship.AA)
                          for day in days])


def test_the_condition_is_registered() -> None:
    kind = CONDITION_KINDS["outside_meetings"]
    assert (kind.label, kind.at_most) == ("Outside meetings", False)


def test_outside_meetings_in_the_next_tiers_window(house: House, today: dt.date) -> None:
    require_meetings(house, 2, 10, 14)  # Established: 10 in the last 14 days
    ana = admit(house, "Ana", "Ruiz", move_in=D(2026, 10, 1), sober=D(2026, 9, 1))
    log_days(ana.id, D(2026, 11, 1))  # 15 days ago: outside the window
    log_days(ana.id, *[D(2026, 11, 2) + dt.timedelta(days=n) for n in range(9)])
    condition = {c.name: c for c in progression_of(ana.id).conditions}["outside_meetings"]
    assert (condition.met, condition.value, condition.threshold, condition.detail) == (
        False, 9, 10, "Outside meetings: 9 of 10 needed")
    assert ana.id not in {p.resident_id for p in ready_for_promotion(house.id)}
    log_days(ana.id, today)
    condition = {c.name: c for c in progression_of(ana.id).conditions}["outside_meetings"]
    assert (condition.met, condition.detail) == (True, "Outside meetings: 10 (10 needed)")
    assert ana.id in {p.resident_id for p in ready_for_promotion(house.id)}
    # A removed line no longer counts.
    remove_outside_meeting(outside_meetings_of(ana.id, today, today)[0].id, "Wrong card")
    assert ana.id not in {p.resident_id for p in ready_for_promotion(house.id)}


def test_no_condition_when_the_next_tier_sets_none(house: House) -> None:
    require_meetings(house, 3, 90, 90)  # only Senior asks for "90 in 90"
    ana = admit(house, "Ana", "Ruiz", move_in=D(2026, 10, 1), sober=D(2026, 9, 1))
    assert "outside_meetings" not in {c.name for c in progression_of(ana.id).conditions}
    senior_bound = admit(house, "Kai", "Moana", tier=2, move_in=D(2026, 5, 1))
    log_days(senior_bound.id, D(2026, 11, 10))
    condition = {c.name: c for c in progression_of(senior_bound.id).conditions}[
        "outside_meetings"]
    assert (condition.value, condition.threshold, condition.met) == (1, 90, False)

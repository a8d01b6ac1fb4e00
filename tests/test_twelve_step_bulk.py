"""The bulk readers run the same number of queries for 5 residents or 50."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import peewee

from soberhouse.houses import HouseDetails, TierDetails, create_house, save_tiers, tiers_of
from soberhouse.models.twelve_step import Fellowship
from soberhouse.progression import progressions
from soberhouse.residents import change_tier
from soberhouse.twelve_step.outside_meetings import (
    OutsideMeetingDetails,
    log_outside_meetings,
    outside_meeting_counts,
)
from soberhouse.twelve_step.quota import this_week, weekly_compliance
from soberhouse.twelve_step.sponsors import set_sponsor, sponsors_on
from soberhouse.twelve_step.step_work import complete_step, start_step, step_progress

from .mentoring_helpers import admit, counting_queries

D = dt.date


def _house_of(count: int) -> tuple[int, list[int]]:
    """A house of ``count`` residents, each with meetings, a tier change,
    a sponsor change and step work."""
    house = create_house(HouseDetails(name=f"House of {count}", beds=count + 1))
    details = [dataclasses.replace(TierDetails.of(t), min_outside_meetings=20)
               for t in tiers_of(house.id)]
    save_tiers(house.id, details)
    established = tiers_of(house.id)[1]
    ids = []
    for number in range(count):
        resident = admit(house, f"R{count}x{number}", "Test", move_in=D(2026, 9, 1))
        ids.append(resident.id)
        change_tier(resident.id, established.id, D(2026, 10, 7), "On track")
        set_sponsor(resident.id, "Linda S.", "", D(2026, 9, 5))
        set_sponsor(resident.id, "Maria T.", "", D(2026, 10, 5))
        start_step(resident.id, 1, D(2026, 9, 10))
        complete_step(resident.id, 1, D(2026, 10, 1))
        start_step(resident.id, 2, D(2026, 10, 2))
    log_outside_meetings([OutsideMeetingDetails(rid, D(2026, 9, 1) + dt.timedelta(days=n),
                                                Fellowship.AA, verified=n % 3 == 0)
                          for rid in ids for n in range(0, 75, 2)])
    return house.id, ids


def test_bulk_readers_run_a_constant_number_of_queries(db: peewee.Database) -> None:
    small_house, small = _house_of(5)
    large_house, large = _house_of(50)
    readers: dict[str, Callable[[int, list[int]], object]] = {
        "weekly_compliance": lambda h, ids: weekly_compliance(h, D(2026, 9, 1),
                                                              D(2026, 11, 15)),
        "weekly_compliance for residents": lambda h, ids: weekly_compliance(
            None, D(2026, 9, 1), D(2026, 11, 15), resident_ids=ids),
        "this_week": lambda h, ids: this_week(h),
        "step_progress": lambda h, ids: step_progress(ids, D(2026, 11, 1)),
        "sponsors_on": lambda h, ids: sponsors_on(ids, D(2026, 10, 20)),
        "outside_meeting_counts": lambda h, ids: outside_meeting_counts(
            ids, D(2026, 9, 1), D(2026, 11, 15)),
        "progressions": lambda h, ids: progressions(h),
    }
    for name, read in readers.items():
        with counting_queries(db) as few:
            small_result = read(small_house, small)
        with counting_queries(db) as many:
            large_result = read(large_house, large)
        assert len(few) == len(many), name
        assert len(few) <= 6, name
        if isinstance(small_result, dict):
            assert (len(small_result), len(large_result)) == (5, 50), name


def test_the_bulk_figures_are_right_for_every_resident(db: peewee.Database) -> None:
    house_id, ids = _house_of(5)
    weeks = weekly_compliance(house_id, D(2026, 10, 5), D(2026, 10, 11))
    # 2026-10-05..11: meetings every other day from 1 September (days 34..40 even)
    assert {rid: (w[0].attended, w[0].tier_name, w[0].quota) for rid, w in weeks.items()} == {
        rid: (4, "Established", 4) for rid in ids}
    assert {s.name for s in sponsors_on(ids, D(2026, 10, 20)).values()} == {"Maria T."}
    assert {p.current_step for p in step_progress(ids, D(2026, 11, 1)).values()} == {2}
    ready = {p.resident_id: {c.name: c for c in p.conditions} for p in progressions(house_id)}
    assert {c["outside_meetings"].value for c in ready.values()} == {38}

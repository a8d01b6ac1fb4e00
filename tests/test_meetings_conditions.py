"""The "unexcused absences" tier condition: at most N unexcused absences in
the last D days, both set on the tier the resident would move up to."""

from __future__ import annotations

import datetime as dt

from soberhouse.houses import TierDetails, save_tiers, tiers_of
from soberhouse.meetings.conditions import window_start
from soberhouse.models import House
from soberhouse.models.meetings import AttendanceStatus, MeetingKind
from soberhouse.progression import CONDITION_KINDS, progression_of, ready_for_promotion

from .meetings_helpers import admit, held

P, U = AttendanceStatus.PRESENT, AttendanceStatus.UNEXCUSED
MOVE_IN = dt.date(2026, 6, 1)


def _conditions(house: House, established: tuple[int, int] | None,
                senior: tuple[int, int] | None) -> None:
    tiers = [TierDetails.of(tier) for tier in tiers_of(house.id)]
    for tier, condition in ((tiers[1], established), (tiers[2], senior)):
        if condition is not None:
            tier.max_unexcused_absences, tier.absence_window_days = condition
    save_tiers(house.id, tiers)


def test_the_condition_is_registered_as_at_most() -> None:
    kind = CONDITION_KINDS["unexcused_absences"]
    assert (kind.label, kind.at_most) == ("Unexcused absences", True)
    assert window_start(dt.date(2026, 11, 15), 90) == dt.date(2026, 8, 18)
    assert window_start(dt.date(2026, 11, 15), 1) == dt.date(2026, 11, 15)


def test_ready_for_promotion_respects_unexcused_absences(house: House,
                                                         today: dt.date) -> None:
    _conditions(house, established=(1, 30), senior=None)
    ana = admit(house, "Ana", "Ruiz", move_in=MOVE_IN)
    ben = admit(house, "Ben", "Cole", move_in=MOVE_IN)
    cy = admit(house, "Cy", "Dunn", move_in=MOVE_IN)
    dan = admit(house, "Dan", "Eze", tier=2, move_in=MOVE_IN)
    # The window of 30 days on 15 November starts on 17 October.
    held(house, dt.date(2026, 10, 12), {ana.id: U, ben.id: P, cy.id: P, dan.id: U})
    held(house, dt.date(2026, 10, 16), {ben.id: U}, kind=MeetingKind.EMERGENCY)
    held(house, dt.date(2026, 10, 17), {cy.id: U}, kind=MeetingKind.SPECIAL)
    held(house, dt.date(2026, 10, 19), {ana.id: U, ben.id: P, cy.id: P, dan.id: U})
    held(house, dt.date(2026, 11, 2), {ana.id: U, ben.id: U, cy.id: U, dan.id: U})
    ready = {p.name for p in ready_for_promotion(house.id)}
    assert ready == {"Ben Cole", "Dan Eze"}
    absences = {p.name: [c.detail for c in p.conditions if c.name == "unexcused_absences"]
                for p in (progression_of(r.id) for r in (ana, ben, cy, dan))}
    assert absences == {
        "Ana Ruiz": ["Unexcused absences: 2, at most 1 allowed"],
        "Ben Cole": ["Unexcused absences: 1 (at most 1)"],  # the 16th is outside
        "Cy Dunn": ["Unexcused absences: 2, at most 1 allowed"],  # the 17th is inside
        "Dan Eze": [],  # Senior has no such condition
    }
    # As it stood on 18 October, with that day's window.
    on_the_18th = progression_of(cy.id, dt.date(2026, 10, 18))
    assert [c.value for c in on_the_18th.conditions if c.name == "unexcused_absences"] == [1]


def test_the_window_is_the_next_tiers(house: House, today: dt.date) -> None:
    _conditions(house, established=(5, 90), senior=(0, 7))
    dan = admit(house, "Dan", "Eze", tier=2, move_in=MOVE_IN)
    ana = admit(house, "Ana", "Ruiz", move_in=MOVE_IN)
    held(house, dt.date(2026, 11, 2), {dan.id: U, ana.id: U})
    dan_condition = [c for c in progression_of(dan.id).conditions
                     if c.name == "unexcused_absences"]
    assert [(c.value, c.met, c.detail) for c in dan_condition] == [
        (0, True, "Unexcused absences: 0 (at most 0)")]
    ana_condition = [c for c in progression_of(ana.id).conditions
                     if c.name == "unexcused_absences"]
    assert [(c.value, c.threshold, c.met) for c in ana_condition] == [(1, 5, True)]

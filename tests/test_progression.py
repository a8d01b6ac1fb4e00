"""Tier progression: named conditions of the next tier, ready list, and
promotion or demotion only by the manager, with a reason."""

from __future__ import annotations

import datetime as dt

from soberhouse.houses import tiers_of
from soberhouse.models import House, Resident, TierChange
from soberhouse.progression import (
    CONDITION_KINDS,
    demote,
    progression_of,
    progressions,
    promote,
    ready_for_promotion,
)
from soberhouse.residents import resident_history

from .conftest import TODAY
from .mentoring_helpers import admit, refuse


def test_each_condition_of_the_next_tier_says_met_or_not_and_why(house: House) -> None:
    resident = admit(house, "Zoë", "Nguyễn", tier=2, move_in=dt.date(2026, 8, 1),
                     sober=dt.date(2026, 10, 1))
    progression = progression_of(resident.id)
    assert (progression.tier_name, progression.next_tier_name, progression.ready) == (
        "Established", "Senior", False)
    assert [(c.name, c.met, c.detail) for c in progression.conditions] == [
        ("days_in_house", True, "Days in the house: 106 (90 needed)"),
        ("days_sober", False, "Days sober: 45 of 90 needed")]
    assert [c.name for c in progression.unmet] == ["days_sober"]


def test_the_highest_tier_has_no_next_tier(house: House) -> None:
    senior = admit(house, "Kevin", "O'Neill", tier=3, move_in=dt.date(2026, 1, 1))
    progression = progression_of(senior.id)
    assert (progression.next_tier_id, progression.conditions, progression.ready) == (
        None, (), False)
    assert refuse(promote, senior.id, "Doing great")["tier_id"] == [
        "Kevin O'Neill is in Senior, the highest tier."]


def test_ready_for_promotion_lists_only_those_who_meet_every_condition(house: House,
                                                                       other_house: House
                                                                       ) -> None:
    ready = admit(house, "Ana", "Ruiz", move_in=dt.date(2026, 10, 1),
                  sober=dt.date(2026, 9, 1))  # 45 days in, 75 sober: Established needs 31/31
    admit(house, "Kai", "Moana", move_in=dt.date(2026, 11, 1))  # 14 days
    cedar = admit(other_house, "Ines", "Moreau", move_in=dt.date(2026, 10, 1))
    assert [p.name for p in ready_for_promotion()] == ["Ines Moreau", "Ana Ruiz"]
    assert [p.resident_id for p in ready_for_promotion(house.id)] == [ready.id]
    assert cedar.id in {p.resident_id for p in progressions()}
    assert Resident.get_by_id(ready.id).tier.name == "Newcomer"  # never changed by itself


def test_promotion_and_demotion_need_a_reason_and_are_recorded(house: House) -> None:
    resident = admit(house, "Ana", "Ruiz", move_in=dt.date(2026, 10, 1))
    assert refuse(promote, resident.id, "  ")["reason"] == ["Please give a reason."]
    promote(resident.id, "45 days, every meeting", dt.date(2026, 11, 14))
    change = TierChange.select().order_by(TierChange.id.desc()).get()
    assert (change.to_tier.name, change.effective_date, change.reason,
            change.recorded_by.username) == ("Established", dt.date(2026, 11, 14),
                                             "45 days, every meeting", "test-manager")
    demote(resident.id, "Missed curfew twice")
    assert Resident.get_by_id(resident.id).tier.name == "Newcomer"
    assert resident_history(resident.id)[0].summary == "Tier: Established → Newcomer"
    assert refuse(demote, resident.id, "Again")["tier_id"] == [
        "Ana Ruiz is already in the lowest tier."]
    senior_tier = tiers_of(house.id)[2]
    assert refuse(demote, resident.id, "x", TODAY, senior_tier.id)["tier_id"] == [
        "Senior is not below Newcomer."]


def test_a_condition_kind_registers_once_and_applies_to_every_tier() -> None:
    assert list(CONDITION_KINDS) == ["days_in_house", "days_sober", "unexcused_absences",
                                     "outside_meetings"]
    kind = CONDITION_KINDS["days_sober"]
    assert kind.judge(0, 0).detail == "Days sober: 0 (no minimum)"
    from soberhouse.progression import ConditionKind

    absences = ConditionKind("unexcused_absences", "Unexcused absences", lambda tier: 2,
                             lambda standings, on: {}, at_most=True)
    assert absences.judge(3, 2).detail == "Unexcused absences: 3, at most 2 allowed"
    assert absences.judge(1, 2).met

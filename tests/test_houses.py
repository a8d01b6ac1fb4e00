from __future__ import annotations

import datetime as dt

import peewee
import pytest

from soberhouse.errors import RuleViolation
from soberhouse.houses import (
    HouseDetails,
    TierDetails,
    create_house,
    find_house,
    save_tiers,
    tiers_of,
    update_house,
)
from soberhouse.models import House, Tier
from soberhouse.residents import admit_resident, change_tier

from .conftest import details_for


def test_a_new_house_gets_the_default_tier_ladder(house: House) -> None:
    tiers = tiers_of(house.id)
    assert [(t.position, t.name) for t in tiers] == [(1, "Newcomer"), (2, "Established"),
                                                     (3, "Senior")]
    senior = tiers[2]
    assert senior.may_mentor and senior.caseload_cap == 3 and senior.min_days_in_house == 90


def test_house_needs_a_unique_name_and_a_bed(house: House) -> None:
    with pytest.raises(RuleViolation) as error:
        create_house(HouseDetails(name=" maple house ", beds=0))
    assert error.value.for_field("name") == ['There is already a house called "maple house".']
    assert error.value.for_field("beds") == ["A house needs at least one bed."]
    assert House.select().count() == 1


def test_beds_cannot_drop_below_the_residents_living_there(house: House) -> None:
    admit_resident(details_for(house))
    admit_resident(details_for(house, first_name="Ana", bed="B"))
    with pytest.raises(RuleViolation) as error:
        update_house(house.id, HouseDetails(name="Maple House", beds=1))
    assert "2 residents live in this house now" in error.value.for_field("beds")[0]
    assert House.get_by_id(house.id).beds == 8


def test_find_house_ignores_case_and_names_the_known_houses(house: House) -> None:
    assert find_house("  MAPLE house").id == house.id
    with pytest.raises(Exception, match="Maple House"):
        find_house("Oak")


def test_tiers_are_edited_renamed_reordered_and_added_in_one_save(house: House) -> None:
    tiers = [TierDetails.of(t) for t in tiers_of(house.id)]
    tiers[0].name = "Phase 1"
    tiers.append(TierDetails("Phase 4", 180, 180, 2, may_mentor=True, caseload_cap=4))
    tiers[1], tiers[2] = tiers[2], tiers[1]
    saved = save_tiers(house.id, tiers)
    assert [t.name for t in saved] == ["Phase 1", "Senior", "Established", "Phase 4"]
    assert [t.name for t in tiers_of(house.id)] == ["Phase 1", "Senior", "Established",
                                                    "Phase 4"]


def test_a_tier_in_use_cannot_be_removed_and_nothing_changes(house: House) -> None:
    resident = admit_resident(details_for(house))
    established = tiers_of(house.id)[1]
    change_tier(resident.id, established.id, dt.date(2026, 11, 10), "31 days")
    kept = [TierDetails.of(t) for t in tiers_of(house.id) if t.name != "Established"]
    kept[0].name = "Renamed"
    with pytest.raises(RuleViolation, match="can't be removed"):
        save_tiers(house.id, kept)
    assert [t.name for t in tiers_of(house.id)] == ["Newcomer", "Established", "Senior"]


def test_tier_rules_name_the_problem(house: House) -> None:
    tiers = [TierDetails("A"), TierDetails("a"), TierDetails("", min_days_sober=-1),
             TierDetails("Mentors", may_mentor=True, caseload_cap=0)]
    with pytest.raises(RuleViolation) as error:
        save_tiers(house.id, tiers)
    messages = error.value.for_field("tiers")
    assert 'Two tiers are called "a".' in messages
    assert "Tier 3 needs a name." in messages
    assert "Tier 3: the minimum days sober can't be negative." in messages
    assert "Mentors may mentor, so its caseload cap must be at least 1." in messages


def test_tier_positions_are_unique_per_house_in_the_database(house: House) -> None:
    from soberhouse.recording import one_write

    with pytest.raises(peewee.IntegrityError), one_write("test"):
        Tier.create(house=house, name="Duplicate position", position=1)


def test_tier_names_across_houses_come_lowest_step_first(house: House, other_house: House) -> None:
    from soberhouse.houses import tier_names

    tiers = [TierDetails.of(t) for t in tiers_of(other_house.id)]
    tiers.insert(1, TierDetails("Orientation"))
    save_tiers(other_house.id, tiers)
    assert tier_names() == ["Newcomer", "Established", "Orientation", "Senior"]

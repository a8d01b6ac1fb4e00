"""Suggested mentors: only eligible ones, ranked, each rank explained."""

from __future__ import annotations

import datetime as dt

from soberhouse.houses import TierDetails, save_tiers, tiers_of
from soberhouse.mentoring.assignments import assign_mentor
from soberhouse.mentoring.mentors import (
    StaffCoachDetails,
    register_alumnus,
    register_resident_mentor,
    register_staff_coach,
)
from soberhouse.mentoring.profiles import MatchingAttributes, save_profile
from soberhouse.mentoring.settings import HouseMentoringSettings, save_mentoring_settings
from soberhouse.mentoring.suggestions import suggest_mentors
from soberhouse.models import House
from soberhouse.residents import discharge

from .mentoring_helpers import admit

SINCE = dt.date(2026, 7, 1)


def test_a_crafted_case_is_ranked_with_reasons(house: House, other_house: House) -> None:
    # Established may mentor too here (1 mentee), so a tier gap of 1 exists.
    tiers = [TierDetails.of(tier) for tier in tiers_of(house.id)]
    tiers[1].may_mentor, tiers[1].caseload_cap = True, 1
    save_tiers(house.id, tiers)
    mentee = admit(house, "Mateo", "Ruiz")
    save_profile(mentee.id, MatchingAttributes("male", "NA", ("Spanish", "English"),
                                               ("employment", "family")))

    senior = admit(house, "Kevin", "O'Neill", tier=3, move_in=dt.date(2026, 3, 1))
    save_profile(senior.id, MatchingAttributes("male", "NA", ("English", "Spanish"),
                                               ("employment",)))
    best = register_resident_mentor(senior.id, SINCE)
    assign_mentor(best.id, admit(house, "A", "One").id, SINCE)  # 2 of 3 free

    established = admit(house, "Chris", "Dunn", tier=2, move_in=dt.date(2026, 6, 1))
    save_profile(established.id, MatchingAttributes("male", "AA", ("English",), ("family",)))
    register_resident_mentor(established.id, SINCE)

    coach = register_staff_coach(StaffCoachDetails(
        "Dana", "Whitfield", caseload_cap=5, since=SINCE,
        attributes=MatchingAttributes("female", "SMART Recovery", ("English",), ())))

    full = admit(house, "Sam", "Lee", tier=3, move_in=dt.date(2026, 3, 2))
    register = register_resident_mentor(full.id, SINCE)
    for n in range(3):
        assign_mentor(register.id, admit(house, f"M{n}", "Full").id, SINCE)

    graduate = admit(other_house, "Tom", "Baker", tier=3, move_in=dt.date(2026, 1, 1))
    discharge(graduate.id, "graduated", dt.date(2026, 7, 1), "Done")
    register_alumnus(graduate.id, 2, dt.date(2026, 7, 2))  # another house: not suggested

    suggestions = suggest_mentors(mentee.id)
    assert [(s.mentor.name, s.score) for s in suggestions] == [
        ("Kevin O'Neill", 2 + 2 + 3 + 3 + 2), ("Dana Whitfield", 3 + 2 + 3),
        ("Chris Dunn", 1 + 1 + 3 + 2)]
    assert suggestions[0].reasons == ["2 free places of 3", "Senior: 2 tiers above Newcomer",
                                      "Both in NA", "Speaks Spanish, English",
                                      "Focus: employment"]
    assert suggestions[1].reasons == ["5 free places of 5",
                                      "Peer recovery coach: above every resident tier",
                                      "Speaks English"]
    assert suggestions[2].reasons == ["1 free place of 1", "Established: 1 tier above Newcomer",
                                      "Speaks English", "Focus: family"]
    assert coach.id == suggestions[1].mentor.mentor_id


def test_house_pairing_by_gender_leaves_out_the_other_gender(house: House) -> None:
    save_mentoring_settings(HouseMentoringSettings(house.id, pair_by_gender=True))
    mentee = admit(house, "Zoë", "Nguyễn")
    save_profile(mentee.id, MatchingAttributes(gender="female"))
    register_staff_coach(StaffCoachDetails("Tom", "Baker", since=SINCE,
                                           attributes=MatchingAttributes(gender="male")))
    register_staff_coach(StaffCoachDetails("Dana", "Whitfield", since=SINCE,
                                           attributes=MatchingAttributes(gender="female")))
    assert [s.mentor.name for s in suggest_mentors(mentee.id)] == ["Dana Whitfield"]


def test_a_current_mentor_is_not_suggested_again(house: House) -> None:
    mentee = admit(house, "Zoë", "Nguyễn")
    coach = register_staff_coach(StaffCoachDetails("Dana", "Whitfield", since=SINCE))
    assign_mentor(coach.id, mentee.id, SINCE + dt.timedelta(days=100))
    assert suggest_mentors(mentee.id) == []

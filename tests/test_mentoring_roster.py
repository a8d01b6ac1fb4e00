"""The roster and the section's lists: right figures, and a constant number
of queries whatever the number of mentors; fast on a large house."""

from __future__ import annotations

import datetime as dt

import peewee

from benchmarks.mentoring_load import build_mentoring_load
from soberhouse.houses import HouseDetails, create_house
from soberhouse.mentoring.assignments import assign_mentor, assignment_views, mentee_history
from soberhouse.mentoring.check_ins import log_check_in
from soberhouse.mentoring.mentors import (
    StaffCoachDetails,
    register_resident_mentor,
    register_staff_coach,
)
from soberhouse.mentoring.roster import (
    mentees_needing_new_mentor,
    mentor_roster,
    mentoring_overview,
    residents_without_mentor,
)
from soberhouse.mentoring.suggestions import suggest_mentors
from soberhouse.models import House
from soberhouse.models.mentoring import MentorKind
from soberhouse.progression import ready_for_promotion

from .mentoring_helpers import admit, counting_queries

SINCE = dt.date(2026, 7, 1)


def test_the_roster_lists_every_kind_with_mentees_cap_and_free_places(
        house: House, other_house: House) -> None:
    senior = admit(house, "Kevin", "O'Neill", tier=3, move_in=dt.date(2026, 3, 1))
    mentor = register_resident_mentor(senior.id, SINCE)
    coach = register_staff_coach(StaffCoachDetails("Dana", "Whitfield", caseload_cap=4,
                                                   since=SINCE))
    cedar_coach = register_staff_coach(StaffCoachDetails("Ines", "Moreau", house_id=other_house.id,
                                                         since=SINCE))
    zoe = admit(house, "Zoë", "Nguyễn")
    ana = admit(house, "Ana", "Ruiz")
    assign_mentor(mentor.id, zoe.id, SINCE)
    assign_mentor(mentor.id, ana.id, SINCE)
    assign_mentor(coach.id, zoe.id, SINCE, "secondary")
    rows = {row.name: row for row in mentor_roster(house.id)}
    assert set(rows) == {"Kevin O'Neill", "Dana Whitfield"}
    kevin, dana = rows["Kevin O'Neill"], rows["Dana Whitfield"]
    assert (kevin.kind, kevin.tier_or_role, kevin.house_name, kevin.mentee_names, kevin.cap,
            kevin.free_places) == (MentorKind.RESIDENT, "Senior", "Maple House",
                                   ("Zoë Nguyễn", "Ana Ruiz"), 3, 1)
    assert (dana.house_name, dana.active_mentees, dana.free_places) == ("Every house", 1, 3)
    assert [row.mentor_id for row in mentor_roster(other_house.id)] == [coach.id,
                                                                        cedar_coach.id]
    assert [row.name for row in residents_without_mentor(house.id)] == []


def test_residents_without_a_primary_mentor(house: House) -> None:
    senior = admit(house, "Kevin", "O'Neill", tier=3, move_in=dt.date(2026, 3, 1))
    mentor = register_resident_mentor(senior.id, SINCE)
    coach = register_staff_coach(StaffCoachDetails("Dana", "Whitfield", since=SINCE))
    zoe = admit(house, "Zoë", "Nguyễn", move_in=dt.date(2026, 10, 1))
    ana = admit(house, "Ana", "Ruiz", move_in=dt.date(2026, 9, 1))
    admit(house, "Kai", "Moana", move_in=dt.date(2026, 11, 1))
    assign_mentor(mentor.id, zoe.id, dt.date(2026, 10, 2))
    assign_mentor(coach.id, ana.id, dt.date(2026, 10, 2), "secondary")
    rows = residents_without_mentor()
    assert [(row.name, row.days_in_house, row.secondary_mentors) for row in rows] == [
        ("Ana Ruiz", 75, 1), ("Kai Moana", 14, 0)]


def _house_with_mentors(count: int) -> None:
    """``count`` senior mentors, each with one mentee and a few check-ins."""
    house = create_house(HouseDetails(name=f"House of {count}", beds=2 * count + 2))
    for number in range(count):
        senior = admit(house, f"Senior{number}", "Test", tier=3, move_in=dt.date(2026, 3, 1))
        mentor = register_resident_mentor(senior.id, SINCE)
        mentee = admit(house, f"Mentee{number}", "Test", move_in=dt.date(2026, 10, 1))
        assignment = assign_mentor(mentor.id, mentee.id, dt.date(2026, 10, 2))
        log_check_in(assignment.id, dt.date(2026, 10, 9))
    register_staff_coach(StaffCoachDetails(f"Coach{count}", "Test", since=SINCE))
    admit(house, f"Waiting{count}", "Test", move_in=dt.date(2026, 11, 1))


LISTS = {
    "roster": mentor_roster,
    "assignments": assignment_views,
    "without mentor": residents_without_mentor,
    "needing a new mentor": mentees_needing_new_mentor,
    "overview": mentoring_overview,
    "ready for promotion": ready_for_promotion,
    "history of a mentee": lambda: mentee_history(1),
}


def test_each_list_takes_the_same_queries_for_5_and_50_mentors(db: peewee.Database) -> None:
    counts: list[dict[str, int]] = []
    for size in (5, 45):
        _house_with_mentors(size)
        counts.append({})
        for name, lister in LISTS.items():
            with counting_queries(db) as queries:
                assert lister() is not None
            counts[-1][name] = len(queries)
    assert counts[0] == counts[1]
    assert max(counts[0].values()) <= 20


def test_suggestions_take_the_same_queries_for_5_and_50_mentors(db: peewee.Database) -> None:
    counts = []
    for size in (5, 45):
        _house_with_mentors(size)
        house = House.get(House.name == f"House of {size}")
        waiting = admit(house, f"New{size}", "Test", move_in=dt.date(2026, 11, 2))
        with counting_queries(db) as queries:
            assert len(suggest_mentors(waiting.id)) == size + (2 if size == 45 else 1)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_overview_covers_a_large_house_group(db: peewee.Database) -> None:
    """400 mentors, 800 mentees, years of check-ins: every one is listed.
    (Its speed is measured by the benchmark script, not here.)"""
    load = build_mentoring_load(db)
    assert load.mentors == 400 and load.active_mentees == 800
    assert load.check_ins > 30_000
    overview = mentoring_overview()
    assert len(overview.roster) == 400
    assert len(overview.assignments) == 800

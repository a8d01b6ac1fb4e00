"""Assigning, ending and reassigning mentors: every rule names itself and
saves nothing; history is never lost."""

from __future__ import annotations

import datetime as dt

import peewee
import pytest

from soberhouse.houses import tiers_of
from soberhouse.mentoring.assignments import (
    assign_mentor,
    assignment_view,
    continue_as_alumnus,
    end_assignment,
    mentee_history,
    mentor_history,
    reassign,
)
from soberhouse.mentoring.mentors import (
    StaffCoachDetails,
    register_resident_mentor,
    register_staff_coach,
    stop_mentoring,
)
from soberhouse.mentoring.profiles import MatchingAttributes, save_profile
from soberhouse.mentoring.roster import (
    assignments_of_departed_mentees,
    mentees_needing_new_mentor,
    mentor_roster,
    residents_without_mentor,
)
from soberhouse.mentoring.settings import HouseMentoringSettings, save_mentoring_settings
from soberhouse.models import House, Resident
from soberhouse.models.mentoring import MentorAssignment, MentorKind
from soberhouse.progression import demote
from soberhouse.residents import change_tier, discharge

from .conftest import TODAY
from .mentoring_helpers import admit, refuse, row_counts

START = dt.date(2026, 11, 1)


@pytest.fixture
def senior(house: House) -> Resident:
    return admit(house, "Kevin", "O'Neill", tier=3, move_in=dt.date(2026, 3, 1))


@pytest.fixture
def mentor_id(senior: Resident) -> int:
    return register_resident_mentor(senior.id, dt.date(2026, 6, 1)).id


@pytest.fixture
def newcomer(house: House) -> Resident:
    return admit(house, "Zoë", "Nguyễn", tier=1, move_in=dt.date(2026, 10, 3))


@pytest.fixture
def coach_id(db: peewee.Database) -> int:
    return register_staff_coach(StaffCoachDetails("Dana", "Whitfield", caseload_cap=2,
                                                  since=dt.date(2025, 1, 1))).id


def test_assigning_records_who_when_and_shows_on_the_roster(mentor_id: int,
                                                          newcomer: Resident) -> None:
    assignment = assign_mentor(mentor_id, newcomer.id, START)
    assert (assignment.role, assignment.started_on, assignment.ended_on) == ("primary", START,
                                                                            None)
    assert assignment.recorded_by.username == "test-manager"
    (row,) = mentor_roster()
    assert (row.name, row.kind, row.tier_or_role, row.mentee_names, row.cap,
            row.free_places) == ("Kevin O'Neill", MentorKind.RESIDENT, "Senior",
                                 ("Zoë Nguyễn",), 3, 2)
    view = assignment_view(assignment.id)
    assert (view.mentor_name, view.mentee_name, view.is_active, view.check_ins,
            view.days_since_contact) == ("Kevin O'Neill", "Zoë Nguyễn", True, 0, 14)
    assert residents_without_mentor() == []


def test_the_mentor_must_be_above_the_mentee(house: House, newcomer: Resident) -> None:
    ana = admit(house, "Ana", "Ruiz", tier=3, move_in=dt.date(2026, 3, 1))
    mentor = register_resident_mentor(ana.id, dt.date(2026, 6, 1))
    peer = admit(house, "Sam", "Lee", tier=3, move_in=dt.date(2026, 4, 1))
    assert refuse(assign_mentor, mentor.id, peer.id, START)["mentor_id"] == [
        "Ana Ruiz is in Senior, the same tier as Sam Lee; a mentor must be in a higher tier "
        "than the mentee."]


def test_a_mentor_whose_tier_does_not_mentor_is_refused(house: House, mentor_id: int,
                                                       senior: Resident,
                                                       newcomer: Resident) -> None:
    demote(senior.id, "Missed curfew twice", dt.date(2026, 10, 20))
    assert refuse(assign_mentor, mentor_id, newcomer.id, START)["mentor_id"] == [
        "Kevin O'Neill is now in Established, a tier that does not mentor."]


def test_alumni_and_staff_are_above_every_tier(house: House, coach_id: int) -> None:
    top = admit(house, "Sam", "Lee", tier=3, move_in=dt.date(2026, 4, 1))
    assert assign_mentor(coach_id, top.id, START).id


def test_no_free_place_under_the_cap(house: House, mentor_id: int) -> None:
    for number in range(3):
        assign_mentor(mentor_id, admit(house, f"Mentee{number}", "Test").id, START)
    fourth = admit(house, "Kai", "Moana")
    assert refuse(assign_mentor, mentor_id, fourth.id, START)["mentor_id"] == [
        "Kevin O'Neill already mentors 3 of 3 (the cap for Senior): no free place."]


def test_staff_cap_is_their_own(house: House, coach_id: int) -> None:
    assign_mentor(coach_id, admit(house, "A", "One").id, START)
    assign_mentor(coach_id, admit(house, "B", "Two").id, START)
    assert refuse(assign_mentor, coach_id, admit(house, "C", "Three").id, START)["mentor_id"] == [
        "Dana Whitfield already mentors 2 of 2 (their cap): no free place."]


def test_nobody_mentors_themselves(mentor_id: int, senior: Resident) -> None:
    assert refuse(assign_mentor, mentor_id, senior.id, START)["mentor_id"] == [
        "Kevin O'Neill can't mentor themselves."]


def test_one_active_primary_mentor_a_secondary_is_fine(house: House, mentor_id: int,
                                                      coach_id: int,
                                                      newcomer: Resident) -> None:
    assign_mentor(mentor_id, newcomer.id, START)
    assert refuse(assign_mentor, coach_id, newcomer.id, START)["role"] == [
        "Zoë Nguyễn already has a primary mentor: Kevin O'Neill since 1 Nov 2026. End or "
        "reassign that first, or make this a secondary mentor."]
    secondary = assign_mentor(coach_id, newcomer.id, START, role="secondary")
    assert secondary.role == "secondary"
    assert refuse(assign_mentor, coach_id, newcomer.id, START, "secondary")["mentor_id"] == [
        "Dana Whitfield already mentors Zoë Nguyễn."]


def test_both_must_be_living_there_on_the_start_date(mentor_id: int,
                                                     newcomer: Resident) -> None:
    problems = refuse(assign_mentor, mentor_id, newcomer.id, dt.date(2026, 10, 1))
    assert problems["started_on"] == ["Zoë Nguyễn was not living in the house on 1 Oct 2026."]
    assert refuse(assign_mentor, mentor_id, newcomer.id, TODAY + dt.timedelta(days=1))[
        "started_on"] == ["The start date can't be after today."]


def test_a_mentee_who_moved_out_is_refused(mentor_id: int, newcomer: Resident) -> None:
    discharge(newcomer.id, "left", dt.date(2026, 11, 10), "Moved back home")
    assert refuse(assign_mentor, mentor_id, newcomer.id, START)["mentee_id"] == [
        "Zoë Nguyễn no longer lives in the house: only residents living there can be mentored."]


def test_a_staff_coach_mentors_from_their_start(house: House, newcomer: Resident) -> None:
    coach = register_staff_coach(StaffCoachDetails("Dana", "Whitfield", since=TODAY))
    assert refuse(assign_mentor, coach.id, newcomer.id, START)["mentor_id"] == [
        "Dana Whitfield mentors from 15 Nov 2026."]


def test_a_house_that_pairs_by_gender(house: House, coach_id: int,
                                      newcomer: Resident) -> None:
    save_mentoring_settings(HouseMentoringSettings(house.id, pair_by_gender=True))
    save_profile(newcomer.id, MatchingAttributes(gender="female"))
    male = register_staff_coach(StaffCoachDetails(
        "Tom", "Baker", since=dt.date(2025, 1, 1), attributes=MatchingAttributes(gender="male")))
    assert refuse(assign_mentor, male.id, newcomer.id, START)["mentor_id"] == [
        "Maple House pairs mentors and mentees by gender: Tom Baker is male, Zoë Nguyễn is "
        "female."]
    assert assign_mentor(coach_id, newcomer.id, START).id  # gender not recorded: no rule


def test_ending_needs_a_date_and_a_reason(mentor_id: int, newcomer: Resident) -> None:
    assignment = assign_mentor(mentor_id, newcomer.id, START)
    assert refuse(end_assignment, assignment.id, dt.date(2026, 10, 31), "completed")[
        "ended_on"] == ["The end date can't be before the assignment began (1 Nov 2026)."]
    assert refuse(end_assignment, assignment.id, None, "completed")["ended_on"] == [
        "The end date is required."]
    assert refuse(end_assignment, assignment.id, TODAY, "bored")["reason"] == [
        "Choose why it ends: completed, mentee left, mentor left, reassigned, other."]
    assert refuse(end_assignment, assignment.id, TODAY, "other")["note"] == [
        "Please say why it ends."]
    end_assignment(assignment.id, TODAY, "completed", "12 weeks done")
    ended = MentorAssignment.get_by_id(assignment.id)
    assert (ended.ended_on, ended.end_reason, ended.end_note, ended.ended_by.username) == (
        TODAY, "completed", "12 weeks done", "test-manager")
    assert refuse(end_assignment, assignment.id, TODAY, "completed")["assignment_id"] == [
        "This assignment already ended on 15 Nov 2026."]


def test_reassign_ends_the_old_and_starts_the_new(mentor_id: int, coach_id: int,
                                                  newcomer: Resident) -> None:
    old = assign_mentor(mentor_id, newcomer.id, START)
    new = reassign(old.id, coach_id, TODAY, note="Needs help finding work")
    old = MentorAssignment.get_by_id(old.id)
    assert (old.ended_on, old.end_reason, old.end_note) == (TODAY, "reassigned",
                                                            "Needs help finding work")
    assert (new.mentor_id, new.mentee_id, new.role, new.started_on) == (coach_id, newcomer.id,
                                                                        "primary", TODAY)
    history = mentee_history(newcomer.id)
    assert [(v.mentor_name, v.started_on, v.ended_on) for v in history] == [
        ("Dana Whitfield", TODAY, None), ("Kevin O'Neill", START, TODAY)]
    assert [v.mentee_name for v in mentor_history(mentor_id)] == ["Zoë Nguyễn"]
    assert MentorAssignment.select().count() == 2  # nothing deleted


def test_a_refused_reassignment_leaves_the_old_one_intact(house: House, mentor_id: int,
                                                          coach_id: int,
                                                          newcomer: Resident) -> None:
    old = assign_mentor(mentor_id, newcomer.id, START)
    assign_mentor(coach_id, admit(house, "A", "One").id, START)
    assign_mentor(coach_id, admit(house, "B", "Two").id, START)
    problems = refuse(reassign, old.id, coach_id, TODAY)
    assert problems["mentor_id"] == [
        "Dana Whitfield already mentors 2 of 2 (their cap): no free place."]
    assert refuse(reassign, old.id, mentor_id, TODAY)["mentor_id"] == [
        "Kevin O'Neill already mentors Zoë Nguyễn: choose another mentor."]
    assert MentorAssignment.get_by_id(old.id).ended_on is None


def test_a_failure_half_way_through_a_reassignment_rolls_back(
        monkeypatch: pytest.MonkeyPatch, mentor_id: int, coach_id: int,
        newcomer: Resident) -> None:
    old = assign_mentor(mentor_id, newcomer.id, START)
    before = row_counts()

    def broken(**values: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(MentorAssignment, "create", broken)
    with pytest.raises(RuntimeError):
        reassign(old.id, coach_id, TODAY)
    monkeypatch.undo()
    kept = MentorAssignment.get_by_id(old.id)
    assert (kept.ended_on, kept.end_reason) == (None, "")
    assert row_counts() == before


def test_mentees_needing_a_new_mentor_are_listed_not_reassigned(
        house: House, mentor_id: int, senior: Resident, coach_id: int,
        newcomer: Resident) -> None:
    assign_mentor(mentor_id, newcomer.id, START)
    other = admit(house, "Ana", "Ruiz", move_in=dt.date(2026, 10, 1))
    coached = assign_mentor(coach_id, other.id, START)
    assert mentees_needing_new_mentor() == []

    discharge(senior.id, "graduated", dt.date(2026, 11, 10), "Completed the program")
    (gap,) = mentees_needing_new_mentor()
    assert (gap.mentee_name, gap.mentor_name, gap.why) == (
        "Zoë Nguyễn", "Kevin O'Neill", "Kevin O'Neill graduated on 10 Nov 2026.")
    assert MentorAssignment.select().where(MentorAssignment.ended_on.is_null()).count() == 2

    stop_mentoring(coach_id, TODAY, "Moved to another agency")
    whys = [g.why for g in mentees_needing_new_mentor()]
    assert "Dana Whitfield stopped mentoring on 15 Nov 2026 (Moved to another agency)." in whys
    assert MentorAssignment.get_by_id(coached.id).ended_on is None


def test_a_mentor_who_drops_below_a_mentoring_tier(house: House, mentor_id: int,
                                                   senior: Resident,
                                                   newcomer: Resident) -> None:
    assign_mentor(mentor_id, newcomer.id, START)
    change_tier(senior.id, tiers_of(house.id)[1].id, TODAY, "Relapse")
    assert [g.why for g in mentees_needing_new_mentor()] == [
        "Kevin O'Neill is now in Established, a tier that does not mentor."]
    (row,) = mentor_roster()
    assert (row.not_mentoring_because, row.free_places, row.active_mentees) == (
        "Kevin O'Neill is now in Established, a tier that does not mentor.", 0, 1)


def test_a_mentee_who_caught_up_with_the_mentor(house: House, newcomer: Resident) -> None:
    ana = admit(house, "Ana", "Ruiz", tier=3, move_in=dt.date(2026, 3, 1))
    save_tiers_so_established_mentors(house)
    established = admit(house, "Lee", "Park", tier=2, move_in=dt.date(2026, 6, 1))
    mentor = register_resident_mentor(established.id, dt.date(2026, 10, 1))
    assign_mentor(mentor.id, newcomer.id, START)
    change_tier(newcomer.id, tiers_of(house.id)[1].id, TODAY, "31 days")
    assert [g.why for g in mentees_needing_new_mentor()] == [
        "Lee Park is in Established, the same tier as Zoë Nguyễn; a mentor must be in a "
        "higher tier than the mentee."]
    assert ana.id  # a senior stays available


def save_tiers_so_established_mentors(house: House) -> None:
    from soberhouse.houses import TierDetails, save_tiers

    tiers = [TierDetails.of(tier) for tier in tiers_of(house.id)]
    tiers[1].may_mentor, tiers[1].caseload_cap = True, 1
    save_tiers(house.id, tiers)


def test_departed_mentees_are_listed_to_end(mentor_id: int, newcomer: Resident) -> None:
    assignment = assign_mentor(mentor_id, newcomer.id, START)
    discharge(newcomer.id, "left", dt.date(2026, 11, 12), "Moved back home")
    (gap,) = assignments_of_departed_mentees()
    assert gap.why == "Zoë Nguyễn moved out on 12 Nov 2026: end this assignment."
    assert mentees_needing_new_mentor() == []
    end_assignment(assignment.id, dt.date(2026, 11, 12), "mentee_left")
    assert assignments_of_departed_mentees() == []


def test_continue_as_alumnus_carries_the_mentees_over(mentor_id: int, senior: Resident,
                                                      newcomer: Resident) -> None:
    assign_mentor(mentor_id, newcomer.id, START)
    discharge(senior.id, "graduated", dt.date(2026, 11, 10), "Completed the program")
    alumnus = continue_as_alumnus(mentor_id, 2, dt.date(2026, 11, 10))
    assert alumnus.kind == "alumnus"
    assert mentees_needing_new_mentor() == []
    assert [(v.mentor_kind, v.ended_on) for v in mentee_history(newcomer.id)] == [
        (MentorKind.ALUMNUS, None), (MentorKind.RESIDENT, dt.date(2026, 11, 10))]
    row = next(r for r in mentor_roster() if r.mentor_id == alumnus.id)
    assert (row.tier_or_role, row.cap, row.free_places) == ("Alumnus", 2, 1)

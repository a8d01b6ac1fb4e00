"""Check-ins: quick to log, dated inside their assignment, overdue flagged."""

from __future__ import annotations

import datetime as dt

import pytest

from soberhouse.mentoring.assignments import (
    assign_mentor,
    assignment_view,
    end_assignment,
    overdue_assignments,
)
from soberhouse.mentoring.check_ins import check_in_totals, check_ins_of, log_check_in
from soberhouse.mentoring.goals import GoalDetails, goal_history, goals_of, set_goal
from soberhouse.mentoring.mentors import register_resident_mentor
from soberhouse.mentoring.settings import HouseMentoringSettings, save_mentoring_settings
from soberhouse.models import House
from soberhouse.models.mentoring import CheckInMode, GoalStatus, MentorAssignment, SupportKind

from .conftest import TODAY
from .mentoring_helpers import admit, refuse

START = dt.date(2026, 11, 1)


@pytest.fixture
def assignment(house: House) -> MentorAssignment:
    senior = admit(house, "Kevin", "O'Neill", tier=3, move_in=dt.date(2026, 3, 1))
    mentee = admit(house, "Zoë", "Nguyễn", move_in=dt.date(2026, 10, 3))
    mentor = register_resident_mentor(senior.id, dt.date(2026, 6, 1))
    return assign_mentor(mentor.id, mentee.id, START)


def test_logging_with_the_defaults_takes_one_call(assignment: MentorAssignment) -> None:
    check_in = log_check_in(assignment.id)
    assert (check_in.held_on, check_in.minutes, check_in.mode, check_in.support_kinds,
            check_in.recorded_by.username) == (TODAY, 30, "in_person", "", "test-manager")


def test_check_ins_are_shown_newest_first_with_their_details(
        assignment: MentorAssignment) -> None:
    log_check_in(assignment.id, dt.date(2026, 11, 3), 45, CheckInMode.PHONE,
                 [SupportKind.EMOTIONAL, "practical"], "  Talked about cravings at work ")
    log_check_in(assignment.id, dt.date(2026, 11, 10), 60, "video", ["connecting"])
    first, second = check_ins_of(assignment.id)
    assert (first.held_on, first.mode, first.support_label) == (
        dt.date(2026, 11, 10), CheckInMode.VIDEO, "Connecting with peers")
    assert (second.minutes, second.support_kinds, second.note) == (
        45, (SupportKind.EMOTIONAL, SupportKind.PRACTICAL), "Talked about cravings at work")
    view = assignment_view(assignment.id)
    assert (view.check_ins, view.minutes, view.last_check_in, view.days_since_contact,
            view.overdue) == (2, 105, dt.date(2026, 11, 10), 5, False)


def test_dating_rules(assignment: MentorAssignment) -> None:
    assert refuse(log_check_in, assignment.id, TODAY + dt.timedelta(days=1))["held_on"] == [
        "A check-in can't be dated in the future."]
    assert refuse(log_check_in, assignment.id, dt.date(2026, 10, 31))["held_on"] == [
        "A check-in can't be dated before the assignment began (1 Nov 2026)."]
    end_assignment(assignment.id, dt.date(2026, 11, 8), "other", "Mentee asked for a break")
    assert refuse(log_check_in, assignment.id, dt.date(2026, 11, 9))["held_on"] == [
        "A check-in can't be dated after the assignment ended (8 Nov 2026)."]
    assert log_check_in(assignment.id, dt.date(2026, 11, 8)).id  # the last day is fine


def test_length_mode_and_kinds_are_checked(assignment: MentorAssignment) -> None:
    problems = refuse(log_check_in, assignment.id, TODAY, 0, "smoke signals", ["money"])
    assert problems["minutes"] == ["The length must be between 1 and 720 minutes."]
    assert problems["mode"] == ["Choose in person, phone or video."]
    assert problems["support_kinds"] == [
        '"money" is not a kind of support (emotional, practical, informational, connecting '
        'with peers).']


def test_an_assignment_cannot_end_before_its_last_check_in(
        assignment: MentorAssignment) -> None:
    log_check_in(assignment.id, dt.date(2026, 11, 10))
    assert refuse(end_assignment, assignment.id, dt.date(2026, 11, 9), "completed")[
        "ended_on"] == ["There is a check-in on 10 Nov 2026, after that date."]


def test_overdue_after_seven_days_by_default(assignment: MentorAssignment) -> None:
    log_check_in(assignment.id, dt.date(2026, 11, 8))  # a week ago today: on time
    assert overdue_assignments() == []
    assert overdue_assignments(on=dt.date(2026, 11, 16))[0].days_since_contact == 8


def test_overdue_counts_from_the_start_when_there_is_no_check_in(
        house: House, assignment: MentorAssignment) -> None:
    (late,) = overdue_assignments()
    assert (late.id, late.days_since_contact, late.overdue) == (assignment.id, 14, True)
    save_mentoring_settings(HouseMentoringSettings(house.id, check_in_overdue_days=14))
    assert overdue_assignments() == []
    assert refuse(save_mentoring_settings,
                  HouseMentoringSettings(house.id, check_in_overdue_days=0)) == {
        "check_in_overdue_days": ["A check-in can be due every 1 to 90 days, not 0."]}


def test_an_ended_assignment_is_never_overdue(assignment: MentorAssignment) -> None:
    end_assignment(assignment.id, dt.date(2026, 11, 2), "completed")
    assert overdue_assignments() == []
    assert assignment_view(assignment.id).days_since_contact is None


def test_goals_reviewed_at_a_check_in_get_their_new_status(
        assignment: MentorAssignment) -> None:
    mentee = assignment.mentee_id
    job = set_goal(mentee, GoalDetails("Apply for three jobs", "Applications sent, shown to "
                                       "the mentor", dt.date(2026, 11, 30), "Zoë with Kevin",
                                       dt.date(2026, 11, 2)))
    meetings = set_goal(mentee, GoalDetails("Go to 5 NA meetings a week", "Signed cards",
                                            dt.date(2026, 12, 31), "Zoë", dt.date(2026, 11, 2)))
    check_in = log_check_in(assignment.id, dt.date(2026, 11, 10),
                            reviewed_goals={job.id: GoalStatus.MET, meetings.id: "open"})
    (view,) = check_ins_of(assignment.id)
    assert [(r.what, r.from_status, r.to_status) for r in view.reviewed_goals] == [
        ("Apply for three jobs", GoalStatus.OPEN, GoalStatus.MET),
        ("Go to 5 NA meetings a week", GoalStatus.OPEN, GoalStatus.OPEN)]
    goals = {g.what: g for g in goals_of(mentee)}
    assert goals["Apply for three jobs"].status is GoalStatus.MET
    assert goals["Go to 5 NA meetings a week"].last_reviewed == dt.date(2026, 11, 10)
    assert [h.check_in_id for h in goal_history(job.id)] == [check_in.id]


def test_only_the_mentees_goals_can_be_reviewed(house: House,
                                               assignment: MentorAssignment) -> None:
    other = admit(house, "Ana", "Ruiz")
    goal = set_goal(other.id, GoalDetails("Open a bank account", "Account opened",
                                          dt.date(2026, 12, 1), "Ana"))
    assert refuse(log_check_in, assignment.id, reviewed_goals={goal.id: "met"})[
        "reviewed_goals"] == [f"Goal number {goal.id} is not one of this mentee's goals."]
    mine = set_goal(assignment.mentee_id, GoalDetails("Get a library card", "Card",
                                                      dt.date(2026, 12, 1), "Zoë"))
    assert refuse(log_check_in, assignment.id, reviewed_goals={mine.id: "done"})[
        "reviewed_goals"] == ['Goal status "done" is not one of: open, met, missed, dropped.']
    assert refuse(log_check_in, assignment.id, dt.date(2026, 11, 5),
                  reviewed_goals={mine.id: "met"})["reviewed_goals"] == [
        '"Get a library card" was set on 15 Nov 2026, after this check-in.']


def test_totals_for_a_month(assignment: MentorAssignment) -> None:
    log_check_in(assignment.id, dt.date(2026, 11, 3), 45)
    log_check_in(assignment.id, dt.date(2026, 11, 10), 60)
    totals = check_in_totals(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert totals[assignment.mentee_id].check_ins == 2
    assert totals[assignment.mentee_id].minutes == 105
    assert totals[assignment.mentee_id].last_check_in == dt.date(2026, 11, 10)
    assert check_in_totals(dt.date(2026, 10, 1), dt.date(2026, 10, 31)) == {}

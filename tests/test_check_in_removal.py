"""A check-in logged by mistake is taken out, not deleted: the row stays with
who, when and why, the history says so, and no count or list includes it any
more (the assignment's figures, the overdue flag and Today, the mentee's
history, the month's totals, the monthly report and the house summary)."""

from __future__ import annotations

import datetime as dt

import pytest

from soberhouse import accounts
from soberhouse.attention import Group
from soberhouse.errors import NotFound
from soberhouse.mentoring.assignments import (
    assign_mentor,
    assignment_view,
    end_assignment,
    mentee_history,
    overdue_assignments,
)
from soberhouse.mentoring.check_ins import (
    check_in_totals,
    check_ins_of,
    log_check_in,
    mentee_check_ins,
    remove_check_in,
)
from soberhouse.mentoring.goals import GoalDetails, goal_history, goals_of, set_goal
from soberhouse.mentoring.mentors import register_resident_mentor
from soberhouse.mentoring.roster import mentoring_overview
from soberhouse.models import ChangeEntry, House
from soberhouse.models.mentoring import CheckIn, GoalStatus, MentorAssignment
from soberhouse.printed_lists import mentoring_list
from soberhouse.reports.monthly_progress import house_month, monthly_progress
from soberhouse.today import today_overview

from .conftest import TODAY
from .mentoring_helpers import admit, refuse

START = dt.date(2026, 10, 20)
MONTH = dt.date(2026, 11, 1)


@pytest.fixture
def assignment(house: House) -> MentorAssignment:
    senior = admit(house, "Kevin", "O'Neill", tier=3, move_in=dt.date(2026, 3, 1))
    mentee = admit(house, "Zoë", "Nguyễn", move_in=dt.date(2026, 10, 3))
    mentor = register_resident_mentor(senior.id, dt.date(2026, 6, 1))
    return assign_mentor(mentor.id, mentee.id, START)


def test_a_removed_check_in_is_kept_with_who_when_and_why(
        assignment: MentorAssignment) -> None:
    check_in = log_check_in(assignment.id, dt.date(2026, 11, 12), 45, note="Wrong mentee")
    accounts.act_as("maria")
    remove_check_in(check_in.id, "  Logged for the wrong mentee ")
    row = CheckIn.get_by_id(check_in.id)  # kept
    assert row.removed_at is not None and row.removed_by.username == "maria"
    assert (row.removed_reason, row.minutes, row.note) == (
        "Logged for the wrong mentee", 45, "Wrong mentee")
    entry = ChangeEntry.select().order_by(ChangeEntry.id.desc()).get()
    assert (entry.action, entry.kinds, entry.resident_ids) == (
        "removed a check-in", "check_in", str(assignment.mentee_id))
    assert entry.details == "Zoë Nguyễn, 12 Nov 2026: Logged for the wrong mentee"


def test_removing_asks_for_a_reason_and_happens_once(assignment: MentorAssignment) -> None:
    check_in = log_check_in(assignment.id, dt.date(2026, 11, 12))
    assert refuse(remove_check_in, check_in.id, "  ") == {
        "reason": ["Please give a reason for removing it."]}
    remove_check_in(check_in.id, "Entered twice")
    assert refuse(remove_check_in, check_in.id, "Entered twice") == {
        "reason": ["This check-in was already removed on 15 Nov 2026."]}
    with pytest.raises(NotFound, match="There is no check-in number 999."):
        remove_check_in(999, "Entered twice")


def test_no_count_or_list_includes_a_removed_check_in(
        house: House, assignment: MentorAssignment) -> None:
    mentee = assignment.mentee_id
    kept = log_check_in(assignment.id, dt.date(2026, 11, 2), 30)
    mistake = log_check_in(assignment.id, dt.date(2026, 11, 12), 60)
    assert assignment_view(assignment.id).check_ins == 2
    remove_check_in(mistake.id, "Entered twice")

    # The assignment's check-ins and figures, in the section and the history.
    assert [view.id for view in check_ins_of(assignment.id)] == [kept.id]
    assert [view.id for view in mentee_check_ins(mentee)] == [kept.id]
    view = assignment_view(assignment.id)
    assert (view.check_ins, view.minutes, view.last_check_in, view.days_since_contact,
            view.overdue) == (1, 30, dt.date(2026, 11, 2), 13, True)
    (history,) = mentee_history(mentee)
    assert (history.check_ins, history.last_check_in) == (1, dt.date(2026, 11, 2))
    # Overdue again: on Today, in the roster and its printed list.
    assert [late.id for late in overdue_assignments()] == [assignment.id]
    (silent,) = today_overview(house.id).group(Group.OVERDUE_CHECK_INS).items
    assert silent.detail.startswith("Kevin O'Neill: last check-in ")
    assert silent.detail.endswith(", 13 days ago")
    overview = mentoring_overview(house.id)
    assert [late.id for late in overview.overdue] == [assignment.id]
    pairs = {part.heading: part.rows for part in
             mentoring_list(overview, "Maple House", TODAY).parts}["Mentor and mentee pairs"]
    assert [row[-2:] for row in pairs] == [("2 Nov 2026", "Overdue")]
    # The month's totals, the resident's monthly report and the house summary.
    totals = check_in_totals(MONTH, TODAY)[mentee]
    assert (totals.check_ins, totals.minutes, totals.last_check_in) == (
        1, 30, dt.date(2026, 11, 2))
    (report,) = [p for p in monthly_progress(house.id, MONTH) if p.resident_id == mentee]
    assert (report.check_ins.count, report.check_ins.minutes) == (1, 30)
    (line,) = house_month(house.id, MONTH).caseloads
    assert (line.check_ins, line.minutes) == (1, 30)


def test_a_removed_check_in_does_not_stop_the_assignment_ending(
        assignment: MentorAssignment) -> None:
    mistake = log_check_in(assignment.id, dt.date(2026, 11, 12))
    assert refuse(end_assignment, assignment.id, dt.date(2026, 11, 9), "completed") == {
        "ended_on": ["There is a check-in on 12 Nov 2026, after that date."]}
    remove_check_in(mistake.id, "Wrong date")
    end_assignment(assignment.id, dt.date(2026, 11, 9), "completed")


def test_the_goals_it_reviewed_keep_their_reviews(assignment: MentorAssignment) -> None:
    goal = set_goal(assignment.mentee_id, GoalDetails(
        "Apply for three jobs", "Applications sent", dt.date(2026, 11, 30), "Zoë",
        dt.date(2026, 11, 2)))
    check_in = log_check_in(assignment.id, dt.date(2026, 11, 10),
                            reviewed_goals={goal.id: GoalStatus.MET})
    remove_check_in(check_in.id, "Logged for the wrong mentee")
    assert [h.check_in_id for h in goal_history(goal.id)] == [check_in.id]  # the goal's history
    assert goals_of(assignment.mentee_id)[0].status is GoalStatus.MET
    assert check_ins_of(assignment.id) == []

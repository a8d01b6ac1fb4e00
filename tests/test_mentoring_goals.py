"""SMART goals: what, how measured, by when, by whom; status changes kept."""

from __future__ import annotations

import datetime as dt

import pytest

from soberhouse.mentoring.goals import (
    GoalDetails,
    change_goal_status,
    goal_history,
    goals_of,
    set_goal,
)
from soberhouse.models import House
from soberhouse.models.mentoring import GoalStatus
from soberhouse.residents import discharge

from .conftest import TODAY
from .mentoring_helpers import admit, refuse


def test_a_goal_needs_what_measure_target_and_who(house: House) -> None:
    resident = admit(house, "Zoë", "Nguyễn")
    problems = refuse(set_goal, resident.id, GoalDetails(" ", "", None, ""))
    assert problems == {"what": ["Say what the goal is."],
                        "measure": ["Say how it will be measured."],
                        "set_by": ["Say who set the goal."],
                        "target_date": ["The target date is required."]}
    problems = refuse(set_goal, resident.id, GoalDetails("Save $300", "Bank statement",
                                                         TODAY - dt.timedelta(days=1), "Zoë"))
    assert problems == {"target_date": ["The target date can't be before the date the goal "
                                        "was set."]}


def test_goals_of_a_resident_who_left_are_refused(house: House) -> None:
    resident = admit(house, "Zoë", "Nguyễn")
    discharge(resident.id, "left", TODAY, "Moved away")
    assert refuse(set_goal, resident.id, GoalDetails("Save $300", "Bank statement",
                                                     dt.date(2026, 12, 31), "Zoë")) == {
        "resident_id": ["Zoë Nguyễn no longer lives in the house."]}


def test_status_changes_are_kept_with_who_and_when(house: House) -> None:
    resident = admit(house, "Zoë", "Nguyễn")
    goal = set_goal(resident.id, GoalDetails("Save $300", "Bank statement",
                                             dt.date(2026, 12, 31), "Zoë with her mentor",
                                             dt.date(2026, 11, 1)))
    assert goal.recorded_by.username == "test-manager"
    change_goal_status(goal.id, "dropped", TODAY, "Paying a fine first")
    assert refuse(change_goal_status, goal.id, "dropped") == {
        "status": ["The goal is already dropped."]}
    assert refuse(change_goal_status, goal.id, "open", dt.date(2026, 10, 1)) == {
        "effective_date": ["The date can't be before the goal was set (1 Nov 2026)."]}
    (change,) = goal_history(goal.id)
    assert (change.from_status, change.to_status, change.reason, change.recorded_by) == (
        GoalStatus.OPEN, GoalStatus.DROPPED, "Paying a fine first", "test-manager")


def test_open_goals_come_first(house: House) -> None:
    resident = admit(house, "Zoë", "Nguyễn")
    done = set_goal(resident.id, GoalDetails("A", "a", dt.date(2026, 11, 20), "Zoë"))
    set_goal(resident.id, GoalDetails("B", "b", dt.date(2026, 12, 20), "Zoë"))
    change_goal_status(done.id, GoalStatus.MET)
    assert [(g.what, g.status) for g in goals_of(resident.id)] == [
        ("B", GoalStatus.OPEN), ("A", GoalStatus.MET)]


def test_a_stale_goal_form_is_refused_and_saves_nothing(house: House) -> None:
    from soberhouse import accounts
    from soberhouse.errors import EditConflict
    from soberhouse.mentoring.goals import get_goal, update_goal
    from soberhouse.models import ResidentCorrection

    resident = admit(house, "Zoë", "Nguyễn")
    goal = set_goal(resident.id, GoalDetails("Save $300", "Bank statement",
                                             dt.date(2026, 12, 31), "Zoë"))
    opened = get_goal(goal.id).version
    accounts.act_as("maria")
    update_goal(goal.id, GoalDetails("Save $400", "Bank statement", dt.date(2026, 12, 31),
                                     "Zoë"), base_version=opened)
    accounts.act_as("test-manager")
    corrections = ResidentCorrection.select().count()
    with pytest.raises(EditConflict) as stale:
        update_goal(goal.id, GoalDetails("Save $300", "Bank statement", dt.date(2027, 1, 31),
                                         "Zoë"), base_version=opened)
    assert [c.field for c in stale.value.conflicts] == ["what", "target_date"]
    assert "maria changed Goal to “Save $400” at " in str(stale.value)
    on_file = get_goal(goal.id)
    assert (on_file.what, on_file.target_date, on_file.version) == (
        "Save $400", dt.date(2026, 12, 31), 2)
    assert ResidentCorrection.select().count() == corrections
    # A status change is a save of the goal too: the version moves on.
    change_goal_status(goal.id, GoalStatus.MET)
    assert get_goal(goal.id).version == 3

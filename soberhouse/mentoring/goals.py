"""SMART goals of a resident, set with their mentor and reviewed at check-ins.

A goal's status changes (at a check-in or by the manager) each leave a
:class:`GoalStatusChange` row; a review at a check-in that keeps the status
leaves one too, so a goal shows every time it was looked at.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from peewee import fn

from soberhouse import clock, permissions
from soberhouse.accounts import current_user
from soberhouse.date_style import written_date
from soberhouse.errors import EditConflict, NotFound, Problem, RuleViolation
from soberhouse.models import (
    AppUser,
    ResidentCorrection,
    ResidentStatus,
    history_text,
)
from soberhouse.models.mentoring import CheckIn, Goal, GoalStatus, GoalStatusChange
from soberhouse.recording import one_write
from soberhouse.residents import FieldConflict, get_resident


@dataclass
class GoalDetails:
    """What the goal form says: specific (``what``), measurable (``measure``),
    time-bound (``target_date``), and who set it."""

    what: str
    measure: str
    target_date: dt.date | None
    set_by: str
    set_on: dt.date | None = None  # default today


@dataclass(frozen=True)
class GoalView:
    id: int
    resident_id: int
    what: str
    measure: str
    target_date: dt.date
    set_on: dt.date
    set_by: str
    status: GoalStatus
    last_reviewed: dt.date | None
    reviews: int

    @property
    def is_open(self) -> bool:
        return self.status is GoalStatus.OPEN


@dataclass(frozen=True)
class GoalStatusChangeView:
    goal_id: int
    effective_date: dt.date
    from_status: GoalStatus
    to_status: GoalStatus
    check_in_id: int | None
    reason: str
    recorded_by: str
    recorded_at: dt.datetime


def get_goal(goal_id: int) -> Goal:
    goal = Goal.get_or_none(Goal.id == goal_id)
    if goal is None:
        raise NotFound(f"There is no goal number {goal_id}.")
    return goal


def _status(value: GoalStatus | str, field: str) -> GoalStatus | Problem:
    try:
        return GoalStatus(value)
    except ValueError:
        choices = ", ".join(s.value for s in GoalStatus)
        return Problem(field, f'Goal status "{value}" is not one of: {choices}.')


def _may_change(goal_id: int) -> None:
    """Refuse changing a goal outside the person's rights (a peer coach: their mentees')."""
    permissions.require_change(permissions.Right.RECORD_CHECK_INS, resident_ids=[
        Goal.select(Goal.resident).where(Goal.id == goal_id).scalar()])


def set_goal(resident_id: int, details: GoalDetails) -> Goal:
    """A new open goal for a resident living in the house."""
    permissions.require_change(permissions.Right.RECORD_CHECK_INS, resident_ids=[resident_id])
    today = clock.today()
    set_on = details.set_on or today
    with one_write("set a goal", kinds={"goal"}, resident_ids=[resident_id]) as scope:
        resident = get_resident(resident_id)
        problems: list[Problem] = []
        if resident.status != ResidentStatus.ACTIVE.value:
            problems.append(Problem("resident_id", f"{resident.full_name} no longer lives in "
                                                   f"the house."))
        problems += _wording_problems(details)
        if set_on > today:
            problems.append(Problem("set_on", "The date it was set can't be after today."))
        if details.target_date is None:
            problems.append(Problem("target_date", "The target date is required."))
        elif details.target_date < set_on:
            problems.append(Problem("target_date", "The target date can't be before the date "
                                                   "the goal was set."))
        if problems:
            raise RuleViolation(problems)
        scope.describe(details.what.strip())
        return Goal.create(resident=resident, what=details.what.strip(),
                           measure=details.measure.strip(), target_date=details.target_date,
                           set_on=set_on, set_by=details.set_by.strip(),
                           status=GoalStatus.OPEN.value, recorded_by=current_user())


def _wording_problems(details: GoalDetails) -> list[Problem]:
    return [Problem(name, message)
            for name, message in (("what", "Say what the goal is."),
                                  ("measure", "Say how it will be measured."),
                                  ("set_by", "Say who set the goal."))
            if not getattr(details, name).strip()]


def goal_review_problems(resident_id: int, reviewed: Mapping[int, GoalStatus | str],
                         day: dt.date) -> list[Problem]:
    """Goals reviewed at a check-in must be the mentee's, set by then, with a
    known status."""
    if not reviewed:
        return []
    problems: list[Problem] = []
    goals = {goal.id: goal for goal in Goal.select().where(Goal.id.in_(list(reviewed)))}
    for goal_id, status in reviewed.items():
        goal = goals.get(goal_id)
        if goal is None or goal.resident_id != resident_id:
            problems.append(Problem("reviewed_goals", f"Goal number {goal_id} is not one of "
                                                      f"this mentee's goals."))
            continue
        checked = _status(status, "reviewed_goals")
        if isinstance(checked, Problem):
            problems.append(checked)
        if goal.set_on > day:
            problems.append(Problem("reviewed_goals", f'"{goal.what}" was set on '
                                                      f"{written_date(goal.set_on)}, after this "
                                                      f"check-in."))
    return problems


def record_goal_reviews(reviewed: Mapping[int, GoalStatus | str], day: dt.date,
                        check_in: CheckIn | None, reason: str = "") -> None:
    """Write the reviews (inside the caller's write, after its checks); a
    goal whose status changes is one version further."""
    if not reviewed:
        return
    user = current_user()
    for goal in Goal.select().where(Goal.id.in_(list(reviewed))):
        new = GoalStatus(reviewed[goal.id])
        GoalStatusChange.create(goal=goal, check_in=check_in, from_status=goal.status,
                                to_status=new.value, effective_date=day, reason=reason,
                                recorded_by=user)
        if goal.status != new.value:
            goal.status = new.value
            goal.version = goal.version + 1
            goal.save()


def change_goal_status(goal_id: int, status: GoalStatus | str,
                       effective_date: dt.date | None = None, reason: str = "") -> Goal:
    """The manager marks a goal met, missed, dropped (or open again)."""
    _may_change(goal_id)
    effective_date = effective_date or clock.today()
    with one_write("changed a goal's status", kinds={"goal"}) as scope:
        goal = get_goal(goal_id)
        scope.touch("goal", goal.resident_id)
        problems: list[Problem] = []
        checked = _status(status, "status")
        if isinstance(checked, Problem):
            problems.append(checked)
        elif checked.value == goal.status:
            problems.append(Problem("status", f"The goal is already {checked.label.lower()}."))
        if effective_date > clock.today():
            problems.append(Problem("effective_date", "The date can't be after today."))
        elif effective_date < goal.set_on:
            problems.append(Problem("effective_date", f"The date can't be before the goal was "
                                                      f"set ({written_date(goal.set_on)})."))
        if problems:
            raise RuleViolation(problems)
        assert not isinstance(checked, Problem)
        scope.describe(f"{goal.what}: {GoalStatus(goal.status).label} → {checked.label}")
        record_goal_reviews({goal.id: status}, effective_date, None, reason.strip())
    return get_goal(goal_id)


def goal_views(resident_ids: Iterable[int] | None = None, *,
               goal_ids: Iterable[int] | None = None,
               status: GoalStatus | None = None) -> list[GoalView]:
    """Goals with the date of their last review, two queries in all; open
    goals first, then by target date."""
    query = Goal.select()
    if resident_ids is not None:
        query = query.where(Goal.resident.in_(list(resident_ids)))
    if goal_ids is not None:
        query = query.where(Goal.id.in_(list(goal_ids)))
    if status is not None:
        query = query.where(Goal.status == status.value)
    goals = list(query)
    if not goals:
        return []
    reviews = {
        goal: (count, last if not isinstance(last, str) else dt.date.fromisoformat(last))
        for goal, count, last in (
            GoalStatusChange.select(GoalStatusChange.goal, fn.COUNT(GoalStatusChange.id),
                                    fn.MAX(GoalStatusChange.effective_date))
            .where(GoalStatusChange.goal.in_([goal.id for goal in goals]))
            .group_by(GoalStatusChange.goal).tuples())
    }
    views = [GoalView(goal.id, goal.resident_id, goal.what, goal.measure, goal.target_date,
                      goal.set_on, goal.set_by, GoalStatus(goal.status),
                      reviews.get(goal.id, (0, None))[1], reviews.get(goal.id, (0, None))[0])
             for goal in goals]
    views.sort(key=lambda view: (not view.is_open, view.target_date, view.id))
    return views


def goals_of(resident_id: int) -> list[GoalView]:
    get_resident(resident_id)
    return goal_views([resident_id])


def goal_history(goal_id: int) -> list[GoalStatusChangeView]:
    """Every review and status change of a goal, oldest first."""
    get_goal(goal_id)
    who = fn.COALESCE(AppUser.display_name, AppUser.username)
    query = (GoalStatusChange
             .select(GoalStatusChange.goal, GoalStatusChange.effective_date,
                     GoalStatusChange.from_status, GoalStatusChange.to_status,
                     GoalStatusChange.check_in, GoalStatusChange.reason, who,
                     GoalStatusChange.recorded_at)
             .join(AppUser, on=(GoalStatusChange.recorded_by == AppUser.id))
             .where(GoalStatusChange.goal == goal_id)
             .order_by(GoalStatusChange.effective_date, GoalStatusChange.id))
    return [GoalStatusChangeView(goal, day, GoalStatus(before), GoalStatus(after), check_in,
                                 reason, by, at)
            for goal, day, before, after, check_in, reason, by, at in query.tuples()]



GOAL_FIELDS = {"what": "goal_what", "measure": "goal_measure", "target_date": "goal_target_date",
               "set_by": "goal_set_by"}
"""A goal's editable fields and the name their corrections carry in the
resident's history."""


def _wording(details: GoalDetails) -> dict[str, Any]:
    """The goal's editable fields as they are stored."""
    return {"what": details.what.strip(), "measure": details.measure.strip(),
            "target_date": details.target_date, "set_by": details.set_by.strip()}


def goal_details(goal: Goal) -> GoalDetails:
    """A stored goal's details, ready to be edited."""
    return GoalDetails(goal.what, goal.measure, goal.target_date, goal.set_by, goal.set_on)


def update_goal(goal_id: int, details: GoalDetails, *, base: GoalDetails | None = None,
                base_version: int | None = None) -> Goal:
    """Reword a goal (what, measure, target date, who set it; not the date it
    was set nor its status).  Each changed value leaves a correction in the
    resident's history with the old and the new value.

    ``base`` is what the form showed when it opened, ``base_version`` the
    goal's version then: only the fields changed from ``base`` are written,
    so a field someone else changed meanwhile is kept; a field both changed
    raises :class:`EditConflict` (nothing saved) with both values.  Without
    ``base``, a goal saved by someone else since ``base_version`` is refused
    on every field that differs."""
    _may_change(goal_id)
    mine = _wording(details)
    opened = _wording(base) if base is not None else None
    if opened == mine:
        return get_goal(goal_id)  # nothing changed in the form: no write
    on_file = get_goal(goal_id)
    if opened is None and all(getattr(on_file, name) == value for name, value in mine.items()):
        return on_file  # nothing to save: no write, no change for other windows to hear of
    with one_write("changed a goal", kinds={"goal"}) as scope:
        goal = get_goal(goal_id)
        scope.touch("goal", goal.resident_id)
        stale = base_version is not None and goal.version != base_version
        if opened is None:
            new = mine
            if stale:
                raise EditConflict(_goal_conflicts(goal, new), goal.version,
                                   f"The goal “{goal.what}”")
        else:
            changed = {name: value for name, value in mine.items() if value != opened[name]}
            if stale:
                both = {name: value for name, value in changed.items()
                        if getattr(goal, name) != opened[name]}
                conflicts = _goal_conflicts(goal, both)
                if conflicts:
                    raise EditConflict(conflicts, goal.version, f"The goal “{goal.what}”")
            new = {**{name: getattr(goal, name) for name in mine}, **changed}
        merged = GoalDetails(**new)
        problems = _wording_problems(merged)
        if merged.target_date is None:
            problems.append(Problem("target_date", "The target date is required."))
        elif merged.target_date < goal.set_on:
            problems.append(Problem("target_date", f"The target date can't be before the date "
                                                   f"the goal was set "
                                                   f"({written_date(goal.set_on)})."))
        if problems:
            raise RuleViolation(problems)
        changed = {name: value for name, value in new.items() if getattr(goal, name) != value}
        if not changed:
            return goal
        user = current_user()
        for name, value in changed.items():
            old = getattr(goal, name)
            ResidentCorrection.create(
                resident=goal.resident_id, field_name=GOAL_FIELDS[name],
                old_value=history_text(old),
                new_value=history_text(value),
                recorded_by=user)
            scope.describe(f"{GOAL_FIELD_LABELS[name]}: {history_text(old)} → "
                           f"{history_text(value)}")
            setattr(goal, name, value)
        goal.version = goal.version + 1
        goal.save()
    return goal


GOAL_FIELD_LABELS = {"what": "Goal", "measure": "Measure", "target_date": "Target date",
                     "set_by": "Set by"}


def _goal_conflicts(goal: Goal, wanted: dict[str, object]) -> list[FieldConflict]:
    """The fields the form sends that differ from the goal on file, each with
    who last changed it (the correction that left the value on file)."""
    conflicts = []
    who = fn.COALESCE(AppUser.display_name, AppUser.username)
    for name, mine in wanted.items():
        theirs = getattr(goal, name)
        if theirs == mine:
            continue
        last = (ResidentCorrection.select(ResidentCorrection.recorded_at, who)
                .join(AppUser, on=(ResidentCorrection.recorded_by == AppUser.id))
                .where((ResidentCorrection.resident == goal.resident_id)
                       & (ResidentCorrection.field_name == GOAL_FIELDS[name])
                       & (ResidentCorrection.new_value == history_text(theirs)))
                .order_by(ResidentCorrection.id.desc()).tuples().first())
        by, at = (last[1], last[0]) if last else ("Someone else", None)
        conflicts.append(FieldConflict(name, GOAL_FIELD_LABELS[name], history_text(mine),
                                       history_text(theirs), by, at))
    return conflicts

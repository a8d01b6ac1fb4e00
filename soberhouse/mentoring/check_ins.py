"""Check-ins: logging a contact between mentor and mentee, and reading them back.

Logging must take a few keystrokes: everything but the assignment has a
default (today, 30 minutes, in person).  A check-in can't be dated before
its assignment began, after it ended, or in the future.

A check-in logged by mistake is taken out with :func:`remove_check_in`: the
row stays (goal reviews point at it), marked removed with who, when and why,
and no count or list includes it any more.  Logging one notes how Undo takes
it back (:class:`soberhouse.undo.CheckInStep`): removing it, "undone".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from peewee import Expression, fn

from soberhouse import clock, permissions
from soberhouse.accounts import current_user
from soberhouse.date_style import written_date
from soberhouse.errors import NotFound, Problem, RuleViolation
from soberhouse.mentoring.assignments import get_assignment
from soberhouse.mentoring.goals import goal_review_problems, record_goal_reviews
from soberhouse.models import AppUser, Resident
from soberhouse.models.mentoring import (
    CheckIn,
    CheckInMode,
    Goal,
    GoalStatus,
    GoalStatusChange,
    MentorAssignment,
    SupportKind,
)
from soberhouse.recording import one_write
from soberhouse.undo import CheckInStep

KIND_SEPARATOR = ";"
LONGEST_CHECK_IN_MINUTES = 12 * 60


@dataclass(frozen=True)
class GoalReview:
    goal_id: int
    what: str
    from_status: GoalStatus
    to_status: GoalStatus


@dataclass(frozen=True)
class CheckInView:
    id: int
    assignment_id: int
    held_on: dt.date
    minutes: int
    mode: CheckInMode
    support_kinds: tuple[SupportKind, ...]
    note: str
    reviewed_goals: tuple[GoalReview, ...]
    recorded_by: str
    recorded_at: dt.datetime

    @property
    def support_label(self) -> str:
        return ", ".join(kind.label for kind in self.support_kinds)


@dataclass(frozen=True)
class CheckInTotals:
    """A mentee's check-ins over a period (for the monthly report)."""

    resident_id: int
    check_ins: int
    minutes: int
    last_check_in: dt.date | None


def _kinds(values: Iterable[SupportKind | str]) -> tuple[SupportKind, ...] | Problem:
    kinds: list[SupportKind] = []
    for value in values:
        try:
            kind = SupportKind(value)
        except ValueError:
            choices = ", ".join(k.label.lower() for k in SupportKind)
            return Problem("support_kinds", f'"{value}" is not a kind of support '
                                            f"({choices}).")
        if kind not in kinds:
            kinds.append(kind)
    return tuple(kinds)


def log_check_in(assignment_id: int, held_on: dt.date | None = None, minutes: int = 30,
                 mode: CheckInMode | str = CheckInMode.IN_PERSON,
                 support_kinds: Iterable[SupportKind | str] = (), note: str = "",
                 reviewed_goals: Mapping[int, GoalStatus | str] | None = None) -> CheckIn:
    """Record a check-in; ``reviewed_goals`` maps goal ids to their status
    after the review (the same status when it did not change)."""
    permissions.require_assignment_change(assignment_id, permissions.Right.RECORD_CHECK_INS)
    today = clock.today()
    held_on = held_on if held_on is not None else today
    reviewed = dict(reviewed_goals or {})
    with one_write("logged a check-in", kinds={"check_in"}) as scope:
        assignment = get_assignment(assignment_id)
        scope.touch("check_in", assignment.mentee_id)
        if reviewed:
            scope.touch("goal")
        problems: list[Problem] = []
        if held_on > today:
            problems.append(Problem("held_on", "A check-in can't be dated in the future."))
        elif held_on < assignment.started_on:
            problems.append(Problem("held_on", f"A check-in can't be dated before the "
                                               f"assignment began "
                                               f"({written_date(assignment.started_on)})."))
        elif assignment.ended_on is not None and held_on > assignment.ended_on:
            problems.append(Problem("held_on", f"A check-in can't be dated after the "
                                               f"assignment ended "
                                               f"({written_date(assignment.ended_on)})."))
        if not 1 <= minutes <= LONGEST_CHECK_IN_MINUTES:
            problems.append(Problem("minutes", f"The length must be between 1 and "
                                               f"{LONGEST_CHECK_IN_MINUTES} minutes."))
        try:
            mode = CheckInMode(mode)
        except ValueError:
            problems.append(Problem("mode", "Choose in person, phone or video."))
        kinds = _kinds(support_kinds)
        if isinstance(kinds, Problem):
            problems.append(kinds)
        problems += goal_review_problems(assignment.mentee_id, reviewed, held_on)
        if problems:
            raise RuleViolation(problems)
        assert not isinstance(kinds, Problem)
        check_in = CheckIn.create(
            assignment=assignment, held_on=held_on, minutes=minutes, mode=CheckInMode(mode).value,
            support_kinds=KIND_SEPARATOR.join(kind.value for kind in kinds), note=note.strip(),
            recorded_by=current_user())
        record_goal_reviews(reviewed, held_on, check_in, "Reviewed at a check-in")
        scope.can_undo(CheckInStep(check_in.id, assignment.id, assignment.mentee_id,
                                   assignment.mentee.full_name, held_on))
    return check_in


def get_check_in(check_in_id: int) -> CheckIn:
    found = CheckIn.get_or_none(CheckIn.id == check_in_id)
    if found is None:
        raise NotFound(f"There is no check-in number {check_in_id}.")
    return found


def remove_check_in(check_in_id: int, reason: str) -> CheckIn:
    """Take out a check-in logged by mistake: the row stays, marked removed
    with who, when and why; no count or list includes it any more.  The goals
    it reviewed keep their reviews and status (the goal's own history)."""
    permissions.require_assignment_change(
        CheckIn.select(CheckIn.assignment).where(CheckIn.id == check_in_id).scalar(),
        permissions.Right.RECORD_CHECK_INS)
    with one_write("removed a check-in", kinds={"check_in"}) as scope:
        check_in = get_check_in(check_in_id)
        assignment = get_assignment(check_in.assignment_id)
        scope.touch("check_in", assignment.mentee_id)
        if check_in.removed_at is not None:
            raise RuleViolation(Problem("reason", f"This check-in was already removed on "
                                                  f"{written_date(check_in.removed_at.date())}."))
        if not reason.strip():
            raise RuleViolation(Problem("reason", "Please give a reason for removing it."))
        scope.describe(f"{assignment.mentee.full_name}, {written_date(check_in.held_on)}: "
                       f"{reason.strip()}")
        check_in.removed_at = clock.now()
        check_in.removed_by = current_user()
        check_in.removed_reason = reason.strip()
        check_in.save()
    return check_in


def check_ins_of(assignment_id: int) -> list[CheckInView]:
    """An assignment's check-ins with the goals each reviewed, newest first
    (two queries); removed ones are left out."""
    get_assignment(assignment_id)
    return _views(CheckIn.assignment == assignment_id)


def mentee_check_ins(resident_id: int, first: dt.date | None = None,
                     last: dt.date | None = None) -> list[CheckInView]:
    """A resident's check-ins with any mentor, newest first (two queries)."""
    condition = CheckIn.assignment.in_(
        MentorAssignment.select(MentorAssignment.id)
        .where(MentorAssignment.mentee == resident_id))
    if first is not None:
        condition &= CheckIn.held_on >= first
    if last is not None:
        condition &= CheckIn.held_on <= last
    return _views(condition)


def _views(condition: Expression) -> list[CheckInView]:
    """The check-ins matching ``condition``, removed ones left out."""
    who = fn.COALESCE(AppUser.display_name, AppUser.username)
    rows = list(CheckIn.select(CheckIn.id, CheckIn.assignment, CheckIn.held_on, CheckIn.minutes,
                               CheckIn.mode, CheckIn.support_kinds, CheckIn.note, who,
                               CheckIn.recorded_at)
                .join(AppUser, on=(CheckIn.recorded_by == AppUser.id))
                .where(condition & CheckIn.removed_at.is_null())
                .order_by(CheckIn.held_on.desc(), CheckIn.id.desc()).tuples())
    reviews: dict[int, list[GoalReview]] = {}
    if rows:
        query = (GoalStatusChange
                 .select(GoalStatusChange.check_in, Goal.id, Goal.what,
                         GoalStatusChange.from_status, GoalStatusChange.to_status)
                 .join(Goal, on=(GoalStatusChange.goal == Goal.id))
                 .where(GoalStatusChange.check_in.in_([row[0] for row in rows]))
                 .order_by(GoalStatusChange.id))
        for check_in, goal_id, what, before, after in query.tuples():
            reviews.setdefault(check_in, []).append(
                GoalReview(goal_id, what, GoalStatus(before), GoalStatus(after)))
    return [CheckInView(cid, assignment, held_on, minutes, CheckInMode(mode),
                        tuple(SupportKind(k) for k in kinds.split(KIND_SEPARATOR) if k), note,
                        tuple(reviews.get(cid, ())), by, at)
            for cid, assignment, held_on, minutes, mode, kinds, note, by, at in rows]


def check_in_totals(first: dt.date, last: dt.date,
                    house_id: int | None = None) -> dict[int, CheckInTotals]:
    """Check-ins per mentee from ``first`` to ``last`` inclusive, in one
    GROUP BY query; mentees without any are absent, removed check-ins never count."""
    query = (CheckIn.select(MentorAssignment.mentee, fn.COUNT(CheckIn.id),
                            fn.SUM(CheckIn.minutes), fn.MAX(CheckIn.held_on))
             .join(MentorAssignment, on=(CheckIn.assignment == MentorAssignment.id))
             .where((CheckIn.held_on >= first) & (CheckIn.held_on <= last)
                    & CheckIn.removed_at.is_null())
             .group_by(MentorAssignment.mentee))
    if house_id is not None:
        query = (query.join(Resident, on=(MentorAssignment.mentee == Resident.id))
                 .where(Resident.house == house_id))
    totals = {}
    for resident_id, count, minutes, latest in query.tuples():
        if isinstance(latest, str):
            latest = dt.date.fromisoformat(latest)
        totals[resident_id] = CheckInTotals(resident_id, count, minutes or 0, latest)
    return totals

"""One resident's mentoring at a glance: their mentors, their mentees (when
they mentor) and their open goals, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from soberhouse import clock
from soberhouse.accounts import current_user
from soberhouse.mentoring.assignments import AssignmentView, assignment_views
from soberhouse.mentoring.goals import GoalView, goal_views
from soberhouse.mentoring.mentors import MentorFacts, mentor_facts
from soberhouse.models.mentoring import AssignmentRole, GoalStatus, Mentor, MentorAssignment


@dataclass(frozen=True)
class ResidentMentoring:
    """``mentors``: the resident's current mentors, primary first;
    ``mentees``: the current mentees of the resident's mentor records;
    ``mentor_record``: the resident's current mentor record, if they mentor."""

    resident_id: int
    mentors: tuple[AssignmentView, ...]
    mentees: tuple[AssignmentView, ...]
    open_goals: tuple[GoalView, ...]
    mentor_record: MentorFacts | None

    @property
    def primary_mentor(self) -> AssignmentView | None:
        return next((view for view in self.mentors if view.role is AssignmentRole.PRIMARY),
                    None)


def resident_mentoring(resident_id: int, on: dt.date | None = None) -> ResidentMentoring:
    """About ten queries, however many mentors, mentees and goals (refused,
    with the reason, for a resident outside the person's rights)."""
    from soberhouse.permissions import require_view

    require_view(resident_id=resident_id)
    on = on or clock.today()
    own_records = Mentor.select(Mentor.id).where(Mentor.resident == resident_id)
    open_ids = [aid for (aid,) in (
        MentorAssignment.select(MentorAssignment.id)
        .where(MentorAssignment.ended_on.is_null()
               & ((MentorAssignment.mentee == resident_id)
                  | MentorAssignment.mentor.in_(own_records)))
        .tuples())]
    views = assignment_views(active=True, assignment_ids=open_ids, on=on) if open_ids else []
    mentors = sorted((view for view in views if view.mentee_id == resident_id),
                     key=lambda view: (view.role is not AssignmentRole.PRIMARY, view.started_on))
    mentees = sorted((view for view in views if view.mentee_id != resident_id),
                     key=lambda view: view.mentee_name.casefold())
    current = [mid for (mid,) in Mentor.select(Mentor.id).where(
        (Mentor.resident == resident_id)
        & (Mentor.stopped_on.is_null() | (Mentor.stopped_on > on))).tuples()]
    record = mentor_facts(current)[-1] if current else None
    goals = goal_views([resident_id], status=GoalStatus.OPEN)
    return ResidentMentoring(resident_id, tuple(mentors), tuple(mentees), tuple(goals), record)


def default_goal_setter(resident_id: int) -> str:
    """Who sets a new goal, as the goal form proposes it: the resident's
    primary mentor (any mentor if none is primary), else the manager."""
    views = assignment_views(active=True, mentee_id=resident_id)
    views.sort(key=lambda view: view.role is not AssignmentRole.PRIMARY)
    if views:
        return views[0].mentor_name
    user = current_user()
    return user.display_name or user.username

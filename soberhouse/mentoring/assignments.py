"""Who mentors whom: pairing, ending and reassigning, with the full history.

An assignment is never deleted: ending one fills in its end date, reason and
who ended it.  Every rule is checked inside the write (one transaction
holding the write lock), before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from peewee import Expression, fn

from soberhouse import clock, permissions
from soberhouse.accounts import current_user
from soberhouse.date_style import written_date
from soberhouse.errors import NotFound, Problem, RuleViolation
from soberhouse.mentoring.mentees import MenteeFacts, mentee
from soberhouse.mentoring.mentors import (
    MentorFacts,
    change_mentor_record,
    get_mentor,
    mentor,
    mentor_facts,
    register_alumnus,
)
from soberhouse.mentoring.pairing import pairing_problems
from soberhouse.mentoring.settings import all_mentoring_settings, mentoring_settings, settings_for
from soberhouse.models import Resident, Stay
from soberhouse.models.mentoring import (
    AssignmentEndReason,
    AssignmentRole,
    CheckIn,
    Mentor,
    MentorAssignment,
    MentorKind,
)
from soberhouse.names import full_name
from soberhouse.recording import one_write

# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class AssignmentView:
    """One pairing with its check-in figures, as lists and reports show it.

    ``days_since_contact`` counts from the last check-in, or from the start
    when there was none yet; it is None for an ended assignment.
    """

    id: int
    mentor_id: int
    mentor_name: str
    mentor_kind: MentorKind
    mentee_id: int
    mentee_name: str
    house_id: int  # the mentee's house
    role: AssignmentRole
    started_on: dt.date
    ended_on: dt.date | None
    end_reason: AssignmentEndReason | None
    end_note: str
    check_ins: int
    minutes: int
    last_check_in: dt.date | None
    days_since_contact: int | None
    overdue: bool

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


def get_assignment(assignment_id: int) -> MentorAssignment:
    found = MentorAssignment.get_or_none(MentorAssignment.id == assignment_id)
    if found is None:
        raise NotFound(f"There is no mentoring assignment number {assignment_id}.")
    return found


def assignment_views(house_id: int | None = None, *, active: bool | None = True,
                     mentor_id: int | None = None, mentee_id: int | None = None,
                     assignment_ids: Iterable[int] | None = None,
                     on: dt.date | None = None) -> list[AssignmentView]:
    """Assignments with check-in counts, last check-in and the overdue flag
    (removed check-ins never count).

    ``active``: True for the current ones, False for the ended ones, None for
    both.  Newest first.  Four queries, however many assignments; only the
    mentees the signed-in person may see.
    """
    on = on or clock.today()
    conditions: list[Expression] = []
    if house_id is not None:
        permissions.require_view(house_id=house_id)
        conditions.append(Resident.house == house_id)
    seen = permissions.visible()
    if seen.house_ids is not None:
        conditions.append(Resident.house.in_(sorted(seen.house_ids)))
    if seen.resident_ids is not None:
        conditions.append(MentorAssignment.mentee.in_(sorted(seen.resident_ids)))
    if active is True:
        conditions.append(MentorAssignment.ended_on.is_null())
    elif active is False:
        conditions.append(MentorAssignment.ended_on.is_null(False))
    if mentor_id is not None:
        conditions.append(MentorAssignment.mentor == mentor_id)
    if mentee_id is not None:
        conditions.append(MentorAssignment.mentee == mentee_id)
    if assignment_ids is not None:
        conditions.append(MentorAssignment.id.in_(list(assignment_ids)))

    def selected(*columns: object) -> object:
        query = (MentorAssignment.select(*columns)
                 .join(Resident, on=(MentorAssignment.mentee == Resident.id)))
        for condition in conditions:
            query = query.where(condition)
        return query

    rows = list(selected(
        MentorAssignment.id, MentorAssignment.mentor, MentorAssignment.mentee,
        Resident.first_name, Resident.last_name, Resident.name_order, Resident.house,
        MentorAssignment.role,
        MentorAssignment.started_on, MentorAssignment.ended_on, MentorAssignment.end_reason,
        MentorAssignment.end_note,
    ).order_by(MentorAssignment.started_on.desc(), MentorAssignment.id.desc()).tuples())
    if not rows:
        return []
    figures = {
        assignment: (count, minutes or 0, last)
        for assignment, count, minutes, last in (
            CheckIn.select(CheckIn.assignment, fn.COUNT(CheckIn.id), fn.SUM(CheckIn.minutes),
                           fn.MAX(CheckIn.held_on))
            .where(CheckIn.assignment.in_(selected(MentorAssignment.id))
                   & CheckIn.removed_at.is_null())
            .group_by(CheckIn.assignment).tuples())
    }
    mentors = {m.id: m for m in mentor_facts({row[1] for row in rows})}
    saved_settings = all_mentoring_settings()
    views = []
    for (aid, mentor_id_, mentee_id_, first, last_name, order, mentee_house, role, started,
         ended, reason, note) in rows:
        count, minutes, last = figures.get(aid, (0, 0, None))
        if isinstance(last, str):  # SQLite returns MAX() of a date as text
            last = dt.date.fromisoformat(last)
        since_contact = overdue = None
        if ended is None:
            since_contact = (on - (last or started)).days
            limit = settings_for(saved_settings, mentee_house).check_in_overdue_days
            overdue = since_contact > limit
        mentor_ = mentors[mentor_id_]
        views.append(AssignmentView(
            aid, mentor_id_, mentor_.name, mentor_.kind, mentee_id_,
            full_name(first, last_name, order), mentee_house, AssignmentRole(role), started, ended,
            AssignmentEndReason(reason) if reason else None, note, count, minutes, last,
            since_contact, bool(overdue)))
    return views


def assignment_view(assignment_id: int, on: dt.date | None = None) -> AssignmentView:
    found = assignment_views(active=None, assignment_ids=[assignment_id], on=on)
    if not found:
        raise NotFound(f"There is no mentoring assignment number {assignment_id}.")
    return found[0]


def mentor_history(mentor_id: int) -> list[AssignmentView]:
    """Every mentee a mentor has had, current and past, newest first."""
    return assignment_views(active=None, mentor_id=mentor_id)


def mentee_history(resident_id: int) -> list[AssignmentView]:
    """Every mentor a resident has had, current and past, newest first."""
    return assignment_views(active=None, mentee_id=resident_id)


def overdue_assignments(house_id: int | None = None,
                        on: dt.date | None = None) -> list[AssignmentView]:
    """Active assignments without a check-in for longer than the house allows,
    the longest silence first."""
    overdue = [view for view in assignment_views(house_id, on=on) if view.overdue]
    return sorted(overdue, key=lambda view: -(view.days_since_contact or 0))


def active_mentee_counts(mentor_ids: Iterable[int] | None = None) -> dict[int, int]:
    """How many active mentees each mentor has (mentors with none are absent)."""
    query = (MentorAssignment.select(MentorAssignment.mentor, fn.COUNT(MentorAssignment.id))
             .where(MentorAssignment.ended_on.is_null()).group_by(MentorAssignment.mentor))
    if mentor_ids is not None:
        query = query.where(MentorAssignment.mentor.in_(list(mentor_ids)))
    return dict(query.tuples())


# ---------------------------------------------------------------- rules


def _lived_in_house_on(resident_id: int, day: dt.date) -> bool:
    """A stay covers ``day`` (the move-out day itself is no longer living there)."""
    return (Stay.select().where((Stay.resident == resident_id) & (Stay.move_in_date <= day)
                                & (Stay.move_out_date.is_null() | (Stay.move_out_date > day)))
            .exists())


def _start_problems(started_on: dt.date | None, today: dt.date) -> list[Problem]:
    if started_on is None:
        return [Problem("started_on", "The start date is required.")]
    if started_on > today:
        return [Problem("started_on", "The start date can't be after today.")]
    return []


def _assignment_problems(mentor_: MentorFacts, mentee_: MenteeFacts, started_on: dt.date,
                         role: AssignmentRole, replacing: int | None = None) -> list[Problem]:
    """Every rule a new pairing must meet; ``replacing`` is an assignment that
    ends on the same day (a reassignment) and no longer counts."""
    if not mentee_.is_active:
        return [Problem("mentee_id", f"{mentee_.name} no longer lives in the house: only "
                                     f"residents living there can be mentored.")]
    still_open = MentorAssignment.ended_on.is_null()
    if replacing is not None:
        still_open &= MentorAssignment.id != replacing
    mentees_now = (MentorAssignment.select()
                   .where(still_open & (MentorAssignment.mentor == mentor_.id)).count())
    problems = pairing_problems(
        mentor_, mentee_, mentees_now=mentees_now, on=started_on,
        house_pairs_by_gender=mentoring_settings(mentee_.house_id).pair_by_gender)
    if mentor_.resident_id == mentee_.resident_id:
        return problems
    if MentorAssignment.select().where(still_open & (MentorAssignment.mentor == mentor_.id)
                                       & (MentorAssignment.mentee == mentee_.resident_id)
                                       ).exists():
        problems.append(Problem("mentor_id", f"{mentor_.name} already mentors {mentee_.name}."))
    if role is AssignmentRole.PRIMARY:
        other = (MentorAssignment.select()
                 .where(still_open & (MentorAssignment.mentee == mentee_.resident_id)
                        & (MentorAssignment.role == AssignmentRole.PRIMARY.value)).first())
        if other is not None:
            problems.append(Problem(
                "role", f"{mentee_.name} already has a primary mentor: "
                        f"{mentor(other.mentor_id).name} since {written_date(other.started_on)}. "
                        f"End or reassign that first, or make this a secondary mentor."))
    if not _lived_in_house_on(mentee_.resident_id, started_on):
        problems.append(Problem("started_on", f"{mentee_.name} was not living in the house on "
                                              f"{written_date(started_on)}."))
    if (mentor_.kind is MentorKind.RESIDENT and mentor_.resident_id is not None
            and not _lived_in_house_on(mentor_.resident_id, started_on)):
        problems.append(Problem("started_on", f"{mentor_.name} was not living in the house on "
                                              f"{written_date(started_on)}."))
    elif mentor_.since > started_on:
        problems.append(Problem("started_on", f"{mentor_.name} only mentors from "
                                              f"{written_date(mentor_.since)}."))
    return problems


def _role(role: AssignmentRole | str) -> AssignmentRole | Problem:
    try:
        return AssignmentRole(role)
    except ValueError:
        return Problem("role", "Choose primary or secondary.")


def _end_problems(assignment: MentorAssignment, ended_on: dt.date | None,
                  reason: AssignmentEndReason | str, note: str, today: dt.date) -> list[Problem]:
    if assignment.ended_on is not None:
        return [Problem("assignment_id", f"This assignment already ended on "
                                         f"{written_date(assignment.ended_on)}.")]
    problems = []
    try:
        reason = AssignmentEndReason(reason)
    except ValueError:
        choices = ", ".join(r.label.lower() for r in AssignmentEndReason)
        problems.append(Problem("reason", f"Choose why it ends: {choices}."))
    else:
        if reason is AssignmentEndReason.OTHER and not note.strip():
            problems.append(Problem("note", "Please say why it ends."))
    if ended_on is None:
        problems.append(Problem("ended_on", "The end date is required."))
    elif ended_on > today:
        problems.append(Problem("ended_on", "The end date can't be after today."))
    elif ended_on < assignment.started_on:
        problems.append(Problem("ended_on", f"The end date can't be before the assignment "
                                            f"began ({written_date(assignment.started_on)})."))
    else:
        last = (CheckIn.select(fn.MAX(CheckIn.held_on))
                .where((CheckIn.assignment == assignment.id) & CheckIn.removed_at.is_null())
                .scalar())
        if isinstance(last, str):
            last = dt.date.fromisoformat(last)
        if last is not None and last > ended_on:
            problems.append(Problem("ended_on", f"There is a check-in on {written_date(last)}, "
                                                f"after that date."))
    return problems


# ---------------------------------------------------------------- writing
# Each write re-reads the records and checks every rule inside one_write(),
# which holds the write lock: a rival writer's pairing is either seen by the
# checks or waits until this one is committed (one free place, one mentee).


def assign_mentor(mentor_id: int, mentee_id: int, started_on: dt.date | None = None,
                  role: AssignmentRole | str = AssignmentRole.PRIMARY) -> MentorAssignment:
    """Pair a mentor with a mentee from ``started_on`` (default today).

    Refused, naming the rule, unless: the mentor is above the mentee's tier
    (alumni and staff are above every tier); the mentor has a free place;
    nobody mentors themselves; the mentee has no other active primary mentor;
    both were living in the house (or mentoring) on the start date.
    """
    permissions.require_change(resident_ids=[mentee_id])
    started_on = started_on if started_on is not None else clock.today()
    with one_write("assigned a mentor", kinds={"mentoring"}, resident_ids=[mentee_id]) as scope:
        mentor_, mentee_ = mentor(mentor_id), mentee(mentee_id)
        checked_role = _role(role)
        if isinstance(checked_role, Problem):
            raise RuleViolation(checked_role)
        problems = _start_problems(started_on, clock.today())
        if not problems:
            problems = _assignment_problems(mentor_, mentee_, started_on, checked_role)
        if problems:
            raise RuleViolation(problems)
        scope.touch("mentoring", mentor_.resident_id)
        scope.describe(f"{mentor_.name} mentors {mentee_.name} ({checked_role.label.lower()})")
        return MentorAssignment.create(mentor=mentor_id, mentee=mentee_id,
                                       role=checked_role.value, started_on=started_on,
                                       recorded_by=current_user())


def _close(assignment: MentorAssignment, ended_on: dt.date, reason: AssignmentEndReason | str,
           note: str) -> None:
    assignment.ended_on = ended_on
    assignment.end_reason = AssignmentEndReason(reason).value
    assignment.end_note = note.strip()
    assignment.ended_by = current_user()
    assignment.ended_at = clock.now()
    assignment.save()


def end_assignment(assignment_id: int, ended_on: dt.date | None,
                   reason: AssignmentEndReason | str, note: str = "") -> MentorAssignment:
    """End a pairing with a date and a reason (a note is required for "other")."""
    permissions.require_assignment_change(assignment_id)
    with one_write("ended a mentoring assignment", kinds={"mentoring"}) as scope:
        assignment = get_assignment(assignment_id)
        scope.touch("mentoring", assignment.mentee_id)
        problems = _end_problems(assignment, ended_on, reason, note, clock.today())
        if problems:
            raise RuleViolation(problems)
        assert ended_on is not None
        _close(assignment, ended_on, reason, note)
    return assignment


def reassign(assignment_id: int, new_mentor_id: int, on: dt.date | None = None,
             reason: AssignmentEndReason | str = AssignmentEndReason.REASSIGNED,
             note: str = "") -> MentorAssignment:
    """End an assignment and start the same mentee (same role) with another
    mentor on the same day, in one transaction: if anything fails, the old
    assignment is left exactly as it was.  Returns the new assignment."""
    permissions.require_assignment_change(assignment_id)
    on = on if on is not None else clock.today()
    with one_write("reassigned a mentee", kinds={"mentoring"}) as scope:
        old = get_assignment(assignment_id)
        scope.touch("mentoring", old.mentee_id)
        problems = _end_problems(old, on, reason, note, clock.today())
        if old.ended_on is None:
            mentor_, mentee_ = mentor(new_mentor_id), mentee(old.mentee_id)
            if new_mentor_id == old.mentor_id:
                problems.append(Problem("mentor_id", f"{mentor_.name} already mentors "
                                                     f"{mentee_.name}: choose another mentor."))
            else:
                problems += _assignment_problems(mentor_, mentee_, on, AssignmentRole(old.role),
                                                 replacing=old.id)
        if problems:
            raise RuleViolation(problems)
        scope.describe(f"{mentee_.name} to {mentor_.name}")
        _close(old, on, reason, note)
        return MentorAssignment.create(mentor=new_mentor_id, mentee=old.mentee_id,
                                       role=old.role, started_on=on, recorded_by=current_user())


def continue_as_alumnus(mentor_id: int, caseload_cap: int,
                        since: dt.date | None = None) -> Mentor:
    """A resident mentor who moved out keeps mentoring as an alumnus: the
    resident-mentor record stops, the alumnus record starts, and each current
    mentee is carried over (ended as reassigned, started again the same day),
    all in one transaction."""
    permissions.require_mentor_change(mentor_id)
    since = since if since is not None else clock.today()
    with one_write("kept a mentor on as an alumnus", kinds={"mentor", "mentoring"}) as scope:
        old = get_mentor(mentor_id)
        scope.touch("mentor", old.resident_id)
        problems: list[Problem] = []
        if old.kind != MentorKind.RESIDENT.value or old.stopped_on is not None:
            problems.append(Problem("mentor_id", "Only a current resident mentor can continue "
                                                 "as an alumnus."))
        open_ones = list(MentorAssignment.select().where(
            (MentorAssignment.mentor == mentor_id) & MentorAssignment.ended_on.is_null()))
        if len(open_ones) > caseload_cap:
            problems.append(Problem("caseload_cap", f"They mentor {len(open_ones)} now: the cap "
                                                    f"must be at least {len(open_ones)}."))
        for assignment in open_ones:
            problems += _end_problems(assignment, since, AssignmentEndReason.REASSIGNED, "",
                                      clock.today())
        if problems:
            raise RuleViolation(problems)
        user = current_user()
        reason = "Moved out; mentors on as an alumnus"
        change_mentor_record(old, {"stopped_on": since, "stop_reason": reason}, reason=reason)
        alumnus = register_alumnus(old.resident_id, caseload_cap, since, checked=False)
        for assignment in open_ones:
            scope.touch("mentoring", assignment.mentee_id)
            _close(assignment, since, AssignmentEndReason.REASSIGNED, "Continues as an alumnus")
            MentorAssignment.create(mentor=alumnus, mentee=assignment.mentee_id,
                                    role=assignment.role, started_on=since, recorded_by=user)
    return alumnus

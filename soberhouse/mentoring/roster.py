"""The lists the mentoring section opens with, each in a constant number of
queries whatever the number of mentors: the roster, residents without a
mentor, mentees who need a new mentor, and the whole overview."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from soberhouse import accounts, clock, permissions
from soberhouse.date_style import written_date
from soberhouse.mentoring.assignments import AssignmentView, assignment_views
from soberhouse.mentoring.certification import (
    CertificationStatus,
    CertificationWarning,
    certification_statuses,
)
from soberhouse.mentoring.mentees import MenteeFacts, mentee_facts
from soberhouse.mentoring.mentors import MentorFacts, house_names, mentor_facts
from soberhouse.mentoring.pairing import rank_problem
from soberhouse.mentoring.profiles import MatchingAttributes
from soberhouse.models import Resident
from soberhouse.models.mentoring import AssignmentRole, Mentor, MentorAssignment, MentorKind
from soberhouse.names import full_name, name_sort_key

EVERY_HOUSE = "Every house"


@dataclass(frozen=True)
class MentorRosterRow:
    """One line of the roster: who, kind, tier or role, mentees, cap, free places."""

    mentor: MentorFacts
    house_name: str
    mentee_names: tuple[str, ...]
    not_mentoring_because: str  # "" when they may mentor
    certification: CertificationStatus | None  # staff coaches only

    @property
    def mentor_id(self) -> int:
        return self.mentor.id

    @property
    def name(self) -> str:
        return self.mentor.name

    @property
    def kind(self) -> MentorKind:
        return self.mentor.kind

    @property
    def tier_or_role(self) -> str:
        return self.mentor.role_label

    @property
    def cap(self) -> int:
        return self.mentor.cap

    @property
    def attributes(self) -> MatchingAttributes:
        return self.mentor.attributes

    @property
    def active_mentees(self) -> int:
        return len(self.mentee_names)

    @property
    def free_places(self) -> int:
        if self.not_mentoring_because:
            return 0
        return max(self.cap - self.active_mentees, 0)

    @property
    def over_cap(self) -> int:
        return max(self.active_mentees - self.cap, 0)

    @property
    def may_take_mentees(self) -> bool:
        return self.free_places > 0

    @property
    def warnings(self) -> tuple[str, ...]:
        if self.certification is None:
            return ()
        return tuple(warning.message for warning in self.certification.warnings)


def _active_mentees_by_mentor() -> dict[int, list[str]]:
    query = (MentorAssignment.select(MentorAssignment.mentor, Resident.first_name,
                                     Resident.last_name, Resident.name_order, Resident.id)
             .join(Resident, on=(MentorAssignment.mentee == Resident.id))
             .where(MentorAssignment.ended_on.is_null()))
    mentees: dict[int, list[str]] = {}
    for mentor_id, first, last, order, _ in sorted(
            query.tuples(), key=lambda row: (*name_sort_key(row[1], row[2]), row[4])):
        mentees.setdefault(mentor_id, []).append(full_name(first, last, order))
    return mentees


def mentor_roster(house_id: int | None = None, on: dt.date | None = None, *,
                  include_stopped: bool = False) -> list[MentorRosterRow]:
    """Every mentor (of one house, with the staff coaches for every house),
    ordered by name.  Mentors who stopped are left out unless asked for; a
    resident mentor who left the house or dropped below a mentoring tier stays
    listed, with why, until the manager stops them."""
    on = on or clock.today()
    facts = [f for f in mentor_facts(include_stopped=include_stopped)
             if house_id is None or f.serves_house(house_id)]
    seen = permissions.visible()
    if seen.resident_ids is not None:  # a peer coach: their own line
        facts = [f for f in facts if f.id == accounts.current_user().mentor_id]
    elif seen.house_ids is not None:
        facts = [f for f in facts if any(f.serves_house(h) for h in seen.house_ids)]
    mentees = _active_mentees_by_mentor()
    names = house_names()
    certification = certification_statuses(on, include_stopped=include_stopped)
    rows = [MentorRosterRow(
        f, names.get(f.house_id, "") if f.house_id is not None else EVERY_HOUSE,
        tuple(mentees.get(f.id, ())), f.why_not_mentoring(on) or "", certification.get(f.id))
        for f in facts]
    rows.sort(key=lambda row: (row.name.casefold(), row.mentor_id))
    return rows


@dataclass(frozen=True)
class MenteeRow:
    """A resident living in the house without a primary mentor."""

    mentee: MenteeFacts
    days_in_house: int
    secondary_mentors: int

    @property
    def resident_id(self) -> int:
        return self.mentee.resident_id

    @property
    def name(self) -> str:
        return self.mentee.name


def residents_without_mentor(house_id: int | None = None,
                             on: dt.date | None = None) -> list[MenteeRow]:
    """Residents living in the house with no active primary mentor, longest
    in the house first.  Residents in a tier that may mentor, and residents
    who are mentors themselves, are left out.  Three queries."""
    on = on or clock.today()
    roles: dict[int, list[str]] = {}
    for mentee_id, role in (MentorAssignment.select(MentorAssignment.mentee,
                                                    MentorAssignment.role)
                            .where(MentorAssignment.ended_on.is_null()).tuples()):
        roles.setdefault(mentee_id, []).append(role)
    mentors = {resident_id for (resident_id,) in
               Mentor.select(Mentor.resident).where(Mentor.resident.is_null(False)
                                                    & Mentor.stopped_on.is_null()).tuples()}
    seen = permissions.visible()
    rows = [MenteeRow(m, (on - m.move_in_date).days, len(roles.get(m.resident_id, [])))
            for m in mentee_facts(house_id=house_id, active_only=True)
            if seen.resident(m.resident_id, m.house_id)
            and AssignmentRole.PRIMARY.value not in roles.get(m.resident_id, [])
            and not m.tier_may_mentor and m.resident_id not in mentors]
    rows.sort(key=lambda row: (-row.days_in_house, row.name.casefold()))
    return rows


@dataclass(frozen=True)
class MentorGap:
    """An active assignment that can't go on as it is, and why."""

    assignment_id: int
    mentee_id: int
    mentee_name: str
    mentor_id: int
    mentor_name: str
    role: AssignmentRole
    started_on: dt.date
    why: str


def _open_pairs(house_id: int | None) -> tuple[list[tuple[int, int, int, str, dt.date]],
                                              dict[int, MentorFacts], dict[int, MenteeFacts]]:
    query = MentorAssignment.select(MentorAssignment.id, MentorAssignment.mentor,
                                    MentorAssignment.mentee, MentorAssignment.role,
                                    MentorAssignment.started_on
                                    ).where(MentorAssignment.ended_on.is_null())
    seen = permissions.visible()
    if house_id is not None or not seen.everything:
        query = permissions.narrowed(
            query.join(Resident, on=(MentorAssignment.mentee == Resident.id)),
            house=Resident.house, resident=MentorAssignment.mentee, seen=seen)
    if house_id is not None:
        query = query.where(Resident.house == house_id)
    pairs = list(query.order_by(MentorAssignment.started_on, MentorAssignment.id).tuples())
    if not pairs:
        return [], {}, {}
    mentors = {m.id: m for m in mentor_facts({pair[1] for pair in pairs})}
    mentees = {m.resident_id: m for m in mentee_facts({pair[2] for pair in pairs})}
    return pairs, mentors, mentees


def _gaps(house_id: int | None, on: dt.date) -> tuple[list[MentorGap], list[MentorGap]]:
    """(mentees needing a new mentor, assignments of departed mentees): three queries."""
    pairs, mentors, mentees = _open_pairs(house_id)
    needing, departed = [], []
    for assignment_id, mentor_id, mentee_id, role, started in pairs:
        mentor_, mentee_ = mentors[mentor_id], mentees[mentee_id]
        if not mentee_.is_active:
            when = f" on {written_date(mentee_.discharge_date)}" if mentee_.discharge_date else ""
            departed.append(MentorGap(assignment_id, mentee_id, mentee_.name, mentor_id,
                                      mentor_.name, AssignmentRole(role), started,
                                      f"{mentee_.name} moved out{when}: end this assignment."))
            continue
        why = mentor_.why_not_mentoring(on) or rank_problem(mentor_, mentee_)
        if why:
            needing.append(MentorGap(assignment_id, mentee_id, mentee_.name, mentor_id,
                                     mentor_.name, AssignmentRole(role), started, why))
    return needing, departed


def mentees_needing_new_mentor(house_id: int | None = None,
                               on: dt.date | None = None) -> list[MentorGap]:
    """Active assignments whose mentor can no longer mentor this mentee: the
    mentor left the house, dropped below a mentoring tier or stopped, or the
    mentee has caught up with the mentor's tier.  Nothing is reassigned here:
    the manager decides.  Three queries."""
    return _gaps(house_id, on or clock.today())[0]


def assignments_of_departed_mentees(house_id: int | None = None) -> list[MentorGap]:
    """Active assignments of mentees who no longer live in the house: they
    should be ended (reason "mentee left").  Three queries."""
    return _gaps(house_id, clock.today())[1]


@dataclass(frozen=True)
class MentoringOverview:
    """Everything the mentoring section shows when it opens."""

    roster: list[MentorRosterRow]
    assignments: list[AssignmentView]  # the active ones
    without_mentor: list[MenteeRow]
    needing_new_mentor: list[MentorGap]
    departed_mentees: list[MentorGap]
    certification_warnings: list[CertificationWarning]

    @property
    def overdue(self) -> list[AssignmentView]:
        return [view for view in self.assignments if view.overdue]


def mentoring_overview(house_id: int | None = None,
                       on: dt.date | None = None) -> MentoringOverview:
    """What the section opens with; only what the signed-in person may see."""
    on = on or clock.today()
    if house_id is not None:
        permissions.require_view(house_id=house_id)
    roster = mentor_roster(house_id, on)
    warnings = [warning for row in roster if row.certification is not None
                for warning in row.certification.warnings]
    needing, departed = _gaps(house_id, on)
    return MentoringOverview(roster, assignment_views(house_id, on=on),
                             residents_without_mentor(house_id, on), needing, departed,
                             warnings)

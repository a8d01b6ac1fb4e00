"""A resident's month, computed once: the figures the PDF report, the Reports
section and the command line all read.  Nothing here formats text for a page.

A resident who moved in or out during the month is reported for the days
they lived in the house (``days_in_house_this_month``); house meetings,
outside-meeting weeks and check-ins count only from those days.

:func:`monthly_progress` computes every resident of a house for a month in a
constant number of queries (about twenty, whatever the number of residents),
and :func:`resident_progress` and :func:`house_month` are built on it.

Conventions (documented here so that the report, the window and the command
line agree):

* The month is counted up to its last day, or up to today for the month in
  progress (``counted_until``).  A month that has not started is refused.
* Days lived: a stay of the house covers day D when ``move_in_date <= D`` and
  the move-out date (the first day no longer living there) is after D.  The
  first and last day lived are the first and last such days of the month;
  a resident readmitted within the month has two stretches, and the days of
  both count.
* Days sober at month end are counted on the last day lived in the month,
  from the sobriety date in force that day.
* The sobriety date in force on a day follows the sobriety-date history:
  the intake date applies from the start; a relapse (or readmission) takes
  effect on its new sobriety date; a correction replaces the date it
  corrects as if it had always been so (a corrected relapse moves with it).
  Milestones reached in the month are the milestones (30, 60, 90 days...)
  whose day falls between the first and last day lived, each counted from
  the date in force on that day: a milestone of the old date reached before
  a relapse still counts.
* A relapse belongs to the month in which its new sobriety date falls
  (between the first and last day lived), not to the day it was typed in:
  re-printing October after a relapse recorded on 2 November shows it.
* Tier at month end: the tier on the last day lived (the latest tier change
  effective by then).  Tier changes are those effective between the first
  and last day lived (an intake or a move from another house included).
* Mentors: assignments overlapping the days lived.  ``from_date`` and
  ``to_date`` are the days of the month each covered (clipped to the days
  lived; ``to_date`` None when the mentoring went on past the month or
  today); ``started_on`` and ``ended_on`` are the assignment's own dates,
  which the report shows (a pairing begun in August reads "from 5 Aug", not
  "from 1 Oct").  An assignment's ``ended_on`` is its last day (check-ins
  may be dated on it); an end after the day counted up to is not known yet.
* Check-ins: held on a day lived, with any mentor of the resident.
* Goals: every goal open at some point of the days lived (set by the last
  day lived, and not closed before the first), with its status on the last
  day lived and the reviews (status changes and check-in reviews) on days
  lived.
* House meetings and attendance: :mod:`soberhouse.meetings.attendance`
  (meetings held while the resident lived in the house).  Outside meetings:
  :func:`soberhouse.twelve_step.quota.weekly_compliance` over the house weeks
  overlapping the month, each counted whole (partial weeks pro-rated).
* Sponsor and step work are the resident's own, not the house's: the
  sponsor and current step as they stood at ``counted_until``; the step
  lines are the steps started or completed in the month, and the current
  one.
* Flags: ``behind_on_quota`` when any judged week missed its quota;
  ``unexcused_absences`` when there was any; ``no_mentor`` when a resident
  whose tier may not mentor had no primary mentor on the last day lived;
  ``relapse`` when a relapse fell in the month, with the sobriety date it
  replaced (``sobriety_resets``).  A correction is not a reset: it says what
  the date always was.
* Dates in texts (the flags) are written in the date style in use
  (:mod:`soberhouse.date_style`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from peewee import fn

from soberhouse import clock, permissions
from soberhouse.accounts import current_user
from soberhouse.date_style import written_date, written_day_in_month, written_month
from soberhouse.errors import NotAllowed, Problem, RuleViolation
from soberhouse.houses import get_house
from soberhouse.meetings.attendance import (
    AttendanceCounts,
    AttendanceFigures,
    MeetingMark,
    attendance_by_resident,
    marks_by_resident,
    meetings_without_roll_call,
)
from soberhouse.meetings.records import meetings_between
from soberhouse.mentoring.mentors import mentor_facts
from soberhouse.milestones import Milestone, days_between, milestones_between
from soberhouse.models import (
    AppUser,
    House,
    Resident,
    ResidentStatus,
    SobrietyChangeKind,
    SobrietyDateChange,
    Stay,
    Tier,
    TierChange,
    column_date,
)
from soberhouse.models.meetings import AttendanceStatus, MeetingKind
from soberhouse.models.mentoring import (
    AssignmentEndReason,
    AssignmentRole,
    CheckIn,
    CheckInMode,
    Goal,
    GoalStatus,
    GoalStatusChange,
    MentorAssignment,
    SupportKind,
)
from soberhouse.models.reports import ReportComment
from soberhouse.models.twelve_step import Sponsor
from soberhouse.names import name_sort_key, name_with_preferred
from soberhouse.recording import one_write
from soberhouse.residents import get_resident
from soberhouse.twelve_step.quota import WeekCompliance, week_met, weekly_compliance
from soberhouse.twelve_step.sponsors import sponsors_on
from soberhouse.twelve_step.step_work import StepProgress, step_progress


@dataclass(frozen=True)
class MonthSpan:
    """A calendar month: ``first`` and ``last`` day, both inside it."""

    first: dt.date
    last: dt.date

    @property
    def label(self) -> str:  # "October 2026"
        return written_month(self.first)

    @property
    def key(self) -> str:  # "2026-10", as the command line writes a month
        return self.first.strftime("%Y-%m")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first <= day <= self.last


@dataclass(frozen=True)
class TierStep:
    """A tier change in the month (promotion, demotion, first tier at intake)."""

    effective_date: dt.date
    from_tier: str  # "" at intake
    to_tier: str
    reason: str


@dataclass(frozen=True)
class MentorPeriod:
    """A mentor the resident had during the month, for the days given."""

    mentor_name: str
    mentor_kind: str  # MentorKind label: "Resident mentor", "Alumnus", "Staff coach"
    role: str  # "Primary" / "Secondary"
    from_date: dt.date  # the first day of the month it covered (clipped to the days lived)
    to_date: dt.date | None  # the last day it covered; None: still mentoring at month end
    end_reason: str  # "" when still going
    started_on: dt.date | None = None  # when the pairing began (before the month, maybe)
    ended_on: dt.date | None = None  # when it ended (None: not ended by the day counted)

    @property
    def began(self) -> dt.date:
        """When the pairing began, as the report shows it."""
        return self.started_on or self.from_date


@dataclass(frozen=True)
class CheckInFigures:
    count: int
    minutes: int
    by_mode: dict[str, int]  # CheckInMode label -> count
    by_support: dict[str, int]  # SupportKind label -> count of check-ins giving it


@dataclass(frozen=True)
class GoalLine:
    what: str
    measure: str
    target_date: dt.date
    status: str  # GoalStatus label at month end
    reviewed_in_month: int  # reviews during the month


@dataclass(frozen=True)
class MeetingLine:
    """One house meeting held while the resident lived there."""

    held_on: dt.date
    kind: str  # MeetingKind label
    status: AttendanceStatus | None  # None: not recorded
    reason: str


@dataclass(frozen=True)
class AttendanceSummary(AttendanceCounts):
    held: int
    present: int
    late: int
    excused: int
    unexcused: int
    unrecorded: int


@dataclass(frozen=True)
class WeekLine:
    """Outside meetings in one house week overlapping the month (the whole
    week is counted; partial weeks at move-in/out are pro-rated)."""

    week_start: dt.date
    week_end: dt.date
    days_lived: int
    tier_name: str
    quota: int
    required: int
    attended: int
    verified: int
    partial: bool
    in_progress: bool

    @property
    def met(self) -> bool | None:
        return week_met(self.attended, self.required, self.in_progress)


@dataclass(frozen=True)
class SponsorLine:
    name: str
    phone: str
    since: dt.date
    ended_on: dt.date | None


@dataclass(frozen=True)
class StepLine:
    step: int
    started_on: dt.date
    completed_on: dt.date | None
    restart: bool
    restart_reason: str


@dataclass(frozen=True)
class SobrietyReset:
    """A relapse in the month: the new sobriety date, and the one it replaced."""

    new_date: dt.date
    previous_date: dt.date


@dataclass(frozen=True)
class Flag:
    """Something the manager should raise with the resident."""

    key: str  # "behind_on_quota", "unexcused_absences", "no_mentor", "relapse"
    text: str  # "Behind on outside meetings in 2 of 4 weeks"


@dataclass(frozen=True)
class MonthlyProgress:
    resident_id: int
    name: str  # "First Last" (preferred name in quotes if any)
    house_id: int
    house_name: str
    house_address: str
    month: MonthSpan
    status: str  # ResidentStatus label at month end (or when they left)
    move_in_date: dt.date
    move_out_date: dt.date | None  # moved out during the month
    days_in_house_this_month: int
    sobriety_date: dt.date  # as it stood at month end
    days_sober_at_month_end: int  # at the last day lived in the month
    milestones_reached: tuple[int, ...]  # day counts reached in the month
    relapses: tuple[dt.date, ...]  # new sobriety dates recorded in the month
    tier_at_month_end: str
    tier_changes: tuple[TierStep, ...]
    mentors: tuple[MentorPeriod, ...]
    check_ins: CheckInFigures
    goals: tuple[GoalLine, ...]
    meetings: tuple[MeetingLine, ...]
    attendance: AttendanceSummary
    weeks: tuple[WeekLine, ...]
    sponsor: SponsorLine | None  # at month end
    steps: tuple[StepLine, ...]  # step work started or completed in the month, and the current
    current_step: int | None
    flags: tuple[Flag, ...] = field(default=())
    comments: str = ""  # the manager's comments for this month (saved in the app)
    # Added with the computation (defaults keep older constructors working):
    milestones: tuple[Milestone, ...] = field(default=())  # (days, date) reached in the month
    first_day_lived: dt.date | None = None  # in the month
    last_day_lived: dt.date | None = None  # in the month (days sober are counted here)
    counted_until: dt.date | None = None  # the month's last day, or today for this month
    sobriety_resets: tuple[SobrietyReset, ...] = field(default=())  # the relapses, with the
    # sobriety date each replaced (the same days as ``relapses``)
    meetings_without_roll_call: tuple[dt.date, ...] = field(default=())  # held on days lived,
    # no roll call taken: counted for nobody (not in ``meetings`` nor ``attendance``)

    @property
    def flag_keys(self) -> frozenset[str]:
        return frozenset(flag.key for flag in self.flags)

    def flag(self, key: str) -> Flag | None:
        return next((flag for flag in self.flags if flag.key == key), None)


@dataclass(frozen=True)
class OccupancyFigures:
    beds: int
    residents_at_start: int
    residents_at_end: int
    move_ins: int
    move_outs: int
    graduations: int
    discharges: int
    left: int


@dataclass(frozen=True)
class HouseMeetingLine:
    held_on: dt.date
    kind: str
    present: int
    late: int
    excused: int
    unexcused: int


@dataclass(frozen=True)
class CaseloadLine:
    mentor_name: str
    mentor_kind: str
    mentees: int
    cap: int
    check_ins: int
    minutes: int


@dataclass(frozen=True)
class HouseMonth:
    """The house summary for the owner: built from the residents' months."""

    house_id: int
    house_name: str
    house_address: str
    month: MonthSpan
    occupancy: OccupancyFigures
    meetings: tuple[HouseMeetingLine, ...]
    residents: tuple[MonthlyProgress, ...]  # everyone who lived there in the month
    caseloads: tuple[CaseloadLine, ...]
    milestones: tuple[tuple[str, int, dt.date], ...]  # (name, days, date reached)
    meetings_without_roll_call: tuple[dt.date, ...] = field(default=())  # not counted yet


# ---------------------------------------------------------------- the month


def month_span(month: dt.date) -> MonthSpan:
    """The calendar month of ``month`` (any day of it)."""
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return MonthSpan(first, following - dt.timedelta(days=1))


def parse_month(text: str) -> dt.date:
    """``2026-10`` (or ``2026-10-01``) as the first day of that month."""
    cleaned = text.strip()
    try:
        if len(cleaned) <= 7:
            year, _, month = cleaned.partition("-")
            return dt.date(int(year), int(month), 1)
        return dt.date.fromisoformat(cleaned).replace(day=1)
    except ValueError:
        raise RuleViolation(Problem(
            "month", f'"{cleaned}" is not a month: write the year and month, like '
                     f'2026-10.')) from None


def previous_month(on: dt.date | None = None) -> dt.date:
    """The first day of the month before ``on`` (default today): the month a
    report run at the start of a month is about."""
    on = on or clock.today()
    return month_span(on.replace(day=1) - dt.timedelta(days=1)).first


def _period(month: dt.date) -> tuple[MonthSpan, dt.date]:
    """The month and the last day counted (its last day, or today)."""
    span = month_span(month)
    today = clock.today()
    if span.first > today:
        raise RuleViolation(Problem(
            "month", f"{span.label} has not started yet: choose this month or an earlier "
                     f"one."))
    return span, min(span.last, today)


def _day_label(day: dt.date) -> str:  # "3 Oct", "Oct 3" or "2026-10-03": the style in use
    return written_day_in_month(day)


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


ONE_DAY = dt.timedelta(days=1)


# ---------------------------------------------------------------- gathering


@dataclass
class _Resident:
    """A resident who lived in the house in the month, and their stays there."""

    id: int
    first_name: str
    last_name: str
    preferred_name: str
    name_order: str  # given name first or family name first (soberhouse.names)
    tier_id: int | None  # the current tier (when no tier change says otherwise)
    sobriety_date: dt.date  # the current one (when no history says otherwise)
    stays: list[tuple[dt.date, dt.date | None, str]] = field(default_factory=list)
    stretches: list[tuple[dt.date, dt.date]] = field(default_factory=list)  # days lived

    @property
    def name(self) -> str:
        """In the person's order, as the report they sign prints it: 'Zoë "Zo"
        Nguyễn', "李伟 (Li Wei)"."""
        return name_with_preferred(self.first_name, self.last_name, self.preferred_name,
                                   self.name_order)

    @property
    def first_day(self) -> dt.date:
        return min(start for start, _ in self.stretches)

    @property
    def last_day(self) -> dt.date:
        return max(end for _, end in self.stretches)

    @property
    def days_lived(self) -> int:
        return sum(days_between(start, end) + 1 for start, end in self.stretches)

    def lived_on(self, day: dt.date) -> bool:
        return any(start <= day <= end for start, end in self.stretches)


@dataclass(frozen=True)
class _SoberSpell:
    """A sobriety date and the first day it is in force (None: from the start)."""

    since: dt.date | None
    sobriety_date: dt.date
    kind: str  # the SobrietyChangeKind that began it


def _sober_spells(changes: Sequence[tuple[str, dt.date]],
                  current: dt.date) -> list[_SoberSpell]:
    """The resident's sobriety dates over time, from their history (oldest
    change first); see the module's conventions."""
    spells: list[_SoberSpell] = []
    for kind, new_date in changes:
        if not spells or kind == SobrietyChangeKind.INTAKE.value:
            spells = [_SoberSpell(None, new_date, SobrietyChangeKind.INTAKE.value)]
        elif kind == SobrietyChangeKind.CORRECTION.value and spells[-1].since is None:
            spells[-1] = _SoberSpell(None, new_date, spells[-1].kind)
        else:  # a relapse, a readmission, or a correction of one: a new start
            began = spells[-1].kind if kind == SobrietyChangeKind.CORRECTION.value else kind
            if kind == SobrietyChangeKind.CORRECTION.value:
                spells.pop()
            spells = [s for s in spells if s.since is None or s.since < new_date]
            spells.append(_SoberSpell(new_date, new_date, began))
    if not spells:
        spells = [_SoberSpell(None, current, SobrietyChangeKind.INTAKE.value)]
    return spells


def _sobriety_on(spells: Sequence[_SoberSpell], day: dt.date) -> dt.date:
    in_force = spells[0].sobriety_date
    for spell in spells:
        if spell.since is None or spell.since <= day:
            in_force = spell.sobriety_date
    return in_force


def _resets(spells: Sequence[_SoberSpell], first: dt.date,
            last: dt.date) -> tuple[SobrietyReset, ...]:
    """The relapses taking effect from ``first`` to ``last``, each with the
    sobriety date in force the day before (a readmission or a correction is
    not a relapse)."""
    resets = []
    for number, spell in enumerate(spells):
        if (number and spell.since is not None and first <= spell.since <= last
                and spell.kind == SobrietyChangeKind.RELAPSE.value):
            resets.append(SobrietyReset(spell.since, spells[number - 1].sobriety_date))
    return tuple(resets)


def _milestones(spells: Sequence[_SoberSpell], first: dt.date,
                last: dt.date) -> list[Milestone]:
    """Milestones reached from ``first`` to ``last``, each spell counting
    from its own sobriety date for the days it was in force."""
    reached: list[Milestone] = []
    for number, spell in enumerate(spells):
        start = max(first, spell.since) if spell.since is not None else first
        following = spells[number + 1].since if number + 1 < len(spells) else None
        end = min(last, following - ONE_DAY) if following is not None else last
        if start <= end:
            reached += milestones_between(spell.sobriety_date, start, end)
    return reached


@dataclass(frozen=True)
class _Assignment:
    id: int
    mentor_id: int
    mentee_id: int
    role: str
    started_on: dt.date
    ended_on: dt.date | None
    end_reason: str


@dataclass
class _MonthData:
    """Everything read for one house and month, a fixed number of queries."""

    house: House
    span: MonthSpan
    until: dt.date
    stays: list[tuple[int, dt.date, dt.date | None, str]]  # every stay touching the month
    residents: list[_Resident]




def _maybe_date(value: dt.date | str | None) -> dt.date | None:
    return None if value is None else column_date(value)


def _residents_of(house_id: int, span: MonthSpan, until: dt.date,
                  resident_ids: Sequence[int] | None
                  ) -> tuple[list[tuple[int, dt.date, dt.date | None, str]], list[_Resident]]:
    """The house's stays touching the month (those that ended on its first
    day too: occupancy counts them), and the residents who lived there at
    least one day of it, sorted by name.  One query."""
    query = (Stay.select(Stay.resident, Stay.move_in_date, Stay.move_out_date, Stay.end_status,
                         Resident.first_name, Resident.last_name, Resident.preferred_name,
                         Resident.name_order, Resident.tier, Resident.sobriety_date)
             .join(Resident, on=(Stay.resident == Resident.id))
             .where((Stay.house == house_id) & (Stay.move_in_date <= until)
                    & (Stay.move_out_date.is_null() | (Stay.move_out_date >= span.first)))
             .order_by(Stay.move_in_date, Stay.id))
    if resident_ids is not None:
        query = query.where(Stay.resident.in_(list(resident_ids)))
    stays = []
    residents: dict[int, _Resident] = {}
    for (rid, move_in, move_out, end_status, first, last, preferred, order, tier_id,
         sober) in query.tuples():
        move_in, move_out = column_date(move_in), _maybe_date(move_out)
        stays.append((rid, move_in, move_out, end_status))
        start = max(move_in, span.first)
        end = min(move_out - ONE_DAY, until) if move_out is not None else until
        if start > end:
            continue
        resident = residents.get(rid)
        if resident is None:
            resident = residents[rid] = _Resident(rid, first, last, preferred, order, tier_id,
                                                  column_date(sober))
        resident.stays.append((move_in, move_out, end_status))
        resident.stretches.append((start, end))
    # "Álvarez" with the A's, "Ødegård" with the O's; by family name in either order
    ordered = sorted(residents.values(),
                     key=lambda r: (*name_sort_key(r.first_name, r.last_name), r.id))
    return stays, ordered


def _gather(house_id: int, month: dt.date,
            resident_ids: Sequence[int] | None) -> _MonthData:
    span, until = _period(month)
    house = get_house(house_id)  # refused outside the signed-in person's houses
    seen = permissions.visible()
    if seen.resident_ids is not None:  # a peer coach: their mentees only
        resident_ids = [r for r in (resident_ids if resident_ids is not None
                                    else sorted(seen.resident_ids))
                        if r in seen.resident_ids]
    stays, residents = _residents_of(house.id, span, until, resident_ids)
    return _MonthData(house, span, until, stays, residents)


def _tier_changes(ids: list[int], until: dt.date
                  ) -> dict[int, list[tuple[dt.date, int | None, int, str]]]:
    changes: dict[int, list[tuple[dt.date, int | None, int, str]]] = defaultdict(list)
    query = (TierChange.select(TierChange.resident, TierChange.effective_date,
                               TierChange.from_tier, TierChange.to_tier, TierChange.reason)
             .where(TierChange.resident.in_(ids) & (TierChange.effective_date <= until))
             .order_by(TierChange.effective_date, TierChange.id))
    for rid, effective, from_tier, to_tier, reason in query.tuples():
        changes[rid].append((column_date(effective), from_tier, to_tier, reason))
    return changes


def _sobriety_changes(ids: list[int]) -> dict[int, list[tuple[str, dt.date]]]:
    changes: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    query = (SobrietyDateChange.select(SobrietyDateChange.resident, SobrietyDateChange.kind,
                                       SobrietyDateChange.new_date)
             .where(SobrietyDateChange.resident.in_(ids))
             .order_by(SobrietyDateChange.id))
    for rid, kind, new_date in query.tuples():
        changes[rid].append((kind, column_date(new_date)))
    return changes


def _assignments(ids: list[int], span: MonthSpan, until: dt.date
                 ) -> dict[int, list[_Assignment]]:
    found: dict[int, list[_Assignment]] = defaultdict(list)
    query = (MentorAssignment.select(MentorAssignment.id, MentorAssignment.mentor,
                                     MentorAssignment.mentee, MentorAssignment.role,
                                     MentorAssignment.started_on, MentorAssignment.ended_on,
                                     MentorAssignment.end_reason)
             .where(MentorAssignment.mentee.in_(ids) & (MentorAssignment.started_on <= until)
                    & (MentorAssignment.ended_on.is_null()
                       | (MentorAssignment.ended_on >= span.first)))
             .order_by(MentorAssignment.started_on, MentorAssignment.id))
    for aid, mentor_id, mentee_id, role, started, ended, reason in query.tuples():
        found[mentee_id].append(_Assignment(aid, mentor_id, mentee_id, role,
                                            column_date(started),
                                            _maybe_date(ended), reason or ""))
    return found


@dataclass(frozen=True)
class _CheckInGroup:
    """Check-ins of one assignment on one day with the same mode and kinds."""

    mentor_id: int
    mentee_id: int
    held_on: dt.date
    mode: str
    support_kinds: str
    count: int
    minutes: int


def _check_ins(ids: list[int], span: MonthSpan, until: dt.date) -> list[_CheckInGroup]:
    """The month's check-ins of these mentees (removed ones never count),
    summed in SQL by mentor, day, mode and kinds of support (the kinds are a
    list in one column)."""
    query = (CheckIn.select(MentorAssignment.mentor, MentorAssignment.mentee, CheckIn.held_on,
                            CheckIn.mode, CheckIn.support_kinds, fn.COUNT(CheckIn.id),
                            fn.SUM(CheckIn.minutes))
             .join(MentorAssignment, on=(CheckIn.assignment == MentorAssignment.id))
             .where(MentorAssignment.mentee.in_(ids) & (CheckIn.held_on >= span.first)
                    & (CheckIn.held_on <= until) & CheckIn.removed_at.is_null())
             .group_by(MentorAssignment.mentor, MentorAssignment.mentee, CheckIn.held_on,
                       CheckIn.mode, CheckIn.support_kinds))
    return [_CheckInGroup(mentor_id, mentee_id, column_date(held_on),
                          mode, kinds or "", count, int(minutes or 0))
            for mentor_id, mentee_id, held_on, mode, kinds, count, minutes in query.tuples()]


def _goals(ids: list[int], until: dt.date
           ) -> tuple[dict[int, list[tuple[int, str, str, dt.date, dt.date]]],
                      dict[int, list[tuple[dt.date, str]]]]:
    """Goals set by ``until`` and their status changes (two queries)."""
    goals: dict[int, list[tuple[int, str, str, dt.date, dt.date]]] = defaultdict(list)
    query = (Goal.select(Goal.id, Goal.resident, Goal.what, Goal.measure, Goal.target_date,
                         Goal.set_on)
             .where(Goal.resident.in_(ids) & (Goal.set_on <= until))
             .order_by(Goal.target_date, Goal.id))
    for gid, rid, what, measure, target, set_on in query.tuples():
        goals[rid].append((gid, what, measure, column_date(target), column_date(set_on)))
    changes: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    reviews = (GoalStatusChange.select(GoalStatusChange.goal, GoalStatusChange.effective_date,
                                       GoalStatusChange.to_status)
               .join(Goal, on=(GoalStatusChange.goal == Goal.id))
               .where(Goal.resident.in_(ids) & (GoalStatusChange.effective_date <= until))
               .order_by(GoalStatusChange.effective_date, GoalStatusChange.id))
    for gid, effective, status in reviews.tuples():
        changes[gid].append((column_date(effective), status))
    return goals, changes


def _status_on(changes: Sequence[tuple[dt.date, str]], day: dt.date) -> GoalStatus:
    status = GoalStatus.OPEN
    for effective, to_status in changes:
        if effective <= day:
            status = GoalStatus(to_status)
    return status


# ---------------------------------------------------------------- building


def _label(enum: type, value: str) -> str:
    try:
        return str(enum(value).label)
    except ValueError:
        return value.replace("_", " ").capitalize()


def _mentor_periods(resident: _Resident, assignments: Sequence[_Assignment],
                    mentors: dict[int, tuple[str, str]], until: dt.date
                    ) -> tuple[MentorPeriod, ...]:
    first, last = resident.first_day, resident.last_day
    periods = []
    for assignment in assignments:
        if assignment.started_on > last:
            continue
        if assignment.ended_on is not None and assignment.ended_on < first:
            continue
        name, kind = mentors.get(assignment.mentor_id, ("", ""))
        ended = assignment.ended_on
        if ended is not None and ended <= until:
            to_date: dt.date | None = min(ended, last)
            reason = _label(AssignmentEndReason, assignment.end_reason)
        elif last < until:  # the resident moved out; the pairing was not ended
            to_date, reason = last, ""
        else:
            to_date, reason = None, ""
        periods.append(MentorPeriod(
            name, kind, _label(AssignmentRole, assignment.role),
            max(assignment.started_on, first), to_date, reason,
            started_on=assignment.started_on,
            ended_on=ended if ended is not None and ended <= until else None))
    periods.sort(key=lambda p: (p.from_date, p.began, p.role != AssignmentRole.PRIMARY.label))
    return tuple(periods)


def _has_primary_on(assignments: Sequence[_Assignment], day: dt.date) -> bool:
    """An assignment is active on a day from its start until the day it ends
    (ended that day: no longer active, as a reassignment starts the new one)."""
    return any(a.role == AssignmentRole.PRIMARY.value and a.started_on <= day
               and (a.ended_on is None or a.ended_on > day) for a in assignments)


def _check_in_figures(groups: Iterable[_CheckInGroup]) -> CheckInFigures:
    count = minutes = 0
    by_mode: dict[str, int] = {}
    by_support: dict[str, int] = {}
    for group in groups:
        count += group.count
        minutes += group.minutes
        mode = _label(CheckInMode, group.mode)
        by_mode[mode] = by_mode.get(mode, 0) + group.count
        for kind in dict.fromkeys(k for k in group.support_kinds.split(";") if k):
            label = _label(SupportKind, kind)
            by_support[label] = by_support.get(label, 0) + group.count
    mode_order = [m.label for m in CheckInMode]
    support_order = [k.label for k in SupportKind]

    def ordered(figures: dict[str, int], order: list[str]) -> dict[str, int]:
        return dict(sorted(figures.items(), key=lambda item: (
            order.index(item[0]) if item[0] in order else len(order), item[0])))

    return CheckInFigures(count, minutes, ordered(by_mode, mode_order),
                          ordered(by_support, support_order))


def _goal_lines(resident: _Resident, goals: Sequence[tuple[int, str, str, dt.date, dt.date]],
                changes: dict[int, list[tuple[dt.date, str]]]) -> tuple[GoalLine, ...]:
    first, last = resident.first_day, resident.last_day
    lines = []
    for gid, what, measure, target, set_on in goals:
        if set_on > last:
            continue
        history = changes.get(gid, [])
        reviews = sum(1 for effective, _ in history if first <= effective <= last)
        if _status_on(history, first - ONE_DAY) is not GoalStatus.OPEN and not reviews:
            continue  # closed before the month and not looked at again
        lines.append(GoalLine(what, measure, target, _status_on(history, last).label, reviews))
    return tuple(lines)


def _meeting_lines(marks: Sequence[MeetingMark]) -> tuple[MeetingLine, ...]:
    lines = [MeetingLine(column_date(mark.held_on), _label(MeetingKind, str(mark.kind)),
                         AttendanceStatus(mark.status) if mark.status is not None else None,
                         mark.reason or "")
             for mark in marks]
    lines.sort(key=lambda line: line.held_on)
    return tuple(lines)


def _attendance(figures: AttendanceFigures | None) -> AttendanceSummary:
    """The summary as :mod:`soberhouse.meetings.attendance` counts it."""
    if figures is None:  # no meeting counted for the resident
        return AttendanceSummary(0, 0, 0, 0, 0, 0)
    return AttendanceSummary(figures.held, figures.present, figures.late, figures.excused,
                             figures.unexcused, figures.unrecorded)


def _week_lines(weeks: Sequence[WeekCompliance]) -> tuple[WeekLine, ...]:
    return tuple(WeekLine(week.week_start, week.week_end, week.days_lived, week.tier_name,
                          week.quota, week.required, week.attended, week.verified,
                          week.partial, week.in_progress)
                 for week in sorted(weeks, key=lambda week: week.week_start))


def _step_lines(progress: StepProgress | None, span: MonthSpan,
                until: dt.date) -> tuple[tuple[StepLine, ...], int | None]:
    """Steps started or completed in the month, and the current one."""
    if progress is None:
        return (), None
    current, current_started = progress.current_step, progress.current_started_on
    lines = []
    for row in progress.rows:
        started, completed = column_date(row.started_on), _maybe_date(row.completed_on)
        if started > until:
            continue
        if completed is not None and completed > until:
            completed = None  # not yet completed at the end of the month
        in_month = span.first <= started or (completed is not None
                                             and span.first <= completed)
        is_current = row.step == current and started == current_started
        if in_month or is_current:
            lines.append(StepLine(row.step, started, completed, bool(row.restart),
                                  row.restart_reason or ""))
    lines.sort(key=lambda line: (line.started_on, line.step))
    return tuple(lines), current


def reset_text(reset: SobrietyReset) -> str:
    """"sobriety date reset to 20 Oct 2026 (before that: 5 Aug 2026)"."""
    return (f"sobriety date reset to {written_date(reset.new_date)} (before that: "
            f"{written_date(reset.previous_date)})")


def _flags(attendance: AttendanceSummary, weeks: Sequence[WeekLine],
           resets: Sequence[SobrietyReset],
           no_primary_mentor_on: dt.date | None) -> tuple[Flag, ...]:
    flags = []
    judged = [week for week in weeks if week.met is not None]
    missed = sum(1 for week in judged if week.met is False)
    if missed:
        flags.append(Flag("behind_on_quota", f"Missed the outside-meeting quota in {missed} of "
                                             f"{_plural(len(judged), 'week')}"))
    if attendance.unexcused:
        flags.append(Flag("unexcused_absences",
                          f"{_plural(attendance.unexcused, 'unexcused absence')} from house "
                          f"meetings"))
    if no_primary_mentor_on is not None:
        flags.append(Flag("no_mentor", f"No primary mentor on "
                                       f"{_day_label(no_primary_mentor_on)}"))
    if resets:
        told = "; then ".join(reset_text(reset) for reset in resets)
        text = (f"Relapse: {told}" if len(resets) == 1
                else f"{len(resets)} relapses: {told}")
        flags.append(Flag("relapse", text))
    return tuple(flags)


def _sponsor_line(sponsor: Sponsor | None, until: dt.date) -> SponsorLine | None:
    """The sponsor as it stood on ``until`` (an end after it is not shown)."""
    if sponsor is None:
        return None
    ended_on = _maybe_date(sponsor.ended_on)
    return SponsorLine(sponsor.name, sponsor.phone, column_date(sponsor.since),
                       ended_on if ended_on is not None and ended_on <= until else None)


def _status_label(resident: _Resident, until: dt.date) -> tuple[str, dt.date | None]:
    """Active, or how the last stay of the month ended (with its date)."""
    _, move_out, end_status = resident.stays[-1]
    if move_out is None or move_out > until:
        return ResidentStatus.ACTIVE.label, None
    return (_label(ResidentStatus, end_status) if end_status else "Moved out"), move_out


@dataclass
class _Computed:
    progresses: list[MonthlyProgress]
    assignments: dict[int, list[_Assignment]]
    check_ins: list[_CheckInGroup]
    mentors: dict[int, tuple[str, str, int]]  # id -> name, kind label, cap


def _compute(data: _MonthData) -> _Computed:
    """Every resident's month from a fixed number of queries."""
    if not data.residents:
        return _Computed([], {}, [], {})
    span, until, house = data.span, data.until, data.house
    ids = [resident.id for resident in data.residents]
    tiers = {tier.id: tier for tier in Tier.select()}
    tier_changes = _tier_changes(ids, until)
    sobriety = _sobriety_changes(ids)
    assignments = _assignments(ids, span, until)
    mentor_ids = {a.mentor_id for found in assignments.values() for a in found}
    mentors = {facts.id: (facts.name, facts.kind.label, facts.cap)
               for facts in (mentor_facts(mentor_ids) if mentor_ids else [])}
    check_ins = _check_ins(ids, span, until)
    goals, goal_changes = _goals(ids, until)
    marks = marks_by_resident(house.id, span.first, until, resident_ids=ids)
    figures = attendance_by_resident(house.id, span.first, until, resident_ids=ids)
    weeks = weekly_compliance(house.id, span.first, span.last, resident_ids=ids,
                              today=clock.today())
    not_called = [meeting.held_on
                  for meeting in meetings_without_roll_call(house.id, span.first, until)]
    sponsors = sponsors_on(ids, until)
    steps = step_progress(ids, until)
    comments = comments_for(ids, span.first)

    by_resident = {resident.id: resident for resident in data.residents}
    lived_check_ins = [group for group in check_ins
                       if group.mentee_id in by_resident
                       and by_resident[group.mentee_id].lived_on(group.held_on)]
    check_ins_of: dict[int, list[_CheckInGroup]] = defaultdict(list)
    for group in lived_check_ins:
        check_ins_of[group.mentee_id].append(group)

    progresses = []
    for resident in data.residents:
        first, last = resident.first_day, resident.last_day
        spells = _sober_spells(sobriety.get(resident.id, []), resident.sobriety_date)
        sober_since = _sobriety_on(spells, last)
        reached = _milestones(spells, first, last)
        resets = _resets(spells, first, last)
        relapses = tuple(reset.new_date for reset in resets)

        tier_id = resident.tier_id
        steps_in_month = []
        for effective, from_tier, to_tier, reason in tier_changes.get(resident.id, []):
            if effective <= last:
                tier_id = to_tier
            if first <= effective <= last:
                steps_in_month.append(TierStep(
                    effective, tiers[from_tier].name if from_tier in tiers else "",
                    tiers[to_tier].name if to_tier in tiers else "", reason))
        tier = tiers.get(tier_id) if tier_id is not None else None

        own_assignments = assignments.get(resident.id, [])
        names = {mid: (name, kind) for mid, (name, kind, _) in mentors.items()}
        periods = _mentor_periods(resident, own_assignments, names, until)
        no_mentor_on = None
        if (tier is None or not tier.may_mentor) and not _has_primary_on(own_assignments, last):
            no_mentor_on = last

        meeting_lines = _meeting_lines(marks.get(resident.id, []))
        attendance = _attendance(figures.get(resident.id))
        week_lines = _week_lines(weeks.get(resident.id, []))
        sponsor = sponsors.get(resident.id)
        step_lines, current_step = _step_lines(steps.get(resident.id), span, until)
        status, moved_out = _status_label(resident, until)

        progresses.append(MonthlyProgress(
            resident_id=resident.id,
            name=resident.name,
            house_id=house.id,
            house_name=house.name,
            house_address=house.address,
            month=span,
            status=status,
            move_in_date=resident.stays[0][0],
            move_out_date=moved_out,
            days_in_house_this_month=resident.days_lived,
            sobriety_date=sober_since,
            days_sober_at_month_end=days_between(sober_since, last),
            milestones_reached=tuple(m.days for m in reached),
            relapses=relapses,
            tier_at_month_end=tier.name if tier is not None else "",
            tier_changes=tuple(steps_in_month),
            mentors=periods,
            check_ins=_check_in_figures(check_ins_of.get(resident.id, [])),
            goals=_goal_lines(resident, goals.get(resident.id, []), goal_changes),
            meetings=meeting_lines,
            attendance=attendance,
            weeks=week_lines,
            sponsor=_sponsor_line(sponsor, until),
            steps=step_lines,
            current_step=current_step,
            flags=_flags(attendance, week_lines, resets, no_mentor_on),
            comments=comments.get(resident.id, ""),
            milestones=tuple(reached),
            first_day_lived=first,
            last_day_lived=last,
            counted_until=until,
            sobriety_resets=resets,
            meetings_without_roll_call=tuple(day for day in not_called
                                             if resident.lived_on(day)),
        ))
    return _Computed(progresses, assignments, lived_check_ins, mentors)


# ---------------------------------------------------------------- public


def monthly_progress(house_id: int, month: dt.date,
                     resident_ids: Sequence[int] | None = None) -> list[MonthlyProgress]:
    """Everyone who lived in the house at least one day of the month (or
    the ones asked for, if they did), sorted by name.  About twenty
    queries, whatever the number of residents.

    Raises :class:`RuleViolation` on the field ``month`` for a month that has
    not started, :class:`NotFound` for an unknown house."""
    return _compute(_gather(house_id, month, resident_ids)).progresses


def resident_progress(resident_id: int, month: dt.date) -> MonthlyProgress:
    """One resident's month, in the house where they lived (the last one,
    if they moved between houses during the month)."""
    resident = get_resident(resident_id)
    span, until = _period(month)
    stays = (Stay.select(Stay.house, Stay.move_in_date, Stay.move_out_date)
             .where((Stay.resident == resident.id) & (Stay.move_in_date <= until)
                    & (Stay.move_out_date.is_null() | (Stay.move_out_date > span.first)))
             .tuples())
    best: tuple[dt.date, int] | None = None
    for house_id, move_in, move_out in stays:
        move_in, move_out = column_date(move_in), _maybe_date(move_out)
        last = min(move_out - ONE_DAY, until) if move_out is not None else until
        if max(move_in, span.first) <= last and (best is None or last >= best[0]):
            best = (last, house_id)
    if best is None:
        raise RuleViolation(Problem(
            "month", f"{resident.full_name} did not live in any of the houses in "
                     f"{span.label}: there is no report for that month."))
    found = monthly_progress(best[1], span.first, [resident.id])
    return found[0]


def house_month(house_id: int, month: dt.date) -> HouseMonth:
    """The house summary: occupancy, meetings, every resident's month,
    mentors' caseloads and milestones, in a constant number of queries.

    Occupancy: ``residents_at_start`` lived there the day before the month
    began, ``residents_at_end`` on its last day (today for this month); so
    start + move-ins - move-outs = end.  A move to another house counts as a
    move-out (and a move-in there); graduations, discharges and "left" are
    the move-outs by how the stay ended.  Not for a peer coach: it is about
    everyone in the house."""
    if permissions.visible().resident_ids is not None:
        raise NotAllowed("A peer coach can see only their own mentees' records, not the "
                         "house summary.")
    data = _gather(house_id, month, None)
    computed = _compute(data)
    span, until = data.span, data.until
    before = span.first - ONE_DAY

    def living_on(day: dt.date) -> int:
        return len({rid for rid, move_in, move_out, _ in data.stays
                    if move_in <= day and (move_out is None or move_out > day)})

    move_outs = [end for _, _, move_out, end in data.stays
                 if move_out is not None and span.first <= move_out <= until]
    occupancy = OccupancyFigures(
        beds=data.house.beds,
        residents_at_start=living_on(before),
        residents_at_end=living_on(until),
        move_ins=sum(1 for _, move_in, _, _ in data.stays if span.first <= move_in <= until),
        move_outs=len(move_outs),
        graduations=move_outs.count(ResidentStatus.GRADUATED.value),
        discharges=move_outs.count(ResidentStatus.DISCHARGED.value),
        left=move_outs.count(ResidentStatus.LEFT.value),
    )

    held = meetings_between(data.house.id, span.first, until)
    meetings = tuple(
        HouseMeetingLine(row.held_on, _label(MeetingKind, str(row.kind)), row.present, row.late,
                         row.excused, row.unexcused)
        for row in held if not row.cancelled and row.roll_call_taken)
    not_called = tuple(row.held_on for row in held
                       if not row.cancelled and not row.roll_call_taken and row.members)

    mentees: dict[int, set[int]] = defaultdict(set)
    for resident in data.residents:
        first, last = resident.first_day, resident.last_day
        for assignment in computed.assignments.get(resident.id, []):
            if assignment.started_on <= last and (assignment.ended_on is None
                                                  or assignment.ended_on >= first):
                mentees[assignment.mentor_id].add(resident.id)
    contact: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for group in computed.check_ins:
        contact[group.mentor_id][0] += group.count
        contact[group.mentor_id][1] += group.minutes
    caseloads = []
    for mentor_id, who in mentees.items():
        name, kind, cap = computed.mentors.get(mentor_id, ("", "", 0))
        count, minutes = contact.get(mentor_id, (0, 0))
        caseloads.append(CaseloadLine(name, kind, len(who), cap, count, minutes))
    caseloads.sort(key=lambda line: (line.mentor_name.casefold(), line.mentor_kind))

    milestones = sorted(((p.name, m.days, m.date) for p in computed.progresses
                         for m in p.milestones),  # a day's: in the residents' order
                        key=lambda item: item[2])
    return HouseMonth(data.house.id, data.house.name, data.house.address, span, occupancy,
                      meetings, tuple(computed.progresses), tuple(caseloads),
                      tuple(milestones), not_called)


# ---------------------------------------------------------------- comments


@dataclass(frozen=True)
class CommentVersion:
    text: str
    recorded_by: str
    recorded_at: dt.datetime


def comments_for(resident_ids: Iterable[int], month: dt.date) -> dict[int, str]:
    """The manager's current comments (the latest saved) for each resident
    and the month; residents without any are absent.  One query."""
    ids = list(resident_ids)
    if not ids:
        return {}
    query = (ReportComment.select(ReportComment.resident, ReportComment.text)
             .where(ReportComment.resident.in_(ids)
                    & (ReportComment.month == month_span(month).first))
             .order_by(ReportComment.id))
    latest: dict[int, str] = {}
    for rid, text in query.tuples():
        latest[rid] = text
    return {rid: text for rid, text in latest.items() if text}


def save_comments(resident_id: int, month: dt.date, text: str) -> ReportComment | None:
    """Save the manager's comments on a resident's month.  Every edit adds a
    row (the earlier text stays in the history); saving the same text again
    adds nothing and returns None."""
    permissions.require_change(resident_ids=[resident_id])
    span = month_span(month)
    if span.first > clock.today():
        raise RuleViolation(Problem("month", f"{span.label} has not started yet: comments are "
                                             f"written on a month that has begun."))
    cleaned = text.strip()
    if cleaned == comments_for([resident_id], span.first).get(resident_id, ""):
        return None  # nothing to save: no write, no change for other windows to hear of
    with one_write("saved report comments", kinds={"report_comment"},
                   resident_ids=[resident_id]) as scope:
        resident = get_resident(resident_id)
        if cleaned == comments_for([resident.id], span.first).get(resident.id, ""):
            return None  # someone saved the same text a moment ago
        scope.describe(span.label)
        return ReportComment.create(resident=resident, month=span.first, text=cleaned,
                                    recorded_by=current_user())


def comment_history(resident_id: int, month: dt.date) -> list[CommentVersion]:
    """Every saved version of the comments on a resident's month, oldest first."""
    get_resident(resident_id)
    who = fn.COALESCE(AppUser.display_name, AppUser.username)
    query = (ReportComment.select(ReportComment.text, who, ReportComment.recorded_at)
             .join(AppUser, on=(ReportComment.recorded_by == AppUser.id))
             .where((ReportComment.resident == resident_id)
                    & (ReportComment.month == month_span(month).first))
             .order_by(ReportComment.id))
    return [CommentVersion(text, by, at) for text, by, at in query.tuples()]


__all__ = [
    "AttendanceSummary", "CaseloadLine", "CheckInFigures", "CommentVersion", "Flag", "GoalLine",
    "HouseMeetingLine", "HouseMonth", "MeetingLine", "MentorPeriod", "MonthSpan",
    "MonthlyProgress", "OccupancyFigures", "SobrietyReset", "SponsorLine", "StepLine",
    "TierStep", "WeekLine",
    "comment_history", "comments_for", "house_month", "month_span", "monthly_progress",
    "parse_month", "previous_month", "resident_progress", "save_comments",
]

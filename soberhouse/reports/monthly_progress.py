"""A resident's month, computed once: the figures the PDF report, the Reports
section and the command line all read.  Nothing here formats text for a page.

A resident who moved in or out during the month is reported for the days
they lived in the house (``days_in_house_this_month``); house meetings,
outside-meeting weeks and check-ins count only from those days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from soberhouse.models import AttendanceStatus


@dataclass(frozen=True)
class MonthSpan:
    """A calendar month: ``first`` and ``last`` day, both inside it."""

    first: dt.date
    last: dt.date

    @property
    def label(self) -> str:  # "October 2026"
        return self.first.strftime("%B %Y")


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
    from_date: dt.date  # clipped to the month
    to_date: dt.date | None  # None: still mentoring at month end
    end_reason: str  # "" when still going


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
class AttendanceSummary:
    held: int
    present: int
    late: int
    excused: int
    unexcused: int
    unrecorded: int

    @property
    def attended(self) -> int:
        return self.present + self.late

    @property
    def rate(self) -> float | None:
        """attended / (held - excused); None when nothing counts."""
        counted = self.held - self.excused
        return self.attended / counted if counted > 0 else None


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
        return None if self.in_progress else self.attended >= self.required


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

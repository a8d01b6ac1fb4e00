"""Crafted monthly figures for report tests: MonthlyProgress and HouseMonth
built directly (no database), with names in several scripts.

    progress = sample_progress()                         # Nguyễn Thị Lan, October 2026
    progress = sample_progress(name="Иван Петров", meetings=40)
    month = sample_house_month()                         # four residents, one house

Every keyword of :func:`sample_progress` changes one aspect; the figures stay
consistent with each other (attendance counts match the meeting lines, weeks
lie inside the month's house weeks).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from soberhouse.models.meetings import AttendanceStatus
from soberhouse.reports.monthly_progress import (
    AttendanceSummary,
    CaseloadLine,
    CheckInFigures,
    Flag,
    GoalLine,
    HouseMeetingLine,
    HouseMonth,
    MeetingLine,
    MentorPeriod,
    MonthlyProgress,
    MonthSpan,
    OccupancyFigures,
    SponsorLine,
    StepLine,
    TierStep,
    WeekLine,
)

OCTOBER = MonthSpan(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
NAMES = ("Nguyễn Thị Lan", "Øystein Brøndsted", "Ζωή Παπαδοπούλου", "Иван Петров")
HOUSE_NAME = "Maple House"
HOUSE_ADDRESS = "12 Maple St, Springfield"

# Mondays of the house weeks overlapping October 2026 (week_start = Monday).
WEEK_STARTS = tuple(dt.date(2026, 9, 28) + dt.timedelta(weeks=n) for n in range(5))
STATUS_CYCLE = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.EXCUSED,
                AttendanceStatus.UNEXCUSED, AttendanceStatus.PRESENT, AttendanceStatus.PRESENT,
                None, AttendanceStatus.PRESENT)


def meeting_lines(count: int, month: MonthSpan = OCTOBER) -> tuple[MeetingLine, ...]:
    """``count`` meetings spread over the month (several a day for long lists)."""
    lines = []
    days = (month.last - month.first).days + 1
    for n in range(count):
        status = STATUS_CYCLE[n % len(STATUS_CYCLE)]
        reason = {AttendanceStatus.EXCUSED: "At work (night shift), told the manager ahead",
                  AttendanceStatus.UNEXCUSED: "No reason given"}.get(status, "") if status else ""
        lines.append(MeetingLine(month.first + dt.timedelta(days=(n * 3) % days),
                                 "Regular" if n % 4 else "Special", status, reason))
    return tuple(sorted(lines, key=lambda line: line.held_on))


def summary_of(lines: tuple[MeetingLine, ...]) -> AttendanceSummary:
    def count(status: AttendanceStatus | None) -> int:
        return sum(1 for line in lines if line.status == status)

    return AttendanceSummary(held=len(lines), present=count(AttendanceStatus.PRESENT),
                             late=count(AttendanceStatus.LATE),
                             excused=count(AttendanceStatus.EXCUSED),
                             unexcused=count(AttendanceStatus.UNEXCUSED),
                             unrecorded=count(None))


def week_lines(attended: tuple[int, ...] = (1, 3, 2, 3, 4), quota: int = 3) -> tuple[WeekLine, ...]:
    """One line per October house week; the first is partial (moved in on Thu 1 Oct... no:
    the resident lived 4 of its 7 days), required pro-rated as the contract says."""
    lines = []
    for n, start in enumerate(WEEK_STARTS[: len(attended)]):
        days_lived = 4 if n == 0 else 7
        required = int(quota * days_lived / 7 + 0.5)
        lines.append(WeekLine(week_start=start, week_end=start + dt.timedelta(days=6),
                              days_lived=days_lived, tier_name="Tier 2 · Established",
                              quota=quota, required=required, attended=attended[n],
                              verified=max(0, attended[n] - 1), partial=days_lived < 7,
                              in_progress=False))
    return tuple(lines)


def sample_progress(name: str = NAMES[0], *, resident_id: int = 1, meetings: int = 5,
                    weeks: tuple[WeekLine, ...] | None = None, comments: str | None = None,
                    **changes: object) -> MonthlyProgress:
    """A resident's October 2026: 45 days sober at month end, 5 house meetings
    (3 attended, 1 excused, 1 unexcused: rate 75%), quota met in 3 of 5 weeks."""
    lines = meeting_lines(meetings)
    progress = MonthlyProgress(
        resident_id=resident_id,
        name=name,
        house_id=1,
        house_name=HOUSE_NAME,
        house_address=HOUSE_ADDRESS,
        month=OCTOBER,
        status="Active",
        move_in_date=dt.date(2026, 9, 3),
        move_out_date=None,
        days_in_house_this_month=31,
        sobriety_date=dt.date(2026, 9, 16),
        days_sober_at_month_end=45,
        milestones_reached=(30,),
        relapses=(),
        tier_at_month_end="Tier 2 · Established",
        tier_changes=(TierStep(dt.date(2026, 10, 12), "Tier 1 · Newcomer", "Tier 2 · Established",
                               "30 days sober, all meetings kept"),),
        mentors=(MentorPeriod("Đặng Văn Hùng", "Resident mentor", "Primary", dt.date(2026, 10, 1),
                              None, ""),
                 MentorPeriod("Siobhán O'Connor", "Staff coach", "Secondary",
                              dt.date(2026, 10, 1), dt.date(2026, 10, 20), "Caseload moved")),
        check_ins=CheckInFigures(count=6, minutes=240,
                                 by_mode={"In person": 4, "Phone": 2},
                                 by_support={"Emotional": 3, "Employment": 2, "Housing": 1}),
        goals=(GoalLine("Find full-time work", "Signed job offer", dt.date(2026, 12, 1),
                        "In progress", 2),
               GoalLine("Open a bank account", "Account opened", dt.date(2026, 10, 20),
                        "Achieved", 1)),
        meetings=lines,
        attendance=summary_of(lines),
        weeks=week_lines() if weeks is None else weeks,
        sponsor=SponsorLine("Zoë Ångström", "555-0199", dt.date(2026, 9, 20), None),
        steps=(StepLine(3, dt.date(2026, 9, 25), dt.date(2026, 10, 18), False, ""),
               StepLine(4, dt.date(2026, 10, 19), None, False, "")),
        current_step=4,
        flags=(Flag("behind_on_quota", "Behind on outside meetings in 2 of 5 weeks"),
               Flag("unexcused_absences", "1 unexcused absence from house meetings")),
        comments=("Lan has settled in well and keeps her chores. Keep working on the "
                  "job search; next review in November.") if comments is None else comments,
    )
    return replace(progress, **changes) if changes else progress  # type: ignore[arg-type]


def sample_residents(count: int = 4, **changes: object) -> list[MonthlyProgress]:
    """``count`` residents cycling through :data:`NAMES` (numbered after the fourth)."""
    people = []
    for n in range(count):
        name = NAMES[n % len(NAMES)] + (f" {n // len(NAMES) + 1}" if n >= len(NAMES) else "")
        people.append(sample_progress(name, resident_id=n + 1, **changes))
    return people


def sample_house_month(residents: list[MonthlyProgress] | None = None) -> HouseMonth:
    """Maple House in October 2026: 8 beds, the sample residents, three meetings."""
    people = residents if residents is not None else sample_residents(4)
    return HouseMonth(
        house_id=1,
        house_name=HOUSE_NAME,
        house_address=HOUSE_ADDRESS,
        month=OCTOBER,
        occupancy=OccupancyFigures(beds=8, residents_at_start=5, residents_at_end=6, move_ins=2,
                                   move_outs=1, graduations=1, discharges=0, left=0),
        meetings=(HouseMeetingLine(dt.date(2026, 10, 5), "Regular", 5, 1, 0, 0),
                  HouseMeetingLine(dt.date(2026, 10, 12), "Regular", 4, 0, 1, 1),
                  HouseMeetingLine(dt.date(2026, 10, 19), "Special", 6, 0, 0, 0)),
        residents=tuple(people),
        caseloads=(CaseloadLine("Đặng Văn Hùng", "Resident mentor", 3, 4, 14, 520),
                   CaseloadLine("Siobhán O'Connor", "Staff coach", 6, 8, 21, 900)),
        milestones=tuple((person.name, 30, dt.date(2026, 10, 16)) for person in people[:2])
        + (("Иван Петров", 365, dt.date(2026, 10, 28)),),
    )


# Reading a PDF back ---------------------------------------------------------------------

def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, whitespace runs collapsed to one space (table
    cells and wrapped lines come out separated by spaces)."""
    import io
    import re

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [re.sub(r"\s+", " ", page.extract_text() or "").strip() for page in reader.pages]


def pdf_font_names(data: bytes) -> set[str]:
    """BaseFont of every font any page uses, without the subset prefix
    ("AAAAAA+DejaVuSans" -> "DejaVuSans"), Form XObjects included."""
    import io

    from pypdf import PdfReader

    names: set[str] = set()

    def collect(resources: object) -> None:
        if not resources:
            return
        resources = resources.get_object()  # type: ignore[attr-defined]
        fonts = resources.get("/Font")
        if fonts:
            for font in fonts.get_object().values():
                names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
        xobjects = resources.get("/XObject")
        if xobjects:
            for xobject in xobjects.get_object().values():
                xobject = xobject.get_object()
                if xobject.get("/Subtype") == "/Form":
                    collect(xobject.get("/Resources"))

    for page in PdfReader(io.BytesIO(data)).pages:
        collect(page.get("/Resources"))
    return names

"""The residents of a house's month and their key figures, one row each,
read from the core's :class:`MonthlyProgress` (nothing computed here but words)."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtGui import QColor, QIcon

from soberhouse.meetings.attendance import NOT_MARKED
from soberhouse.reports.monthly_progress import MonthlyProgress
from ui.colours import Level, level_colour
from ui.form_fields import short_date
from ui.mentoring.row_model import Column, RowTableModel, last_then
from ui.resources import icon

NO_FLAGS = "None"


class ProgressColumn(IntEnum):
    NAME = 0
    TIER = 1
    STATUS = 2
    DAYS_SOBER = 3
    ATTENDANCE = 4
    ABSENCES = 5
    OUTSIDE = 6
    CHECK_INS = 7
    FLAGS = 8
    COMMENTS = 9


def status_text(progress: MonthlyProgress) -> str:
    if progress.move_out_date is not None:
        return f"{progress.status}, moved out {short_date(progress.move_out_date)}"
    if progress.first_day_lived is not None and progress.first_day_lived > progress.month.first:
        return f"Moved in {short_date(progress.first_day_lived)}"
    return progress.status


def attendance_text(progress: MonthlyProgress) -> str:
    """"75%" (attended / (held - excused)), "No meetings" when none was held
    while they lived there, "Not marked" when the roll calls left them without
    a mark every time (not 0%), "All excused" when every one was excused."""
    figures = progress.attendance
    if figures.held == 0:
        return "No meetings"
    if figures.none_marked:
        return NOT_MARKED
    rate = figures.rate
    return f"{rate:.0%}" if rate is not None else "All excused"


def days_sober_tooltip(progress: MonthlyProgress) -> str:
    """"Days sober on 31 Oct 2026 (sober since 12 Oct 2026; reset this month,
    before that 3 Mar 2025)"."""
    text = (f"Days sober on {short_date(progress.last_day_lived)} (sober since "
            f"{short_date(progress.sobriety_date)}")
    if progress.sobriety_resets:
        text += (f"; reset this month, before that "
                 f"{short_date(progress.sobriety_resets[0].previous_date)}")
    return text + ")"


def absences_text(progress: MonthlyProgress) -> str:
    """"1 / 0": excused / unexcused absences, shown beside the rate."""
    return f"{progress.attendance.excused} / {progress.attendance.unexcused}"


def attendance_tooltip(progress: MonthlyProgress) -> str:
    figures = progress.attendance
    parts = [f"{figures.held} house meetings held while living here",
             f"{figures.present} present, {figures.late} late",
             f"{figures.excused} excused, {figures.unexcused} unexcused absences"]
    if figures.unrecorded:
        parts.append(f"{figures.unrecorded} not marked")
    if progress.meetings_without_roll_call:
        dates = ", ".join(short_date(day) for day in progress.meetings_without_roll_call)
        parts.append(f"No roll call taken on {dates}: not counted")
    return "\n".join(parts)


def attendance_level(progress: MonthlyProgress) -> Level | None:
    return Level.BAD if progress.attendance.unexcused else None


def judged_weeks(progress: MonthlyProgress) -> tuple[int, int]:
    """(weeks met, weeks judged); a week in progress is not judged."""
    judged = [week for week in progress.weeks if week.met is not None]
    return sum(1 for week in judged if week.met), len(judged)


def outside_text(progress: MonthlyProgress) -> str:
    """"4 of 5 weeks" (weeks whose quota was met, of the weeks judged)."""
    met, judged = judged_weeks(progress)
    if not judged:
        return "No week judged yet" if progress.weeks else "No weeks"
    return f"{met} of {judged} weeks"


def outside_tooltip(progress: MonthlyProgress) -> str:
    lines = []
    for week in progress.weeks:
        state = "in progress" if week.met is None else ("met" if week.met else "missed")
        partial = f", {week.days_lived} of 7 days here" if week.partial else ""
        lines.append(f"Week of {short_date(week.week_start)}: {week.attended} of "
                     f"{week.required} ({week.verified} verified{partial}) — {state}")
    return "\n".join(lines) or "No outside-meeting weeks in this month"


def outside_level(progress: MonthlyProgress) -> Level | None:
    met, judged = judged_weeks(progress)
    if not judged:
        return None
    return Level.GOOD if met == judged else Level.BAD


def flags_text(progress: MonthlyProgress) -> str:
    return "; ".join(flag.text for flag in progress.flags) or NO_FLAGS


def flags_colour(progress: MonthlyProgress) -> QColor | None:
    return level_colour(Level.BAD) if progress.flags else None


def flags_icon(progress: MonthlyProgress) -> QIcon | None:
    return icon("warning") if progress.flags else None


def check_ins_tooltip(progress: MonthlyProgress) -> str:
    figures = progress.check_ins
    if not figures.count:
        return "No check-ins with a mentor this month"
    modes = ", ".join(f"{count} {mode.lower()}" for mode, count in figures.by_mode.items())
    return f"{figures.count} check-ins, {figures.minutes} minutes in all ({modes})"


def _colour(level: Level | None) -> QColor | None:
    return level_colour(level) if level is not None else None


class ProgressModel(RowTableModel[MonthlyProgress]):
    columns = (
        Column("Name", lambda p: p.name, shares_room=True),
        Column("Tier", lambda p: p.tier_at_month_end),
        Column("Status", status_text),
        Column("Days\nsober", lambda p: p.days_sober_at_month_end, numeric=True,
               tooltip=days_sober_tooltip),
        Column("Attendance", attendance_text, numeric=True,
               sort=lambda p: last_then(None if p.attendance.none_marked else p.attendance.rate,
                                        0.0),
               tooltip=attendance_tooltip),
        Column("Excused /\nunexcused", absences_text, numeric=True,
               sort=lambda p: (p.attendance.unexcused, p.attendance.excused),
               tooltip=attendance_tooltip,
               foreground=lambda p: _colour(attendance_level(p)),
               accessible=lambda p: f"{p.attendance.excused} excused, "
                                    f"{p.attendance.unexcused} unexcused"),
        Column("Quota met", outside_text, numeric=True,
               sort=lambda p: (judged_weeks(p)[1] - judged_weeks(p)[0], -judged_weeks(p)[1]),
               tooltip=outside_tooltip,
               foreground=lambda p: _colour(outside_level(p))),
        Column("Check-ins", lambda p: p.check_ins.count, numeric=True,
               tooltip=check_ins_tooltip),
        Column("Needs attention", flags_text, sort=lambda p: (-len(p.flags), flags_text(p)),
               foreground=flags_colour, decoration=flags_icon,
               accessible=lambda p: f"Needs attention: {flags_text(p)}" if p.flags
               else "Nothing needs attention", shares_room=True),
        Column("Comments", lambda p: "Written" if p.comments else "Not yet",
               tooltip=lambda p: p.comments or "No comments for this month yet"),
    )

    def row_id(self, row: MonthlyProgress) -> int:
        return row.resident_id

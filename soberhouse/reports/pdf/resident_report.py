"""A resident's monthly progress report: one to two pages read from a
:class:`~soberhouse.reports.monthly_progress.MonthlyProgress`.

Sections: key facts, mentoring, house meetings, outside meetings (table and
chart), step work and sponsor, goals, milestones, tier changes, what needs
attention, the manager's comments, and signature lines.  Nothing is computed
here beyond wording: every figure comes from the dataclass.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from soberhouse import clock
from soberhouse.reports.monthly_progress import MentorPeriod, MonthlyProgress
from soberhouse.reports.pdf import styles
from soberhouse.reports.pdf.chart import weekly_chart
from soberhouse.reports.pdf.fonts import register_fonts
from soberhouse.reports.pdf.page import (
    Logo,
    Output,
    ReportEnd,
    ReportStart,
    RunningHeader,
    TextLine,
    cell,
    content_width,
    data_table,
    heading,
    load_logo,
    render,
    section,
    text_line,
)
from soberhouse.reports.pdf.wording import (
    attendance_status,
    counts,
    day,
    markup,
    met,
    milestone,
    percent,
    plural,
    week,
)
from soberhouse.reports.settings import ReportSettings

if TYPE_CHECKING:
    from soberhouse.consents import DisclosureStamp

REPORT_KIND = "Monthly progress report"
COMMENTS_MIN_HEIGHT = 64.0


def resident_report_pdf(progress: MonthlyProgress, settings: ReportSettings, out: Output, *,
                        printed_on: dt.date | None = None, invariant: bool = False,
                        disclosure: DisclosureStamp | None = None) -> None:
    """Write ``progress`` as a PDF to ``out`` (a path, written whole or not at
    all, or a binary stream).  ``invariant`` gives the same bytes for the same
    input (no time stamp or random document id).  A report for someone outside
    the house carries ``disclosure`` (:func:`soberhouse.consents.disclosure_stamp`):
    boxed under the heading of the first page, and in every page's footer."""
    register_fonts()
    width = content_width(settings)
    story = resident_story(progress, width, load_logo(settings), index=0)
    if disclosure is not None:
        story.insert(3, disclosure_box(disclosure, width))
        settings = replace(settings, notice_text=f"{disclosure.notice} {disclosure.scope_line}"
                                                 f"\n{settings.notice_text}")
    render(story, settings, out, printed_on=printed_on or clock.today(), invariant=invariant,
           title=f"{progress.name}: {progress.month.label}")


def resident_story(progress: MonthlyProgress, width: float, logo: Logo | None,
                   index: int) -> list[Flowable]:
    """The flowables of one resident's report, opened and closed by markers so
    that a batch numbers its pages within the report."""
    story: list[Flowable] = [
        ReportStart(index, RunningHeader(progress.name, progress.house_name, REPORT_KIND,
                                         progress.month.label)),
        heading(progress.house_name, progress.house_address, REPORT_KIND,
                progress.month.label, width, logo),
        text_line(progress.name, styles.PERSON, width),
        _facts(progress, width),
    ]
    story += section(_mentoring(progress, width), len(progress.mentors))
    story += section(_house_meetings(progress, width), len(progress.meetings))
    story += section(_outside_meetings(progress, width), len(progress.weeks))
    if progress.weeks:  # the chart may go to the next page on its own
        story += [Spacer(1, 4), weekly_chart(progress.weeks, width * 0.62)]
    story += section(_steps_and_sponsor(progress, width), len(progress.steps))
    story += section(_goals(progress, width), len(progress.goals))
    story += section(_milestones(progress), 0)
    story += section(_tier_changes(progress, width), len(progress.tier_changes))
    story += section(_flags(progress), len(progress.flags))
    story.append(_comments_and_signatures(progress, width))
    story.append(ReportEnd(index))
    return story


def disclosure_box(disclosure: DisclosureStamp, width: float) -> Flowable:
    """The 42 CFR 2.32 notice and the consent's scope, boxed, for the first page."""
    text = (f"<b>{markup(disclosure.notice)}</b><br/>{markup(disclosure.scope_line)}")
    return Table([[Paragraph(text, styles.BODY)]], colWidths=[width], style=styles.BOX,
                 hAlign="LEFT", spaceBefore=6)


# Sections ------------------------------------------------------------------------------



def _heading(title: str) -> TextLine:
    return TextLine(title, styles.HEADING)


def _note(text: str) -> Paragraph:
    return Paragraph(markup(text), styles.NOTE)


def _last_day_lived(progress: MonthlyProgress) -> dt.date:
    if progress.move_out_date is not None and progress.move_out_date <= progress.month.last:
        return progress.move_out_date - dt.timedelta(days=1)
    return progress.month.last


def _facts(progress: MonthlyProgress, width: float) -> Table:
    month_days = (progress.month.last - progress.month.first).days + 1
    in_house = f"since {day(progress.move_in_date)}"
    if progress.move_out_date is not None:
        in_house = f"{day(progress.move_in_date)} to {day(progress.move_out_date)} (moved out)"
    lived = plural(progress.days_in_house_this_month, "day")
    if progress.days_in_house_this_month < month_days:
        lived += f" of {month_days}"

    widths = [0.17 * width, 0.31 * width, 0.17 * width, 0.35 * width]

    def pair(label: str, value: str) -> list[Any]:
        return [label, cell(value, widths[1], styles.VALUE)]

    sober_since = day(progress.sobriety_date)
    if progress.sobriety_resets:  # a relapse this month: the date it replaced, too
        sober_since += (f" (reset this month; before that: "
                        f"{day(progress.sobriety_resets[0].previous_date)})")
    rows = [
        pair("Month", progress.month.label) + pair("Tier at month end", progress.tier_at_month_end),
        pair("Days sober", f"{progress.days_sober_at_month_end} on "
                           f"{day(_last_day_lived(progress))}")
        + pair("Sobriety date", sober_since),
        pair("Status", progress.status) + pair("In the house", in_house),
        pair("Days in the house", lived) + ["", ""],
    ]
    style = styles.TableStyle([*styles.FACTS.getCommands(),
                               *styles.facts_columns(labels=[0, 2], values=[1, 3])])
    return Table(rows, colWidths=widths, style=style, hAlign="LEFT")


def _mentoring(progress: MonthlyProgress, width: float) -> list[Flowable]:
    parts: list[Flowable] = [_heading("Mentoring")]
    if progress.mentors:
        widths = [w * width for w in (0.27, 0.17, 0.12, 0.15, 0.29)]
        rows: list[list[Any]] = [["Mentor", "Kind", "Role", "From", "To"]]
        for period in progress.mentors:
            rows.append([cell(period.mentor_name, widths[0]), cell(period.mentor_kind, widths[1]),
                         cell(period.role, widths[2]), day(period.began),
                         cell(_mentoring_until(progress, period), widths[4])])
        parts.append(data_table(rows, widths))
    else:
        parts.append(_note("No mentor this month."))
    figures = progress.check_ins
    check_ins = (f"<b>{plural(figures.count, 'check-in')}</b>, "
                 f"{plural(figures.minutes, 'minute')} in all")
    parts.append(Spacer(1, 4))
    parts.append(Paragraph(f"Check-ins: {check_ins}. Ways: {markup(counts(figures.by_mode))}. "
                           f"Support given: {markup(counts(figures.by_support))}.", styles.BODY))
    return parts


def _mentoring_until(progress: MonthlyProgress, period: MentorPeriod) -> str:
    """When the pairing ended (and why), or that it had not: the report
    never shows the month's edge as an end."""
    if period.ended_on is not None:
        until = day(period.ended_on)
        return f"{until} ({period.end_reason})" if period.end_reason else until
    if period.to_date is None:
        return ("Still mentoring" if progress.counted_until != progress.month.last
                else "Still mentoring at month end")
    if progress.move_out_date is not None:
        return f"Not ended (moved out {day(progress.move_out_date)})"
    return f"Not ended (last day here {day(period.to_date)})"


def _house_meetings(progress: MonthlyProgress, width: float) -> list[Flowable]:
    figures = progress.attendance
    parts: list[Flowable] = [_heading("House meetings")]
    counted = figures.held - figures.excused
    if figures.none_marked:
        rate = (f"Attendance rate <b>not marked</b> "
                f"(no mark at the {plural(figures.held, 'meeting')})")
    else:
        rate = (f"Attendance rate <b>{percent(figures.rate)}</b>"
                + (f" ({figures.attended} attended of {counted} counted)" if counted > 0 else ""))
    parts.append(Paragraph(
        f"{rate} · excused {figures.excused} · unexcused {figures.unexcused}"
        f" · not marked {figures.unrecorded} · {plural(figures.held, 'meeting')} held",
        styles.BODY))
    not_called = progress.meetings_without_roll_call
    if not_called:
        dates = ", ".join(day(held_on) for held_on in not_called)
        meetings = "meetings" if len(not_called) > 1 else "meeting"
        parts.append(_note(f"No roll call was taken at the {meetings} of {dates}: not "
                           f"counted until it is."))
    if not progress.meetings:
        parts.append(_note("No house meeting counted for this resident this month."))
        return parts
    widths = [w * width for w in (0.16, 0.22, 0.22, 0.40)]
    rows: list[list[Any]] = [["Date", "Meeting", "Attendance", "Reason"]]
    for line in progress.meetings:
        rows.append([day(line.held_on), cell(line.kind, widths[1]),
                     attendance_status(line.status), cell(line.reason, widths[3])])
    parts.append(data_table(rows, widths))
    return parts


def _outside_meetings(progress: MonthlyProgress, width: float) -> list[Flowable]:
    parts: list[Flowable] = [_heading("Outside meetings (weekly quota)")]
    if not progress.weeks:
        parts.append(_note("No week of outside meetings to judge this month."))
        return parts
    judged = [line for line in progress.weeks if line.met is not None]
    summary = f"Quota met in <b>{sum(1 for line in judged if line.met)} of {len(judged)}</b> " \
              f"judged {'week' if len(judged) == 1 else 'weeks'}"
    in_progress = len(progress.weeks) - len(judged)
    if in_progress:
        summary += f"; {plural(in_progress, 'week')} still in progress"
    parts.append(Paragraph(summary + ".", styles.BODY))
    widths = [w * width for w in (0.24, 0.24, 0.12, 0.12, 0.12, 0.16)]
    rows: list[list[Any]] = [["Week", "Tier", "Required", "Attended", "Verified", "Result"]]
    partial = False
    for line in progress.weeks:
        label = week(line.week_start, line.week_end)
        if line.partial:
            partial = True
            label += " *"
        rows.append([label, cell(line.tier_name, widths[1]), str(line.required),
                     str(line.attended), str(line.verified), met(line.met)])
    table = data_table(rows, widths,
                       extra=[*styles.right_aligned([2, 3, 4]),
                              ("LEFTPADDING", (5, 0), (5, -1), 12)])
    parts.append(table)
    if partial:
        parts.append(_note("* Partial week (moved in or out): the quota is pro-rated to the "
                           "days lived in the house."))
    return parts


def _steps_and_sponsor(progress: MonthlyProgress, width: float) -> list[Flowable]:
    parts: list[Flowable] = [_heading("Step work and sponsor")]
    sponsor = progress.sponsor
    if sponsor is None:
        sponsor_text = "No sponsor at month end."
    else:
        sponsor_text = f"<b>{markup(sponsor.name)}</b>"
        if sponsor.phone:
            sponsor_text += f", {markup(sponsor.phone)}"
        sponsor_text += f", since {day(sponsor.since)}"
        if sponsor.ended_on is not None:
            sponsor_text += f", until {day(sponsor.ended_on)}"
        sponsor_text += "."
    step = ("not started" if progress.current_step is None
            else f"<b>Step {progress.current_step}</b>")
    parts.append(Paragraph(f"Sponsor: {sponsor_text} Current step: {step}.", styles.BODY))
    if progress.steps:
        widths = [w * width for w in (0.10, 0.18, 0.18, 0.54)]
        rows: list[list[Any]] = [["Step", "Started", "Completed", "Note"]]
        for line in progress.steps:
            note = ""
            if line.restart:
                note = "Restarted" + (f": {line.restart_reason}" if line.restart_reason else "")
            rows.append([str(line.step), day(line.started_on),
                         day(line.completed_on) if line.completed_on else "In progress",
                         cell(note, widths[3])])
        parts.append(data_table(rows, widths))
    return parts


def _goals(progress: MonthlyProgress, width: float) -> list[Flowable]:
    parts: list[Flowable] = [_heading("Goals")]
    if not progress.goals:
        parts.append(_note("No goal set."))
        return parts
    widths = [w * width for w in (0.34, 0.26, 0.15, 0.14, 0.11)]
    rows: list[list[Any]] = [["Goal", "Measure", "Target", "Status", "Reviews"]]
    for goal in progress.goals:
        rows.append([cell(goal.what, widths[0]), cell(goal.measure, widths[1]),
                     day(goal.target_date), cell(goal.status, widths[3]),
                     str(goal.reviewed_in_month)])
    parts.append(data_table(rows, widths, extra=styles.right_aligned([4])))
    return parts


def _milestones(progress: MonthlyProgress) -> list[Flowable]:
    parts: list[Flowable] = [_heading("Milestones")]
    if progress.milestones_reached:
        reached = ", ".join(milestone(days) for days in progress.milestones_reached)
        parts.append(Paragraph(f"Reached this month: <b>{reached}</b> sober.", styles.BODY))
    else:
        parts.append(_note("No milestone reached this month."))
    for reset in progress.sobriety_resets:
        parts.append(Paragraph(f"Relapse: sobriety date reset on <b>{day(reset.new_date)}</b>; "
                               f"before that: {day(reset.previous_date)}.", styles.BODY))
    return parts


def _tier_changes(progress: MonthlyProgress, width: float) -> list[Flowable]:
    parts: list[Flowable] = [_heading("Tier changes")]
    if not progress.tier_changes:
        parts.append(_note("No tier change this month."))
        return parts
    widths = [w * width for w in (0.16, 0.2, 0.2, 0.44)]
    rows: list[list[Any]] = [["Date", "From", "To", "Reason"]]
    for change in progress.tier_changes:
        rows.append([day(change.effective_date), cell(change.from_tier or "Intake", widths[1]),
                     cell(change.to_tier, widths[2]), cell(change.reason, widths[3])])
    parts.append(data_table(rows, widths))
    return parts


def _flags(progress: MonthlyProgress) -> list[Flowable]:
    parts: list[Flowable] = [_heading("Needs attention")]
    if not progress.flags:
        parts.append(_note("Nothing flagged this month."))
        return parts
    for flag in progress.flags:
        parts.append(Paragraph(markup(flag.text), styles.FLAG, bulletText="•"))
    return parts


def _comments_and_signatures(progress: MonthlyProgress, width: float) -> Flowable:
    comments: Any = Paragraph(markup(progress.comments.strip()), styles.COMMENTS)
    if not progress.comments.strip():
        comments = ""
    box = Table([[comments]], colWidths=[width], style=styles.BOX, hAlign="LEFT",
                splitInRow=1)  # very long comments continue on the next page
    box_height = box.wrap(width, 10_000)[1]
    if box_height < COMMENTS_MIN_HEIGHT:  # room to write by hand
        box = Table([[comments]], colWidths=[width], rowHeights=[COMMENTS_MIN_HEIGHT],
                    style=styles.BOX, hAlign="LEFT")
    gutter = 0.06 * width
    signature = 0.62 * width
    signatures = Table(
        [["", "", ""],
         ["Resident signature", "", "Date"],
         ["", "", ""],
         ["Manager signature", "", "Date"]],
        colWidths=[signature, gutter, width - signature - gutter], rowHeights=[26, 12, 26, 12],
        style=styles.SIGNATURES, hAlign="LEFT")
    return KeepTogether([_heading("Manager's comments"), box, Spacer(1, 6), signatures])




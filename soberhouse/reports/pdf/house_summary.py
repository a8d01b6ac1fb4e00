"""The house summary for the owner: one house's month from a
:class:`~soberhouse.reports.monthly_progress.HouseMonth`.

Occupancy, house meeting attendance by meeting, outside-meeting compliance by
resident, mentor caseloads, the month's milestones and the residents needing
attention; the same heading and footer as the resident reports.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from soberhouse import clock
from soberhouse.reports.monthly_progress import HouseMonth
from soberhouse.reports.pdf import styles
from soberhouse.reports.pdf.fonts import register_fonts
from soberhouse.reports.pdf.page import (
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
)
from soberhouse.reports.pdf.wording import day, markup, milestone, percent, plural
from soberhouse.reports.settings import ReportSettings

REPORT_KIND = "House summary"


def house_summary_pdf(house_month: HouseMonth, settings: ReportSettings, out: Output, *,
                      printed_on: dt.date | None = None, invariant: bool = False) -> None:
    """Write the house summary of ``house_month`` as a PDF to ``out`` (a path,
    written whole or not at all, or a binary stream)."""
    register_fonts()
    width = content_width(settings)
    story: list[Flowable] = [
        ReportStart(0, RunningHeader(house_month.house_name, "", REPORT_KIND,
                                     house_month.month.label)),
        heading(house_month.house_name, house_month.house_address, REPORT_KIND,
                house_month.month.label, width, load_logo(settings)),
        *_occupancy(house_month, width),
        *section(_meetings(house_month, width), len(house_month.meetings)),
        *section(_compliance(house_month, width), len(house_month.residents)),
        *section(_caseloads(house_month, width), len(house_month.caseloads)),
        *section(_milestones(house_month, width), len(house_month.milestones)),
        *section(_attention(house_month, width),
                sum(1 for person in house_month.residents if person.flags)),
        ReportEnd(0),
    ]
    render(story, settings, out, printed_on=printed_on or clock.today(), invariant=invariant,
           title=f"{house_month.house_name}: {house_month.month.label}")



def _heading(title: str) -> TextLine:
    return TextLine(title, styles.HEADING)


def _note(text: str) -> Paragraph:
    return Paragraph(markup(text), styles.NOTE)


def _occupancy(month: HouseMonth, width: float) -> list[Flowable]:
    figures = month.occupancy

    def pair(label: str, value: int) -> list[Any]:
        return [label, str(value)]

    rows = [
        pair("Beds", figures.beds) + pair("Move-ins", figures.move_ins)
        + pair("Graduations", figures.graduations),
        pair("Residents on the 1st", figures.residents_at_start)
        + pair("Move-outs", figures.move_outs) + pair("Discharges", figures.discharges),
        pair("Residents at month end", figures.residents_at_end) + ["", ""]
        + pair("Left", figures.left),
    ]
    label, value = 0.23 * width, 0.1033 * width
    style = styles.TableStyle([*styles.FACTS.getCommands(),
                               *styles.facts_columns(labels=[0, 2, 4], values=[1, 3, 5])])
    table = Table(rows, colWidths=[label, value] * 3, style=style, hAlign="LEFT")
    return [Spacer(1, 6), _heading("Occupancy"), table]


def _meetings(month: HouseMonth, width: float) -> list[Flowable]:
    parts: list[Flowable] = [_heading("House meetings")]
    not_called = month.meetings_without_roll_call
    if not_called:
        dates = ", ".join(day(held_on) for held_on in not_called)
        meetings = "meetings" if len(not_called) > 1 else "meeting"
        parts.append(_note(f"No roll call was taken at the {meetings} of {dates}: not "
                           f"counted until it is."))
    if not month.meetings:
        parts.append(_note("No house meeting with a roll call this month."))
        return parts
    widths = [w * width for w in (0.18, 0.26, 0.14, 0.14, 0.14, 0.14)]
    rows: list[list[Any]] = [["Date", "Meeting", "Present", "Late", "Excused", "Unexcused"]]
    for line in month.meetings:
        rows.append([day(line.held_on), cell(line.kind, widths[1]), str(line.present),
                     str(line.late), str(line.excused), str(line.unexcused)])
    parts.append(data_table(rows, widths, extra=styles.right_aligned([2, 3, 4, 5])))
    return parts


def _compliance(month: HouseMonth, width: float) -> list[Flowable]:
    parts: list[Flowable] = [_heading("Residents: outside meetings and house meetings")]
    if not month.residents:
        parts.append(_note("Nobody lived in the house this month."))
        return parts
    widths = [w * width for w in (0.26, 0.2, 0.13, 0.15, 0.13, 0.13)]
    rows: list[list[Any]] = [["Resident", "Tier", "Weeks met", "Meeting rate", "Unexcused",
                              "Days sober"]]
    for person in month.residents:
        judged = [week for week in person.weeks if week.met is not None]
        met = sum(1 for week in judged if week.met)
        weeks = f"{met} of {len(judged)}" if judged else "—"
        rows.append([cell(person.name, widths[0]), cell(person.tier_at_month_end, widths[1]),
                     weeks,
                     "Not marked" if person.attendance.none_marked
                     else percent(person.attendance.rate), str(person.attendance.unexcused),
                     str(person.days_sober_at_month_end)])
    parts.append(data_table(rows, widths, extra=styles.right_aligned([2, 3, 4, 5])))
    parts.append(_note("Weeks met: weeks whose outside-meeting quota was met, of the weeks "
                       "judged (weeks in progress are not judged). Meeting rate: house meeting "
                       "attendance, excused absences left out; “Not marked”: no mark at any "
                       "meeting."))
    return parts


def _caseloads(month: HouseMonth, width: float) -> list[Flowable]:
    parts: list[Flowable] = [_heading("Mentor caseloads")]
    if not month.caseloads:
        parts.append(_note("No mentor had a mentee in this house this month."))
        return parts
    widths = [w * width for w in (0.3, 0.22, 0.12, 0.1, 0.13, 0.13)]
    rows: list[list[Any]] = [["Mentor", "Kind", "Mentees", "Cap", "Check-ins", "Minutes"]]
    for line in month.caseloads:
        rows.append([cell(line.mentor_name, widths[0]), cell(line.mentor_kind, widths[1]),
                     str(line.mentees), str(line.cap), str(line.check_ins), str(line.minutes)])
    parts.append(data_table(rows, widths, extra=styles.right_aligned([2, 3, 4, 5])))
    return parts


def _milestones(month: HouseMonth, width: float) -> list[Flowable]:
    parts: list[Flowable] = [_heading("Milestones this month")]
    if not month.milestones:
        parts.append(_note("No milestone reached this month."))
        return parts
    widths = [w * width for w in (0.46, 0.3, 0.24)]
    rows: list[list[Any]] = [["Resident", "Milestone", "Reached on"]]
    for name, days, reached in month.milestones:
        rows.append([cell(name, widths[0]), f"{milestone(days)} sober", day(reached)])
    parts.append(data_table(rows, widths))
    return parts


def _attention(month: HouseMonth, width: float) -> list[Flowable]:
    parts: list[Flowable] = [_heading("Residents needing attention")]
    flagged = [person for person in month.residents if person.flags]
    if not flagged:
        parts.append(_note("Nothing flagged this month."))
        return parts
    parts.append(Paragraph(f"{plural(len(flagged), 'resident')} flagged.", styles.BODY))
    rows: list[list[Any]] = [["Resident", "What needs attention"]]
    for person in flagged:
        flags = "<br/>".join(markup(flag.text) for flag in person.flags)
        rows.append([cell(person.name, 0.3 * width), Paragraph(flags, styles.CELL)])
    parts.append(data_table(rows, [0.3 * width, 0.7 * width]))
    return parts

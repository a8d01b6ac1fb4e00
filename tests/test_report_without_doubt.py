"""Reports without doubt (issue 10), read back from the PDF: mentoring shown
from when the pairing began, every page saying whose report it is, one date
style on the whole page, a relapse with the date it replaced, and meetings
whose roll call was never taken said so instead of counted as absences.
Today is Sunday 2026-11-15; the month is October 2026."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from soberhouse import date_style
from soberhouse.date_style import DateStyle
from soberhouse.mentoring.assignments import assign_mentor, reassign
from soberhouse.mentoring.mentors import StaffCoachDetails, register_staff_coach
from soberhouse.models import House, Resident, ResidentStatus
from soberhouse.models.meetings import AttendanceStatus
from soberhouse.reports.monthly_progress import (
    MentorPeriod,
    MonthlyProgress,
    SobrietyReset,
    house_month,
    monthly_progress,
)
from soberhouse.reports.pdf import house_summary_pdf, monthly_batch_pdf, resident_report_pdf
from soberhouse.reports.settings import ReportSettings
from soberhouse.residents import ResidentDetails, discharge, record_relapse, update_resident
from tests.meetings_helpers import held
from tests.mentoring_helpers import admit
from tests.report_samples import pdf_pages, sample_house_month, sample_progress

D = dt.date
OCTOBER = D(2026, 10, 1)
PRINTED = D(2026, 11, 15)
SETTINGS = ReportSettings("Confidential.")


@pytest.fixture(autouse=True)
def default_style() -> Iterator[None]:
    date_style.use_style(date_style.DEFAULT_STYLE)
    yield
    date_style.use_style(date_style.DEFAULT_STYLE)


def report_text(progress: MonthlyProgress) -> list[str]:
    out = io.BytesIO()
    resident_report_pdf(progress, SETTINGS, out, printed_on=PRINTED)
    return pdf_pages(out.getvalue())


def progress_of(house: House, resident: Resident) -> MonthlyProgress:
    return {p.resident_id: p for p in monthly_progress(house.id, OCTOBER)}[resident.id]


# 1. Mentoring: from when the pairing began, to when it ended -------------------------------

def test_mentoring_shows_when_the_pairing_began_and_ended(house: House, today: dt.date) -> None:
    coach = register_staff_coach(StaffCoachDetails("Dana", "Whitfield", since=D(2026, 1, 5)))
    other = register_staff_coach(StaffCoachDetails("Ray", "Moss", since=D(2026, 1, 5)))
    bo = admit(house, "Bo", "Lee", move_in=D(2026, 7, 1))
    first = assign_mentor(coach.id, bo.id, D(2026, 8, 5))
    reassign(first.id, other.id, D(2026, 10, 12))

    progress = progress_of(house, bo)
    dana, ray = progress.mentors
    assert (dana.started_on, dana.ended_on, dana.end_reason) == (
        D(2026, 8, 5), D(2026, 10, 12), "Reassigned")
    assert (ray.started_on, ray.ended_on, ray.to_date) == (D(2026, 10, 12), None, None)
    text = " ".join(report_text(progress))
    assert "Dana Whitfield Staff coach Primary 5 Aug 2026 12 Oct 2026 (Reassigned)" in text
    assert "Ray Moss Staff coach Primary 12 Oct 2026 Still mentoring at month end" in text
    assert not re.search(r"\b1 Oct 2026", text)  # the month's edge is not shown as a start


def test_a_pairing_not_ended_when_the_mentee_moved_out_says_so(house: House,
                                                               today: dt.date) -> None:
    coach = register_staff_coach(StaffCoachDetails("Dana", "Whitfield", since=D(2026, 1, 5)))
    bo = admit(house, "Bo", "Lee", move_in=D(2026, 7, 1))
    assign_mentor(coach.id, bo.id, D(2026, 7, 2))
    discharge(bo.id, ResidentStatus.LEFT.value, D(2026, 10, 20), "Moved away")

    progress = progress_of(house, bo)
    (period,) = progress.mentors
    assert (period.started_on, period.ended_on, period.to_date) == (
        D(2026, 7, 2), None, D(2026, 10, 19))
    text = " ".join(report_text(progress))
    assert "Dana Whitfield Staff coach Primary 2 Jul 2026 Not ended (moved out 20 Oct 2026)" \
        in text


# 2. Every page says whose report it is --------------------------------------------------

def test_every_page_carries_the_resident_house_and_month() -> None:
    pages = report_text(sample_progress(meetings=40))
    assert len(pages) >= 3
    assert pages[0].startswith("Maple House 12 Maple St, Springfield Monthly progress report "
                               "October 2026 Nguyễn Thị Lan")
    for text in pages[1:]:
        assert text.startswith("Nguyễn Thị Lan · Maple House Monthly progress report · "
                               "October 2026 ")
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text


def test_each_report_of_a_batch_has_its_own_running_header() -> None:
    people = [sample_progress(meetings=30),
              sample_progress("Иван Петров", resident_id=2, meetings=30)]
    out = io.BytesIO()
    monthly_batch_pdf(people, SETTINGS, out, printed_on=PRINTED)
    pages = pdf_pages(out.getvalue())
    starts = [number for number, text in enumerate(pages) if text.startswith("Maple House 12")]
    assert len(starts) == 2 and starts[0] == 0  # each report opens with its full heading
    for number, text in enumerate(pages):
        who = "Nguyễn Thị Lan" if number < starts[1] else "Иван Петров"
        if number not in starts:
            assert text.startswith(f"{who} · Maple House Monthly progress report")
        assert who in text and "October 2026" in text


def test_a_name_too_long_for_the_running_header_is_shortened_there_only() -> None:
    name = "Maximiliana " * 12 + "Featherstonehaugh"
    pages = report_text(sample_progress(name.strip(), meetings=30))
    assert name.strip() in pages[0]
    header = pages[1].split(" Monthly progress report")[0]
    assert header.startswith("Maximiliana Maximiliana") and header.endswith("…")


def test_the_house_summary_pages_say_which_house_and_month() -> None:
    from tests.report_samples import sample_residents

    out = io.BytesIO()
    house_summary_pdf(sample_house_month(sample_residents(30)), SETTINGS, out,
                      printed_on=PRINTED)
    pages = pdf_pages(out.getvalue())
    assert len(pages) >= 2
    for text in pages[1:]:
        assert text.startswith("Maple House House summary · October 2026")


# 3. One date style on the whole page ----------------------------------------------------

MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
FORMATS = {
    DateStyle.DAY_MONTH_YEAR: re.compile(rf"\b\d{{1,2}} (?:{MONTHS})\b"),
    DateStyle.MONTH_DAY_YEAR: re.compile(rf"\b(?:{MONTHS})[a-z]* \d{{1,2}}\b"),
    DateStyle.ISO: re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
}
NUMERIC = re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b")
SEEN = {DateStyle.DAY_MONTH_YEAR: "31 Oct 2026", DateStyle.MONTH_DAY_YEAR: "Oct 31, 2026",
        DateStyle.ISO: "2026-10-31"}


def full_progress() -> MonthlyProgress:
    """A report with a date in every place one can be."""
    return sample_progress(
        meetings=12, sobriety_date=D(2026, 10, 12), relapses=(D(2026, 10, 12),),
        sobriety_resets=(SobrietyReset(D(2026, 10, 12), D(2025, 3, 3)),),
        meetings_without_roll_call=(D(2026, 10, 26),), move_out_date=D(2026, 11, 1),
        mentors=(MentorPeriod("Đặng Văn Hùng", "Resident mentor", "Primary", D(2026, 10, 1),
                              D(2026, 10, 20), "Completed", started_on=D(2026, 8, 5),
                              ended_on=D(2026, 10, 20)),),
        counted_until=D(2026, 10, 31))


def text_pieces(data: bytes) -> list[str]:
    """Each piece of text as drawn (a cell, a line, a chart label): read back
    as one run, neighbouring cells would make dates of their own ("Step 3",
    "Sep 25, 2026" reads "3 Sep 25")."""
    from pypdf import PdfReader

    pieces: list[str] = []
    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=lambda text, *_: pieces.append(text))
    return [piece.strip() for piece in pieces if piece.strip()]


@pytest.mark.parametrize("style", list(DateStyle))
def test_a_report_in_each_style_has_only_that_styles_dates(style: DateStyle) -> None:
    date_style.use_style(style)
    out = io.BytesIO()
    monthly_batch_pdf([full_progress()], SETTINGS, out, printed_on=PRINTED)
    summary = io.BytesIO()
    house_summary_pdf(sample_house_month([full_progress()]), SETTINGS, summary,
                      printed_on=PRINTED)
    for data in (out.getvalue(), summary.getvalue()):
        pieces = text_pieces(data)
        assert any(FORMATS[style].search(piece) for piece in pieces)
        for other, pattern in FORMATS.items():
            if other is not style:
                assert not [piece for piece in pieces if pattern.search(piece)], other
        assert not [piece for piece in pieces if NUMERIC.search(piece)]
    chart = {DateStyle.DAY_MONTH_YEAR: "5 Oct", DateStyle.MONTH_DAY_YEAR: "Oct 5",
             DateStyle.ISO: "2026-10-05"}[style]
    assert chart in text_pieces(out.getvalue())  # a week's label under the chart
    report = " ".join(pdf_pages(out.getvalue()))
    assert SEEN[style] in report  # "Days sober 45 on ..."
    assert {DateStyle.DAY_MONTH_YEAR: "Printed 15 Nov 2026",
            DateStyle.MONTH_DAY_YEAR: "Printed Nov 15, 2026",
            DateStyle.ISO: "Printed 2026-11-15"}[style] in report
    assert {DateStyle.DAY_MONTH_YEAR: "5–11 Oct", DateStyle.MONTH_DAY_YEAR: "Oct 5–11",
            DateStyle.ISO: "2026-10-05 – 2026-10-11"}[style] in report


def test_the_flags_are_written_in_the_style_in_use(house: House, today: dt.date) -> None:
    lee = admit(house, "Lee", "Park", move_in=D(2026, 8, 1), sober=D(2026, 8, 5))
    record_relapse(lee.id, D(2026, 10, 20), "Drank at a wedding")
    date_style.use_style(DateStyle.MONTH_DAY_YEAR)
    progress = progress_of(house, lee)
    assert progress.flag("relapse").text == (
        "Relapse: sobriety date reset to Oct 20, 2026 (before that: Aug 5, 2026)")
    assert progress.flag("no_mentor").text == "No primary mentor on Oct 31"


# 4. A relapse this month, with the date it replaced --------------------------------------

def test_a_relapse_this_month_shows_the_earlier_sobriety_date(house: House,
                                                              today: dt.date) -> None:
    ann = admit(house, "Ann", "Avery", move_in=D(2026, 5, 1), sober=D(2025, 3, 3))
    record_relapse(ann.id, D(2026, 10, 12), "Used at a party")
    progress = progress_of(house, ann)
    assert progress.sobriety_resets == (SobrietyReset(D(2026, 10, 12), D(2025, 3, 3)),)
    assert progress.days_sober_at_month_end == 19
    text = " ".join(report_text(progress))
    assert "Sobriety date 12 Oct 2026 (reset this month; before that: 3 Mar 2025)" in text
    assert "Relapse: sobriety date reset on 12 Oct 2026; before that: 3 Mar 2025." in text
    assert "Relapse: sobriety date reset to 12 Oct 2026 (before that: 3 Mar 2025)" in text


def test_two_relapses_in_a_month_each_name_the_date_they_replaced(house: House,
                                                                  today: dt.date) -> None:
    ann = admit(house, "Ann", "Avery", move_in=D(2026, 5, 1), sober=D(2025, 3, 3))
    record_relapse(ann.id, D(2026, 10, 5), "Drank")
    record_relapse(ann.id, D(2026, 10, 25), "Drank again")
    progress = progress_of(house, ann)
    assert progress.sobriety_resets == (SobrietyReset(D(2026, 10, 5), D(2025, 3, 3)),
                                        SobrietyReset(D(2026, 10, 25), D(2026, 10, 5)))
    text = " ".join(report_text(progress))
    assert "(reset this month; before that: 3 Mar 2025)" in text
    assert "reset on 25 Oct 2026; before that: 5 Oct 2026." in text


def test_a_corrected_typo_is_not_a_reset(house: House, today: dt.date) -> None:
    ann = admit(house, "Ann", "Avery", move_in=D(2026, 5, 1), sober=D(2025, 3, 3))
    details = ResidentDetails.of(Resident.get_by_id(ann.id))
    details.sobriety_date = D(2025, 3, 13)  # typed 3 for 13
    update_resident(ann.id, details)
    progress = progress_of(house, ann)
    assert progress.sobriety_resets == () and "relapse" not in progress.flag_keys
    text = " ".join(report_text(progress))
    assert "Sobriety date 13 Mar 2025" in text
    assert "reset" not in text and "Relapse" not in text


# 5. A meeting with no roll call; residents not marked --------------------------------------

def test_a_meeting_without_a_roll_call_is_said_and_not_counted(house: House,
                                                               today: dt.date) -> None:
    ann = admit(house, "Ann", "Avery", move_in=D(2026, 5, 1))
    ben = admit(house, "Ben", "Brooks", move_in=D(2026, 5, 1))
    held(house, D(2026, 10, 5), {ann.id: AttendanceStatus.PRESENT})  # Ben not marked
    held(house, D(2026, 10, 12))  # no roll call at all
    ann_month, ben_month = progress_of(house, ann), progress_of(house, ben)
    assert ann_month.meetings_without_roll_call == (D(2026, 10, 12),)
    assert (ann_month.attendance.held, ann_month.attendance.rate) == (1, 1.0)
    # Ben: one meeting counted, no mark at it: "not marked", not 0%.
    assert (ben_month.attendance.held, ben_month.attendance.unrecorded) == (1, 1)
    assert ben_month.attendance.none_marked and ben_month.attendance.rate_text == "Not marked"
    text = " ".join(report_text(ben_month))
    assert "Attendance rate not marked (no mark at the 1 meeting)" in text
    assert "5 Oct 2026 Weekly meeting Not marked" in text
    assert "No roll call was taken at the meeting of 12 Oct 2026: not counted until it is." \
        in text
    assert "0%" not in text

    summary = house_month(house.id, OCTOBER)
    assert summary.meetings_without_roll_call == (D(2026, 10, 12),)
    out = io.BytesIO()
    house_summary_pdf(summary, SETTINGS, out, printed_on=PRINTED)
    summary_text = " ".join(pdf_pages(out.getvalue()))
    assert "No roll call was taken at the meeting of 12 Oct 2026" in summary_text
    assert "Ben Brooks Newcomer 0 of 5 Not marked 0" in summary_text
    assert "Ann Avery Newcomer 0 of 5 100% 0" in summary_text


def test_a_report_sample_with_unmarked_meetings_keeps_the_domain_rate() -> None:
    """Marked at some meetings, not at others: the rate is attended / (held -
    excused) as DOMAIN.md says, with the meetings not marked beside it."""
    progress = sample_progress(meetings=8)  # one of the eight not marked
    figures = progress.attendance
    assert (figures.held, figures.unrecorded, figures.excused) == (8, 1, 1)
    text = " ".join(report_text(progress))
    assert (f"Attendance rate {figures.rate:.0%} ({figures.attended} attended of 7 counted) "
            f"· excused 1 · unexcused 1 · not marked 1 · 8 meetings held") in text



@pytest.mark.usefixtures("command_line_user")
def test_the_command_line_writes_dates_in_the_style_chosen_in_settings(
        tmp_path: Path, today: dt.date) -> None:
    from soberhouse import accounts, database
    from soberhouse.cli import main
    from soberhouse.houses import HouseDetails, create_house

    path = tmp_path / "styled.sqlite3"
    database.connect(path)
    accounts.act_as("test-manager")
    maple = create_house(HouseDetails(name="Maple House", beds=8))
    admit(maple, "Zoë", "Nguyễn", move_in=D(2026, 9, 1))
    date_style.save_style(DateStyle.ISO)
    database.close()
    out = tmp_path / "october.pdf"
    assert main(["--database", str(path), "report", "--month", "2026-10", "--house", "Maple House",
                 "--all", "--out", str(out)]) == 0
    text = " ".join(pdf_pages(out.read_bytes()))
    assert "Printed 2026-11-15" in text and "since 2026-09-01" in text
    assert not FORMATS[DateStyle.DAY_MONTH_YEAR].search(text)

"""The resident's monthly PDF, read back: figures, names, footer, fonts, paper."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from soberhouse.reports.pdf import resident_report_pdf
from soberhouse.reports.settings import DEFAULT_NOTICE, ReportSettings
from tests.report_samples import NAMES, pdf_font_names, pdf_pages, sample_progress, week_lines

PRINTED = dt.date(2026, 11, 15)
NOTICE = "Confidential: for the resident and the house manager only."


def build(progress=None, settings: ReportSettings | None = None, **options) -> bytes:
    out = io.BytesIO()
    resident_report_pdf(progress or sample_progress(), settings or ReportSettings(NOTICE), out,
                        printed_on=PRINTED, **options)
    return out.getvalue()


def test_the_report_shows_the_residents_figures() -> None:
    text = " ".join(pdf_pages(build(invariant=True)))
    assert "Nguyễn Thị Lan" in text
    assert "Maple House" in text and "12 Maple St, Springfield" in text
    assert "Monthly progress report" in text and "October 2026" in text
    assert "Days sober 45 on 31 Oct 2026" in text
    assert "Tier at month end Tier 2 · Established" in text
    # House meetings: 3 attended of 4 counted, the excused and unexcused beside the rate.
    assert "Attendance rate 75% (3 attended of 4 counted) · excused 1 · unexcused 1" in text
    assert "13 Oct 2026 Special Present" in text
    assert "7 Oct 2026 Regular Excused absence At work (night shift)" in text
    # Outside meetings: the partial first week required 2 (3 x 4/7 rounded), 3 of 5 met.
    assert "Quota met in 3 of 5 judged weeks." in text
    assert "28 Sep – 4 Oct * Tier 2 · Established 2 1 0 Missed" in text
    assert "19–25 Oct Tier 2 · Established 3 3 2 Met" in text
    assert "Required Attended" in text  # the chart's legend
    # Mentoring, steps, sponsor, goals, milestones, tier changes, flags, comments.
    assert "Đặng Văn Hùng Resident mentor Primary 1 Oct 2026 Still mentoring" in text
    assert "6 check-ins, 240 minutes in all" in text
    assert "In person 4, Phone 2" in text
    assert "Sponsor: Zoë Ångström, 555-0199, since 20 Sep 2026. Current step: Step 4." in text
    assert "Find full-time work Signed job offer 1 Dec 2026 In progress 2" in text
    assert "Reached this month: 30 days sober." in text
    assert "12 Oct 2026 Tier 1 · Newcomer Tier 2 · Established" in text
    assert "Behind on outside meetings in 2 of 5 weeks" in text
    assert "Manager's comments Lan has settled in well" in text
    assert "Resident signature" in text and "Manager signature" in text


@pytest.mark.parametrize("name", NAMES)
def test_names_in_every_script_print(name: str) -> None:
    text = " ".join(pdf_pages(build(sample_progress(name))))
    assert name in text


def test_markup_characters_in_names_and_comments_print_as_typed() -> None:
    progress = sample_progress("Jo & <Sam> O'Neil", comments="Rent < $400 & chores done")
    text = " ".join(pdf_pages(build(progress)))
    assert "Jo & <Sam> O'Neil" in text
    assert "Rent < $400 & chores done" in text


def test_every_page_has_the_notice_the_print_date_and_page_x_of_y() -> None:
    pages = pdf_pages(build(sample_progress(meetings=12)))
    assert len(pages) == 2
    for number, text in enumerate(pages, start=1):
        assert NOTICE in text
        assert "Printed 15 Nov 2026" in text
        assert f"Page {number} of 2" in text


def test_the_default_notice_prints_whole_on_every_page() -> None:
    pages = pdf_pages(build(settings=ReportSettings()))
    assert all(" ".join(DEFAULT_NOTICE.split()) in text for text in pages)


def test_only_the_embedded_dejavu_fonts_are_used() -> None:
    data = build()
    assert pdf_font_names(data) == {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"}
    assert b"Helvetica" not in data
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object() \
                if "/DescendantFonts" in font.get_object() else font.get_object()
            assert "/FontFile2" in descriptor["/FontDescriptor"].get_object()  # embedded


def test_invariant_gives_the_same_bytes_for_the_same_input() -> None:
    first = build(invariant=True)
    second = build(invariant=True)
    assert first == second
    assert build(sample_progress(days_sober_at_month_end=46), invariant=True) != first


@pytest.mark.parametrize(("paper", "size"), [("letter", (612, 792)), ("A4", (595, 842))])
def test_the_paper_size_follows_the_settings(paper: str, size: tuple[int, int]) -> None:
    data = build(settings=ReportSettings(NOTICE, paper_size=paper))  # type: ignore[arg-type]
    for page in PdfReader(io.BytesIO(data)).pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == size


def test_a_long_meetings_table_keeps_its_header_on_the_next_page() -> None:
    pages = pdf_pages(build(sample_progress(meetings=70)))
    header = "Date Meeting Attendance Reason"
    with_rows = [text for text in pages if "Excused absence" in text or "Present" in text]
    assert len(with_rows) >= 2  # the table split
    assert all(header in text for text in with_rows)
    # The rows after the split follow the header directly.
    assert pages[1].index(header) < pages[1].index("Oct 2026 ")


def test_no_house_meeting_shows_a_dash_for_the_rate() -> None:
    text = " ".join(pdf_pages(build(sample_progress(meetings=0))))
    assert "Attendance rate — · excused 0 · unexcused 0" in text
    assert "No house meeting counted for this resident this month." in text


def test_a_week_in_progress_is_not_judged() -> None:
    weeks = week_lines((1, 3))
    weeks = (weeks[0], replace(weeks[1], in_progress=True))
    text = " ".join(pdf_pages(build(sample_progress(weeks=weeks))))
    assert "Quota met in 0 of 1 judged week; 1 week still in progress." in text
    assert "In progress" in text


def test_the_logo_is_drawn_when_the_settings_point_to_a_picture(tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), (47, 93, 138)).save(logo)
    data = build(settings=ReportSettings(NOTICE, logo_path=str(logo)))
    first = PdfReader(io.BytesIO(data)).pages[0]
    images = [x for x in first["/Resources"]["/XObject"].values()
              if x.get_object()["/Subtype"] == "/Image"]
    assert len(images) == 1
    # A moved logo does not stop the report.
    text = " ".join(pdf_pages(build(settings=ReportSettings(NOTICE, logo_path=str(tmp_path / "gone.png")))))
    assert "Nguyễn Thị Lan" in text


def test_writing_to_a_path_leaves_only_the_pdf(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    resident_report_pdf(sample_progress(), ReportSettings(NOTICE), target, printed_on=PRINTED)
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]
    resident_report_pdf(sample_progress(), ReportSettings(NOTICE), str(target), printed_on=PRINTED)
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_a_name_too_long_for_one_line_wraps_and_prints_whole() -> None:
    name = "Maria-Fernanda de los Ángeles Castañeda-Villaseñor y Oyarzún-Bërgström Nakamura"
    text = " ".join(pdf_pages(build(sample_progress(name))))
    assert name in text


def test_very_long_comments_continue_on_the_next_page() -> None:
    comments = " ".join(f"Week {n}: kept every chore and meeting, talked with the mentor." for n in range(120))
    pages = pdf_pages(build(sample_progress(comments=comments)))
    text = " ".join(pages)
    assert "Week 0: kept" in text and "Week 119: kept" in text
    assert "Manager signature" in pages[-1]


def test_chinese_japanese_and_korean_names_print_in_a_fallback_font() -> None:
    """DejaVu Sans has no Chinese, Japanese or Korean letters: without a
    fallback they print as empty boxes."""
    name = "李伟 Li Wei"
    progress = sample_progress(name, comments="与导师见面 every week; 佐藤さん; 김민준")
    data = build(progress)
    text = " ".join(pdf_pages(data))
    assert name in text
    assert "与导师见面" in text and "佐藤さん" in text and "김민준" in text
    assert {"DroidSansFallback", "NanumGothic"} <= pdf_font_names(data)
    assert "DroidSansFallback" not in pdf_font_names(build(sample_progress("Иван Петров")))

"""The house summary PDF, read back."""

from __future__ import annotations

import datetime as dt
import io

from soberhouse.reports.pdf import house_summary_pdf
from soberhouse.reports.settings import ReportSettings
from tests.report_samples import (
    NAMES,
    pdf_font_names,
    pdf_pages,
    sample_house_month,
    sample_residents,
)

PRINTED = dt.date(2026, 11, 15)
NOTICE = "Confidential: for the house owner only."


def build(month=None, **options) -> bytes:
    out = io.BytesIO()
    house_summary_pdf(month or sample_house_month(), ReportSettings(NOTICE), out,
                      printed_on=PRINTED, **options)
    return out.getvalue()


def test_the_summary_shows_the_houses_figures() -> None:
    text = " ".join(pdf_pages(build()))
    assert "Maple House 12 Maple St, Springfield House summary October 2026" in text
    assert "Beds 8 Move-ins 2 Graduations 1" in text
    assert "Residents on the 1st 5 Move-outs 1 Discharges 0" in text
    assert "Residents at month end 6 Left 0" in text
    assert "12 Oct 2026 Regular 4 0 1 1" in text
    # Each resident: weeks met of judged, the house meeting rate, unexcused, days sober.
    for name in NAMES:
        assert f"{name} Tier 2 · Established 3 of 5 75% 1 45" in text
    assert "Đặng Văn Hùng Resident mentor 3 4 14 520" in text
    assert "Иван Петров 1 year sober 28 Oct 2026" in text
    assert "4 residents flagged." in text
    assert ("Ζωή Παπαδοπούλου Behind on outside meetings in 2 of 5 weeks "
            "1 unexcused absence from house meetings") in text


def test_footer_on_every_page_and_only_dejavu_fonts() -> None:
    data = build(sample_house_month(sample_residents(30)))
    pages = pdf_pages(data)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert NOTICE in text and "Printed 15 Nov 2026" in text
        assert f"Page {number} of {len(pages)}" in text
    # The long residents table starts on page 1 and continues under its header on page 2.
    header = "Resident Tier Weeks met Meeting rate Unexcused Days sober"
    # Page 2 opens with the running header (house, report, month), then the table's header.
    assert header in pages[0]
    assert pages[1].startswith(f"Maple House House summary · October 2026 {header}")
    # The list of residents needing attention split over pages and kept its header.
    flagged = [text for text in pages if "Behind on outside meetings" in text]
    assert len(flagged) >= 2
    assert all("Resident What needs attention" in text for text in flagged)
    assert pdf_font_names(data) == {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"}
    assert b"Helvetica" not in data


def test_invariant_bytes() -> None:
    assert build(invariant=True) == build(invariant=True)


def test_an_empty_month_reads_plainly() -> None:
    from dataclasses import replace

    month = replace(sample_house_month([]), meetings=(), caseloads=(), milestones=())
    text = " ".join(pdf_pages(build(month)))
    assert "No house meeting with a roll call this month." in text
    assert "Nobody lived in the house this month." in text
    assert "Nothing flagged this month." in text

"""The monthly report a resident signs, and the house summary, read back:
a family-name-first resident is printed in their own order (李伟, not 伟 李),
and the house's residents are listed by family name, accents not counting."""

from __future__ import annotations

import datetime as dt
import io

from soberhouse.models import House
from soberhouse.names import NameOrder
from soberhouse.reports.monthly_progress import house_month, monthly_progress, resident_progress
from soberhouse.reports.pdf import house_summary_pdf, report_file_name, resident_report_pdf
from soberhouse.reports.settings import ReportSettings
from soberhouse.residents import admit_resident

from .conftest import details_for
from .report_samples import pdf_font_names, pdf_pages

OCTOBER = dt.date(2026, 10, 1)
FAMILY_FIRST = NameOrder.FAMILY_FIRST.value


def test_the_signed_report_prints_the_name_in_the_persons_order(house: House) -> None:
    li = admit_resident(details_for(house, first_name="伟", last_name="李",
                                    preferred_name="Li Wei", name_order=FAMILY_FIRST))
    progress = resident_progress(li.id, OCTOBER)
    assert progress.name == "李伟 (Li Wei)"
    assert report_file_name(progress) == "2026-10 李伟 (Li Wei).pdf"
    out = io.BytesIO()
    resident_report_pdf(progress, ReportSettings("Confidential."), out,
                        printed_on=dt.date(2026, 11, 15), invariant=True)
    text = " ".join(pdf_pages(out.getvalue()))
    assert "李伟 (Li Wei)" in text
    assert "伟 李" not in text and "伟李" not in text and '"Li Wei"' not in text
    assert "DroidSansFallback" in pdf_font_names(out.getvalue())


def test_the_house_lists_its_residents_by_family_name(house: House) -> None:
    for number, (given, family, order) in enumerate((
            ("Søren", "Ødegård", "given-first"), ("伟", "李", FAMILY_FIRST),
            ("Bảo", "Đặng", "given-first"), ("János", "Nagy", FAMILY_FIRST),
            ("Luis", "Álvarez", "given-first"), ("Ola", "Olsen", "given-first"))):
        admit_resident(details_for(house, first_name=given, last_name=family,
                                   name_order=order, room=str(number)))
    expected = ["Luis Álvarez", "Bảo Đặng", "Nagy János", "Søren Ødegård", "Ola Olsen", "李伟"]
    assert [p.name for p in monthly_progress(house.id, OCTOBER)] == expected
    month = house_month(house.id, OCTOBER)
    assert [name for name, _, _ in month.milestones] == expected  # all on one day
    out = io.BytesIO()
    house_summary_pdf(month, ReportSettings("Confidential."), out,
                      printed_on=dt.date(2026, 11, 15), invariant=True)
    text = " ".join(pdf_pages(out.getvalue()))
    positions = [text.find(name) for name in expected]
    assert -1 not in positions and positions == sorted(positions), positions

"""Many residents' reports: one PDF with a report per resident, or a folder of files."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from soberhouse.reports.pdf import (
    ReportCancelled,
    monthly_batch_pdf,
    report_file_name,
    resident_reports_to_folder,
)
from soberhouse.reports.settings import ReportSettings
from tests.report_samples import NAMES, pdf_font_names, pdf_pages, sample_progress, sample_residents

PRINTED = dt.date(2026, 11, 15)
SETTINGS = ReportSettings("Confidential resident record.")


def test_each_resident_starts_a_new_page_and_pages_count_within_the_resident() -> None:
    residents = [sample_progress(NAMES[0], meetings=12), sample_progress(NAMES[1], meetings=3),
                 sample_progress(NAMES[2], meetings=30)]
    out = io.BytesIO()
    calls: list[tuple[int, int]] = []
    pages_written = monthly_batch_pdf(residents, SETTINGS, out, printed_on=PRINTED,
                                      progress_callback=lambda done, total: calls.append((done, total)))
    pages = pdf_pages(out.getvalue())
    assert pages_written == len(pages)
    assert calls == [(1, 3), (2, 3), (3, 3)]

    starts = [i for i, text in enumerate(pages) if "Page 1 of" in text]
    assert len(starts) == 3
    for start, person in zip(starts, residents, strict=True):
        # The first page of each report opens with the heading and the resident's name.
        assert pages[start].startswith(f"Maple House 12 Maple St, Springfield Monthly progress "
                                       f"report October 2026 {person.name}")
    # Every page of a report is numbered within it: "Page x of y" with y its own count.
    ends = [*starts[1:], len(pages)]
    for start, end in zip(starts, ends, strict=True):
        count = end - start
        for number, text in enumerate(pages[start:end], start=1):
            assert f"Page {number} of {count}" in text
            assert "Confidential resident record." in text
            assert "Printed 15 Nov 2026" in text
    assert pdf_font_names(out.getvalue()) <= {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"}


def test_the_batch_is_invariant_when_asked() -> None:
    residents = sample_residents(3)

    def build() -> bytes:
        out = io.BytesIO()
        monthly_batch_pdf(residents, SETTINGS, out, printed_on=PRINTED, invariant=True)
        return out.getvalue()

    assert build() == build()


def test_cancel_raises_and_writes_no_file(tmp_path: Path) -> None:
    target = tmp_path / "october.pdf"
    done: list[int] = []
    with pytest.raises(ReportCancelled) as raised:
        monthly_batch_pdf(sample_residents(3), SETTINGS, target, printed_on=PRINTED,
                          progress_callback=lambda n, total: done.append(n),
                          cancel=lambda: len(done) >= 1)
    assert (raised.value.done, raised.value.total) == (1, 3)
    assert "cancelled after 1 of 3" in str(raised.value)
    assert list(tmp_path.iterdir()) == []  # no PDF, no partial or temporary file


def test_cancel_keeps_an_existing_file_and_writes_nothing_to_a_stream(tmp_path: Path) -> None:
    target = tmp_path / "october.pdf"
    target.write_bytes(b"previous")
    with pytest.raises(ReportCancelled):
        monthly_batch_pdf(sample_residents(2), SETTINGS, target, cancel=lambda: True)
    assert target.read_bytes() == b"previous"
    stream = io.BytesIO()
    with pytest.raises(ReportCancelled):
        monthly_batch_pdf(sample_residents(2), SETTINGS, stream, cancel=lambda: True)
    assert stream.getvalue() == b""


def test_one_file_per_resident_with_safe_names(tmp_path: Path) -> None:
    residents = [*sample_residents(4), sample_progress("Nguyễn Thị Lan", resident_id=9),
                 sample_progress('Robert "Bob" O/Neil: Jr?', resident_id=10)]
    calls: list[tuple[int, int]] = []
    paths = resident_reports_to_folder(residents, SETTINGS, tmp_path / "out", printed_on=PRINTED,
                                       progress_callback=lambda d, t: calls.append((d, t)))
    assert [path.name for path in paths] == [
        "2026-10 Nguyễn Thị Lan.pdf", "2026-10 Øystein Brøndsted.pdf",
        "2026-10 Ζωή Παπαδοπούλου.pdf", "2026-10 Иван Петров.pdf",
        "2026-10 Nguyễn Thị Lan (2).pdf", "2026-10 Robert Bob O Neil Jr.pdf"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in paths)
    assert calls[-1] == (6, 6)
    for path, person in zip(paths, residents, strict=True):
        pages = pdf_pages(path.read_bytes())
        assert person.name in pages[0]
        assert f"Page 1 of {len(pages)}" in pages[0]


def test_a_cancelled_folder_run_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    done: list[int] = []
    with pytest.raises(ReportCancelled):
        resident_reports_to_folder(sample_residents(4), SETTINGS, tmp_path,
                                   progress_callback=lambda d, t: done.append(d),
                                   cancel=lambda: len(done) >= 2)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_file_names_from_awkward_names() -> None:
    assert report_file_name(sample_progress("  ")) == "2026-10 Resident 1.pdf"
    assert report_file_name(sample_progress("CON")) == "2026-10 Resident 1.pdf"
    # A decomposed name is stored composed (the same file on macOS and Windows).
    assert report_file_name(sample_progress("Nguye\u0302\u0303n")) == "2026-10 Nguyễn.pdf"

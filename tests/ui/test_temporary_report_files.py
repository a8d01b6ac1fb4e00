"""No report leaves a file in the temporary folder (issue 12: "temporary
report files are deleted").  Every PDF the window makes is built in memory:
the preview reads it from a buffer, printing renders its pages onto the
printer, and saving writes it only where the manager chose (under a
temporary name beside the chosen file, renamed when whole).  These tests
point Python's, SQLite's and Qt's temporary folder at an empty folder of
their own, go through each way a report is made, and find that folder
still empty, and no half-written file beside the ones chosen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from soberhouse.reports.monthly_progress import resident_progress
from soberhouse.reports.settings import report_settings
from tests.ui.reports_fixtures import October, print_to_file
from ui.reports import printing
from ui.reports.pdf_preview import preview_resident_report
from ui.reports.report_files import ReportFiles
from ui.reports.section import PrintAllChoice, PrintAllDialog, ReportsSection

OCTOBER = dt.date(2026, 10, 1)


def files_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


@pytest.fixture
def chosen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the manager saves and "prints" (a PDF file standing in for the printer)."""
    folder = tmp_path / "chosen"
    folder.mkdir()
    from ui.disclosure_question import DisclosureQuestion, OwnFile

    monkeypatch.setattr(DisclosureQuestion, "ask",
                        staticmethod(lambda *args, **kwargs: OwnFile()))
    monkeypatch.setattr(printing.SystemPrintDialog, "ask", print_to_file(folder / "printed.pdf"))
    monkeypatch.setattr(ReportFiles, "pdf_path_from_user",
                        staticmethod(lambda parent, title, suggested: str(folder / suggested)))
    monkeypatch.setattr(ReportFiles, "folder_from_user",
                        staticmethod(lambda parent, title: str(folder / "each")))
    return folder


def test_a_residents_report_previewed_printed_and_saved_leaves_no_temporary_file(
        qtbot: QtBot, october: October, temporary_folder: Path, chosen: Path) -> None:
    progress = resident_progress(october.ann, OCTOBER)
    dialog = preview_resident_report(None, progress, report_settings())
    qtbot.addWidget(dialog)
    assert dialog.page_count() >= 1
    assert dialog.print_report() == dialog.page_count()
    dialog.save_pdf()
    dialog.close()
    assert files_under(chosen) == ["2026-10 Ann Avery.pdf", "printed.pdf"]
    assert files_under(temporary_folder) == []


@pytest.mark.parametrize("one_file", [True, False])
def test_every_report_of_the_month_saved_leaves_no_temporary_file(
        qtbot: QtBot, section: ReportsSection, october: October, temporary_folder: Path,
        chosen: Path, monkeypatch: pytest.MonkeyPatch, one_file: bool) -> None:
    monkeypatch.setattr(PrintAllDialog, "ask", classmethod(
        lambda cls, *args: PrintAllChoice(one_file=one_file, include_moved_out=True)))
    task = section.save_all()
    assert task is not None
    qtbot.waitUntil(lambda: not task.is_running(), timeout=30_000)
    written = files_under(chosen)
    assert written and all(name.endswith(".pdf") or name == "each" for name in written)
    assert not [name for name in written if "partial" in name or name.startswith(".")]
    assert files_under(temporary_folder) == []


def test_the_recovery_sheet_is_made_in_memory(temporary_folder: Path, chosen: Path,
                                              qtbot: QtBot) -> None:
    from ui.recovery_key_dialog import RecoveryKeyDialog

    dialog = RecoveryKeyDialog("7KQ2M-4RT9P-XW3HC-D8F2N-Q6V1B-J5GZS", data_file=str(
        chosen.parent / "soberhouse.sqlite3"), made_by="Dana Whitlock")
    qtbot.addWidget(dialog)
    assert dialog.print_sheet()
    assert dialog.save_sheet() is not None
    assert files_under(temporary_folder) == []

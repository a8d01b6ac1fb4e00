"""What the window saves where the manager chose (a report, an export) is
readable by the manager's own account only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from soberhouse.models import House
from soberhouse.residents import admit_resident
from tests.conftest import details_for
from ui.attendance_files import ExportFile, export_outside_meetings
from ui.reports.report_files import ReportFiles, write_pdf
from ui.residents.section import ResidentsSection


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode) if os.name == "posix" else 0o600


def test_save_pdf_writes_an_owner_only_file_and_replaces_an_open_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "2026-10 Zoë Nguyễn.pdf"
    target.write_bytes(b"an older report")
    target.chmod(0o644)
    monkeypatch.setattr(ReportFiles, "pdf_path_from_user",
                        staticmethod(lambda parent, title, suggested: str(target)))
    assert write_pdf(None, b"%PDF-1.4 report", target.name) == target
    assert target.read_bytes() == b"%PDF-1.4 report"
    assert mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name != "preferences"] == [target.name]


def test_save_pdf_into_a_missing_folder_tells_the_manager(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "gone" / "report.pdf"
    told: list[str] = []
    monkeypatch.setattr(ReportFiles, "pdf_path_from_user",
                        staticmethod(lambda parent, title, suggested: str(target)))
    monkeypatch.setattr(ReportFiles, "tell_problem",
                        staticmethod(lambda parent, title, message: told.append(message)))
    assert write_pdf(None, b"%PDF", "report.pdf") is None
    assert told and told[0].startswith("report.pdf could not be written: ")


def test_csv_exports_from_the_window_are_owner_only(
        qtbot: QtBot, house: House, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    zoe = admit_resident(details_for(house))
    residents = ResidentsSection()
    qtbot.addWidget(residents)
    assert residents.select_resident(zoe.id)
    target = tmp_path / "residents.csv"
    monkeypatch.setattr(ResidentsSection, "choose_export_path", lambda self: str(target))
    with qtbot.wait_signal(residents.status_message):
        residents.resident_actions.export_residents.trigger()
    assert "Nguyễn" in target.read_text("utf-8-sig") and mode(target) == 0o600

    meetings = tmp_path / "outside-meetings.csv"
    monkeypatch.setattr(ExportFile, "file_name_from_user",
                        staticmethod(lambda parent, title, suggested: str(meetings)))
    assert export_outside_meetings(None, None) == \
        "Exported 0 outside meetings to outside-meetings.csv"
    assert mode(meetings) == 0o600


def test_a_csv_export_that_fails_half_way_keeps_the_old_file_and_says_why(
        qtbot: QtBot, house: House, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    zoe = admit_resident(details_for(house))
    residents = ResidentsSection()
    qtbot.addWidget(residents)
    assert residents.select_resident(zoe.id)
    target = tmp_path / "residents.csv"
    target.write_text("last week's residents\n")
    monkeypatch.setattr(ResidentsSection, "choose_export_path", lambda self: str(target))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda parent, title, text: told.append(text)))

    class DiskFullAfterTheHeader:
        def __init__(self, file: object) -> None:
            self.rows = 0

        def writerow(self, row: object) -> None:
            self.rows += 1
            if self.rows > 1:
                raise OSError(28, "No space left on device")

    monkeypatch.setattr("soberhouse.csv_writing.csv.writer", DiskFullAfterTheHeader)
    residents.resident_actions.export_residents.trigger()
    assert told == ["Could not write residents.csv: No space left on device"]
    assert target.read_text() == "last week's residents\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".part") == []

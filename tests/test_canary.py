"""A made-up name entered through the program leaves no readable trace
(issue 12): the canary "Zebulon Quimbyfrost", and notes naming a
substance, are absent from the encrypted data file, its write-ahead log,
every file of the backup folder, the key file and the temporary folder,
after meetings are recorded, a backup taken and the resident's monthly
report previewed, printed and saved the way the window does it; the
standard sqlite3 module can't read the data file nor the backup."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from soberhouse import backups, clock, database, encrypting, encryption
from soberhouse.houses import HouseDetails, create_house
from soberhouse.meetings.records import MeetingDetails, record_meeting
from soberhouse.meetings.roll_call import RollCallMark, save_roll_call
from soberhouse.models.meetings import AttendanceStatus
from soberhouse.models.twelve_step import Fellowship
from soberhouse.reports.monthly_progress import resident_progress
from soberhouse.reports.settings import report_settings
from soberhouse.residents import admit_resident
from soberhouse.twelve_step.outside_meetings import OutsideMeetingDetails, log_outside_meeting
from tests.conftest import details_for
from tests.ui.reports_fixtures import print_to_file
from ui.reports import printing, report_files
from ui.reports.pdf_preview import preview_resident_report

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

CANARY = "Zebulon Quimbyfrost"
NOTES = "Quimbyfrost used carfentanil in the garage; relapse plan agreed"
SECRETS = (CANARY, "Quimbyfrost", "Zebulon", "carfentanil")
PASSWORD = "copper-meadow-violin-31"


def forms_of(text: str) -> list[bytes]:
    """How a name can sit in a file: UTF-8, UTF-16 either way round."""
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def traces_in(path: Path) -> list[str]:
    data = path.read_bytes()
    return [secret for secret in SECRETS if any(form in data for form in forms_of(secret))]


@pytest.fixture(autouse=True)
def own_preferences(qapp: object, tmp_path: Path) -> None:
    """The window's preferences (the last folder a report was saved in) in
    this test's folder, not the computer's."""
    from PySide6.QtCore import QCoreApplication, QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "preferences"))
    QCoreApplication.setOrganizationName("SoberhouseTests")
    QCoreApplication.setApplicationName("Soberhouse")


def test_the_canary_leaves_no_readable_trace(
        qtbot: QtBot, tmp_path: Path, temporary_folder: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    data_file = tmp_path / "office" / "soberhouse.sqlite3"
    data_file.parent.mkdir()
    with clock.frozen(dt.date(2026, 11, 15)):
        encrypting.new_encrypted_file(data_file, "Dana Whitlock", "dana", PASSWORD)
        try:
            house = create_house(HouseDetails(name="Maple House", beds=8,
                                              address="12 Maple St"))
            resident = admit_resident(details_for(
                house, first_name="Zebulon", last_name="Quimbyfrost", substances="carfentanil",
                notes=NOTES, move_in_date=dt.date(2026, 9, 1),
                sobriety_date=dt.date(2026, 8, 20)))
            for day in (5, 12, 19, 26):
                meeting = record_meeting(MeetingDetails(house.id, dt.date(2026, 10, day)))
                save_roll_call(meeting.id, [RollCallMark(resident.id,
                                                         AttendanceStatus.PRESENT)])
                log_outside_meeting(OutsideMeetingDetails(
                    resident.id, dt.date(2026, 10, day + 1), Fellowship.AA,
                    meeting_name="Zebulon's home group"))
            backup = backups.take_backup("manual")

            # The monthly report, the window's way: built in memory, previewed,
            # printed (to a PDF file standing in for the printer) and saved.
            chosen = tmp_path / "chosen"
            chosen.mkdir()
            from ui.disclosure_question import DisclosureQuestion, OwnFile

            monkeypatch.setattr(DisclosureQuestion, "ask",
                                staticmethod(lambda *args, **kwargs: OwnFile()))
            monkeypatch.setattr(printing.SystemPrintDialog, "ask",
                                print_to_file(chosen / "printed.pdf"))
            monkeypatch.setattr(report_files.ReportFiles, "pdf_path_from_user",
                                staticmethod(lambda *args: str(chosen / "saved.pdf")))
            progress = resident_progress(resident.id, dt.date(2026, 10, 1))
            dialog = preview_resident_report(None, progress, report_settings())
            qtbot.addWidget(dialog)
            assert dialog.print_report() == dialog.page_count()
            dialog.save_pdf()
            dialog.close()
            assert (chosen / "printed.pdf").stat().st_size > 0  # the pages, as images
            saved = " ".join(page.extract_text()
                             for page in PdfReader(chosen / "saved.pdf").pages)
            assert CANARY in saved  # the report did name the resident

            wal = Path(f"{data_file}-wal")
            assert wal.is_file() and wal.stat().st_size > 0  # written to while open
            open_traces = {path.name: traces_in(path) for path in (data_file, wal)}
        finally:
            database.close()

    control = tmp_path / "control.txt"  # the search itself finds a name where one is
    control.write_bytes(b"x" + CANARY.encode("utf-16-le") + b"y")
    assert traces_in(control) == list(SECRETS[:3])
    assert open_traces == {data_file.name: [], wal.name: []}
    checked = [data_file, encryption.key_file_path(data_file),
               *files_under(backup.path.parent), *files_under(temporary_folder)]
    if wal.exists():
        checked.append(wal)
    assert backup.path in checked and backups.key_file_of(backup.path) in checked
    assert {path.name: traces_in(path) for path in checked} == {
        path.name: [] for path in checked}
    assert files_under(temporary_folder) == []  # no report file left behind either

    for encrypted in (data_file, backup.path):
        reading = subprocess.run(
            [sys.executable, "-c",
             "import sqlite3, sys\n"
             "c = sqlite3.connect(sys.argv[1])\n"
             "print(c.execute('SELECT count(*) FROM sqlite_master').fetchone())\n",
             str(encrypted)], capture_output=True, text=True, timeout=60)
        assert reading.returncode != 0, encrypted
        assert "file is not a database" in reading.stderr

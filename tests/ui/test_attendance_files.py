"""Outside meetings and roll calls through the import dialog, and the exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from soberhouse import roll_calls_csv
from soberhouse.models import House, Resident
from soberhouse.models.meetings import Attendance, HouseMeeting
from soberhouse.models.twelve_step import OutsideMeeting
from soberhouse.residents import admit_resident
from tests.conftest import details_for
from tests.ui.test_import_dialog import Gate, finish
from ui import attendance_files
from ui.attendance_files import (
    ExportFile,
    ImportOutsideMeetingsDialog,
    ImportRollCallsDialog,
    export_outside_meetings,
    export_roll_calls,
    import_outside_meetings,
    import_roll_calls,
)

OUTSIDE = ("\ufeffResident;Date;Fellowship;Meeting name;Verified;Verified by\n"
           "Zoë Nguyễn;03/11/2026;AA;Downtown;yes;Sam\n"
           "Zoë Nguyễn;01/09/2026;NA;;;\n"
           "Zoë Nguyễn;04/11/2026;SMART Recovery;;no;\n")


@pytest.fixture
def zoe(house: House) -> Resident:
    return admit_resident(details_for(house))  # moved in 2026-10-03


def write(tmp_path: Path, text: str, name: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def cell(dialog: ImportOutsideMeetingsDialog | ImportRollCallsDialog, row: int, column: int,
         role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> object:
    return dialog.model.data(dialog.model.index(row, column), role)


def open_dialog(qtbot: QtBot, cls: type[ImportOutsideMeetingsDialog | ImportRollCallsDialog],
                path: Path, order: str) -> ImportOutsideMeetingsDialog | ImportRollCallsDialog:
    dialog = cls()
    qtbot.addWidget(dialog)
    dialog.file_name_from_user = lambda: str(path)  # type: ignore[method-assign]
    dialog.date_order.setCurrentIndex(dialog.date_order.findData(order))
    assert dialog.choose_file()
    finish(qtbot, dialog)
    return dialog


def test_outside_meetings_preview_lines_reasons_and_skip(
        qtbot: QtBot, qtmodeltester, zoe: Resident, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, ImportOutsideMeetingsDialog,
                         write(tmp_path, OUTSIDE, "outside.csv"), "dmy")
    qtmodeltester.check(dialog.model)
    last = dialog.model.columnCount() - 1
    assert [cell(dialog, row, 0) for row in range(3)] == [2, 3, 4]
    assert cell(dialog, 0, 1) == "Zoë Nguyễn" and cell(dialog, 0, 2) == "Maple House"
    assert cell(dialog, 0, 6) == "Yes (Sam)"
    assert cell(dialog, 1, last) == "Zoë Nguyễn was not living in a house on 2026-09-01."
    assert cell(dialog, 1, last, Qt.ItemDataRole.DecorationRole) is not None
    assert cell(dialog, 0, last) == "OK"
    assert dialog.summary.text() == "2 rows ready, 1 with problems"
    assert not dialog.import_button.isEnabled()  # all or nothing until skipped
    dialog.skip_bad.click()
    assert dialog.import_button.text() == "&Import 2 outside meetings"
    dialog.import_button.click()
    finish(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert sorted(m.attended_on for m in OutsideMeeting.select()) == [
        dt.date(2026, 11, 3), dt.date(2026, 11, 4)]


def test_import_outside_meetings_from_a_menu(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
                                             zoe: Resident, tmp_path: Path) -> None:
    path = write(tmp_path, "Resident,Date,Fellowship\nZoë Nguyễn,2026-11-03,AA\n", "one.csv")

    def run(self: ImportOutsideMeetingsDialog) -> int:
        finish(qtbot, self)
        self.import_button.click()
        finish(qtbot, self)
        return self.result()

    monkeypatch.setattr(ImportOutsideMeetingsDialog, "file_name_from_user",
                        lambda self: str(path))
    monkeypatch.setattr(ImportOutsideMeetingsDialog, "exec", run)
    assert import_outside_meetings(None) is True
    assert OutsideMeeting.select().count() == 1
    monkeypatch.setattr(ImportOutsideMeetingsDialog, "file_name_from_user", lambda self: "")
    assert import_outside_meetings(None) is False


@pytest.fixture
def gate_roll_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """apply_roll_calls, through the dialog, stops at its first report."""
    gate = Gate(lambda done, total: True)
    monkeypatch.setattr(attendance_files, "apply_roll_calls",
                        gate.hold(roll_calls_csv.apply_roll_calls))
    yield gate
    gate.opened.set()


def test_cancelling_a_roll_call_import_saves_nothing(
        qtbot: QtBot, qtmodeltester, zoe: Resident, tmp_path: Path,  # type: ignore[no-untyped-def]
        gate_roll_calls: Gate) -> None:
    text = "House,Date,Resident,Status,Reason\n" + "".join(
        f"Maple House,{dt.date(2026, 10, 3) + dt.timedelta(days=7 * week)},Zoë Nguyễn,"
        f"{'E' if week % 2 else 'P'},{'Work' if week % 2 else ''}\n" for week in range(6))
    dialog = open_dialog(qtbot, ImportRollCallsDialog, write(tmp_path, text, "rc.csv"), "ymd")
    qtmodeltester.check(dialog.model)
    assert dialog.summary.text() == "6 rows ready\n6 new meetings will be recorded."
    assert cell(dialog, 1, 5) == "Excused absence" and cell(dialog, 1, 3) == "New"
    dialog.show()
    dialog.import_button.click()
    assert gate_roll_calls.reached.wait(10)
    assert not dialog.date_order.isEnabled()
    with qtbot.waitSignal(dialog.work_finished):
        dialog.cancel_button.click()
    assert dialog.summary.text() == "Import cancelled: nothing was imported."
    assert HouseMeeting.select().count() == 0 and Attendance.select().count() == 0
    gate_roll_calls.opened.set()
    dialog.import_button.click()
    finish(qtbot, dialog)
    assert dialog.imported_count == 6 and HouseMeeting.select().count() == 6


def test_import_roll_calls_returns_false_when_nothing_is_chosen(
        monkeypatch: pytest.MonkeyPatch, house: House) -> None:
    monkeypatch.setattr(ImportRollCallsDialog, "file_name_from_user", lambda self: "")
    assert import_roll_calls(None) is False


class Section(QWidget):
    status_message = Signal(str)


def test_exports_write_the_file_and_say_so(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
                                           zoe: Resident, tmp_path: Path) -> None:
    roll_calls_csv.apply_roll_calls(roll_calls_csv.read_roll_calls_csv(
        "House,Date,Resident,Status\nMaple House,2026-11-03,Zoë Nguyễn,late\n"))
    section = Section()
    qtbot.addWidget(section)
    asked: list[str] = []

    def file_name(parent: QObject | None, title: str, suggested: str) -> str:
        asked.append(suggested)
        return str(tmp_path / "out.csv")

    monkeypatch.setattr(ExportFile, "file_name_from_user", file_name)
    with qtbot.waitSignal(section.status_message) as said:
        export_roll_calls(section, zoe.house_id)
    assert said.args == ["Exported 1 roll-call mark to out.csv"]
    assert asked == ["roll-calls-maple-house-2026-11-15.csv"]
    assert (tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()[1] == (
        "Maple House,2026-11-03,19:00,Weekly meeting,Zoë Nguyễn,1,Late,")
    assert export_outside_meetings(section, None) == "Exported 0 outside meetings to out.csv"

    problems: list[str] = []
    monkeypatch.setattr(ExportFile, "file_name_from_user",
                        lambda parent, title, suggested: str(tmp_path / "no" / "such.csv"))
    monkeypatch.setattr(ExportFile, "tell_problem",
                        lambda parent, title, message: problems.append(message))
    assert export_roll_calls(section, None) is None
    assert problems and problems[0].startswith("such.csv could not be written")
    monkeypatch.setattr(ExportFile, "file_name_from_user", lambda parent, title, s: "")
    assert export_outside_meetings(section, zoe.house_id) is None

"""The import dialog: preview, the bad line and its reason, skip, import; both in
the background, with progress, Cancel, and closing while they run."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QModelIndex, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from soberhouse import residents_csv
from soberhouse.models import House, Resident, Stay
from ui.residents import import_dialog as import_dialog_module
from ui.residents.import_dialog import ImportResidentsDialog
from ui.residents.import_preview_model import Column
from ui.residents.section import ResidentsSection

CSV = (
    "\ufeffFirst name;Last name;DOB;House;Move-in;Sobriety date;Phase\n"
    "Zoë;Nguyễn;04/02/1990;Maple House;10/03/2026;09/20/2026;\n"
    "Ana;Ruiz;31/02/1990;Maple House;10/03/2026;09/20/2026;\n"
    "Σοφία;Παπαδοπούλου;01/15/1988;Maple House;10/03/2026;09/20/2026;Established\n"
)


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "residents.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def many_lines(count: int) -> str:
    """A file of ``count`` good residents of Maple House (8 beds: most have left)."""
    lines = ["First name,Last name,Date of birth,House,Move-in date,Sobriety date,Status,"
             "Discharge date"]
    lines += [f"Person{i},Family{i},1980-01-{1 + i % 28:02d},Maple House,2025-01-10,"
              f"2025-01-01,{'active,' if i < 8 else 'left,2025-06-01'}" for i in range(count)]
    return "\n".join(lines) + "\n"


@pytest.fixture
def long_file(tmp_path: Path) -> Path:
    path = tmp_path / "long.csv"
    path.write_text(many_lines(60), encoding="utf-8")
    return path


def open_dialog(qtbot: QtBot, path: Path, date_order: str = "ymd") -> ImportResidentsDialog:
    """The dialog with ``path`` chosen; its preview is running in the background."""
    dialog = ImportResidentsDialog()
    qtbot.addWidget(dialog)
    dialog.file_name_from_user = lambda: str(path)  # type: ignore[method-assign]
    dialog.date_order.setCurrentIndex(dialog.date_order.findData(date_order))
    assert dialog.choose_file()
    return dialog


def finish(qtbot: QtBot, dialog: ImportResidentsDialog) -> None:
    """Wait for the dialog's background work to end and be shown."""
    if dialog.is_working():
        with qtbot.waitSignal(dialog.work_finished, timeout=20000):
            pass
    assert not dialog.is_working()


@pytest.fixture
def dialog(qtbot: QtBot, house: House, csv_file: Path) -> ImportResidentsDialog:
    dialog = open_dialog(qtbot, csv_file, "mdy")
    finish(qtbot, dialog)
    return dialog


class Gate:
    """Makes background work wait at a progress report until the test says go.

    ``hold(function)`` wraps a core function so that its progress hook stops at
    the report where ``at(done, total)`` is true: ``reached`` is set, and the
    work waits for ``opened`` (or for a cancel, which it then reports).
    """

    def __init__(self, at: Callable[[int, int], bool]) -> None:
        self.at = at
        self.reached = threading.Event()
        self.opened = threading.Event()

    def hold(self, function: Callable[..., object]) -> Callable[..., object]:
        def held(*args: object, progress: residents_csv.Progress, **kwargs: object) -> object:
            def slow_progress(done: int, total: int) -> bool:
                if not progress(done, total):
                    return False
                if self.at(done, total) and not self.reached.is_set():
                    self.reached.set()
                    # Wait for the test; a cancel (seen through progress) also ends it.
                    while not self.opened.wait(0.005):
                        if not progress(done, total):
                            return False
                return True
            return function(*args, progress=slow_progress, **kwargs)
        return held


@pytest.fixture
def gate_import(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """apply_import, through the dialog, stops after 20 residents until the test says."""
    gate = Gate(lambda done, total: done >= 20)
    monkeypatch.setattr(import_dialog_module, "apply_import", gate.hold(residents_csv.apply_import))
    yield gate
    gate.opened.set()  # never leave the worker waiting


@pytest.fixture
def gate_preview(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """read_residents_csv, through the dialog, stops at its first report."""
    gate = Gate(lambda done, total: True)
    monkeypatch.setattr(import_dialog_module, "read_residents_csv",
                        gate.hold(residents_csv.read_residents_csv))
    yield gate
    gate.opened.set()


def number(value: int) -> str:
    return QLocale().toString(value)


def cell(dialog: ImportResidentsDialog, row: int, column: Column,
         role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> object:
    return dialog.model.data(dialog.model.index(row, column), role)


def test_preview_shows_the_bad_line_and_its_reason(dialog: ImportResidentsDialog) -> None:
    assert dialog.model.rowCount() == 3
    assert [cell(dialog, row, Column.LINE) for row in range(3)] == [2, 3, 4]
    assert cell(dialog, 0, Column.NAME) == "Zoë Nguyễn"
    assert cell(dialog, 0, Column.CHECK) == "OK"
    assert cell(dialog, 2, Column.TIER) == "Established"
    reason = cell(dialog, 1, Column.CHECK)
    assert reason == ('DOB "31/02/1990" is not a date in month/day/year order '
                      "(there is no month 31)")
    assert cell(dialog, 1, Column.CHECK, Qt.ItemDataRole.ForegroundRole) is not None
    assert cell(dialog, 1, Column.CHECK, Qt.ItemDataRole.DecorationRole) is not None
    assert cell(dialog, 1, Column.DATE_OF_BIRTH) == "31/02/1990"  # the file's text
    assert cell(dialog, 2, Column.NAME, Qt.ItemDataRole.ToolTipRole) == "Σοφία Παπαδοπούλου"
    assert dialog.summary.text() == "2 rows ready, 1 with problems"


def test_import_waits_for_skip_then_imports_the_good_lines(
        qtbot: QtBot, dialog: ImportResidentsDialog) -> None:
    assert not dialog.import_button.isEnabled()
    assert dialog.skip_bad.text() == "&Skip the row with problems"
    dialog.skip_bad.click()
    assert dialog.import_button.isEnabled()
    assert dialog.import_button.text() == "&Import 2 residents"
    dialog.import_button.click()
    finish(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.imported_count == 2
    assert sorted(r.first_name for r in Resident.select()) == ["Zoë", "Σοφία"]


def test_another_date_order_reads_the_file_again(qtbot: QtBot,
                                                 dialog: ImportResidentsDialog) -> None:
    dialog.date_order.setCurrentIndex(dialog.date_order.findData("dmy"))
    finish(qtbot, dialog)
    assert dialog.summary.text() == "0 rows ready, 3 with problems"  # 09/20: no month 20
    assert dialog.skip_bad.text() == "&Skip the 3 rows with problems"
    dialog.skip_bad.click()
    assert not dialog.import_button.isEnabled()  # nothing left to import
    assert dialog.date_order.itemText(0) == "2026-10-03"


def test_a_file_missing_a_column_says_so(qtbot: QtBot, house: House, tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text("First name,Last name\nAna,Ruiz\n", encoding="utf-8")
    dialog = ImportResidentsDialog()
    qtbot.addWidget(dialog)
    dialog.load_file(path)
    finish(qtbot, dialog)
    assert "no column for: Date of birth" in dialog.summary.text()
    assert dialog.model.rowCount() == 0
    assert not dialog.import_button.isEnabled()


def test_ask_returns_0_when_no_file_is_chosen(monkeypatch: pytest.MonkeyPatch,
                                             house: House) -> None:
    monkeypatch.setattr(ImportResidentsDialog, "file_name_from_user", lambda self: "")
    assert ImportResidentsDialog.ask(None) == 0


def test_preview_model(qtmodeltester, dialog: ImportResidentsDialog) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount(dialog.model.index(0, 0)) == 0
    assert dialog.model.data(QModelIndex()) is None


# ---------------------------------------------------------------- in the background


def test_the_preview_runs_in_the_background_then_fills_the_table(
        qtbot: QtBot, house: House, long_file: Path, gate_preview: Gate) -> None:
    dialog = open_dialog(qtbot, long_file)
    dialog.show()
    assert gate_preview.reached.wait(10)
    # The worker is held mid-file, yet the dialog answers: it is not the GUI thread.
    assert dialog.is_working()
    assert dialog.model.rowCount() == 0
    assert not dialog.import_button.isEnabled()
    qtbot.waitUntil(dialog.progress_row.isVisible)  # the work has lasted over 300 ms
    assert dialog.progress_row.label.text() == f"Checking line 1 of {number(61)}…"
    assert dialog.progress_row.bar.maximum() == 61
    with qtbot.waitSignal(dialog.work_finished):
        gate_preview.opened.set()
    assert dialog.model.rowCount() == 60
    assert dialog.summary.text() == "60 rows ready"
    assert not dialog.progress_row.isVisible()
    assert dialog.import_button.isEnabled()


def test_a_small_file_never_shows_the_progress_row(qtbot: QtBot, house: House,
                                                   csv_file: Path) -> None:
    dialog = open_dialog(qtbot, csv_file, "mdy")
    dialog.show()
    finish(qtbot, dialog)
    assert dialog.model.rowCount() == 3
    assert not dialog.progress_row.isVisible()


def test_cancelling_the_preview_stops_it(qtbot: QtBot, house: House, long_file: Path,
                                         gate_preview: Gate) -> None:
    dialog = open_dialog(qtbot, long_file)
    assert gate_preview.reached.wait(10)
    with qtbot.waitSignal(dialog.work_finished):
        dialog.cancel_button.click()
    assert dialog.model.rowCount() == 0
    assert "cancelled" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    assert Resident.select().count() == 0


def test_another_date_order_while_checking_starts_again(
        qtbot: QtBot, house: House, long_file: Path, gate_preview: Gate) -> None:
    dialog = open_dialog(qtbot, long_file)
    assert gate_preview.reached.wait(10)
    dialog.date_order.setCurrentIndex(dialog.date_order.findData("dmy"))  # the held one stops
    finish(qtbot, dialog)
    assert dialog.preview is not None and dialog.preview.date_order == "dmy"
    assert dialog.model.rowCount() == 60


def test_the_import_runs_in_the_background_and_the_section_sees_it(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, house: House, long_file: Path,
        gate_import: Gate) -> None:
    section = ResidentsSection()
    qtbot.addWidget(section)
    seen: dict[str, object] = {}

    def run(self: ImportResidentsDialog) -> int:  # what the manager does in the dialog
        finish(qtbot, self)
        self.show()
        self.import_button.click()
        assert gate_import.reached.wait(10)
        assert self.is_working()
        assert not self.import_button.isEnabled() and not self.date_order.isEnabled()
        qtbot.waitUntil(self.progress_row.isVisible)
        seen["progress"] = self.progress_row.label.text()
        assert Resident.select().count() == 0  # one transaction: nothing shows before the end
        gate_import.opened.set()
        finish(qtbot, self)
        return self.result()

    monkeypatch.setattr(ImportResidentsDialog, "file_name_from_user", lambda self: str(long_file))
    monkeypatch.setattr(ImportResidentsDialog, "exec", run)
    with qtbot.waitSignal(section.residents_changed):
        section.resident_actions.import_residents.trigger()
    assert seen["progress"] == f"Importing 20 of {number(60)}…"
    assert Resident.select().count() == 60
    assert Stay.select().count() == 60
    # The section's table (the GUI thread's connection) shows the worker's rows.
    assert section.model.rowCount() == 60
    assert section.proxy.rowCount() == 8  # it opens on the active residents


def test_cancelling_the_import_imports_nothing(qtbot: QtBot, house: House, long_file: Path,
                                              gate_import: Gate) -> None:
    dialog = open_dialog(qtbot, long_file)
    dialog.show()
    finish(qtbot, dialog)
    dialog.import_button.click()
    assert gate_import.reached.wait(10)  # 20 residents are admitted, not committed
    with qtbot.waitSignal(dialog.work_finished):
        dialog.cancel_button.click()
    assert Resident.select().count() == 0
    assert Stay.select().count() == 0
    assert dialog.summary.text() == "Import cancelled: nothing was imported."
    assert dialog.isVisible() and dialog.imported_count == 0
    assert dialog.import_button.isEnabled() and dialog.date_order.isEnabled()
    assert not dialog.progress_row.isVisible()
    # The same preview can still be imported.
    gate_import.opened.set()
    dialog.import_button.click()
    finish(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert Resident.select().count() == 60


def test_closing_the_dialog_during_the_import_stops_the_worker(
        qtbot: QtBot, house: House, long_file: Path, gate_import: Gate) -> None:
    dialog = open_dialog(qtbot, long_file)
    dialog.show()
    finish(qtbot, dialog)
    dialog.import_button.click()
    assert gate_import.reached.wait(10)
    task = dialog._task
    assert task is not None and task.is_running()
    dialog.close()  # cancels, and waits for the worker before it returns
    assert not task.is_running()
    assert not dialog.is_working() and not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.imported_count == 0
    assert Resident.select().count() == 0


def test_closing_the_dialog_during_the_preview_stops_the_worker(
        qtbot: QtBot, house: House, long_file: Path, gate_preview: Gate) -> None:
    dialog = open_dialog(qtbot, long_file)
    dialog.show()
    assert gate_preview.reached.wait(10)
    task = dialog._task
    assert task is not None
    dialog.close()
    assert not task.is_running() and not dialog.is_working()
    assert not dialog.isVisible()
    assert dialog.model.rowCount() == 0


def test_esc_stops_the_work_first_then_closes(qtbot: QtBot, house: House, long_file: Path,
                                             gate_preview: Gate) -> None:
    dialog = open_dialog(qtbot, long_file)
    dialog.show()
    assert gate_preview.reached.wait(10)
    assert dialog.cancel_button.toolTip() == "Stop checking the file"
    with qtbot.waitSignal(dialog.work_finished):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # the manager sees that the work stopped
    assert "cancelled" in dialog.summary.text()
    assert dialog.cancel_button.toolTip() == ""
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_an_import_that_no_longer_fits_says_why(qtbot: QtBot, house: House, long_file: Path
                                                ) -> None:
    from soberhouse.residents import admit_resident
    from tests.conftest import details_for

    dialog = open_dialog(qtbot, long_file)
    finish(qtbot, dialog)
    admit_resident(details_for(house, first_name="Person3", last_name="Family3",
                               date_of_birth=residents_csv.parse_date("1980-01-04", "ymd")))
    dialog.import_button.click()
    finish(qtbot, dialog)
    assert dialog.summary.text().startswith("Nothing was imported: line 5 no longer fits")
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.import_button.isEnabled()
    assert Resident.select().count() == 1


def test_ticking_create_houses_plans_the_missing_house_and_imports_into_it(
        qtbot: QtBot, db: object, tmp_path: Path) -> None:
    from soberhouse.houses import list_houses

    path = tmp_path / "other-office.csv"
    path.write_text("First name,Last name,Date of birth,House,Move-in date,Sobriety date\n"
                    "Kai,Lee,1988-05-12,Oak House,2026-10-03,2026-10-01\n", encoding="utf-8")
    dialog = open_dialog(qtbot, path)
    finish(qtbot, dialog)
    assert "There is no house called" in cell(dialog, 0, Column.CHECK)
    dialog.create_houses.click()
    finish(qtbot, dialog)
    assert cell(dialog, 0, Column.CHECK) == "OK"
    assert "Oak House will be created with 1 bed" in dialog.summary.text()
    dialog.import_button.click()
    finish(qtbot, dialog)
    assert [house.name for house in list_houses()] == ["Oak House"]
    assert [r.first_name for r in Resident.select()] == ["Kai"]

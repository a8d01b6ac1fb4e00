"""The import dialog: preview, the bad line and its reason, skip, import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from soberhouse.models import House, Resident
from ui.residents.import_dialog import ImportResidentsDialog
from ui.residents.import_preview_model import Column

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


@pytest.fixture
def dialog(qtbot: QtBot, house: House, csv_file: Path) -> ImportResidentsDialog:
    dialog = ImportResidentsDialog()
    qtbot.addWidget(dialog)
    dialog.file_name_from_user = lambda: str(csv_file)  # type: ignore[method-assign]
    dialog.date_order.setCurrentIndex(dialog.date_order.findData("mdy"))
    assert dialog.choose_file()
    return dialog


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
    assert dialog.summary.text() == "2 rows ready, 1 with problems"


def test_import_waits_for_skip_then_imports_the_good_lines(
        dialog: ImportResidentsDialog) -> None:
    assert not dialog.import_button.isEnabled()
    assert dialog.skip_bad.text() == "&Skip the row with problems"
    dialog.skip_bad.click()
    assert dialog.import_button.isEnabled()
    assert dialog.import_button.text() == "&Import 2 residents"
    dialog.import_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.imported_count == 2
    assert sorted(r.first_name for r in Resident.select()) == ["Zoë", "Σοφία"]


def test_another_date_order_reads_the_file_again(dialog: ImportResidentsDialog) -> None:
    dialog.date_order.setCurrentIndex(dialog.date_order.findData("dmy"))
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

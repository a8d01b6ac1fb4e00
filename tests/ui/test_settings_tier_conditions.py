"""Settings: the tiers dialog edits the tier conditions (unexcused absences and
outside meetings over a number of days), blank meaning "no such condition"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QDialog, QDialogButtonBox, QLineEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from soberhouse.houses import TierDetails, tiers_of
from soberhouse.models import House
from ui.settings_section.tier_table_model import (
    ABSENCE_WINDOW_COLUMN,
    COLUMNS,
    MAX_ABSENCES_COLUMN,
    MIN_OUTSIDE_MEETINGS_COLUMN,
    OUTSIDE_MEETINGS_WINDOW_COLUMN,
    TierTableModel,
)
from ui.settings_section.tiers_dialog import TiersDialog

pytestmark = pytest.mark.ui

ESTABLISHED = 1
SENIOR = 2


def open_dialog(qtbot: QtBot, house: House) -> TiersDialog:
    dialog = TiersDialog(house.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_into_cell(qtbot: QtBot, dialog: TiersDialog, row: int, column: int, text: str) -> None:
    """Edit a cell as a manager does: open its editor, type, press Enter."""
    index = dialog.model.index(row, column)
    dialog.table.setCurrentIndex(index)
    dialog.table.edit(index)
    editor = dialog.table.indexWidget(index)
    # Blank-able conditions get a line edit; the day counts a spin box.
    assert isinstance(editor, QLineEdit | QAbstractSpinBox)
    editor.selectAll()
    if text:
        qtbot.keyClicks(editor, text)
    else:
        qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.table.indexWidget(index) is None)  # committed (queued)


def test_the_new_columns_are_labelled_plainly(qtbot: QtBot, house: House) -> None:
    dialog = open_dialog(qtbot, house)
    model = dialog.model
    titles = [model.headerData(column, Qt.Orientation.Horizontal) for column in range(6, 10)]
    assert titles == ["Max unexcused absences", "\u2026in the last (days)",
                      "Outside meetings needed", "\u2026in the last (days)"]
    # A house starts with no conditions: blank cells, 90-day windows.
    assert model.index(ESTABLISHED, MAX_ABSENCES_COLUMN).data() == ""
    assert model.index(ESTABLISHED, ABSENCE_WINDOW_COLUMN).data() == 90
    assert model.index(ESTABLISHED, MIN_OUTSIDE_MEETINGS_COLUMN).data() == ""
    assert model.index(ESTABLISHED, MIN_OUTSIDE_MEETINGS_COLUMN).data(
        Qt.ItemDataRole.AccessibleTextRole) == "No condition"


def test_typing_the_conditions_saves_them(qtbot: QtBot, house: House) -> None:
    dialog = open_dialog(qtbot, house)
    type_into_cell(qtbot, dialog, ESTABLISHED, MIN_OUTSIDE_MEETINGS_COLUMN, "90")
    type_into_cell(qtbot, dialog, SENIOR, MAX_ABSENCES_COLUMN, "2")
    type_into_cell(qtbot, dialog, SENIOR, ABSENCE_WINDOW_COLUMN, "60")
    type_into_cell(qtbot, dialog, SENIOR, OUTSIDE_MEETINGS_WINDOW_COLUMN, "30")
    assert dialog.model.index(ESTABLISHED, MIN_OUTSIDE_MEETINGS_COLUMN).data() == 90
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    assert dialog.result() == QDialog.DialogCode.Accepted
    newcomer, established, senior = tiers_of(house.id)
    assert (established.min_outside_meetings, established.outside_meetings_window_days) == (
        90, 90)
    assert established.max_unexcused_absences is None
    assert (senior.max_unexcused_absences, senior.absence_window_days) == (2, 60)
    assert senior.outside_meetings_window_days == 30
    assert newcomer.max_unexcused_absences is None and newcomer.min_outside_meetings is None


def test_emptying_a_condition_removes_it(qtbot: QtBot, house: House) -> None:
    dialog = open_dialog(qtbot, house)
    type_into_cell(qtbot, dialog, SENIOR, MAX_ABSENCES_COLUMN, "3")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert tiers_of(house.id)[SENIOR].max_unexcused_absences == 3

    dialog = open_dialog(qtbot, house)
    assert dialog.model.index(SENIOR, MAX_ABSENCES_COLUMN).data() == 3
    type_into_cell(qtbot, dialog, SENIOR, MAX_ABSENCES_COLUMN, "")
    assert dialog.model.index(SENIOR, MAX_ABSENCES_COLUMN).data() == ""
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert tiers_of(house.id)[SENIOR].max_unexcused_absences is None


def test_a_window_of_no_days_is_refused_in_the_core_words(qtbot: QtBot, house: House) -> None:
    dialog = open_dialog(qtbot, house)
    assert dialog.model.setData(dialog.model.index(SENIOR, OUTSIDE_MEETINGS_WINDOW_COLUMN), 0)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.message.text() == (
        "Senior: the period for counting outside meetings must be at least one day.")
    assert tiers_of(house.id)[SENIOR].outside_meetings_window_days == 90


def test_letters_are_not_taken_for_a_number() -> None:
    model = TierTableModel([TierDetails("Newcomer", min_outside_meetings=5)])
    assert not model.setData(model.index(0, MIN_OUTSIDE_MEETINGS_COLUMN), "lots")
    assert model.tiers()[0].min_outside_meetings == 5
    assert model.setData(model.index(0, MIN_OUTSIDE_MEETINGS_COLUMN), "  ")
    assert model.tiers()[0].min_outside_meetings is None


def test_the_model_with_conditions_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = TierTableModel([
        TierDetails("Newcomer", weekly_meeting_quota=5, min_outside_meetings=90),
        TierDetails("Senior", 90, 90, 3, may_mentor=True, caseload_cap=3, id=7,
                    max_unexcused_absences=2, absence_window_days=60),
    ])
    qtmodeltester.check(model)
    assert model.columnCount() == len(COLUMNS) == 10
    model.add_tier()
    qtmodeltester.check(model)

"""The house dialog's regular meeting: weekday (or none) and time."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTime
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from soberhouse.models import House
from ui.settings_section.house_dialog import NO_REGULAR_MEETING, HouseDialog

pytestmark = pytest.mark.ui


def save(dialog: HouseDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_the_dialog_saves_the_meeting_day_and_time(qtbot: QtBot, house: House) -> None:
    dialog = HouseDialog(house)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.meeting_day_combo.currentText() == "Monday"  # the default
    assert dialog.meeting_time_edit.time() == QTime(19, 0)
    dialog.meeting_day_combo.setCurrentIndex(dialog.meeting_day_combo.findText("Thursday"))
    dialog.meeting_time_edit.setTime(QTime(18, 30))
    save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = House.get_by_id(house.id)
    assert (saved.meeting_weekday, saved.meeting_time) == (3, "18:30")

    again = HouseDialog(saved)
    qtbot.addWidget(again)
    assert again.meeting_day_combo.currentText() == "Thursday"
    assert again.meeting_time_edit.time() == QTime(18, 30)


def test_a_house_without_a_regular_meeting(qtbot: QtBot, house: House) -> None:
    dialog = HouseDialog(house)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.meeting_day_combo.setCurrentIndex(0)
    assert dialog.meeting_day_combo.currentText() == NO_REGULAR_MEETING
    assert not dialog.meeting_time_edit.isEnabled()
    save(dialog)
    assert House.get_by_id(house.id).meeting_weekday is None
    again = HouseDialog(House.get_by_id(house.id))
    qtbot.addWidget(again)
    assert again.meeting_day_combo.currentText() == NO_REGULAR_MEETING


def test_a_new_house_gets_its_meeting_day(qtbot: QtBot, db: object) -> None:
    dialog = HouseDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("Willow House")
    dialog.beds_spin.setValue(4)
    dialog.meeting_day_combo.setCurrentIndex(dialog.meeting_day_combo.findText("Sunday"))
    dialog.meeting_time_edit.setTime(QTime(10, 15))
    save(dialog)
    house = House.get(House.name == "Willow House")
    assert (house.meeting_weekday, house.meeting_time) == (6, "10:15")

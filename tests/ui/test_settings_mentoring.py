"""Each house's mentoring settings, through the Settings section."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from soberhouse.mentoring.settings import mentoring_settings
from soberhouse.models import House
from soberhouse.models.mentoring import MentoringSettings
from ui.settings_section.mentoring_dialog import MentoringSettingsDialog
from ui.settings_section.section import SettingsSection

pytestmark = pytest.mark.ui


@pytest.fixture
def section(qtbot: QtBot, house: House, other_house: House) -> Iterator[SettingsSection]:
    widget = SettingsSection()
    qtbot.addWidget(widget)
    widget.show()
    yield widget


def save(dialog: MentoringSettingsDialog) -> bool:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    return dialog.result() == QDialog.DialogCode.Accepted


def test_settings_are_saved_per_house(section: SettingsSection, house: House,
                                      other_house: House, qtbot: QtBot,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def ask(parent: QWidget | None, house_id: int) -> bool:
        dialog = MentoringSettingsDialog(house_id, parent)
        assert not dialog.pair_by_gender.isChecked()
        assert dialog.overdue_days.value() == 7
        dialog.pair_by_gender.setChecked(True)
        dialog.overdue_days.setValue(10)
        return save(dialog)

    monkeypatch.setattr(MentoringSettingsDialog, "ask", ask)
    section.table.selectRow(section.model.row_of(other_house.id))
    with qtbot.wait_signal(section.status_message) as message:
        section.mentoring_button.click()
    assert message.args == ["Mentoring settings saved for Cedar House"]

    assert mentoring_settings(other_house.id).pair_by_gender
    assert mentoring_settings(other_house.id).check_in_overdue_days == 10
    assert not mentoring_settings(house.id).pair_by_gender
    assert mentoring_settings(house.id).check_in_overdue_days == 7
    row = section.model.row_of(other_house.id)
    assert section.model.index(row, 6).data() == "Yes"
    assert section.model.index(row, 7).data() == "10 days"
    assert section.model.index(section.model.row_of(house.id), 6).data() == "No"


def test_a_refused_number_of_days_shows_under_the_field(qtbot: QtBot, house: House) -> None:
    dialog = MentoringSettingsDialog(house.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.overdue_days.setValue(0)
    dialog.pair_by_gender.setChecked(True)
    assert not save(dialog)
    assert dialog.isVisible()
    assert dialog.errors.message("check_in_overdue_days") == (
        "A check-in can be due every 1 to 90 days, not 0.")
    assert MentoringSettings.select().count() == 0

    dialog.overdue_days.setValue(14)
    assert save(dialog)
    assert mentoring_settings(house.id).check_in_overdue_days == 14
    assert mentoring_settings(house.id).pair_by_gender


def test_the_house_table_passes_the_model_tester(section: SettingsSection,
                                                  qtmodeltester: object) -> None:
    qtmodeltester.check(section.model)  # type: ignore[attr-defined]

"""Settings: houses added and edited through the dialog, tiers through their table."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from soberhouse.houses import HouseDetails, TierDetails, create_house, list_houses, tiers_of
from soberhouse.models import House
from soberhouse.residents import admit_resident
from tests.conftest import details_for
from ui.settings_section.house_dialog import HouseDialog
from ui.settings_section.house_table_model import HouseTableModel
from ui.settings_section.section import SettingsSection
from ui.settings_section.tier_table_model import MAY_MENTOR_COLUMN, NAME_COLUMN, TierTableModel
from ui.settings_section.tiers_dialog import TiersDialog


@pytest.fixture
def section(qtbot: QtBot, db: object) -> Iterator[SettingsSection]:
    widget = SettingsSection()
    qtbot.addWidget(widget)
    widget.show()
    yield widget


def click_save(buttons: QDialogButtonBox) -> None:
    buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_add_a_house_through_the_dialog(
        section: SettingsSection, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    def ask(parent: QWidget | None, house: House | None = None) -> House | None:
        dialog = HouseDialog(house, parent)
        dialog.name_edit.setText("Willow House")
        dialog.address_edit.setText("4 Willow Lane")
        dialog.beds_spin.setValue(5)
        dialog.week_start_combo.setCurrentIndex(6)
        click_save(dialog.buttons)
        assert dialog.result() == QDialog.DialogCode.Accepted
        return dialog.saved_house

    monkeypatch.setattr(HouseDialog, "ask", ask)
    with qtbot.waitSignal(section.houses_changed):
        section.add_button.click()

    [house] = list_houses()
    assert (house.name, house.address, house.beds, house.week_start_name) == (
        "Willow House", "4 Willow Lane", 5, "Sunday")
    assert section.model.rowCount() == 1
    assert section.selected_house_id() == house.id
    assert section.model.index(0, 5).data() == "Sunday"


def test_an_invalid_bed_count_is_shown_under_the_field_and_nothing_is_saved(
        qtbot: QtBot, db: object) -> None:
    dialog = HouseDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("Willow House")
    dialog.beds_spin.setValue(0)
    click_save(dialog.buttons)

    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.isVisible()
    assert dialog.errors.message("beds") == "A house needs at least one bed."
    assert dialog.errors.message("name") == ""
    assert list_houses() == []

    dialog.beds_spin.setValue(3)
    click_save(dialog.buttons)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [house.beds for house in list_houses()] == [3]


def test_a_duplicate_name_is_shown_under_the_name(qtbot: QtBot, house: House) -> None:
    dialog = HouseDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("maple house")
    dialog.beds_spin.setValue(4)
    click_save(dialog.buttons)
    assert "already a house" in dialog.errors.message("name")
    assert len(list_houses()) == 1


def test_edit_a_house(section: SettingsSection, house: House,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    def ask(parent: QWidget | None, edited: House | None = None) -> House | None:
        dialog = HouseDialog(edited, parent)
        assert dialog.name_edit.text() == "Maple House"
        assert dialog.beds_spin.value() == 8
        dialog.beds_spin.setValue(10)
        click_save(dialog.buttons)
        return dialog.saved_house

    monkeypatch.setattr(HouseDialog, "ask", ask)
    section.refresh()
    section.edit_button.click()
    assert House.get_by_id(house.id).beds == 10
    assert section.model.index(0, 2).data() == 10


def test_tiers_dialog_renames_a_tier_and_adds_one(qtbot: QtBot, house: House) -> None:
    dialog = TiersDialog(house.id)
    qtbot.addWidget(dialog)
    dialog.show()
    model = dialog.model
    assert model.rowCount() == 3
    assert model.setData(model.index(0, NAME_COLUMN), "Orientation")

    dialog.add_button.click()
    assert model.rowCount() == 4
    new_row = 3
    model.setData(model.index(new_row, NAME_COLUMN), "Alumni")
    model.setData(model.index(new_row, 1), 180)
    model.setData(model.index(new_row, MAY_MENTOR_COLUMN), Qt.CheckState.Checked.value,
                  Qt.ItemDataRole.CheckStateRole)
    model.setData(model.index(new_row, 5), 4)
    click_save(dialog.buttons)

    assert dialog.result() == QDialog.DialogCode.Accepted
    tiers = tiers_of(house.id)
    assert [tier.name for tier in tiers] == ["Orientation", "Established", "Senior", "Alumni"]
    alumni = tiers[3]
    assert (alumni.min_days_in_house, alumni.may_mentor, alumni.caseload_cap) == (180, True, 4)


def test_tiers_dialog_refuses_removing_a_tier_in_use(qtbot: QtBot, house: House) -> None:
    admit_resident(details_for(house))
    dialog = TiersDialog(house.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.select_row(0)
    dialog.remove_button.click()
    assert dialog.model.rowCount() == 2
    click_save(dialog.buttons)

    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.message.isVisible()
    assert dialog.message.text() == (
        '"Newcomer" can\'t be removed: residents are or were in it. Rename it instead.')
    assert [tier.name for tier in tiers_of(house.id)] == ["Newcomer", "Established", "Senior"]


def test_tiers_dialog_moves_tiers(qtbot: QtBot, house: House) -> None:
    dialog = TiersDialog(house.id)
    qtbot.addWidget(dialog)
    dialog.select_row(2)
    assert not dialog.down_button.isEnabled()
    dialog.up_button.click()
    assert dialog.current_row() == 1
    assert [tier.name for tier in dialog.model.tiers()] == ["Newcomer", "Senior", "Established"]
    dialog.down_button.click()
    assert [tier.name for tier in dialog.model.tiers()] == ["Newcomer", "Established", "Senior"]


def test_section_opens_the_tiers_dialog_for_the_selected_house(
        section: SettingsSection, house: House, other_house: House,
        monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []

    def ask(parent: QWidget | None, house_id: int) -> bool:
        asked.append(house_id)
        return True

    monkeypatch.setattr(TiersDialog, "ask", ask)
    section.refresh()
    section.table.selectRow(section.model.row_of(other_house.id))
    section.tiers_button.click()
    assert asked == [other_house.id]


def test_tier_table_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = TierTableModel([
        TierDetails("Newcomer", weekly_meeting_quota=5),
        TierDetails("Senior", 90, 90, 3, may_mentor=True, caseload_cap=3, id=7),
    ])
    qtmodeltester.check(model)
    model.add_tier()
    model.move_tier(2, -1)
    model.remove_tier(0)
    qtmodeltester.check(model)
    assert [tier.name for tier in model.tiers()] == ["New tier", "Senior"]


def test_house_table_model_passes_the_model_tester(
        qtmodeltester: ModelTester, house: House) -> None:
    create_house(HouseDetails(name="Zoë's Place", beds=3))
    model = HouseTableModel()
    model.reload()
    qtmodeltester.check(model)
    assert model.rowCount() == 2

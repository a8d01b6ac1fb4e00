"""A form opened before someone else saved the same record: the other
person's change is kept, and a field both changed is asked about."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QRadioButton

from soberhouse import accounts
from soberhouse.errors import EditConflict
from soberhouse.houses import house_details, update_house
from soberhouse.models import House, Resident, ResidentCorrection
from soberhouse.residents import ResidentDetails, admit_resident, update_resident
from tests.conftest import details_for
from ui.edit_conflict_dialog import EditConflictDialog
from ui.residents.form import ResidentForm
from ui.settings_section.house_dialog import HouseDialog

pytestmark = pytest.mark.ui


def _saved_by_maria(resident: Resident, **changes: object) -> None:
    accounts.act_as("maria")
    try:
        update_resident(resident.id, dataclasses.replace(
            ResidentDetails.of(Resident.get_by_id(resident.id)), **changes))
    finally:
        accounts.act_as("test-manager")


def _save(form: ResidentForm | HouseDialog) -> None:
    form.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_a_change_saved_meanwhile_to_another_field_is_kept(
        qtbot, monkeypatch: pytest.MonkeyPatch, house: House) -> None:
    zoe = admit_resident(details_for(house))
    form = ResidentForm(resident_id=zoe.id)
    qtbot.addWidget(form)
    _saved_by_maria(zoe, phone="555-0142")
    asked: list[EditConflict] = []
    monkeypatch.setattr(ResidentForm, "resolve_conflicts",
                        lambda self, conflict: asked.append(conflict) or {})
    form.notes.setPlainText("Works nights")
    _save(form)
    assert form.result() == ResidentForm.DialogCode.Accepted
    assert not asked
    now = Resident.get_by_id(zoe.id)
    assert (now.phone, now.notes) == ("555-0142", "Works nights")
    # Nobody "corrected" Maria's phone back to the old one.
    assert [(c.field_name, c.recorded_by.username) for c in
            ResidentCorrection.select().order_by(ResidentCorrection.id)] == [
        ("phone", "maria"), ("notes", "test-manager")]


def test_a_field_both_changed_is_chosen_by_the_manager_and_nothing_is_lost(
        qtbot, monkeypatch: pytest.MonkeyPatch, house: House) -> None:
    zoe = admit_resident(details_for(house))
    form = ResidentForm(resident_id=zoe.id)
    qtbot.addWidget(form)
    _saved_by_maria(zoe, phone="555-0142", emergency_contact_phone="555-0300")
    asked: list[EditConflict] = []

    def keep_theirs(self: ResidentForm, conflict: EditConflict) -> dict[str, bool]:
        asked.append(conflict)
        return {"phone": False, "emergency_contact_phone": True}

    monkeypatch.setattr(ResidentForm, "resolve_conflicts", keep_theirs)
    form.phone.setText("555-0177")
    form.emergency_contact_phone.setText("555-0399")
    form.notes.setPlainText("Works nights")
    _save(form)
    [conflict] = asked
    assert [c.field for c in conflict.conflicts] == ["phone", "emergency_contact_phone"]
    assert conflict.conflicts[0].sentence.startswith("maria changed Phone to “555-0142” at ")
    now = Resident.get_by_id(zoe.id)
    assert (now.phone, now.emergency_contact_phone, now.notes) == (
        "555-0142", "555-0399", "Works nights")
    assert form.phone.text() == "555-0142"  # the form shows what was kept
    # Both people's values are in the history.
    assert ("555-0300", "555-0399") in {
        (c.old_value, c.new_value) for c in ResidentCorrection.select()}


def test_going_back_to_the_form_saves_nothing_and_keeps_what_was_typed(
        qtbot, monkeypatch: pytest.MonkeyPatch, house: House) -> None:
    zoe = admit_resident(details_for(house))
    form = ResidentForm(resident_id=zoe.id)
    qtbot.addWidget(form)
    _saved_by_maria(zoe, phone="555-0142")
    monkeypatch.setattr(ResidentForm, "resolve_conflicts", lambda self, conflict: None)
    form.phone.setText("555-0177")
    form.notes.setPlainText("Works nights")
    _save(form)
    assert form.result() != ResidentForm.DialogCode.Accepted
    assert (form.phone.text(), form.notes.toPlainText()) == ("555-0177", "Works nights")
    assert "maria changed Phone to “555-0142”" in form.errors.message("")
    assert Resident.get_by_id(zoe.id).notes == ""


def test_the_conflict_dialog_offers_both_values_with_yours_first(qtbot, house: House) -> None:
    zoe = admit_resident(details_for(house))
    opened, version = ResidentDetails.of(zoe), zoe.version
    _saved_by_maria(zoe, phone="555-0142")
    with pytest.raises(EditConflict) as conflict:
        update_resident(zoe.id, dataclasses.replace(opened, phone="555-0177"), base=opened,
                        base_version=version)
    dialog = EditConflictDialog("Zoë Nguyễn", conflict.value.conflicts)
    qtbot.addWidget(dialog)
    texts = sorted(button.text() for button in dialog.findChildren(QRadioButton))
    assert texts == ["Keep maria's: 555-0142", "Keep yours: 555-0177"]
    assert dialog.keep_mine() == {"phone": True}
    dialog._groups["phone"].button(0).setChecked(True)
    assert dialog.keep_mine() == {"phone": False}


def test_a_house_form_keeps_a_change_saved_meanwhile(
        qtbot, monkeypatch: pytest.MonkeyPatch, house: House) -> None:
    dialog = HouseDialog(House.get_by_id(house.id))
    qtbot.addWidget(dialog)
    accounts.act_as("maria")
    update_house(house.id, dataclasses.replace(house_details(House.get_by_id(house.id)),
                                               beds=10))
    accounts.act_as("test-manager")
    monkeypatch.setattr(HouseDialog, "resolve_conflicts", lambda self, conflict: {})
    dialog.address_edit.setText("14 Elm St")
    _save(dialog)
    now = House.get_by_id(house.id)
    assert (now.beds, now.address) == (10, "14 Elm St")

"""Intake and edit through the resident form: the core's messages under the fields."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from soberhouse.models import House, Resident
from soberhouse.residents import admit_resident, resident_history
from tests.conftest import details_for
from ui.residents.form import ResidentForm
from ui.residents.section import ResidentsSection
from ui.residents.table_model import Column

pytestmark = pytest.mark.ui


def fill_intake(form: ResidentForm, *, first: str = "Đặng Thị", last: str = "Mai",
                born: dt.date = dt.date(1988, 6, 1),
                sober_since: dt.date = dt.date(2026, 10, 1)) -> None:
    form.first_name.setText(first)
    form.last_name.setText(last)
    form.date_of_birth.set_value(born)
    form.sobriety_date.set_value(sober_since)
    form.phone.setText("555-0199")
    form.room.setText("5")
    form.bed.setText("A")


def click_save(form: ResidentForm) -> None:
    form.buttons.button(QDialogButtonBox.StandardButton.Save).click()


@pytest.fixture
def form(qtbot, house: House) -> ResidentForm:
    dialog = ResidentForm(house_id=house.id)
    qtbot.addWidget(dialog)
    return dialog


def test_adding_a_resident_through_the_form_shows_them_in_the_table(
        qtbot, monkeypatch: pytest.MonkeyPatch, house: House, today: dt.date) -> None:
    section = ResidentsSection()
    qtbot.addWidget(section)

    def fill_and_save(form: ResidentForm) -> int:
        assert form.move_in_date.value() == today  # the default
        fill_intake(form)
        click_save(form)
        return form.result()

    monkeypatch.setattr(ResidentForm, "exec", fill_and_save)
    with qtbot.wait_signal(section.status_message) as message:
        section.add_resident()
    assert message.args == ["Đặng Thị Mai admitted to Maple House"]
    assert section.proxy.rowCount() == 1
    assert section.proxy.index(0, Column.NAME).data() == "Mai, Đặng Thị"
    assert section.proxy.index(0, Column.DAYS_SOBER).data() == 45
    assert section.detail_pane.value_text("Room / bed") == "Room 5 · Bed A"


def test_sobriety_date_after_today_shows_its_message_and_saves_nothing(
        form: ResidentForm, today: dt.date) -> None:
    fill_intake(form, sober_since=today + dt.timedelta(days=3))
    click_save(form)
    assert form.errors.message("sobriety_date") == "Sobriety date can't be after today."
    assert form.errors.message("first_name") == ""
    assert form.result() != QDialog.DialogCode.Accepted
    assert Resident.select().count() == 0


def test_required_fields_left_blank_each_say_so(form: ResidentForm) -> None:
    click_save(form)
    assert form.errors.message("first_name") == "First name is required."
    assert form.errors.message("date_of_birth") == "Date of birth is required."
    assert form.errors.message("sobriety_date") == "Sobriety date is required."
    assert Resident.select().count() == 0


def test_likely_duplicate_answered_no_saves_nothing(monkeypatch: pytest.MonkeyPatch,
                                                    form: ResidentForm, house: House) -> None:
    admit_resident(details_for(house))
    asked = []
    monkeypatch.setattr(ResidentForm, "confirm_new_person",
                        lambda self, matches: asked.append(matches) or False)
    fill_intake(form, first="Zoë", last="Nguyễn", born=dt.date(1990, 4, 2))
    form.room.setText("6")
    click_save(form)
    assert len(asked) == 1 and asked[0][0].full_name == "Zoë Nguyễn"
    assert "Is this the same person?" in form.errors.message("last_name")
    assert Resident.select().count() == 1


def test_likely_duplicate_confirmed_as_someone_else_is_saved(
        monkeypatch: pytest.MonkeyPatch, form: ResidentForm, house: House) -> None:
    admit_resident(details_for(house))
    monkeypatch.setattr(ResidentForm, "confirm_new_person", lambda self, matches: True)
    fill_intake(form, first="Zoë", last="Nguyễn", born=dt.date(1990, 4, 2))
    form.room.setText("6")
    click_save(form)
    assert form.result() == QDialog.DialogCode.Accepted
    assert Resident.select().count() == 2


def test_edit_keeps_the_old_value_in_the_history(qtbot, house: House) -> None:
    resident = admit_resident(details_for(house))
    form = ResidentForm(resident_id=resident.id)
    qtbot.addWidget(form)
    assert form.first_name.text() == "Zoë" and not form.is_dirty()
    form.phone.setText("555-0777")
    click_save(form)
    assert form.result() == QDialog.DialogCode.Accepted
    assert Resident.get_by_id(resident.id).phone == "555-0777"
    summaries = [entry.summary for entry in resident_history(resident.id)]
    assert "Phone corrected: “555-0101” → “555-0777”" in summaries
    assert any(summary.startswith("Admitted") for summary in summaries)


@pytest.mark.parametrize(("answer", "closed", "saved"), [
    (QMessageBox.StandardButton.Cancel, False, False),
    (QMessageBox.StandardButton.Discard, True, False),
    (QMessageBox.StandardButton.Save, True, True),
])
def test_closing_with_unsaved_changes_asks(
        monkeypatch: pytest.MonkeyPatch, form: ResidentForm,
        answer: QMessageBox.StandardButton, closed: bool, saved: bool) -> None:
    asked = []
    monkeypatch.setattr(ResidentForm, "ask_about_unsaved_changes",
                        lambda self: asked.append(True) or answer)
    finished = []
    form.finished.connect(finished.append)
    fill_intake(form)
    form.reject()  # Esc, Cancel and the close button all come here
    assert asked == [True]
    assert bool(finished) == closed
    assert (Resident.select().count() == 1) == saved


def test_closing_an_untouched_form_does_not_ask(monkeypatch: pytest.MonkeyPatch,
                                                form: ResidentForm) -> None:
    monkeypatch.setattr(ResidentForm, "ask_about_unsaved_changes",
                        lambda self: pytest.fail("asked"))
    form.reject()
    assert form.result() == QDialog.DialogCode.Rejected


def test_the_name_field_stops_at_120_characters(qtbot, form: ResidentForm,
                                                house: House) -> None:
    form.first_name.setFocus()
    qtbot.keyClicks(form.first_name, "x" * 130)
    assert form.first_name.text() == "x" * 120
    fill_intake(form, first="x" * 130, last="y" * 10_000)  # pasted: cut at the limit too
    assert (len(form.first_name.text()), len(form.last_name.text())) == (120, 120)
    click_save(form)
    assert form.result() == QDialog.DialogCode.Accepted
    assert Resident.get().first_name == "x" * 120


def test_every_text_field_takes_as_much_as_its_column(form: ResidentForm) -> None:
    lengths = {name: getattr(form, name).maxLength() for name in (
        "first_name", "last_name", "preferred_name", "phone", "emergency_contact_name",
        "emergency_contact_phone", "room", "bed", "substances")}
    assert lengths == {"first_name": 120, "last_name": 120, "preferred_name": 120,
                       "phone": 40, "emergency_contact_name": 160,
                       "emergency_contact_phone": 40, "room": 40, "bed": 40,
                       "substances": 255}

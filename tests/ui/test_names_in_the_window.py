"""How a name is written, in the window: the resident form's choice (given
name first / family name first) is saved and shown, the residents list writes
and sorts names as the window's language does, by family name either way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDialogButtonBox

from soberhouse.errors import Problem
from soberhouse.meetings.roll_call import RollCallMember
from soberhouse.models import House, Resident
from soberhouse.names import NameOrder
from soberhouse.residents import admit_resident, resident_history, resident_rows
from tests.conftest import details_for
from ui.meetings.meeting_panel import problems_by_resident
from ui.name_collation import collated, collated_name
from ui.residents.form import ResidentForm
from ui.residents.section import ResidentsSection
from ui.residents.table_model import Column, ResidentTableModel

pytestmark = pytest.mark.ui

FAMILY_FIRST = NameOrder.FAMILY_FIRST.value


def click_save(form: ResidentForm) -> None:
    form.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def choose(form: ResidentForm, order: NameOrder) -> None:
    form.name_order.setCurrentIndex(form.name_order.findData(order.value))


@pytest.fixture
def locale() -> Iterator[None]:
    """Each test may set the window's language; the next one starts as before."""
    before = QLocale()
    yield
    QLocale.setDefault(before)


def test_the_intake_form_saves_how_the_name_is_written(qtbot, house: House) -> None:
    form = ResidentForm(house_id=house.id)
    qtbot.addWidget(form)
    assert form.name_order.currentData() == "given-first"  # the default
    assert [form.name_order.itemText(i) for i in range(form.name_order.count())] == [
        "Given name first", "Family name first"]
    form.first_name.setText("伟")
    form.last_name.setText("李")
    form.preferred_name.setText("Li Wei")
    assert form.name_preview.text() == 'Prints as: 伟 "Li Wei" 李'
    choose(form, NameOrder.FAMILY_FIRST)
    assert form.name_preview.text() == "Prints as: 李伟 (Li Wei)"
    form.date_of_birth.set_value(dt.date(1988, 6, 1))
    form.sobriety_date.set_value(dt.date(2026, 10, 1))
    click_save(form)
    saved = Resident.get_by_id(form.saved_id)
    assert (saved.name_order, saved.full_name) == (FAMILY_FIRST, "李伟")


def test_the_edit_form_opens_on_the_order_and_keeps_the_change_in_the_history(
        qtbot, house: House) -> None:
    li = admit_resident(details_for(house, first_name="伟", last_name="李",
                                    name_order=FAMILY_FIRST))
    form = ResidentForm(resident_id=li.id)
    qtbot.addWidget(form)
    assert form.windowTitle() == "Edit 李伟"
    assert form.name_order.currentData() == FAMILY_FIRST
    assert not form.is_dirty()
    choose(form, NameOrder.GIVEN_FIRST)
    assert form.is_dirty()
    click_save(form)
    assert Resident.get_by_id(li.id).name_order == "given-first"
    assert resident_history(li.id)[0].summary == (
        "Name order corrected: “Family name first” → “Given name first”")


def test_the_list_writes_family_first_names_as_written_and_sorts_by_family_name(
        qtbot, house: House, locale: None) -> None:
    QLocale.setDefault(QLocale("en_US"))
    for number, (given, family, order) in enumerate((
            ("Søren", "Ødegård", "given-first"), ("伟", "李", FAMILY_FIRST),
            ("Bảo", "Đặng", "given-first"), ("János", "Nagy", FAMILY_FIRST),
            ("Luis", "Álvarez", "given-first"), ("Zed", "Zimmer", "given-first"),
            ("Ola", "Olsen", "given-first"), ("Ann", "Dale", "given-first"))):
        admit_resident(details_for(house, first_name=given, last_name=family,
                                   name_order=order, room=str(number)))
    section = ResidentsSection()
    qtbot.addWidget(section)
    shown = [section.proxy.index(row, Column.NAME).data()
             for row in range(section.proxy.rowCount())]
    assert shown == ["Álvarez, Luis", "Dale, Ann", "Đặng, Bảo", "Nagy János", "Ødegård, Søren",
                     "Olsen, Ola", "Zimmer, Zed", "李伟"]
    assert [row.display_name for row in resident_rows()] == shown  # the core agrees

    li = next(row.id for row in resident_rows() if row.last_name == "李")
    assert section.select_resident(li)
    assert section.detail_pane.name_label.full_text() == "李伟"

    QLocale.setDefault(QLocale("da_DK"))  # a Danish reader finds Ø after Z
    model = ResidentTableModel()
    model.refresh()
    assert [model.index(row, Column.NAME).data() for row in range(model.rowCount())] == [
        "Álvarez, Luis", "Dale, Ann", "Đặng, Bảo", "Nagy János", "Olsen, Ola", "Zimmer, Zed",
        "Ødegård, Søren", "李伟"]


def test_window_keys_follow_the_language_and_tell_names_apart(locale: None) -> None:
    QLocale.setDefault(QLocale.c())  # a bare "C" locale sorts as English, not by code point
    assert sorted(["Zed", "Álvarez", "ødegård", "Oz", "dang", "Đặng"], key=collated) == [
        "Álvarez", "dang", "Đặng", "ødegård", "Oz", "Zed"]
    assert collated("Nguyen") == collated("Nguyen")
    assert collated_name("Zoe", "Nguyen", 2) > collated_name("Ann", "Nguyen", 9)
    assert collated_name("Ann", "Nguyen Van", 1) > collated_name("Zoe", "Nguyen", 2)


def test_a_roll_call_message_lands_on_the_row_of_a_family_first_resident() -> None:
    members = [RollCallMember(1, "李伟", "Newcomer", "", None, "", "李伟"),
               RollCallMember(2, "Nguyễn, Zoë", "Newcomer", "", None, "", "Zoë Nguyễn")]
    by_resident, general = problems_by_resident(
        [Problem("marks", "李伟 is marked twice."), Problem("marks", "Zoë Nguyễn is marked "
                                                               "twice."),
         Problem("marks", "Mark at least one resident.")], members)
    assert by_resident == {1: "李伟 is marked twice.", 2: "Zoë Nguyễn is marked twice."}
    assert general == ["Mark at least one resident."]


def test_the_other_tables_sort_their_text_in_the_windows_language(qtbot, locale: None) -> None:
    from ui.mentoring.row_model import Column as RowColumn
    from ui.mentoring.row_model import RowTableModel

    class Houses(RowTableModel[str]):
        columns = (RowColumn("House", lambda name: name),)

        def row_id(self, row: str) -> int:
            return len(row)

    QLocale.setDefault(QLocale("en_US"))
    model = Houses()
    model.set_rows(["Zeller House", "Östra Huset", "Álamo House", "oak House", "Oak House"])
    model.sort(0)
    assert [model.index(row, 0).data() for row in range(model.rowCount())] == [
        "Álamo House", "oak House", "Oak House", "Östra Huset", "Zeller House"]

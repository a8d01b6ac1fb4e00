"""The residents list sorts names by their letters, last name first: "Đặng"
among the D's, "Ødegård" among the O's, "Nguyen" before "Nguyen Van"; the core's
resident_rows() in the same order."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from soberhouse.models import House, Resident
from soberhouse.recording import one_write
from soberhouse.residents import admit_resident, resident_rows
from tests.conftest import details_for
from ui.residents.table_model import RESIDENT_ID_ROLE, Column, ResidentTableModel

pytestmark = pytest.mark.ui

NAMES = (("Ana", "Wiśniewski"), ("Bảo", "Đặng"), ("Søren", "Ødegård"), ("Ann", "dang"),
         ("Émile", "Ødegård"), ("Ann", "Nguyen Van"), ("Zoe", "Nguyen"))  # and Ola Andersen
IN_ORDER = ["Andersen, Ola", "dang, Ann", "Đặng, Bảo", "Nguyen, Zoe", "Nguyen Van, Ann",
            "Ødegård, Émile", "Ødegård, Søren", "Wiśniewski, Ana"]


def names_in_view(model: ResidentTableModel) -> list[str]:
    return [model.index(row, Column.NAME).data() for row in range(model.rowCount())]


def test_the_name_column_sorts_as_a_phone_book_does(qtbot, house: House) -> None:
    for number, (first, last) in enumerate(NAMES):
        admit_resident(details_for(house, first_name=first, last_name=last, room=str(number)))
    andersen = admit_resident(details_for(house, first_name="Ola", last_name="Andersen",
                                          room="9"))
    with one_write("test"):  # saved before names were cleaned: a zero-width space in front
        Resident.update(last_name="\u200bAndersen").where(Resident.id == andersen.id).execute()
    model = ResidentTableModel()
    model.refresh()
    assert [name.replace("\u200b", "") for name in names_in_view(model)] == IN_ORDER
    assert [row.id for row in resident_rows()] == [
        model.index(row, Column.NAME).data(RESIDENT_ID_ROLE)
        for row in range(model.rowCount())]
    model.sort(Column.HOUSE)
    model.sort(Column.NAME, Qt.SortOrder.DescendingOrder)
    assert [name.replace("\u200b", "") for name in names_in_view(model)] == IN_ORDER[::-1]

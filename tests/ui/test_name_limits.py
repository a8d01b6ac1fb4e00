"""A house's and a tier's name stop where their columns do (120 and 80 characters)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from soberhouse.houses import tiers_of
from soberhouse.models import House
from ui.settings_section.house_dialog import HouseDialog
from ui.settings_section.tier_table_model import NAME_COLUMN
from ui.settings_section.tiers_dialog import TiersDialog

pytestmark = pytest.mark.ui


def test_a_house_name_stops_at_120_characters(qtbot: QtBot, db: object) -> None:
    dialog = HouseDialog()
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("M" * 200)
    assert dialog.name_edit.text() == "M" * 120


def test_a_tier_name_stops_at_80_characters(qtbot: QtBot, house: House) -> None:
    dialog = TiersDialog(house.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.edit(dialog.model.index(0, NAME_COLUMN))
    editor = dialog.table.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.setText("N" * 100)
    dialog.table.commitData(editor)
    dialog.table.closeEditor(editor, dialog.table.itemDelegate().EndEditHint.NoHint)
    dialog.accept()
    assert tiers_of(house.id)[0].name == "N" * 80

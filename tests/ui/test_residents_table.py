"""The residents list: table and history models, search and filters, the section."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QHideEvent

from soberhouse.models import House
from soberhouse.residents import admit_resident, discharge, record_relapse
from tests.conftest import details_for
from ui.residents.filter_model import StatusFilter
from ui.residents.form import ResidentForm
from ui.residents.history_model import HistoryModel
from ui.residents.section import EMPTY_TEXT, ResidentsSection
from ui.residents.table_model import SORT_ROLE, Column, ResidentTableModel

pytestmark = pytest.mark.ui


def admit(house: House, first: str, last: str, **changes: object) -> int:
    return admit_resident(details_for(house, first_name=first, last_name=last,
                                      **changes)).id


@pytest.fixture
def residents(house: House, other_house: House) -> dict[str, int]:
    ids = {
        "zoe": admit(house, "Zoë", "Nguyễn"),
        "mai": admit(house, "Mai", "Đặng Thị", room="3", bed="B",
                     sobriety_date=dt.date(2026, 10, 15)),
        "sofia": admit(other_house, "Σοφία", "Παπαδοπούλου", room="1", bed="A"),
        "lukasz": admit(house, "Łukasz", "Wójcik", room="4", bed="A"),
    }
    discharge(ids["lukasz"], "graduated", dt.date(2026, 11, 1), "Finished the program")
    return ids


@pytest.fixture
def section(qtbot, residents: dict[str, int]) -> ResidentsSection:
    widget = ResidentsSection()
    qtbot.addWidget(widget)
    return widget


def shown_names(section: ResidentsSection) -> list[str]:
    proxy = section.proxy
    return [proxy.index(row, Column.NAME).data() for row in range(proxy.rowCount())]


def test_table_model_passes_the_model_tester(qtmodeltester, residents: dict[str, int]) -> None:
    model = ResidentTableModel()
    model.refresh()
    qtmodeltester.check(model)
    assert model.rowCount() == 4


def test_history_model_passes_the_model_tester(qtmodeltester,
                                               residents: dict[str, int]) -> None:
    model = HistoryModel()
    model.show_resident(residents["lukasz"])
    qtmodeltester.check(model)
    assert model.rowCount() >= 5


def test_cells_show_figures_and_sort_by_real_values(today: dt.date,
                                                    residents: dict[str, int]) -> None:
    model = ResidentTableModel()
    model.refresh()
    row = model.row_of(residents["zoe"])
    assert row is not None

    def cell(column: Column, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return model.index(row, column).data(role)

    assert cell(Column.NAME) == "Nguyễn, Zoë"
    assert cell(Column.DAYS_SOBER) == 56  # 20 Sep -> 15 Nov
    assert cell(Column.NEXT_MILESTONE) == "60 days · in 4 days"
    assert cell(Column.NEXT_MILESTONE, SORT_ROLE) == dt.date(2026, 11, 19)
    assert cell(Column.MOVE_IN, SORT_ROLE) == dt.date(2026, 10, 3)
    assert cell(Column.STATUS) == "Active"
    assert cell(Column.STATUS, Qt.ItemDataRole.ForegroundRole) is not None
    alignment = Qt.AlignmentFlag(cell(Column.DAYS_SOBER, Qt.ItemDataRole.TextAlignmentRole))
    assert alignment & Qt.AlignmentFlag.AlignRight

    former = model.row_of(residents["lukasz"])
    assert model.index(former, Column.DAYS_SOBER).data() is None
    assert model.index(former, Column.STATUS).data() == "Graduated"


def test_sorting_by_days_sober_uses_numbers(section: ResidentsSection) -> None:
    section.table.sortByColumn(Column.DAYS_SOBER, Qt.SortOrder.DescendingOrder)
    days = [section.proxy.index(row, Column.DAYS_SOBER).data()
            for row in range(section.proxy.rowCount())]
    assert days == sorted(days, reverse=True)


def test_section_opens_on_active_residents(section: ResidentsSection) -> None:
    assert section.status_filter.currentData() == StatusFilter.ACTIVE
    assert sorted(shown_names(section)) == sorted(
        ["Nguyễn, Zoë", "Đặng Thị, Mai", "Παπαδοπούλου, Σοφία"])
    assert section.count_label.text() == "3 of 4 residents"


def test_search_narrows_the_table_ignoring_accents(qtbot, section: ResidentsSection) -> None:
    section.focus_search()
    qtbot.keyClicks(section.search, "nguyen")
    assert shown_names(section) == ["Nguyễn, Zoë"]
    section.search.clear()
    qtbot.keyClicks(section.search, "3b")  # room and bed
    assert shown_names(section) == ["Đặng Thị, Mai"]
    section.search.setText("Σοφία")
    assert shown_names(section) == ["Παπαδοπούλου, Σοφία"]
    section.search.setText("nobody here")
    assert shown_names(section) == []
    assert section.count_label.text() == "0 of 4 residents"
    assert "No residents match" in section.table._empty_message


def test_house_status_and_tier_filters(section: ResidentsSection, house: House,
                                       other_house: House) -> None:
    section.set_house(other_house.id)
    assert shown_names(section) == ["Παπαδοπούλου, Σοφία"]
    section.set_house(None)
    assert len(shown_names(section)) == 3

    section.status_filter.setCurrentIndex(section.status_filter.findData(StatusFilter.FORMER))
    assert shown_names(section) == ["Wójcik, Łukasz"]
    section.status_filter.setCurrentIndex(section.status_filter.findData(StatusFilter.ALL))
    assert len(shown_names(section)) == 4

    section.tier_filter.setCurrentIndex(section.tier_filter.findData("Newcomer"))
    assert len(shown_names(section)) == 4
    section.tier_filter.setCurrentIndex(section.tier_filter.findData("Senior"))
    assert shown_names(section) == []


def test_selection_fills_the_detail_pane_and_enables_actions(
        section: ResidentsSection, residents: dict[str, int]) -> None:
    assert not section.resident_actions.discharge.isEnabled()
    assert section.select_resident(residents["zoe"])
    pane = section.detail_pane
    assert pane.name_label.full_text() == "Zoë Nguyễn"
    assert pane.value_text("Days sober") == "56"
    assert pane.value_text("Phone") == "555-0101"
    assert pane.history_model.rowCount() == 4
    assert section.resident_actions.discharge.isEnabled()
    assert not section.resident_actions.readmit.isEnabled()

    assert section.select_resident(residents["lukasz"])  # reveals former residents
    assert section.resident_actions.readmit.isEnabled()
    assert not section.resident_actions.relapse.isEnabled()


def test_empty_database_says_what_to_do(qtbot, db) -> None:
    widget = ResidentsSection()
    qtbot.addWidget(widget)
    assert widget.proxy.rowCount() == 0
    assert widget.table._empty_message == EMPTY_TEXT
    assert widget.count_label.text() == "No residents"


def test_refresh_shows_changes_made_elsewhere(section: ResidentsSection,
                                              residents: dict[str, int]) -> None:
    section.select_resident(residents["zoe"])
    record_relapse(residents["zoe"], dt.date(2026, 11, 10), "Used on the weekend")
    section.refresh()
    assert section.selected_resident_id() == residents["zoe"]
    assert section.detail_pane.value_text("Days sober") == "5"


def test_menu_actions_and_remembered_header(qtbot, section: ResidentsSection) -> None:
    actions = section.menu_actions()
    assert len(actions) == 10 and actions[7].isSeparator()
    assert all(a.statusTip() for a in actions if not a.isSeparator())
    section.table.sortByColumn(Column.DAYS_SOBER, Qt.SortOrder.DescendingOrder)
    QCoreApplication.sendEvent(section, QHideEvent())  # what closing the window sends
    again = ResidentsSection()
    qtbot.addWidget(again)
    # The order is remembered; widths are fitted (tests/ui/test_table_columns.py).
    assert again.table.horizontalHeader().sortIndicatorSection() == Column.DAYS_SOBER
    assert again.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_enter_on_a_row_opens_the_edit_form(qtbot, monkeypatch: pytest.MonkeyPatch,
                                            section: ResidentsSection,
                                            residents: dict[str, int]) -> None:
    opened = []
    monkeypatch.setattr(ResidentForm, "ask",
                        lambda parent, resident_id=None, house_id=None:
                        opened.append(resident_id))
    section.select_resident(residents["mai"])
    qtbot.keyClick(section.table, Qt.Key.Key_Return)
    assert opened == [residents["mai"]]
    assert section.context_menu.actions() == section.resident_actions.row_actions()

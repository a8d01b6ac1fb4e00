"""The Residents section: search and filters, the list, and the selected resident.

Every change goes through the core (the form and the action dialogs call it);
this widget reads the list again afterwards and says what was done through
:attr:`ResidentsSection.status_message`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from soberhouse.houses import list_houses, tier_names
from soberhouse.residents import ResidentRow
from ui import preferences
from ui.residents.actions import ResidentActions
from ui.residents.detail_pane import ResidentDetailPane
from ui.residents.filter_model import ResidentFilterModel, StatusFilter
from ui.residents.table_model import Column, ResidentTableModel
from ui.residents.table_view import ResidentTableView
from ui.resources import icon

if TYPE_CHECKING:
    from ui.print_job import NothingToPrint, PrintJob

HEADER_KEY = "residents/header"
SPLITTER_KEY = "residents/splitter"
DETAIL_SPLITTER_KEY = "residents/detail_splitter"
EMPTY_TEXT = "No residents yet. Add one (Ctrl+N) or import a spreadsheet."


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


class ResidentsSection(QWidget):
    status_message = Signal(str)
    residents_changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, own_house_filter: bool = True) -> None:
        """``own_house_filter=False`` when a window-wide house selector drives
        :meth:`set_house` (the main window's toolbar): no second house box here."""
        super().__init__(parent)
        self._own_house_filter = own_house_filter
        self.resident_actions = ResidentActions(self)
        self.addActions(self.resident_actions.menu_actions())
        self.model = ResidentTableModel(self)
        self.model.refresh()
        self.proxy = ResidentFilterModel(self.model, self)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search name, house, tier, bed (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setAccessibleName("Search residents")
        self.search.textChanged.connect(self._search_changed)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search, self.search.clear,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.house_filter = QComboBox()
        self.house_filter.setAccessibleName("House")
        self.house_filter.setToolTip("Show the residents of one house")
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Status")
        self.status_filter.setToolTip("Show residents by status")
        for status in StatusFilter:
            self.status_filter.addItem(status.label, status)
        self.status_filter.setCurrentIndex(self.status_filter.findData(StatusFilter.ACTIVE))
        self.tier_filter = QComboBox()
        self.tier_filter.setAccessibleName("Tier")
        self.tier_filter.setToolTip("Show the residents in one tier")
        self._load_filter_choices()
        self.house_filter.currentIndexChanged.connect(self._house_filter_changed)
        self.status_filter.currentIndexChanged.connect(self._status_filter_changed)
        self.tier_filter.currentIndexChanged.connect(self._tier_filter_changed)
        self.count_label = QLabel()

        self.table = ResidentTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Residents")
        header_state = preferences.load_bytes(HEADER_KEY)
        if header_state is None or not self.table.horizontalHeader().restoreState(header_state):
            self._size_columns()
            self.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
        self._size_rows()
        self.table.open_requested.connect(self.edit_resident)
        self.table.customContextMenuRequested.connect(self._show_context_menu)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.context_menu = QMenu(self)
        self.context_menu.addActions(self.resident_actions.row_actions())

        self.detail_pane = ResidentDetailPane()
        self.detail_pane.set_actions(self.resident_actions.row_actions())
        self.detail_pane.status_message.connect(self.status_message)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail_pane)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        # First start: list and details share the width about 2 : 1 (a splitter
        # scales these sizes to the space it gets).
        self.splitter.setSizes([700, 340])
        for key, splitter in ((SPLITTER_KEY, self.splitter),
                              (DETAIL_SPLITTER_KEY, self.detail_pane.splitter)):
            state = preferences.load_bytes(key)
            if state is not None:
                splitter.restoreState(state)

        toolbar = QHBoxLayout()
        toolbar.addWidget(self.search, 3)
        toolbar.addWidget(self.house_filter, 1)
        toolbar.addWidget(self.status_filter, 1)
        toolbar.addWidget(self.tier_filter, 1)
        toolbar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(toolbar)
        layout.addWidget(self.splitter, 1)

        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved,
                       self.proxy.modelReset, self.proxy.layoutChanged):
            signal.connect(self._update_count)
        self._connect_actions()
        self._update_count()
        self._show_current()

    # ------------------------------------------------------------ public API

    def menu_actions(self) -> list[QAction]:
        """Add, edit, discharge, relapse, change tier, move bed, readmit, |, import, export."""
        return self.resident_actions.menu_actions()

    def refresh(self) -> None:
        """Read the residents (and houses and tiers) again; keep the selection."""
        selected = self.selected_resident_id()
        self.model.refresh()
        self._load_filter_choices()
        if selected is not None:
            self.select_resident(selected, reveal=False)
        self._show_current(force=True)

    def printable(self) -> PrintJob | NothingToPrint:
        """Ctrl+P: the roster of the house shown (every house: one table each)."""
        from soberhouse.house_lists import house_roster
        from ui.print_job import NothingToPrint, PrintJob

        houses = list_houses()
        if not houses:
            return NothingToPrint("There is no house yet: add one in Settings (Ctrl+7).")
        house_id = self.house_filter.currentData()
        if house_id is None and len(houses) == 1:
            house_id = houses[0].id
        return PrintJob.of_list(house_roster(house_id))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def set_house(self, house_id: int | None) -> None:
        """Show one house's residents (None: every house)."""
        index = self.house_filter.findData(house_id) if house_id is not None else 0
        self.house_filter.setCurrentIndex(max(index, 0))

    def selected_resident_id(self) -> int | None:
        row = self._current_row()
        return row.id if row is not None else None

    def select_resident(self, resident_id: int, *, reveal: bool = True) -> bool:
        """Select a resident's row; with ``reveal``, clear the search and status
        filter if they hide it."""
        source_row = self.model.row_of(resident_id)
        if source_row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid() and reveal:
            self.search.clear()
            self.status_filter.setCurrentIndex(self.status_filter.findData(StatusFilter.ALL))
            index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def open_item(self, kind: str, item_id: int) -> None:
        """Show one resident (``kind`` "resident", as Today asks): select the
        row and show the details, clearing the search and any filter that
        hides it; the list is read again if the resident is new to it."""
        if kind != "resident":
            return
        if self.model.row_of(item_id) is None:
            self.refresh()
        found = self.select_resident(item_id)  # clears the search and status filter
        for combo in (self.tier_filter, self.house_filter):
            if found:
                break
            combo.setCurrentIndex(0)  # "All tiers", then "All houses"
            found = self.select_resident(item_id)
        if found:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------ actions

    def add_resident(self) -> None:
        from ui.residents.form import ResidentForm

        resident_id = ResidentForm.ask(self, house_id=self.house_filter.currentData())
        if resident_id is not None:
            row = self._after_change(resident_id)
            if row is not None:
                self.status_message.emit(
                    f"{row.full_name} admitted to {row.house_name}")

    def edit_resident(self) -> None:
        resident_id = self.selected_resident_id()
        if resident_id is None:
            return
        from ui.residents.form import ResidentForm

        if ResidentForm.ask(self, resident_id=resident_id) is not None:
            row = self._after_change(resident_id)
            if row is not None:
                self.status_message.emit(f"Changes to {row.full_name} saved")

    def import_residents(self) -> None:
        from ui.residents.import_dialog import ImportResidentsDialog

        imported = ImportResidentsDialog.ask(self)
        if imported:
            self.refresh()
            self.residents_changed.emit()
            self.status_message.emit(f"Imported {plural(imported, 'resident')}")

    def export_residents(self) -> None:
        path = self.choose_export_path()
        if not path:
            return
        from soberhouse.residents_csv import export_residents

        try:
            exported = export_residents(path)
        except OSError as error:
            QMessageBox.warning(self, "Export residents",
                                f"Could not write {Path(path).name}: {error.strerror or error}")
            return
        self.status_message.emit(
            f"Exported {plural(exported, 'resident')} to {Path(path).name}")

    def choose_export_path(self) -> str:
        """The file to export to ("" if the manager cancels)."""
        suggested = str(Path.home() / "residents.csv")
        path, _ = QFileDialog.getSaveFileName(self, "Export residents", suggested,
                                              "Spreadsheet (CSV) (*.csv)")
        return path

    # ------------------------------------------------------------ Qt override

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        preferences.save_bytes(HEADER_KEY, self.table.horizontalHeader().saveState())
        preferences.save_bytes(SPLITTER_KEY, self.splitter.saveState())
        preferences.save_bytes(DETAIL_SPLITTER_KEY, self.detail_pane.splitter.saveState())
        super().hideEvent(event)

    # ------------------------------------------------------------ helpers

    def _connect_actions(self) -> None:
        actions = self.resident_actions
        actions.add.triggered.connect(self.add_resident)
        actions.edit.triggered.connect(self.edit_resident)
        # Dialog classes by name: their module loads on first use, not at start-up.
        dialogs: list[tuple[QAction, str]] = [
            (actions.discharge, "DischargeDialog"), (actions.relapse, "RelapseDialog"),
            (actions.change_tier, "ChangeTierDialog"), (actions.move_bed, "MoveBedDialog"),
            (actions.readmit, "ReadmitDialog")]
        for action, dialog in dialogs:
            action.triggered.connect(lambda _=False, dialog=dialog: self._run_action(dialog))
        actions.import_residents.triggered.connect(self.import_residents)
        actions.export_residents.triggered.connect(self.export_residents)

    def _run_action(self, dialog_name: str) -> None:
        resident_id = self.selected_resident_id()
        if resident_id is None:
            return
        from ui.residents import action_dialogs

        dialog: type[action_dialogs.ResidentActionDialog] = getattr(action_dialogs, dialog_name)
        done = dialog.ask(self, resident_id)
        if done is not None:
            self._after_change(resident_id)
            self.status_message.emit(done)

    def _after_change(self, resident_id: int) -> ResidentRow | None:
        self.refresh()
        self.select_resident(resident_id)
        self.residents_changed.emit()
        return self._current_row()

    def _current_row(self) -> ResidentRow | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid():
            return None
        return self.model.rows[self.proxy.mapToSource(index).row()]

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._show_current()

    def _show_current(self, force: bool = False) -> None:
        row = self._current_row()
        self.resident_actions.update_for(row)
        if force or (row.id if row else None) != self.detail_pane.resident_id:
            self.detail_pane.show_resident(row)

    def _size_columns(self) -> None:
        """Status, dates and figures fit; names share the rest (ui.table_columns)."""
        self.table.column_fit.fit()

    def _size_rows(self) -> None:
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(int(self.table.fontMetrics().height() * 1.6))

    def _load_filter_choices(self) -> None:
        """Houses and tier names may have changed in Settings: list them again."""
        houses = list_houses()
        chosen_house = self.house_filter.currentData()
        self.house_filter.blockSignals(True)
        self.house_filter.clear()
        self.house_filter.addItem("All houses", None)
        for house in houses:
            self.house_filter.addItem(house.name, house.id)
        self.house_filter.setCurrentIndex(max(self.house_filter.findData(chosen_house), 0))
        self.house_filter.blockSignals(False)
        self.house_filter.setVisible(self._own_house_filter and len(houses) > 1)
        self.proxy.set_house(self.house_filter.currentData())

        names = tier_names()
        chosen_tier = self.tier_filter.currentData()
        self.tier_filter.blockSignals(True)
        self.tier_filter.clear()
        self.tier_filter.addItem("All tiers", None)
        for name in names:
            self.tier_filter.addItem(name, name)
        self.tier_filter.setCurrentIndex(max(self.tier_filter.findData(chosen_tier), 0))
        self.tier_filter.blockSignals(False)
        self.proxy.set_tier(self.tier_filter.currentData())

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search_text(text)
        self._show_current()

    def _house_filter_changed(self) -> None:
        self.proxy.set_house(self.house_filter.currentData())
        self._show_current()

    def _status_filter_changed(self) -> None:
        self.proxy.set_status(StatusFilter(self.status_filter.currentData()))
        self._show_current()

    def _tier_filter_changed(self) -> None:
        self.proxy.set_tier(self.tier_filter.currentData())
        self._show_current()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(f"{shown} of {plural(total, 'resident')}" if total
                                 else "No residents")
        if total == 0:
            self.table.set_empty_message(EMPTY_TEXT)
        elif self.search.text().strip():
            self.table.set_empty_message(
                f"No residents match “{self.search.text().strip()}” with these filters.\n"
                f"Press Esc in the search field to clear it.")
        else:
            self.table.set_empty_message("No residents match these filters.")

    def _show_context_menu(self, position: QPoint) -> None:
        if self.table.indexAt(position).isValid():
            self.context_menu.exec(self.table.viewport().mapToGlobal(position))

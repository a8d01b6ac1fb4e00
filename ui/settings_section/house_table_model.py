"""The houses, one row each, for the Settings section."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from soberhouse.houses import active_count, list_houses, tiers_of
from soberhouse.mentoring.settings import all_mentoring_settings, settings_for

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()  # the root of a flat table

HEADERS = ("Name", "Address", "Beds", "Residents", "Tiers", "Week starts on",
           "Pair by gender", "Check-in overdue after")
NUMBER_COLUMNS = {2, 3, 4}


@dataclass(frozen=True)
class HouseRow:
    id: int
    name: str
    address: str
    beds: int
    residents: int
    tiers: int
    week_start_name: str
    pair_by_gender: bool = False
    check_in_overdue_days: int = 7

    def values(self) -> tuple[object, ...]:
        days = self.check_in_overdue_days
        return (self.name, self.address, self.beds, self.residents, self.tiers,
                self.week_start_name, "Yes" if self.pair_by_gender else "No",
                f"{days} day" if days == 1 else f"{days} days")


class HouseTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[HouseRow] = []

    def reload(self) -> None:
        """Read the houses again (a handful of rows: a query or two each is fine)."""
        self.beginResetModel()
        saved = all_mentoring_settings()
        self._rows = []
        for house in list_houses():
            mentoring = settings_for(saved, house.id)
            self._rows.append(HouseRow(
                house.id, house.name, house.address, house.beds, active_count(house.id),
                len(tiers_of(house.id)), house.week_start_name, mentoring.pair_by_gender,
                mentoring.check_in_overdue_days))
        self.endResetModel()

    def house_id(self, row: int) -> int:
        return self._rows[row].id

    def row_of(self, house_id: int) -> int:
        return next((row for row, house in enumerate(self._rows) if house.id == house_id), -1)

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        house = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return house.values()[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (0, 1):
            return house.values()[index.column()] or None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in NUMBER_COLUMNS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(HEADERS)):
            return HEADERS[section]
        return None

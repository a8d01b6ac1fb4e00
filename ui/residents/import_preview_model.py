"""The import preview: one table row per line of the file, "OK" or its problems."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from soberhouse.residents_csv import ImportPreview, ImportRow
from ui.residents.colours import error_colour
from ui.residents.form_fields import short_date
from ui.resources import icon

AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    LINE = 0
    NAME = 1
    DATE_OF_BIRTH = 2
    HOUSE = 3
    TIER = 4
    MOVE_IN = 5
    SOBRIETY = 6
    STATUS = 7
    CHECK = 8


_TITLES = {
    Column.LINE: "Line",
    Column.NAME: "Name",
    Column.DATE_OF_BIRTH: "Date of birth",
    Column.HOUSE: "House",
    Column.TIER: "Tier",
    Column.MOVE_IN: "Move-in date",
    Column.SOBRIETY: "Sobriety date",
    Column.STATUS: "Status",
    Column.CHECK: "Check",
}

_DATE_COLUMNS = {
    Column.DATE_OF_BIRTH: "date_of_birth",
    Column.MOVE_IN: "move_in_date",
    Column.SOBRIETY: "sobriety_date",
}


def _date_text(row: ImportRow, name: str) -> str:
    """The date in the system's format, or the file's text if it could not be read."""
    day = getattr(row.details, name)
    return short_date(day) if day is not None else row.cells.get(name, "")


class ImportPreviewModel(QAbstractTableModel):
    """Read-only rows of an :class:`ImportPreview`, in file order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[ImportRow, ...] = ()

    def set_preview(self, preview: ImportPreview | None) -> None:
        self.beginResetModel()
        self._rows = preview.rows if preview is not None else ()
        self.endResetModel()

    def row_at(self, row: int) -> ImportRow:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(Column)):
            return _TITLES[Column(section)]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if column is Column.CHECK:
            if role == Qt.ItemDataRole.ToolTipRole and not row.ok:
                return "\n".join(row.problems)
            if role == Qt.ItemDataRole.ForegroundRole and not row.ok:
                return error_colour()
            if role == Qt.ItemDataRole.DecorationRole and not row.ok:
                return icon("warning")
        if role == Qt.ItemDataRole.TextAlignmentRole and column is Column.LINE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: ImportRow, column: Column) -> Any:
        if column is Column.LINE:
            return row.line
        if column is Column.NAME:
            return row.name
        if column is Column.HOUSE:
            return row.house_name
        if column is Column.TIER:
            return row.tier_name or "(entry tier)"
        if column in _DATE_COLUMNS:
            return _date_text(row, _DATE_COLUMNS[column])
        if column is Column.STATUS:
            return row.details.status.capitalize()
        return "OK" if row.ok else "; ".join(row.problems)

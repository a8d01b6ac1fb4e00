"""The import preview: one table row per line of the file, "OK" or its problems."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from soberhouse.residents_csv import ImportPreview, ImportRow
from ui.colours import error_colour
from ui.form_fields import short_date
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


_ELIDED_COLUMNS = {Column.NAME, Column.HOUSE, Column.TIER}


def _date_text(row: ImportRow, name: str) -> str:
    """The date in the system's format, or the file's text if it could not be read."""
    day = getattr(row.details, name)
    return short_date(day) if day is not None else row.cells.get(name, "")


class ImportPreviewModel(QAbstractTableModel):
    """Read-only rows of an :class:`ImportPreview`, in file order.

    A file may have thousands of lines and the view asks for every cell it
    measures, so each row's texts are made once, when first asked for.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[ImportRow, ...] = ()
        self._texts: dict[int, tuple[Any, ...]] = {}

    def set_preview(self, preview: ImportPreview | None) -> None:
        self.beginResetModel()
        self._rows = preview.rows if preview is not None else ()
        self._texts = {}
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
        number, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            texts = self._texts.get(number)
            if texts is None:
                texts = self._texts[number] = _display(self._rows[number])
            return texts[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in _ELIDED_COLUMNS:
            return self.data(index)  # in full, should the column be too narrow
        if column == Column.CHECK:
            row = self._rows[number]
            if role == Qt.ItemDataRole.ToolTipRole and not row.ok:
                return "\n".join(row.problems)
            if role == Qt.ItemDataRole.ForegroundRole and not row.ok:
                return error_colour()
            if role == Qt.ItemDataRole.DecorationRole and not row.ok:
                return icon("warning")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.LINE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _display(row: ImportRow) -> tuple[Any, ...]:
    """The row's text in each column, in Column order."""
    texts: dict[Column, Any] = {
        Column.LINE: row.line,
        Column.NAME: row.name,
        Column.HOUSE: row.house_name,
        Column.TIER: row.tier_name or "(entry tier)",
        Column.STATUS: row.details.status.capitalize(),
        Column.CHECK: "OK" if row.ok else "; ".join(row.problems),
    }
    for column, name in _DATE_COLUMNS.items():
        texts[column] = _date_text(row, name)
    return tuple(texts[column] for column in Column)

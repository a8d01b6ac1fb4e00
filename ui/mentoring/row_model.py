"""A read-only table model over a list of core dataclasses, column by column.

Each table of the section is one subclass naming its columns; rows stay the
core's own objects and each cell is worked out when the view asks for it.
Sorting and searching go through :class:`SearchProxy`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QIcon

from soberhouse.text_matching import folded
from ui.name_collation import collated
from ui.table_columns import SHARE, WIDTH_ROLE

Row = TypeVar("Row")
AnyIndex = QModelIndex | QPersistentModelIndex

ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 10
MENTOR_MIME_TYPE = "application/x-soberhouse-mentor-id"
"""What a dragged mentor carries: the mentor's id, as text."""


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column: its heading and how a row shows in it.

    ``sort`` gives the value to sort by (the display text, collated, when not
    given); ``numeric`` right-aligns the column.  ``shares_room``: a name or a
    note, which shares the table's room left once the statuses, dates and
    counts are sized to fit (:mod:`ui.table_columns`).
    """

    heading: str
    display: Callable[[Row], Any]
    sort: Callable[[Row], Any] | None = None
    numeric: bool = False
    tooltip: Callable[[Row], str | None] | None = None
    foreground: Callable[[Row], QColor | None] | None = None
    decoration: Callable[[Row], QIcon | None] | None = None
    accessible: Callable[[Row], str | None] | None = None
    shares_room: bool = False


def text_or_blank(value: object) -> str:
    return "" if value is None else str(value)


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Subclasses set :attr:`columns` and :meth:`row_id`."""

    columns: Sequence[Column[Any]] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._haystacks: list[str] | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # ------------------------------------------------------------ our API

    @property
    def rows(self) -> list[Row]:
        return self._rows

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = self._sorted(list(rows))
        self._haystacks = None
        self.endResetModel()

    def replace_row(self, number: int, row: Row) -> None:
        self._rows[number] = row
        self._haystacks = None
        self.dataChanged.emit(self.index(number, 0),
                              self.index(number, len(self.columns) - 1))

    def row_at(self, index: AnyIndex) -> Row | None:
        """The row of a (source) index, or None."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def row_id(self, row: Row) -> int:
        raise NotImplementedError

    def row_of(self, row_id: int) -> int | None:
        for number, row in enumerate(self._rows):
            if self.row_id(row) == row_id:
                return number
        return None

    def column_texts(self, column: int) -> list[str]:
        """Every row's text in ``column``, quickly (ui.table_columns measures them)."""
        display = self.columns[column].display
        return [text_or_blank(display(row)) for row in self._rows]

    def search_text(self, row: Row) -> str:
        """What the search box looks in (the text columns, by default)."""
        return " ".join(text_or_blank(column.display(row)) for column in self.columns
                        if not column.numeric)

    def haystack(self, number: int) -> str:
        if self._haystacks is None:
            self._haystacks = [folded(self.search_text(row)) for row in self._rows]
        return self._haystacks[number]

    def _sorted(self, rows: list[Row]) -> list[Row]:
        if self._sort is None or not rows:
            return rows
        column, order = self._sort
        spec = self.columns[column]
        if spec.sort is not None:
            key = spec.sort
        else:
            def key(row: Row) -> Any:
                value = spec.display(row)
                return collated(value) if isinstance(value, str) else value
        return sorted(rows, key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    # ------------------------------------------------------------ Qt overrides

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows in Python, each key worked out once (a sorting proxy
        would ask for two cells per comparison)."""
        if not 0 <= column < len(self.columns) or self._sort == (column, order):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [self._rows[index.row()] for index in persistent]
        self._rows = self._sorted(self._rows)
        self._haystacks = None
        position = {id(row): number for number, row in enumerate(self._rows)}
        self.changePersistentIndexList(
            persistent, [self.index(position[id(row)], index.column())
                         for row, index in zip(held, persistent, strict=True)])
        self.layoutChanged.emit()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].heading
        if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[section].numeric:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == WIDTH_ROLE and self.columns[section].shares_room:
            return SHARE
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None or not 0 <= index.column() < len(self.columns):
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(row)
        if role == ROW_ID_ROLE:
            return self.row_id(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (Qt.AlignmentFlag.AlignRight if column.numeric
                          else Qt.AlignmentFlag.AlignLeft)
            return horizontal | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip is not None:
                return column.tooltip(row)
            value = column.display(row)
            return value if isinstance(value, str) and value else None
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground is not None:
            return column.foreground(row)
        if role == Qt.ItemDataRole.DecorationRole and column.decoration is not None:
            return column.decoration(row)
        if role == Qt.ItemDataRole.AccessibleTextRole and column.accessible is not None:
            return column.accessible(row)
        return None


class MentorDragMixin:
    """Rows that can be dragged onto a resident waiting for a mentor."""

    def mentor_id_of(self, number: int) -> int | None:
        raise NotImplementedError

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)  # type: ignore[misc]
        if index.isValid():
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MENTOR_MIME_TYPE]

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.CopyAction

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        data = QMimeData()
        valid = [index for index in indexes if index.isValid()]
        mentor_id = self.mentor_id_of(valid[0].row()) if valid else None
        if mentor_id is not None:
            data.setData(MENTOR_MIME_TYPE, str(mentor_id).encode("ascii"))
            data.setText(str(valid[0].siblingAtColumn(0).data()))
        return data


def mentor_id_from(data: QMimeData) -> int | None:
    if not data.hasFormat(MENTOR_MIME_TYPE):
        return None
    try:
        return int(bytes(data.data(MENTOR_MIME_TYPE).data()).decode("ascii"))
    except ValueError:
        return None


class SearchProxy(QSortFilterProxyModel):
    """Keeps the rows holding every word typed; sorting is the source's."""

    def __init__(self, source: RowTableModel[Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._words: list[str] = []
        self._only: Callable[[Any], bool] | None = None
        self.setSourceModel(source)

    def set_search_text(self, text: str) -> None:
        words = folded(text).split()
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_row_filter(self, only: Callable[[Any], bool] | None) -> None:
        self.beginFilterChange()
        self._only = only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def row_at(self, index: AnyIndex) -> Any:
        return self._source.row_at(self.mapToSource(index)) if index.isValid() else None

    def index_of(self, row_id: int) -> QModelIndex:
        number = self._source.row_of(row_id)
        if number is None:
            return QModelIndex()
        return self.mapFromSource(self._source.index(number, 0))

    def filterAcceptsRow(self, source_row: int,  # noqa: N802
                         source_parent: AnyIndex) -> bool:
        if self._only is not None and not self._only(self._source.rows[source_row]):
            return False
        if not self._words:
            return True
        haystack = self._source.haystack(source_row)
        return all(word in haystack for word in self._words)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source sorts (its keys once per row); this model only filters."""
        self._source.sort(column, order)


def last_then(value: Any, fallback: Any) -> tuple[int, Any]:
    """A sort key that puts rows without a value after the others."""
    return (1, fallback) if value is None else (0, value)

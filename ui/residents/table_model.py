"""The residents list: one table model over ``soberhouse.residents.resident_rows()``."""

from __future__ import annotations

import datetime as dt
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from soberhouse import clock
from soberhouse.models import ResidentStatus
from soberhouse.residents import ResidentRow, resident_rows
from soberhouse.text_matching import folded
from ui.colours import status_colour
from ui.form_fields import short_date
from ui.name_collation import collated, collated_name
from ui.table_columns import SHARE, WIDTH_ROLE

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
"""Real values to sort by: dates, whole numbers, text in the window's collation
(what :meth:`sort` uses)."""
RESIDENT_ID_ROLE = Qt.ItemDataRole.UserRole + 2

_STATUS_ORDER = {status.value: number for number, status in enumerate(ResidentStatus)}

AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NAME = 0
    HOUSE = 1
    TIER = 2
    DAYS_SOBER = 3
    NEXT_MILESTONE = 4
    MOVE_IN = 5
    STATUS = 6

    @property
    def heading(self) -> str:
        return _TITLES[self]


_TITLES = {
    Column.NAME: "Name",
    Column.HOUSE: "House",
    Column.TIER: "Tier",
    Column.DAYS_SOBER: "Days sober",
    Column.NEXT_MILESTONE: "Next milestone",
    Column.MOVE_IN: "Move-in date",
    Column.STATUS: "Status",
}


_SHARING_ROOM = (Column.NAME, Column.HOUSE)
"""Names share the room left once the status, dates and figures fit (ui.table_columns)."""


def status_label(status: str) -> str:
    return ResidentStatus(status).label if status in _STATUS_ORDER else status


def milestone_text(row: ResidentRow, today: dt.date) -> str:
    """"60 days · in 4 days", "30 days · today" ("" for former residents)."""
    milestone = row.next_milestone
    if milestone is None:
        return ""
    days_to_go = (milestone.date - today).days
    if days_to_go == 0:
        when = "today"
    elif days_to_go == 1:
        when = "tomorrow"
    else:
        when = f"in {days_to_go} days"
    return f"{milestone.label} · {when}"


class ResidentTableModel(QAbstractTableModel):
    """Every resident, one row each; read-only (changes go through the core)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ResidentRow] = []
        self._haystacks: list[str] | None = []  # built on the first search
        self._sort_keys: dict[Column, list[Any]] = {}  # per column, built when needed
        self._today = clock.today()
        self._sort_column = Column.NAME
        self._sort_order = Qt.SortOrder.AscendingOrder

    # ------------------------------------------------------------ our API

    def refresh(self) -> None:
        """Read the residents again (one query)."""
        self.beginResetModel()
        self._today = clock.today()
        self._rows = resident_rows(self._today)
        self._sort_keys = {}
        self._haystacks = None
        self._put_in_order(self._sorted_order(self._sort_column, self._sort_order))
        self.endResetModel()

    @property
    def rows(self) -> list[ResidentRow]:
        return self._rows

    @property
    def haystacks(self) -> list[str]:
        """Per row, the folded text the search box looks in."""
        if self._haystacks is None:
            self._haystacks = [self._haystack(row) for row in self._rows]
        return self._haystacks

    def row_of(self, resident_id: int) -> int | None:
        for number, row in enumerate(self._rows):
            if row.id == resident_id:
                return number
        return None

    def column_texts(self, column: int) -> list[str]:
        """Every row's text in ``column``, quickly (ui.table_columns measures them)."""
        return ["" if value is None else str(value)
                for value in (self._display(row, column) for row in self._rows)]

    # ------------------------------------------------------------ Qt overrides

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python with the precomputed keys: a proxy sorting 4,000 rows
        would call :meth:`data` twice per comparison."""
        if not 0 <= column < len(Column):
            return
        if (column, order) == (self._sort_column, self._sort_order):
            return  # already in that order (the view asks again when it is set up)
        self._sort_column, self._sort_order = Column(column), order
        self.layoutAboutToBeChanged.emit()
        order_ = self._sorted_order(self._sort_column, order)
        new_position = {old: new for new, old in enumerate(order_)}
        persistent = self.persistentIndexList()
        self._put_in_order(order_)
        self.changePersistentIndexList(
            persistent,
            [self.index(new_position[index.row()], index.column()) for index in persistent])
        self.layoutChanged.emit()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return Column(section).heading
        if role == Qt.ItemDataRole.TextAlignmentRole and section == Column.DAYS_SOBER:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == WIDTH_ROLE and section in _SHARING_ROOM:
            return SHARE
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row_number, column = index.row(), index.column()
        if role == SORT_ROLE:
            return self._keys(Column(column))[row_number]
        row = self._rows[row_number]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == RESIDENT_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == Column.DAYS_SOBER:
                return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.STATUS:
            return status_colour(row.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    # ------------------------------------------------------------ helpers

    def _display(self, row: ResidentRow, column: int) -> str | int | None:
        match column:
            case Column.NAME:
                return row.display_name
            case Column.HOUSE:
                return row.house_name
            case Column.TIER:
                return row.tier_name
            case Column.DAYS_SOBER:
                return row.days_sober
            case Column.NEXT_MILESTONE:
                return milestone_text(row, self._today)
            case Column.MOVE_IN:
                return short_date(row.move_in_date)
            case Column.STATUS:
                return status_label(row.status)
        return None

    def _tooltip(self, row: ResidentRow, column: int) -> str | None:
        match column:
            case Column.NAME:
                return "\n".join(filter(None, (row.display_name, row.bed_label)))
            case Column.HOUSE | Column.TIER:
                return self._display(row, column) or None  # type: ignore[return-value]
            case Column.NEXT_MILESTONE if row.next_milestone is not None:
                return f"{row.next_milestone.label} sober on {short_date(row.next_milestone.date)}"
            case Column.STATUS if row.discharge_date is not None:
                return f"{status_label(row.status)} on {short_date(row.discharge_date)}"
        return None

    def _keys(self, column: Column) -> list[Any]:
        """Every row's sort value in ``column``, in the current row order."""
        keys = self._sort_keys.get(column)
        if keys is None:
            keys = self._sort_keys[column] = [_sort_value(row, column) for row in self._rows]
        return keys

    def _sorted_order(self, column: Column, order: Qt.SortOrder) -> list[int]:
        """Row numbers in sorted order (a stable sort: ties keep their order)."""
        keys = self._keys(column)
        return sorted(range(len(keys)), key=keys.__getitem__,
                      reverse=order == Qt.SortOrder.DescendingOrder)

    def _put_in_order(self, order: list[int]) -> None:
        self._rows = [self._rows[i] for i in order]
        self._sort_keys = {column: [keys[i] for i in order]
                           for column, keys in self._sort_keys.items()}
        if self._haystacks is not None:
            self._haystacks = [self._haystacks[i] for i in order]

    @staticmethod
    def _haystack(row: ResidentRow) -> str:
        return folded(" ".join((row.first_name, row.last_name, row.preferred_name,
                                row.house_name, row.tier_name, row.room, row.bed,
                                f"{row.room}{row.bed}", row.bed_label)))


def _sort_value(row: ResidentRow, column: Column) -> Any:
    """What a column sorts by: text as the window's language sorts it, whole
    numbers, dates."""
    match column:
        case Column.NAME:  # family name, then given name, in the window's language
            return collated_name(row.first_name, row.last_name, row.id)  # (ui.name_collation)
        case Column.HOUSE:
            return collated(row.house_name)
        case Column.TIER:
            return row.tier_position
        case Column.DAYS_SOBER:
            return row.days_sober if row.days_sober is not None else -1
        case Column.NEXT_MILESTONE:
            milestone = row.next_milestone
            return milestone.date if milestone is not None else dt.date.max
        case Column.MOVE_IN:
            return row.move_in_date
        case Column.STATUS:
            return _STATUS_ORDER.get(row.status, len(_STATUS_ORDER))
    raise ValueError(column)

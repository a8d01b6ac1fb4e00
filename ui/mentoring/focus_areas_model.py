"""The focus areas offered for matching, each one checkable."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()


class FocusAreasModel(QAbstractListModel):
    """``areas`` in their order; :meth:`set_checked` ticks those named (any
    case) and answers the names it does not offer."""

    def __init__(self, areas: Iterable[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._areas = list(areas)
        self._checked = [False] * len(self._areas)

    def set_checked(self, values: Iterable[str]) -> list[str]:
        wanted = {value.casefold(): value for value in values}
        self._checked = [area.casefold() in wanted for area in self._areas]
        if self._areas:
            self.dataChanged.emit(self.index(0), self.index(len(self._areas) - 1),
                                  [Qt.ItemDataRole.CheckStateRole])
        offered = {area.casefold() for area in self._areas}
        return [value for key, value in wanted.items() if key not in offered]

    def checked(self) -> list[str]:
        return [area for area, on in zip(self._areas, self._checked, strict=True) if on]

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._areas)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            area = self._areas[index.row()]
            return area[:1].upper() + area[1:]
        if role == Qt.ItemDataRole.CheckStateRole:
            return (Qt.CheckState.Checked if self._checked[index.row()]
                    else Qt.CheckState.Unchecked)
        return None

    def setData(self, index: Index, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(value)
        self._checked[index.row()] = state == Qt.CheckState.Checked
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable)

"""A goal's reviews and status changes, oldest first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from soberhouse.mentoring.goals import GoalStatusChangeView
from ui.form_fields import short_date

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()

HEADERS = ("Date", "Change", "Reason", "Recorded by")


def change_text(change: GoalStatusChangeView) -> str:
    if change.from_status == change.to_status:
        text = f"Reviewed: still {change.to_status.label.lower()}"
    else:
        text = f"{change.from_status.label} → {change.to_status.label}"
    return f"{text} (at a check-in)" if change.check_in_id is not None else text


class GoalHistoryModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.changes: list[GoalStatusChangeView] = []

    def set_changes(self, changes: list[GoalStatusChangeView]) -> None:
        self.beginResetModel()
        self.changes = list(changes)
        self.endResetModel()

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.changes)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        change = self.changes[index.row()]
        values = (short_date(change.effective_date), change_text(change), change.reason,
                  change.recorded_by)
        if role == Qt.ItemDataRole.DisplayRole:
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2 and change.reason:
            return change.reason
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(HEADERS)):
            return HEADERS[section]
        return None

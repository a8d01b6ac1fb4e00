"""A staff coach's continuing-education log, newest first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from soberhouse.mentoring.certification import EducationEntry, hours_text
from ui.form_fields import short_date

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()

HEADERS = ("Date", "Hours", "Topic", "Law & ethics")
DATE, HOURS, TOPIC, LAW_AND_ETHICS = range(4)


class EducationLogModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.entries: list[EducationEntry] = []

    def set_entries(self, entries: list[EducationEntry] | tuple[EducationEntry, ...]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (short_date(entry.taken_on), hours_text(entry.hours), entry.topic,
                    "Yes" if entry.law_and_ethics else "")[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == HOURS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole and column == TOPIC:
            return entry.topic
        if role == Qt.ItemDataRole.AccessibleTextRole and column == LAW_AND_ETHICS:
            return "Law and ethics" if entry.law_and_ethics else "Not law and ethics"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(HEADERS)):
            return HEADERS[section]
        return None

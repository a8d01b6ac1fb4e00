"""Every backup, one row each, for Settings > Backups: when it was taken, its
size, residents and last change, whether it passed its check, Keep, and why
it was taken (the records come from :func:`soberhouse.backups.list_backups`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from soberhouse import backups

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()  # the root of a flat table

HEADERS = ("Taken", "Size", "Residents", "Last change", "Checked", "Keep", "Why taken")
NUMBER_COLUMNS = {1, 2}
CHECKED_COLUMN = 4
REASONS = {
    "manual": "Back Up Now",
    "automatic": "every 30 minutes",
    "on-close": "when the window closed",
    "before-import": "before an import",
    "before-restore": "before a restore",
    "before-upgrade": "before an upgrade",
    "before-encryption": "before the file was encrypted",
}


def when(moment: dt.datetime | None) -> str:
    """"3 Dec 2026 18:54"."""
    return f"{moment.day} {moment:%b %Y %H:%M}" if moment is not None else "unknown"


def size_words(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(size, 1024) // 1024:,} KB"


def reason_words(reason: str) -> str:
    if reason.startswith("before-upgrade-from-"):  # before-upgrade-from-7
        return REASONS["before-upgrade"]
    return REASONS.get(reason, reason.replace("-", " "))


def checked_tip(record: backups.BackupRecord) -> str:
    """The Checked column's tooltip: the check, and whether the copy is encrypted."""
    if record.encrypted:
        return (f"{checked_words(record)}. Encrypted with the data file's key; its key file "
                f"({backups.key_file_of(record.path).name}) is beside it: keep the two "
                f"together.")
    return (f"{checked_words(record)}. Not encrypted: anyone with this file can read it "
            f"(taken before the data file was encrypted, or of a file that is not).")


def checked_words(record: backups.BackupRecord) -> str:
    return "Passed its check" if record.verified else f"Failed: {record.failure}"


def row_values(record: backups.BackupRecord) -> tuple[str, ...]:
    return (when(record.taken_at), size_words(record.size),
            f"{record.residents:,}" if record.verified or record.residents else "",
            when(record.last_change_at) if record.last_change_at else "",
            checked_words(record), "Keep" if record.keep else "", reason_words(record.reason))


class BackupTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.records: list[backups.BackupRecord] = []
        self._values: list[tuple[str, ...]] = []

    def show(self, records: Sequence[backups.BackupRecord]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self._values = [row_values(record) for record in self.records]
        self.endResetModel()

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._values[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == CHECKED_COLUMN:
            return checked_tip(self.records[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in NUMBER_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

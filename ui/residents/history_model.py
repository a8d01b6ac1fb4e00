"""A resident's timeline: one list model over ``resident_history()``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTime,
)

from soberhouse.residents import HistoryEntry, resident_history
from ui.form_fields import short_date
from ui.resources import icon

_KIND_ICONS = {"status": "readmit", "tier": "tier", "sobriety": "relapse", "bed": "bed",
               "correction": "edit"}


def entry_text(entry: HistoryEntry) -> str:
    """Two lines: date and what happened; why, and who recorded it."""
    why = f"{entry.reason} · " if entry.reason else ""
    return (f"{short_date(entry.effective_date)}  {entry.summary}\n"
            f"{why}recorded by {entry.recorded_by}")


class HistoryModel(QAbstractListModel):
    """Newest first; read-only."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[HistoryEntry] = []

    def show_resident(self, resident_id: int | None) -> None:
        self.beginResetModel()
        self._entries = resident_history(resident_id) if resident_id is not None else []
        self.endResetModel()

    @property
    def entries(self) -> list[HistoryEntry]:
        return self._entries

    def rowCount(self,  # noqa: N802
                 parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry_text(entry)
        if role == Qt.ItemDataRole.ToolTipRole:
            moment = entry.recorded_at
            at = QLocale().toString(QTime(moment.hour, moment.minute),
                                    QLocale.FormatType.ShortFormat)
            recorded = f"{short_date(moment.date())} {at}"
            return f"{entry_text(entry)}\nRecorded {recorded}"
        if role == Qt.ItemDataRole.DecorationRole:
            return icon(_KIND_ICONS.get(entry.kind, "edit"))
        return None

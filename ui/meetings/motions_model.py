"""The motions of a meeting, edited in place: what was moved, by whom, what
became of it and the votes.  Rows are drafts until the meeting is saved."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from soberhouse.meetings.records import MotionDetails
from soberhouse.models.meetings import MotionOutcome

AnyIndex = QModelIndex | QPersistentModelIndex


class MotionColumn:
    TEXT = 0
    MOVED_BY = 1
    OUTCOME = 2
    FOR = 3
    AGAINST = 4


HEADINGS = ("Motion", "Moved by", "Outcome", "For", "Against")
NUMERIC = (MotionColumn.FOR, MotionColumn.AGAINST)
MOST_VOTES = 999


@dataclass(frozen=True)
class MotionDraft:
    text: str = ""
    moved_by: str = ""
    outcome: MotionOutcome = MotionOutcome.PASSED
    votes_for: int | None = None
    votes_against: int | None = None

    def details(self) -> MotionDetails:
        return MotionDetails(text=self.text.strip(), outcome=self.outcome,
                             moved_by=self.moved_by.strip(), votes_for=self.votes_for,
                             votes_against=self.votes_against)

    @classmethod
    def of(cls, motion: Any) -> MotionDraft:
        """From a stored :class:`soberhouse.models.Motion` (or MotionDetails)."""
        return cls(text=motion.text or "", moved_by=motion.moved_by or "",
                   outcome=MotionOutcome(motion.outcome), votes_for=motion.votes_for,
                   votes_against=motion.votes_against)


class MotionsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[MotionDraft] = []

    @property
    def drafts(self) -> list[MotionDraft]:
        return list(self._rows)

    def set_drafts(self, drafts: Sequence[MotionDraft]) -> None:
        self.beginResetModel()
        self._rows = list(drafts)
        self.endResetModel()

    def details(self) -> list[MotionDetails]:
        """The motions to save (blank rows left out)."""
        return [draft.details() for draft in self._rows if draft.text.strip()]

    def add_motion(self) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(MotionDraft())
        self.endInsertRows()
        return row

    def remove_motion(self, row: int) -> None:
        if not 0 <= row < len(self._rows):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    # ------------------------------------------------------------ Qt overrides

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADINGS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADINGS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADINGS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in NUMERIC:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid():
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        draft = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == MotionColumn.TEXT:
                return draft.text
            if column == MotionColumn.MOVED_BY:
                return draft.moved_by
            if column == MotionColumn.OUTCOME:
                return draft.outcome.label
            value = draft.votes_for if column == MotionColumn.FOR else draft.votes_against
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.EditRole:
            if column == MotionColumn.TEXT:
                return draft.text
            if column == MotionColumn.MOVED_BY:
                return draft.moved_by
            if column == MotionColumn.OUTCOME:
                return draft.outcome.value
            value = draft.votes_for if column == MotionColumn.FOR else draft.votes_against
            return value or 0
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (Qt.AlignmentFlag.AlignRight if column in NUMERIC
                          else Qt.AlignmentFlag.AlignLeft)
            return horizontal | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole and column == MotionColumn.TEXT and draft.text:
            return draft.text
        return None

    def setData(self, index: AnyIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row = index.row()
        if not 0 <= row < len(self._rows):
            return False
        draft = self._rows[row]
        column = index.column()
        if column == MotionColumn.TEXT:
            draft = replace(draft, text=str(value or ""))
        elif column == MotionColumn.MOVED_BY:
            draft = replace(draft, moved_by=str(value or ""))
        elif column == MotionColumn.OUTCOME:
            try:
                draft = replace(draft, outcome=MotionOutcome(str(value)))
            except ValueError:
                return False
        else:
            try:
                votes = int(value) if value not in (None, "") else None
            except (TypeError, ValueError):
                return False
            draft = (replace(draft, votes_for=votes) if column == MotionColumn.FOR
                     else replace(draft, votes_against=votes))
        self._rows[row] = draft
        self.dataChanged.emit(index, index)
        return True


